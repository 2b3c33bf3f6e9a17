"""Reports, the moderators' decisions, what members are told, suspensions and each network's
moderation settings (code of conduct, crisis resources, watched words, approval of first posts).
Every table carries network_id."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepairs.public_ids import PublicIdField


class Report(models.Model):
    """One member's report of one item, or an automatic flag (crisis, watched word: no reporter).

    `snapshot` is the item's text when reported: the moderators judge what was reported even if the
    author edits it afterwards. It is shown to the network's moderators only, each read audited."""

    id = PublicIdField()

    class Reason(models.TextChoices):
        MISINFORMATION = "misinformation", _("Medical misinformation")
        PERSONAL_DATA = "personal_data", _("Personal data (someone's identity or health record)")
        HARASSMENT = "harassment", _("Harassment or insults")
        SPAM = "spam", _("Spam or advertising")
        DISTRESS = "distress", _("Someone in distress")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DISMISSED = "dismissed", _("Dismissed")
        ACTIONED = "actioned", _("Acted upon")

    class Source(models.TextChoices):
        MEMBER = "member", _("A member")
        CRISIS = "crisis", _("Crisis detection")
        WATCHED_WORD = "watched_word", _("Watched word")
        APPROVAL = "approval", _("First posts awaiting approval")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    reporter = models.ForeignKey(
        "networks.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.MEMBER)
    kind = models.CharField(max_length=16)  # a registry name: post, thread, message, member
    object_id = models.BigIntegerField()
    author = models.ForeignKey("networks.Membership", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    snapshot = models.TextField(blank=True)
    priority = models.BooleanField(default=False)  # crisis: first in the queue
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "networks.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=16, blank=True)  # Decision.Action of the decision

    class Meta:
        ordering = ["-priority", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "kind", "object_id"],
                condition=Q(status="open", reporter__isnull=False),
                name="one_open_report_per_reporter_and_item",
            )
        ]
        indexes = [models.Index(fields=["network", "status", "-priority", "created_at"])]

    def __str__(self) -> str:
        return f"report {self.pk} of {self.kind} {self.object_id} ({self.status})"


class Decision(models.Model):
    """What a moderator did about an item (all its open reports at once), and why."""

    id = PublicIdField()

    class Action(models.TextChoices):
        DISMISS = "dismiss", _("Dismiss the reports")
        APPROVE = "approve", _("Approve (publish)")
        HIDE = "hide", _("Hide the content")
        UNHIDE = "unhide", _("Show the content again")
        REDACT = "redact", _("Edit out personal data")
        WARN = "warn", _("Warn the author")
        SUSPEND = "suspend", _("Suspend the author")
        REMOVE = "remove", _("Remove the author from the network")
        BAN = "ban", _("Ban the author")
        # From the thread page, outside the queue (discussions.services):
        DELETE_POST = "delete_post", _("Delete the post")
        DELETE_THREAD = "delete_thread", _("Delete the thread")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    moderator = models.ForeignKey("networks.Membership", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey("networks.Membership", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=16, choices=Action.choices)
    reason = models.CharField(_("reason"), max_length=500)  # told to the author (never the reporter)
    # An edit that took personal data out: the original, for the audit only (never shown on a page).
    original_text = models.TextField(blank=True)
    suspended_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["network", "author", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.action} on {self.kind} {self.object_id}"


class Notice(models.Model):
    """What a member is told by the moderators: the outcome of their report (never who reported), or
    what was done about their own content. Shown on their notices page, counted in the header."""

    id = PublicIdField()

    class Kind(models.TextChoices):
        REPORT_OUTCOME = "report_outcome", _("Outcome of your report")
        ABOUT_YOUR_CONTENT = "your_content", _("About your content")
        PENDING = "pending", _("Awaiting approval")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey("networks.Membership", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    action = models.CharField(max_length=16, choices=Decision.Action.choices, blank=True)
    item_kind = models.CharField(max_length=16)
    # The moderator's reason, for the author only; empty on a reporter's notice.
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # When an email told the recipient of it (moderation/actions/notice_emails.py): never twice.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class Suspension(models.Model):
    """A member may read but not publish (posts, replies, messages) until `until`."""

    id = PublicIdField()
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("networks.Membership", on_delete=models.CASCADE, related_name="+")
    until = models.DateTimeField()
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["member", "until"])]

    def __str__(self) -> str:
        return f"{self.member_id} suspended until {self.until:%Y-%m-%d}"


class ModerationSettings(models.Model):
    """A network's moderation choices, edited by its administrators. A network without a row has the
    defaults (`settings_for`)."""

    id = PublicIdField()

    class Country(models.TextChoices):
        FRANCE = "FR", _("France")
        UNITED_STATES = "US", _("United States")
        BELGIUM = "BE", _("Belgium")
        SWITZERLAND = "CH", _("Switzerland")
        CANADA = "CA", _("Canada")

    network = models.OneToOneField("networks.Network", on_delete=models.CASCADE, related_name="+")
    code_of_conduct = models.TextField(
        _("code of conduct"), max_length=10_000, blank=True, help_text=_("Empty: the default text.")
    )
    country = models.CharField(
        _("country of the support resources"), max_length=2, choices=Country.choices, default="FR"
    )
    crisis_resources = models.TextField(
        _("support resources"),
        max_length=2000,
        blank=True,
        help_text=_("Shown to a member whose message suggests distress. Empty: the country's lines."),
    )
    admit_experts = models.BooleanField(
        _("verified professionals may add expert notes"),
        default=False,
        help_text=_(
            "Patient networks: members whose profession is verified may attach a sourced note to a post."
        ),
    )
    first_posts_needing_approval = models.PositiveSmallIntegerField(
        _("first posts needing approval"),
        default=0,
        help_text=_("A new member's first posts wait for a moderator's approval (0: none)."),
    )

    def __str__(self) -> str:
        return f"moderation settings of {self.network_id}"


class WatchedWord(models.Model):
    id = PublicIdField()

    class Action(models.TextChoices):
        BLOCK = "block", _("Block (refuse the text)")
        APPROVE = "approve", _("Require approval")
        FLAG = "flag", _("Flag to the moderators")
        REPLACE = "replace", _("Replace")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    word = models.CharField(_("word or phrase"), max_length=80)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    replacement = models.CharField(_("replacement"), max_length=80, blank=True)

    class Meta:
        ordering = ["word"]
        constraints = [
            models.UniqueConstraint(fields=["network", "word"], name="one_watched_word_per_network")
        ]

    def __str__(self) -> str:
        return self.word
