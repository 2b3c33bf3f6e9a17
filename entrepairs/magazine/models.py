"""The magazine of a network: articles written by its editors (and "questions du jour" in
professional networks), their images, and each network's editorial settings.

An article is a draft until an editor publishes it; published, it appears from `publish_at` on (a
date in the future schedules it). `visibility` says who reads it: the network's members, or anyone
(public articles are the only public health content of the platform: clean URL, feed, sitemap)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepairs.public_ids import PublicIdField


class Article(models.Model):
    id = PublicIdField()

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        QUESTION = "question", _("Question of the day")

    class Visibility(models.TextChoices):
        NETWORK = "network", _("Members of the network only")
        PUBLIC = "public", _("Everyone (public page)")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    # The editor who wrote it; kept when they leave (an article belongs to the network's magazine),
    # emptied when their persona is erased.
    author = models.ForeignKey(
        "networks.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("format"), max_length=16, choices=Kind.choices, default=Kind.ARTICLE)
    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(max_length=80)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(editable=False, blank=True)
    # A question of the day: the recommended answer, shown under the question.
    answer = models.TextField(_("recommended answer (Markdown)"), blank=True)
    answer_html = models.TextField(editable=False, blank=True)
    cover = models.ImageField(_("cover picture"), upload_to="magazine-covers/", blank=True)
    tags = models.JSONField(default=list, blank=True)
    sources = models.TextField(_("sources and references"), blank=True)
    reviewer = models.ForeignKey(
        "networks.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    sponsored = models.BooleanField(_("sponsored content"), default=False)
    visibility = models.CharField(
        _("readers"), max_length=16, choices=Visibility.choices, default=Visibility.NETWORK
    )
    published = models.BooleanField(default=False)  # False: a draft
    publish_at = models.DateTimeField(null=True, blank=True)
    # The discussion thread where members discuss a question of the day (discussions' id: the
    # features do not import each other, the link goes through networks.bridges).
    thread_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-publish_at", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["network", "slug"], name="magazine_slug_per_network")]
        indexes = [
            models.Index(fields=["network", "published", "publish_at"], name="magazine_published"),
            models.Index(fields=["visibility", "published", "publish_at"], name="magazine_public"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_live(self, now=None) -> bool:
        return self.published and self.publish_at is not None and self.publish_at <= (now or timezone.now())

    @property
    def source_lines(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]


class ArticleImage(models.Model):
    """A picture placed in an article's text (re-encoded: no metadata survives)."""

    id = PublicIdField()
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to="magazine-images/")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.article_id}/{self.pk}"


class MagazineSettings(models.Model):
    """A network's editorial and digest choices, set by its administrators."""

    network = models.OneToOneField("networks.Network", on_delete=models.CASCADE, related_name="+")
    requires_reviewer = models.BooleanField(
        _("articles need a reviewer (verified professional) before publication"), default=True
    )
    digest_titles_hidden = models.BooleanField(
        _("digests show no thread titles (counts only)"),
        default=False,
        help_text=_("For patient networks whose members read their email on shared devices."),
    )
    track_digest_opens = models.BooleanField(
        _("count digest opens and clicks (first-party, no third party)"), default=True
    )
    sponsor_sees_analytics = models.BooleanField(
        _("the sponsor's account sees the network's anonymous statistics"), default=False
    )

    def __str__(self) -> str:
        return f"magazine settings of {self.network_id}"


class DigestSend(models.Model):
    """One digest decided for one persona and one period ("2026-12-06" daily, "2026-W49" weekly):
    the unique pair is what makes a digest run idempotent (a second run, or a run resumed after a
    crash, finds the row and sends nothing). `opened_at`/`clicked_at`: the first open and click,
    counted by the first-party pixel and redirect when the network keeps them on (only aggregates
    are ever shown)."""

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("networks.Membership", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    clicked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "period"], name="one_digest_per_period")]
        indexes = [
            models.Index(fields=["network", "created_at"], name="magazine_digest_by_day"),
            # The roll-up counts opens and clicks on the day they happen.
            models.Index(fields=["network", "opened_at"], name="magazine_digest_opened"),
            models.Index(fields=["network", "clicked_at"], name="magazine_digest_clicked"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.period}"


class SponsorAccess(models.Model):
    """An account of the network's declared sponsor (a laboratory, a publisher) that may read the
    network's k-anonymous analytics, when the administrators allow it (MagazineSettings). It is not
    a membership: it sees no member, no message, no post, no health field."""

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["network", "user"], name="one_sponsor_access")]

    def __str__(self) -> str:
        return f"sponsor access {self.user_id} @ {self.network_id}"


class NetworkDay(models.Model):
    """A network's figures of one past day, rolled up the night after (actions/rollup.py) so that the
    analytics read a few hundred small rows instead of a year of posts. Aggregates only: counts,
    the delays to a question's first answer (no id), posts per space (a name and a count).

    Posts and messages are counted on the day they were written, a question's first answer on the
    day it came (with its delay), digest opens and clicks on the day they happened. A day is rolled
    up once: a post deleted afterwards stays counted (the figure of that day as it was)."""

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    new_members = models.PositiveIntegerField(default=0)
    active_members = models.PositiveIntegerField(default=0)  # distinct: wrote a post or a message
    threads = models.PositiveIntegerField(default=0)
    replies = models.PositiveIntegerField(default=0)
    questions_asked = models.PositiveIntegerField(default=0)
    questions_answered = models.PositiveIntegerField(default=0)  # first answers given that day
    answer_hours = models.JSONField(default=list, blank=True)  # their delays, for the median
    messages = models.PositiveIntegerField(default=0)
    digests_sent = models.PositiveIntegerField(default=0)
    digests_opened = models.PositiveIntegerField(default=0)
    digests_clicked = models.PositiveIntegerField(default=0)
    spaces = models.JSONField(default=dict, blank=True)  # {space name: posts}
    rolled_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["network", "day"], name="one_rollup_per_network_day")]

    def __str__(self) -> str:
        return f"{self.network_id} {self.day}"


class ActiveMember(models.Model):
    """The last day (rolled up) a persona wrote something: the only per-member row of the analytics,
    enough to count exactly the distinct members active over any window ending today (active over 7
    days: last day within them, or a contribution today) and the cohorts' "active" column. Never
    shown, dropped after 35 days without activity (actions/rollup.py), gone with the persona."""

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    member = models.OneToOneField("networks.Membership", on_delete=models.CASCADE, related_name="+")
    last_day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["network", "last_day"], name="magazine_active_by_day")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.last_day}"
