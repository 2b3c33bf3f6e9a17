"""Networks, the per-network persona (Membership) and invitations.

Every table owned by a network carries `network_id` (the future distribution column)."""

import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepairs.accounts.models import hash_token
from entrepairs.instances import QuickFromDb
from entrepairs.networks import departments
from entrepairs.networks.trust import validate_trust_limits
from entrepairs.privacy.policy import validate_overrides
from entrepairs.public_ids import PublicIdField


class Network(QuickFromDb, models.Model):
    class Kind(models.TextChoices):
        PATIENTS = "patients", _("Patient community")
        PROFESSIONALS = "professionals", _("Professional network")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: anyone eligible joins at once")
        APPROVAL = "approval", _("Approval: moderators accept each request")
        INVITE = "invite", _("Invitation only")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="fr")
    theme_color = models.CharField(
        _("theme colour"),
        max_length=7,
        default="#2f6f73",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #2f6f73."))],
    )
    logo = models.ImageField(_("logo"), upload_to="network-logos/", blank=True)
    join_policy = models.CharField(
        _("join policy"), max_length=16, choices=JoinPolicy.choices, default="open"
    )
    allow_relatives = models.BooleanField(
        _("relatives and caregivers may join"), default=False, help_text=_("Patient networks only.")
    )
    professions = models.ManyToManyField(
        "professionals.Profession",
        blank=True,
        related_name="networks",
        verbose_name=_("admitted professions"),
    )
    specialties = models.ManyToManyField(
        "professionals.Specialty",
        blank=True,
        related_name="networks",
        verbose_name=_("admitted specialties"),
        help_text=_("When set, a profession that has specialties is admitted only with one of these."),
    )
    allow_private_messages = models.BooleanField(
        _("members may write private messages"),
        default=False,
        help_text=_("Patient networks only: professional networks always allow them."),
    )
    # Read through entrepairs.privacy.policy.policy_for only: the defaults of the network's kind plus
    # these choices of its admins. Holds only what differs from the defaults.
    privacy_overrides = models.JSONField(
        _("privacy policy (changes from the defaults)"),
        default=dict,
        blank=True,
        validators=[validate_overrides],
        help_text=_(
            "What this network does with personal data in what members publish, where it differs from "
            'the defaults: {"text": {"PHONE": "allow"}, "case": {"PERSON": "block"}}. Actions: block, '
            "confirm, allow. Network admins change it on their moderation pages."
        ),
    )
    # Details that identify together (privacy/quasi.py): the composer warns when the details of a post
    # (an exact age, a small town, a rare condition...) could describe fewer people than this. Never
    # blocks. 0: no warning.
    combination_threshold = models.PositiveIntegerField(
        _("warn when a post's details could describe fewer people than"),
        default=50,
        help_text=_("0 turns the warning off. The composer only advises: nothing is blocked."),
    )
    # Read through entrepairs.networks.trust.limits_for only: lower limits than the site's for a
    # level, e.g. {"new": {"posts_per_hour": 3}}. A higher number than the site's has no effect.
    trust_limits = models.JSONField(
        _("tighter limits for members (changes from the site's limits)"),
        default=dict,
        blank=True,
        validators=[validate_trust_limits],
        help_text=_(
            'Lower limits for a trust level, e.g. {"new": {"posts_per_hour": 3, "links_per_post": 0}}. '
            "Levels: new, member, trusted. Limits: posts_per_hour, links_per_post, images_per_day, "
            "conversations_per_day. Only lower numbers than the site's take effect."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Sponsors in the open: a laboratory or a publisher that launched or funds the network is named
    # on its about page and its join form; sponsored articles carry a label.
    sponsor_name = models.CharField(_("sponsor"), max_length=120, blank=True)
    sponsor_url = models.URLField(_("sponsor's website"), blank=True)
    sponsor_statement = models.CharField(
        _("what the sponsor does and does not do"),
        max_length=500,
        blank=True,
        help_text=_('E.g. "Funds the hosting; reads no member\'s data and chooses no content."'),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_patient_network(self) -> bool:
        return self.kind == self.Kind.PATIENTS

    @property
    def private_messages_enabled(self) -> bool:
        """Colleagues always write to each other; patients only where the network allows it."""
        return self.kind == self.Kind.PROFESSIONALS or self.allow_private_messages

    @property
    def is_listed(self) -> bool:
        """Listed networks show their 'about' page to visitors; invitation-only ones stay hidden."""
        return self.is_active and self.join_policy != self.JoinPolicy.INVITE


def new_avatar_seed() -> str:
    """A persona's avatar comes from this random seed, drawn when the persona is made: never from the
    account, its email or its id, so that two personas of one person do not look alike
    (networks/avatars.py)."""
    return secrets.token_hex(8)


def _avatar_path(instance, filename):
    # Random names: a picture's path says nothing about its persona or its network.
    return f"avatars/{secrets.token_urlsafe(24)}.png"


class Membership(QuickFromDb, models.Model):
    """A person inside one network: their persona. Nothing links two memberships of one account for
    anyone but the account itself and operators."""

    id = PublicIdField()

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        MODERATOR = "moderator", _("Moderator")
        EDITOR = "editor", _("Editor")
        ADMIN = "admin", _("Administrator")

    class Status(models.TextChoices):
        PENDING = "pending", _("Request pending")
        ACTIVE = "active", _("Active")
        REFUSED = "refused", _("Request refused")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed by a moderator")
        BANNED = "banned", _("Banned")

    class MemberType(models.TextChoices):
        PATIENT = "patient", _("Patient")
        RELATIVE = "relative", _("Relative or caregiver")
        PROFESSIONAL = "professional", _("Professional")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    display_name = models.CharField(_("display name"), max_length=40)
    bio = models.TextField(_("about me"), max_length=1000, blank=True)
    # Patients and relatives choose to show their bio; it stays hidden until they do. A professional's
    # bio is part of their professional profile and always shown.
    show_bio = models.BooleanField(_("show my bio to the other members"), default=False)
    avatar_seed = models.CharField(max_length=16, default=new_avatar_seed, editable=False)
    # An optional picture uploaded by the persona, re-encoded without metadata (networks/avatars.py),
    # deleted with the persona.
    avatar = models.ImageField(_("picture"), upload_to=_avatar_path, blank=True)
    # What the privacy guard found on that picture and its owner has not reviewed yet (networks/avatars.py:
    # faces, written personal data, as boxes in its pixels; never the text read). While it is not
    # empty, the picture is shown to its owner only; everyone else sees the generated one.
    avatar_review = models.JSONField(default=dict, blank=True, editable=False)
    # Professionals only, at the level of a department at most (networks/departments.py).
    practice_area = models.CharField(
        _("practice area"), max_length=3, blank=True, choices=departments.CHOICES
    )
    # When the persona first opened the network's code of conduct (a step of the first-steps list).
    conduct_read_at = models.DateTimeField(null=True, blank=True, editable=False)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    member_type = models.CharField(_("member type"), max_length=16, choices=MemberType.choices)
    qualification = models.ForeignKey(
        "professionals.Qualification",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The verified qualification that opened a professional network; shown as the badge.",
    )
    consent = models.ForeignKey(
        "accounts.ConsentRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    request_message = models.TextField(blank=True, max_length=1000)
    requested_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    # How the membership ended when a moderator (or an operator) ended it: shown to the moderators
    # and told to the member. A ban with no end date is for good.
    ended_reason = models.CharField(_("reason"), max_length=500, blank=True)
    ended_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    banned_until = models.DateTimeField(_("banned until"), null=True, blank=True)
    # The name a returning persona asked for when an active member had taken it meanwhile: they got a
    # free variant instead and are told once, on their next visit to the network (then cleared).
    name_taken_on_return = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="one_membership_per_network"),
            # A pseudonym is unique among the network's active personas whatever its case ("Rose" and
            # "rose" are one name). Only active ones: a name held by a pending, refused, departed,
            # removed or banned persona must read as free, or renaming would reveal that hidden
            # persona (docs/decisions/0006-display-names-without-an-oracle.md).
            models.UniqueConstraint(
                "network",
                Lower("display_name"),
                condition=models.Q(status="active"),
                name="unique_active_display_name_in_network",
            ),
        ]
        indexes = [
            models.Index(fields=["network", "status", "display_name"]),
            models.Index(fields=["network", "joined_at"], name="membership_joined"),  # analytics
        ]

    def __str__(self) -> str:
        return f"{self.display_name} @ {self.network_id}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_moderator(self) -> bool:
        return self.is_active and self.role in {self.Role.MODERATOR, self.Role.ADMIN}

    @property
    def is_admin(self) -> bool:
        return self.is_active and self.role == self.Role.ADMIN


class Invitation(models.Model):
    """An invitation link: random token stored hashed, expiring, with a use limit, revocable."""

    id = PublicIdField()
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="invitations")
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    note = models.CharField(_("note"), max_length=120, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    max_uses = models.PositiveIntegerField(_("maximum uses"), default=1)
    use_count = models.PositiveIntegerField(default=0)
    # The role the invitee gets on joining: "admin" for a new network's first administrator, invited
    # by email from the operator page (services.invite_first_admin); members otherwise.
    role = models.CharField(max_length=16, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation to {self.network_id} ({self.use_count}/{self.max_uses})"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(24)

    @staticmethod
    def hash(token: str) -> str:
        return hash_token(token)

    def is_usable(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.revoked_at is None and self.expires_at > moment and self.use_count < self.max_uses


class EmailPreference(models.Model):
    """How a persona hears by email about what is new for it (the discussions' notifications, the
    unread private messages). Emails never contain message text or health details: only that there is
    something new, and a link. Per persona, so it lives here where both features reach it."""

    id = PublicIdField()

    class Frequency(models.TextChoices):
        IMMEDIATELY = "immediately", _("At once")
        DAILY = "daily", _("In a daily digest")
        NEVER = "never", _("Never")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    member = models.OneToOneField(
        "networks.Membership", on_delete=models.CASCADE, related_name="email_preference"
    )
    frequency = models.CharField(
        _("email notifications"), max_length=16, choices=Frequency.choices, default=Frequency.DAILY
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Digest(models.TextChoices):
        DAILY = "daily", _("Every day")
        WEEKLY = "weekly", _("Every week")
        NEVER = "never", _("Never")

    # The network's digest (new articles, useful threads, unanswered questions, unread messages),
    # built by the magazine; separate from the notifications above.
    digest = models.CharField(_("digest"), max_length=16, choices=Digest.choices, default=Digest.WEEKLY)

    class Meta:
        # Kept from when discussions alone sent emails: moved without copying a row (networks 0007).
        db_table = "discussions_emailpreference"

    def __str__(self) -> str:
        return f"{self.member_id}: {self.frequency}"
