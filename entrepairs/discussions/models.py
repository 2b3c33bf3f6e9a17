"""Spaces, threads and posts of one network. Every table carries network_id."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepairs.instances import QuickFromDb
from entrepairs.networks.models import Network
from entrepairs.public_ids import PublicIdField

# The spaces every network starts with, by kind (created at the first write that needs a space:
# services.get_space_for_writing).
DEFAULT_SPACES = {
    Network.Kind.PATIENTS: [
        ("Traitements", "Effets, questions et astuces autour des traitements."),
        ("Vie quotidienne", "Travail, fatigue, alimentation, sport : ce qui aide au jour le jour."),
        ("Proches", "Pour les proches et aidants, et pour parler d'eux."),
        ("Questions", "Posez une question à la communauté."),
    ],
    Network.Kind.PROFESSIONALS: [
        ("Cas cliniques", "Cas dé-identifiés soumis aux confrères."),
        ("Questions", "Questions entre confrères."),
        ("Actualités", "Recommandations, publications, veille."),
    ],
}


class Space(QuickFromDb, models.Model):
    """A topic of a network ("Traitements", "Cas cliniques"), managed by its admins."""

    id = PublicIdField()
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="spaces")
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(max_length=80)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "slug"], name="unique_space_slug_in_network")
        ]

    def __str__(self) -> str:
        return self.name


class Thread(QuickFromDb, models.Model):
    id = PublicIdField()

    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("Discussion")
        QUESTION = "question", _("Question")
        CASE = "case", _("Clinical case")
        POLL = "poll", _("Poll")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="threads")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="threads")
    author = models.ForeignKey("networks.Membership", on_delete=models.PROTECT, related_name="threads")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DISCUSSION)
    title = models.CharField(_("title"), max_length=160)
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    reply_count = models.PositiveIntegerField(default=0)
    accepted_answer = models.ForeignKey(
        "discussions.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Hidden by a moderator (entrepairs.moderation): gone for members, kept for moderators.
    hidden_at = models.DateTimeField(null=True, blank=True)
    # A new member's first posts, or a watched word, wait for a moderator (seen by their author only).
    # A nullable date rather than a boolean: SQLite adds it without rebuilding the table (and its
    # search triggers).
    approval_pending_since = models.DateTimeField(null=True, blank=True)
    # The network's welcome thread, where newcomers introduce themselves (one per network).
    # Nullable: SQLite adds it without rebuilding the table (and its search triggers).
    is_welcome = models.BooleanField(null=True, default=None, editable=False)

    class Meta:
        ordering = ["-last_activity_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["network"], condition=models.Q(is_welcome=True), name="one_welcome_thread_per_network"
            )
        ]
        indexes = [
            # The thread lists walk this index in order and stop after a page. With deleted_at as its
            # second column (the index before) PostgreSQL could not use it for the order: `IS NULL`
            # is not an equality for ordering, so each page sorted all the network's threads.
            models.Index(fields=["network", "-last_activity_at", "-id"], name="thread_list"),
            # The index page's "unanswered questions", a handful of rows among thousands.
            models.Index(
                fields=["network", "-last_activity_at", "-id"],
                name="thread_unanswered",
                condition=models.Q(kind="question", reply_count=0, deleted_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Post(QuickFromDb, models.Model):
    id = PublicIdField()
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="posts")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey("networks.Membership", on_delete=models.PROTECT, related_name="posts")
    body = models.TextField(_("message"))
    body_html = models.TextField(editable=False)
    is_first = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)  # by a moderator, as Thread.hidden_at
    approval_pending_since = models.DateTimeField(null=True, blank=True)
    # Hidden by its author (actions/hide_old_posts.py): the post keeps its place in the thread, its
    # text waits in AuthorHiddenText for the author (to restore it) and the moderators.
    author_hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["thread", "created_at", "id"]),
            # Search walks a network's newest posts for a common word (discussions/search.py).
            models.Index(fields=["network", "-created_at"], name="post_recent"),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} in thread {self.thread_id}"


class PostRevision(models.Model):
    """The text a post had before an edit; visible to moderators."""

    id = PublicIdField()
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-id"]

    def __str__(self) -> str:
        return f"Revision of post {self.post_id} ({self.replaced_at:%Y-%m-%d %H:%M})"


class AuthorHiddenText(models.Model):
    """The text of a post its author hid from the other members (actions/hide_old_posts.py), kept
    apart from the post so that no page, list, search index, feed or API answer that reads posts can
    show it: only the author (to restore it) and the moderators (queries.author_hidden_texts) read
    it. With an opening post go the thread's title and, for a clinical case, the case's text."""

    id = PublicIdField()
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="author_hidden_text")
    body = models.TextField()
    body_html = models.TextField()
    thread_title = models.CharField(max_length=160, blank=True)
    case_text = models.JSONField(default=dict, blank=True)
    # Quotes of this post in other posts, replaced by the placeholder: [{"post": id, "block": the
    # quote as it was, "placeholder": what replaced it}]. Only the quote itself, the author's words
    # (never the rest of the other post: its own author may erase it).
    quotes = models.JSONField(default=list, blank=True)
    hidden_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Text of post {self.post_id}, hidden by its author"


class ExpertNote(models.Model):
    """A sourced note attached to a post by a moderator or, in patient networks that admit them, a
    verified professional (moderation.queries.is_expert): context or a correction, never a diagnosis."""

    id = PublicIdField()
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="expert_notes")
    author = models.ForeignKey("networks.Membership", on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("note"), max_length=2000)
    source = models.CharField(_("source"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Expert note on post {self.post_id}"


class Reaction(models.Model):
    id = PublicIdField()

    class Kind(models.TextChoices):
        THANKS = "merci", _("Thank you")
        ME_TOO = "moi_aussi", _("Me too")
        COURAGE = "courage", _("Courage")
        USEFUL = "utile", _("Useful")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey("networks.Membership", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "member", "kind"], name="one_reaction_of_a_kind_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} on post {self.post_id}"

    # The reactions each kind of network offers, in order. Colleagues thank, find a post useful or
    # see the same in their practice; "Courage" is for patients supporting each other.
    PROFESSIONAL_LABELS = {
        Kind.THANKS: _("Thank you"),
        Kind.USEFUL: _("Useful"),
        Kind.ME_TOO: _("Same in my practice"),
    }

    @classmethod
    def kinds_for(cls, network) -> list[tuple[str, str]]:
        """(kind, label) of the reactions offered in `network`."""
        if network.is_patient_network:
            return list(cls.Kind.choices)
        return [(str(kind), label) for kind, label in cls.PROFESSIONAL_LABELS.items()]


class ThreadFollow(QuickFromDb, models.Model):
    """A member follows a thread (automatically when they post) or mutes it."""

    id = PublicIdField()
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    member = models.ForeignKey("networks.Membership", on_delete=models.CASCADE, related_name="follows")
    muted = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "member"], name="one_follow_per_member")]

    def __str__(self) -> str:
        return f"{self.member_id} follows {self.thread_id}"


class SpaceFollow(models.Model):
    """A member follows a space: its new threads show on the network's home."""

    id = PublicIdField()
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="follows")
    member = models.ForeignKey("networks.Membership", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "member"], name="one_space_follow_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} follows space {self.space_id}"


class Bookmark(models.Model):
    """A post a member saved for later ("Saved" page). Private to that member; erased with the persona
    and dropped when their membership ends."""

    id = PublicIdField()
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("networks.Membership", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["post", "member"], name="one_bookmark_per_post")]
        indexes = [models.Index(fields=["member", "-created_at", "-id"])]

    def __str__(self) -> str:
        return f"{self.member_id} saved post {self.post_id}"


class Notification(QuickFromDb, models.Model):
    id = PublicIdField()

    class Kind(models.TextChoices):
        REPLY = "reply", _("New reply")
        MENTION = "mention", _("Mention")
        ACCEPTED = "accepted", _("Accepted answer")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        "networks.Membership", on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey("networks.Membership", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+", null=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class ClinicalCase(models.Model):
    """The structured part of a clinical case thread. Authors must de-identify it (reminded on the form)."""

    id = PublicIdField()

    class AgeBand(models.TextChoices):
        INFANT = "0-1", _("0–1 year")
        CHILD = "2-11", _("2–11 years")
        TEEN = "12-17", _("12–17 years")
        YOUNG = "18-29", _("18–29 years")
        THIRTIES = "30-39", _("30–39 years")
        FORTIES = "40-49", _("40–49 years")
        FIFTIES = "50-59", _("50–59 years")
        SIXTIES = "60-69", _("60–69 years")
        SEVENTIES = "70-79", _("70–79 years")
        ELDER = "80+", _("80 years and over")

    class Sex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")
        UNSPECIFIED = "U", _("Not specified")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SOLVED = "solved", _("Solved")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    thread = models.OneToOneField(Thread, on_delete=models.CASCADE, related_name="case")
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNSPECIFIED)
    context = models.TextField(_("context"), max_length=4000)
    history = models.TextField(_("history"), max_length=4000, blank=True)
    examinations = models.TextField(_("examinations"), max_length=4000, blank=True)
    question = models.TextField(_("question asked"), max_length=2000)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    conclusion = models.TextField(_("conclusion"), max_length=4000, blank=True)

    def __str__(self) -> str:
        return f"Case of thread {self.thread_id}"


class Poll(models.Model):
    id = PublicIdField()

    class Results(models.TextChoices):
        VOTERS = "voters", _("Shown to members who voted")
        CLOSED = "closed", _("Shown after the poll closes")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    thread = models.OneToOneField(Thread, on_delete=models.CASCADE, related_name="poll")
    multiple = models.BooleanField(_("several answers allowed"), default=False)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    results = models.CharField(_("results"), max_length=8, choices=Results.choices, default=Results.VOTERS)

    def __str__(self) -> str:
        return f"Poll of thread {self.thread_id}"

    def is_closed(self, moment=None) -> bool:
        return self.closes_at is not None and self.closes_at <= (moment or timezone.now())


class PollOption(models.Model):
    id = PublicIdField()
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class PollVote(models.Model):
    id = PublicIdField()
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey("networks.Membership", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "member"], name="one_vote_per_option_per_member")
        ]

    def __str__(self) -> str:
        return f"Vote of {self.member_id} in poll {self.poll_id}"


def _case_photo_path(instance, filename):
    # Random names: a photo's path cannot be guessed and says nothing about its case or author.
    return f"case-photos/{secrets.token_urlsafe(24)}.jpg"


class CasePhoto(models.Model):
    """A photo of a clinical case, stored privately (served only by discussions/case_photos/views.py).

    On upload it loses its metadata and a copy with the faces found blurred is made. Until the author
    reviews it (`status` pending) only the author sees it; the author then publishes the blurred copy
    (the original is deleted) or the original (the blurred copy is deleted), or removes it."""

    id = PublicIdField()

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the author's review")
        PUBLISHED = "published", _("Published")

    class Version(models.TextChoices):
        BLURRED = "blurred", _("Faces blurred")
        ORIGINAL = "original", _("As taken")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(ClinicalCase, on_delete=models.CASCADE, related_name="photos")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    published_version = models.CharField(max_length=16, choices=Version.choices, blank=True)
    # Both without metadata; one of them is deleted when the author chooses.
    original = models.FileField(upload_to=_case_photo_path, blank=True)
    blurred = models.FileField(upload_to=_case_photo_path, blank=True)
    faces = models.PositiveSmallIntegerField(default=0)
    # Personal data read on the photo (privacy/ocr.py): [{"kind", "left", "top", "width", "height"}]
    # in the stored image's pixels; kinds and places only, never the text read.
    text_regions = models.JSONField(default=list, blank=True)
    # The author masked them (the rectangles filled in both versions); until then publishing asks.
    text_masked = models.BooleanField(default=False)
    # False when the text could not be read (Tesseract missing or too slow): the review says so.
    text_read = models.BooleanField(default=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    # What the photo shows, written by the author: shown under it and read as its alternative text.
    # Scanned like the case's text (case_photos/services.set_caption).
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "status"])]

    def __str__(self) -> str:
        return f"Photo {self.pk} of case {self.case_id} ({self.status})"

    def file_of(self, version: str):
        """The stored file of a version ("original" or "blurred"), or None if there is none."""
        stored = self.blurred if version == self.Version.BLURRED else self.original
        return stored if stored else None

    @property
    def published_file(self):
        return self.file_of(self.published_version) if self.status == self.Status.PUBLISHED else None
