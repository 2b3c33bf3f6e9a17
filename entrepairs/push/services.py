"""Writes: an account registers or removes a device; a persona sets what it hears about."""

import ipaddress
from urllib.parse import urlsplit

from django.db import transaction
from django.utils.translation import gettext as _

from entrepairs import activity
from entrepairs.accounts.mfa import require_mfa_for_role
from entrepairs.errors import ActionRefused
from entrepairs.networks.models import Membership
from entrepairs.push import sender
from entrepairs.push.models import NetworkPolicy, Preference, Subscription

MAX_DEVICES = 20
KEY_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")


def _valid_endpoint(endpoint: str) -> bool:
    """A push service's https address. Never an IP address or a local name: the server posts to it,
    and must not be made to post into its own network."""
    parts = urlsplit(endpoint or "")
    host = (parts.hostname or "").lower()
    if (
        parts.scheme != "https"
        or not host
        or "." not in host
        or host.endswith((".local", ".localhost", ".internal"))
    ):
        return False
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return len(endpoint) <= 1024
    return False


def _valid_key(value: str, size: tuple[int, int]) -> bool:
    return isinstance(value, str) and size[0] <= len(value) <= size[1] and set(value) <= KEY_CHARS


def subscribe(user, *, endpoint: str, p256dh: str, auth: str, label: str = "") -> Subscription:
    """Register (or renew) this browser for the account. The endpoint is the push service's; the
    keys are the browser's (its P-256 public key, 65 bytes, and its 16-byte secret, base64url)."""
    if not sender.configured():
        raise ActionRefused(
            "push_unavailable", _("Notifications are not available on this site."), status=409
        )
    if not _valid_endpoint(endpoint):
        raise ActionRefused(
            "invalid_endpoint", _("This browser's push service is not accepted."), field="endpoint"
        )
    if not _valid_key(p256dh, (86, 88)) or not _valid_key(auth, (22, 24)):
        raise ActionRefused("invalid_keys", _("This browser's keys are not valid."), field="keys")
    with transaction.atomic():
        existing = Subscription.objects.select_for_update().filter(endpoint=endpoint).first()
        if existing is not None:
            # The same browser again (or given to another account on a shared device: it now
            # notifies the account signed in, never both).
            existing.user, existing.p256dh, existing.auth = user, p256dh, auth
            existing.label = label[:80] or existing.label
            existing.save(update_fields=["user", "p256dh", "auth", "label"])
            return existing
        if Subscription.objects.filter(user=user).count() >= MAX_DEVICES:
            raise ActionRefused("too_many_devices", _("Remove a device first (20 at most)."), status=409)
        return Subscription.objects.create(
            user=user, endpoint=endpoint, p256dh=p256dh, auth=auth, label=label[:80]
        )


def remove_device(user, subscription_id: int) -> None:
    """The account's own device only: anything else is not found."""
    deleted, _rows = Subscription.objects.filter(user=user, pk=subscription_id).delete()
    if not deleted:
        raise ActionRefused("not_found", _("Not found."), status=404)


def remove_endpoint(user, endpoint: str) -> None:
    """The browser turned notifications off: forget its subscription (nothing if unknown)."""
    Subscription.objects.filter(user=user, endpoint=endpoint).delete()


def save_preferences(member: Membership, *, kinds, show_sender: bool, quiet_from, quiet_until) -> Preference:
    """`kinds`: the kinds the persona wants; the others are muted. Quiet hours need both ends."""
    if (quiet_from is None) != (quiet_until is None):
        raise ActionRefused(
            "quiet_hours_incomplete", _("Give both ends of the quiet hours."), field="quiet_until"
        )
    wanted = set(kinds)
    if not member.is_moderator:
        wanted.add(activity.REPORT)  # not offered to members (they get no reports): left as it was
    muted = [kind for kind in activity.KINDS if kind not in wanted]
    preference, _created = Preference.objects.update_or_create(
        member=member,
        defaults={
            "network_id": member.network_id,
            "muted_kinds": muted,
            "show_sender": bool(show_sender),
            "quiet_from": quiet_from,
            "quiet_until": quiet_until,
        },
    )
    return preference


def set_network_policy(admin: Membership, *, minimal_only: bool) -> NetworkPolicy:
    """A network administrator chooses what notifications may say in the network."""
    if not admin.is_admin:
        raise ActionRefused("not_found", _("Not found."), status=404)
    require_mfa_for_role(admin)
    policy, _created = NetworkPolicy.objects.update_or_create(
        network_id=admin.network_id, defaults={"minimal_only": bool(minimal_only)}
    )
    return policy
