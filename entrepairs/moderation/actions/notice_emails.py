"""What the moderators told a member (the outcome of their report, what was done about their content)
reaches them by email too, as their email preference says (networks.EmailPreference: at once, in a
daily digest, never), through the outbox (entrepairs/outbox/services.py): recorded in the transaction
that marks the notices emailed, so a task run twice sends one email.

Like the discussions' notification emails, they carry no text: the network's name, a count and a
link to the notices page. So they never name the reporter, nor repeat the moderator's reason (which
may touch on health) to a shared mailbox or a lock screen."""

import hashlib

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entrepairs.moderation.models import Notice
from entrepairs.networks.models import EmailPreference, Membership
from entrepairs.outbox import services as outbox

# The outcomes; "awaiting approval" is shown at once on the page the author just posted from.
EMAILED_KINDS = (Notice.Kind.REPORT_OUTCOME, Notice.Kind.ABOUT_YOUR_CONTENT)
DEFAULT = EmailPreference.Frequency.DAILY  # as the discussions' notifications


def _frequencies(member_ids) -> dict[int, str]:
    return dict(
        EmailPreference.objects.filter(member_id__in=member_ids).values_list("member_id", "frequency")
    )


def _reachable(member_ids):
    """Personas that may still hear from their network: active accounts and memberships, and for a
    professional, not ended by a lapsed verification (as the notification emails)."""
    return (
        Membership.objects.filter(pk__in=member_ids, status=Membership.Status.ACTIVE, user__is_active=True)
        .exclude(member_type=Membership.MemberType.PROFESSIONAL, qualification__isnull=True)
        .select_related("user", "network")
    )


def _unemailed(member: Membership):
    return Notice.objects.filter(
        recipient=member, kind__in=EMAILED_KINDS, emailed_at__isnull=True, read_at__isnull=True
    )


def _send(members, frequency: str) -> int:
    members = list(members)
    chosen = _frequencies([member.pk for member in members])
    sent = 0
    for member in members:
        if chosen.get(member.pk, DEFAULT) != frequency:
            continue
        with transaction.atomic():
            pending = list(_unemailed(member).select_for_update().values_list("pk", flat=True))
            if not pending:
                continue
            Notice.objects.filter(pk__in=pending).update(emailed_at=timezone.now())
            _queue(member, pending)
        sent += 1
    outbox.deliver()
    return sent


def send_immediate(member_ids: list[int]) -> int:
    """Email each persona that chose 'at once' about its unemailed notices. Returns emails sent."""
    return _send(_reachable(member_ids), EmailPreference.Frequency.IMMEDIATELY)


def send_daily_digests() -> int:
    """One email per persona on the daily digest with unread, unemailed notices."""
    waiting = (
        Notice.objects.filter(kind__in=EMAILED_KINDS, emailed_at__isnull=True, read_at__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    return _send(_reachable(list(waiting)), EmailPreference.Frequency.DAILY)


def _queue(member: Membership, notice_ids: list) -> None:
    names = hashlib.sha256(",".join(sorted(str(pk) for pk in notice_ids)).encode()).hexdigest()[:32]
    subject, body = _render(member, len(notice_ids))
    outbox.queue((f"notices:{member.pk}:{names}", member.user.email, subject, body))


def _render(member: Membership, count: int) -> tuple[str, str]:
    with translation.override(member.user.language or settings.LANGUAGE_CODE):
        link = settings.SITE_URL.rstrip("/") + reverse(
            "moderation:notices", kwargs={"slug": member.network.slug}
        )
        subject = ngettext(
            "%(count)d message from the moderators of %(network)s",
            "%(count)d messages from the moderators of %(network)s",
            count,
        ) % {"count": count, "network": member.network.name}
        body = _(
            "Sign in to read it:\n%(link)s\n\nYou choose how often you receive emails on your "
            "notifications page in this network."
        ) % {"link": link}
    return subject, body
