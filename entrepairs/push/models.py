"""Push notifications: the devices an account registered, what each persona wants to hear about,
what a network allows a notification to say, and what was already pushed (collapse).

Nothing here holds a member's words: a subscription is a push service's address and the browser's
public keys; preferences are switches and hours. A subscription belongs to the account (a device
serves every persona of the account); preferences belong to one persona (one network)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepairs.networks.models import Membership, Network
from entrepairs.public_ids import PublicIdField


class Subscription(models.Model):
    """One browser on one device (PushSubscription in the browser): where the push service takes
    the account's notifications. Removed by the account, or when the push service answers 404/410."""

    id = PublicIdField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    endpoint = models.URLField(max_length=1024, unique=True)
    p256dh = models.CharField(max_length=128)  # the browser's public key (base64url, P-256)
    auth = models.CharField(max_length=48)  # the browser's authentication secret (base64url)
    label = models.CharField(_("device"), max_length=80, blank=True)  # "Firefox, Android"
    created_at = models.DateTimeField(default=timezone.now)
    last_pushed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"push subscription {self.pk} of {self.user_id}"


class Preference(models.Model):
    """What one persona hears about on its devices. No row: the defaults (every kind, no sender
    shown, no quiet hours)."""

    id = PublicIdField()
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    member = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="+")
    # Kinds of activity (entrepairs.activity.KINDS) the persona turned off.
    muted_kinds = models.JSONField(default=list, blank=True)
    show_sender = models.BooleanField(
        _("show the sender's pseudonym"),
        default=False,
        help_text=_("Anyone who sees your lock screen will see it."),
    )
    quiet_from = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_until = models.TimeField(_("quiet hours until"), null=True, blank=True)

    def __str__(self) -> str:
        return f"push preference of {self.member_id}"

    def wants(self, kind: str) -> bool:
        return kind not in (self.muted_kinds or [])

    def is_quiet(self, local_time) -> bool:
        """Within quiet hours (which may span midnight: 22:00 to 07:00)."""
        if self.quiet_from is None or self.quiet_until is None or self.quiet_from == self.quiet_until:
            return False
        if self.quiet_from < self.quiet_until:
            return self.quiet_from <= local_time < self.quiet_until
        return local_time >= self.quiet_from or local_time < self.quiet_until


class NetworkPolicy(models.Model):
    """What a network allows notifications to say. A patient community can forbid anything beyond
    "Entrepairs — nouvelle activité": not even its name or the kind of activity."""

    id = PublicIdField()
    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="+")
    minimal_only = models.BooleanField(
        _("notifications say only “new activity”"),
        default=False,
        help_text=_("Neither the network's name nor the kind of activity nor any pseudonym shows."),
    )

    def __str__(self) -> str:
        return f"push policy of {self.network_id}"


class Pushed(models.Model):
    """The last notification pushed to a persona for one collapse key (a conversation, a thread):
    while the persona has not read past `position`, later activity with that key pushes nothing (one
    burst of messages, one notification). Without positions, nothing more for COLLAPSE_WINDOW."""

    id = PublicIdField()
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    collapse_key = models.CharField(max_length=80)
    position = models.BigIntegerField(null=True, blank=True)
    pushed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "collapse_key"], name="one_pushed_row_per_key")
        ]

    def __str__(self) -> str:
        return f"pushed {self.collapse_key} to {self.member_id}"
