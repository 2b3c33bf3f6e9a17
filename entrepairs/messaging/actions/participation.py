"""A membership that ends leaves every conversation of its network at once, and coming back starts
fresh: the rule "someone added again reads only from when they are added" holds for a member who
leaves the network and rejoins, in groups and in direct conversations alike.

`end_participation` runs when a membership ends (registered in MessagingConfig.ready() with
networks.lifecycle.on_membership_end); services.reopen_direct when a direct conversation starts again."""

from django.db import transaction
from django.utils import timezone

from entrepairs.messaging import events
from entrepairs.messaging.models import Conversation, Message, Participant
from entrepairs.messaging.services import _keep_an_administrator, _lock, _system_message
from entrepairs.networks.models import Membership
from entrepairs.outbox import services as outbox


def end_participation(member: Membership) -> int:
    """Close every active participant row of `member` in its network, each with a "left" system
    message for the others, and tell the member's sockets (after commit). A group whose last
    administrator goes gets a successor, as in leave_group. Returns how many rows were closed.
    Conversations are locked in id order, the order every writer uses, so two endings cannot
    deadlock."""
    ended = 0
    with transaction.atomic():
        conversation_ids = list(
            Participant.objects.filter(member=member, network_id=member.network_id, left_at__isnull=True)
            .order_by("conversation_id")
            .values_list("conversation_id", flat=True)
        )
        for conversation in Conversation.objects.filter(pk__in=conversation_ids).order_by("pk"):
            locked = _lock(conversation)
            row = Participant.objects.filter(conversation=locked, member=member, left_at__isnull=True).first()
            if row is None:  # left meanwhile
                continue
            row.left_at = timezone.now()
            row.save(update_fields=["left_at"])
            outbox.forget_pending(f"unread:{row.pk}:")  # an unread-message email decided, not sent yet
            if locked.is_group and row.role == Participant.Role.ADMIN:
                _keep_an_administrator(locked)
            _system_message(member, locked, Message.Event.LEFT, member)
            transaction.on_commit(lambda pk=locked.pk: events.publish_removed(pk, member.pk))
            ended += 1
    return ended
