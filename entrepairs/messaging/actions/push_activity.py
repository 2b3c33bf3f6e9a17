"""What messaging tells the activity registry (entrepairs/activity.py), which push listens to.

A new message is announced after commit with the ids of its unmuted recipients (already read by
the send: no statement of its own). When push delivers, `still_unread` answers who still has the
message unread, with their read marker (for collapsing one burst into one notification): one
query; `unread_counts` gives the Messages badge's figure for the app's icon."""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from entrepairs import activity
from entrepairs.messaging.models import Block, Participant
from entrepairs.messaging.queries import unread_messages_of
from entrepairs.networks.access import count_subquery
from entrepairs.networks.models import Membership


def announce_message(member: Membership, conversation_id: int, sequence: int, recipients: list[int]) -> None:
    """Called inside the send's transaction; the listeners hear of it after commit."""
    if not recipients:
        return
    activity.announce(
        activity.Activity(
            kind=activity.MESSAGE,
            network_id=member.network_id,
            recipients=tuple(recipients),
            path=reverse(
                "messaging:conversation",
                kwargs={"slug": member.network.slug, "conversation_id": conversation_id},
            ),
            collapse_key=f"conversation:{conversation_id}",
            actor_id=member.pk,
            position=sequence,
            source_id=conversation_id,
        )
    )


def still_unread(event: activity.Activity, member_ids: list[int]) -> dict[int, int | None]:
    """Participants who have not read message `event.position` yet (read on another device: absent),
    still in the conversation, not muted, not blocking the sender."""
    blocked_sender = Block.objects.filter(blocker_id=OuterRef("member_id"), blocked_id=event.actor_id)
    rows = (
        Participant.objects.filter(
            conversation_id=event.source_id,
            network_id=event.network_id,
            member_id__in=member_ids,
            left_at__isnull=True,
            muted=False,
            visible_from_sequence__lte=event.position,
            last_read_sequence__lt=event.position,
        )
        .exclude(Exists(blocked_sender))
        .values_list("member_id", "last_read_sequence")
    )
    return dict(rows)


def unread_counts(network_id: int, member_ids: list[int]) -> dict[int, int]:
    """Each persona's unread messages in the network (the Messages badge's figure), one query."""
    rows = (
        Membership.objects.filter(pk__in=member_ids, network_id=network_id)
        .annotate(unread=count_subquery(unread_messages_of(OuterRef("pk"), OuterRef("network_id"))))
        .values_list("pk", "unread")
    )
    return dict(rows)
