"""Emails about private messages still unread after a delay (settings.MESSAGING_EMAIL_DELAY_MINUTES).

Sending a message schedules `email_unread(conversation, sequence)` that long after commit. When it
runs, each other participant who has still not read that message gets one email, unless:
- they left or were removed, muted the conversation, or blocked the sender;
- their persona or account is no longer active, or their email notifications are "never" (the same
  setting as for discussions, networks.EmailPreference);
- an earlier email about this conversation is still outstanding (`last_emailed_sequence` above their
  read marker): one email per burst of messages, not one per message.

The email says how many messages are unread in which network, with a link. Never the text, never
who wrote: a shared mailbox or a lock screen must reveal nothing about a member's health.

Each email is recorded in the outbox in the transaction that claims it, and sent from there: a task
killed half-way and run again sends it once (entrepairs/outbox/services.py)."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entrepairs.messaging.models import Block, Message, Participant
from entrepairs.messaging.queries import unread_messages_of
from entrepairs.networks.access import count_subquery
from entrepairs.networks.models import EmailPreference, Membership
from entrepairs.outbox import services as outbox

logger = logging.getLogger(__name__)


def delay() -> timedelta:
    return timedelta(minutes=max(0, settings.MESSAGING_EMAIL_DELAY_MINUTES))


def _recipients(message: Message):
    """Participants who should hear about `message`, each with `unread`: their unread messages in the
    whole network (the header badge's figure). One query."""
    never = EmailPreference.objects.filter(
        member_id=OuterRef("member_id"), frequency=EmailPreference.Frequency.NEVER
    )
    blocked_sender = Block.objects.filter(blocker_id=OuterRef("member_id"), blocked_id=message.sender_id)
    return (
        Participant.objects.filter(
            conversation_id=message.conversation_id,
            network_id=message.network_id,
            left_at__isnull=True,
            muted=False,
            visible_from_sequence__lte=message.sequence,
            last_read_sequence__lt=message.sequence,
            last_emailed_sequence__lte=F("last_read_sequence"),
            member__status=Membership.Status.ACTIVE,
            member__user__is_active=True,
            member__network__is_active=True,
        )
        .exclude(member_id=message.sender_id)
        .exclude(Exists(never))
        .exclude(Exists(blocked_sender))
        .select_related("member__user", "member__network")
        .annotate(unread=count_subquery(unread_messages_of(OuterRef("member_id"), OuterRef("network_id"))))
        .order_by("pk")
    )


def _claim(waiting: list, sequence: int) -> list[int]:
    """Mark the email as sent for those still waiting for one, record it in the outbox, and return
    them. The rows are locked and the conditions checked again, so two tasks running at once (two
    messages of one burst) send one email, not two."""
    by_pk = {row.pk: row for row in waiting}
    with transaction.atomic():
        claimed = list(
            Participant.objects.select_for_update()
            .filter(
                pk__in=list(by_pk),
                left_at__isnull=True,
                last_read_sequence__lt=sequence,
                last_emailed_sequence__lte=F("last_read_sequence"),
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        Participant.objects.filter(pk__in=claimed).update(last_emailed_sequence=sequence)
        outbox.queue(
            *(
                (
                    f"unread:{pk}:{sequence}",
                    by_pk[pk].member.user.email,
                    *_render(by_pk[pk].member, by_pk[pk].unread),
                )
                for pk in claimed
            )
        )
    return claimed


def email_unread(conversation_id: int, sequence: int, *, now: datetime | None = None) -> int:
    """Email the participants who have not read message `sequence` of the conversation. Returns the
    number of emails sent. Safe to run twice, or early: before the delay it sends nothing."""
    message = Message.objects.filter(
        conversation_id=conversation_id, sequence=sequence, kind=Message.Kind.TEXT, deleted_at__isnull=True
    ).first()
    if message is None:  # deleted before anyone was told: nothing to say
        return 0
    if (now or timezone.now()) < message.created_at + delay():
        return 0
    claimed = _claim([row for row in _recipients(message) if row.unread], sequence)
    outbox.deliver()
    return len(claimed)


def _render(member: Membership, count: int) -> tuple[str, str]:
    with translation.override(member.user.language or settings.LANGUAGE_CODE):
        link = settings.SITE_URL.rstrip("/") + reverse(
            "messaging:index", kwargs={"slug": member.network.slug}
        )
        subject = ngettext(
            "You have %(count)d unread message in %(network)s",
            "You have %(count)d unread messages in %(network)s",
            count,
        ) % {"count": count, "network": member.network.name}
        body = _(
            "Sign in to read them:\n%(link)s\n\n"
            "To receive fewer emails, mute the conversation, or choose how often you receive emails on "
            "your notifications page."
        ) % {"link": link}
    return subject, body
