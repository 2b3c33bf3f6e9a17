"""Notification emails: at once, or daily inside the network's digest (take_for_digest), per persona. They carry no message text and no
health detail (only the network's name, a count and a link), so a shared mailbox or a lock screen
reveals nothing. Each is recorded in the outbox in the transaction that marks its notifications
emailed, and sent from there: a task killed half-way and run again sends it once
(entrepairs/outbox/services.py)."""

import hashlib

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entrepairs.discussions.models import Notification
from entrepairs.errors import ActionRefused
from entrepairs.networks.models import EmailPreference, Membership
from entrepairs.outbox import services as outbox

DEFAULT = EmailPreference.Frequency.DAILY


def frequency_of(member: Membership) -> str:
    preference = EmailPreference.objects.filter(member=member).first()
    return preference.frequency if preference else DEFAULT


def set_frequency(member: Membership, frequency: str) -> EmailPreference:
    if frequency not in EmailPreference.Frequency.values:
        raise ActionRefused("invalid_frequency", _("Choose how often you receive emails."), field="frequency")
    preference, _created = EmailPreference.objects.update_or_create(
        member=member, defaults={"network_id": member.network_id, "frequency": frequency}
    )
    return preference


def _queue(member: Membership, notification_ids: list) -> None:
    """Record the email about `notification_ids` (in the caller's transaction, which marks them
    emailed): the same notifications never make two emails."""
    names = hashlib.sha256(",".join(sorted(str(pk) for pk in notification_ids)).encode()).hexdigest()[:32]
    subject, body = _render(member, len(notification_ids))
    outbox.queue((f"notifications:{member.pk}:{names}", member.user.email, subject, body))


def _render(member: Membership, count: int) -> tuple[str, str]:
    with translation.override(member.user.language or settings.LANGUAGE_CODE):
        link = settings.SITE_URL.rstrip("/") + reverse(
            "discussions:notifications", kwargs={"slug": member.network.slug}
        )
        subject = ngettext(
            "%(count)d new notification in %(network)s", "%(count)d new notifications in %(network)s", count
        ) % {"count": count, "network": member.network.name}
        body = _(
            "Sign in to read them:\n%(link)s\n\nChange how often you receive these emails on the same page."
        ) % {"link": link}
    return subject, body


def _reachable(memberships):
    """Personas that may still hear from their network: active, and for a professional, not ended by
    a lapsed verification (networks.lifecycle.lapse_verification clears the qualification; the next
    visit after a new verification sets it again)."""
    return memberships.filter(status=Membership.Status.ACTIVE).exclude(
        member_type=Membership.MemberType.PROFESSIONAL, qualification__isnull=True
    )


def send_pending_immediate(member_ids: list[int]) -> int:
    """Email each persona that chose 'at once' about its unemailed notifications. Returns emails sent."""
    sent = 0
    members = _reachable(Membership.objects.filter(pk__in=member_ids)).select_related("user", "network")
    for member in members:
        if frequency_of(member) != EmailPreference.Frequency.IMMEDIATELY or not member.user.is_active:
            continue
        with transaction.atomic():
            pending = list(
                Notification.objects.select_for_update()
                .filter(recipient=member, emailed_at__isnull=True, read_at__isnull=True)
                .values_list("pk", flat=True)
            )
            if not pending:
                continue
            Notification.objects.filter(pk__in=pending).update(emailed_at=timezone.now())
            _queue(member, pending)
        sent += 1
    outbox.deliver()
    return sent


def waiting_recipients():
    """Ids of the personas with unread notifications not emailed yet (a subquery for the digest)."""
    return (
        Notification.objects.filter(
            emailed_at__isnull=True, read_at__isnull=True, recipient__status=Membership.Status.ACTIVE
        )
        .values("recipient_id")
        .distinct()
    )


def take_for_digest(member: Membership) -> int:
    """The "daily" notifications ride in the network's digest (magazine, through networks.bridges):
    one email a day at most. In the digest's transaction, mark the waiting ones emailed and say how
    many; nothing for a persona that did not choose "daily", or that may no longer hear from its
    network. The same notifications never make two emails."""
    if frequency_of(member) != EmailPreference.Frequency.DAILY:
        return 0
    if not _reachable(Membership.objects.filter(pk=member.pk)).exists():
        return 0
    pending = list(
        Notification.objects.select_for_update()
        .filter(recipient=member, emailed_at__isnull=True, read_at__isnull=True)
        .values_list("pk", flat=True)
    )
    if pending:
        now = timezone.now()
        Notification.objects.filter(pk__in=pending).update(emailed_at=now)
        EmailPreference.objects.filter(member=member).update(last_digest_at=now)
    return len(pending)
