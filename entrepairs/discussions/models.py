"""Spaces, threads and posts of one network. Every table carries network_id."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Space(models.Model):
    """A topic of a network ("Traitements", "Cas cliniques"), managed by its admins."""

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


class Thread(models.Model):
    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("Discussion")
        QUESTION = "question", _("Question")

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

    class Meta:
        ordering = ["-last_activity_at", "-id"]
        indexes = [models.Index(fields=["network", "deleted_at", "-last_activity_at", "-id"])]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="posts")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey("networks.Membership", on_delete=models.PROTECT, related_name="posts")
    body = models.TextField(_("message"))
    body_html = models.TextField(editable=False)
    is_first = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["thread", "created_at", "id"])]

    def __str__(self) -> str:
        return f"Post {self.pk} in thread {self.thread_id}"


class PostRevision(models.Model):
    """The text a post had before an edit; visible to moderators."""

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-id"]

    def __str__(self) -> str:
        return f"Revision of post {self.post_id} ({self.replaced_at:%Y-%m-%d %H:%M})"


class Reaction(models.Model):
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


class ThreadFollow(models.Model):
    """A member follows a thread (automatically when they post) or mutes it."""

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


class Notification(models.Model):
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

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"
