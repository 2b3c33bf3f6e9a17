"""Reads of conversations, always scoped by a membership obtained from networks.access.

A member sees a conversation only while they are an active participant, and only the messages
from the moment they joined (`visible_from_sequence`). Everyone else gets Http404, the same as for
an id that does not exist."""

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from entrepairs.errors import NOT_FOUND
from entrepairs.messaging.models import Block, Conversation, Message, Participant
from entrepairs.moderation import queries as moderation_queries
from entrepairs.networks import access
from entrepairs.networks.models import Membership, Network
from entrepairs.prepared import Prepared, as_row_id
from entrepairs.sorting import by_name

# A resume asking for more than this many changes is told to refetch the history instead.
REPLAY_LIMIT = 500


def _unread_subquery():
    """Messages of the participant's conversation after their read marker, not written by them."""
    unread = (
        Message.objects.filter(
            conversation_id=OuterRef("conversation_id"),
            sequence__gt=OuterRef("last_read_sequence"),
            kind=Message.Kind.TEXT,
            deleted_at__isnull=True,
        )
        .exclude(sender_id=OuterRef("member_id"))
        .order_by()
        .values("conversation_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))


def my_conversations(member: Membership) -> QuerySet[Participant]:
    """The member's conversations (as their participant rows), latest activity first, each with
    `unread`. Ordered for keyset pagination over (conversation__last_message_at, id)."""
    return (
        Participant.objects.filter(member=member, network_id=member.network_id, left_at__isnull=True)
        .select_related("conversation")
        .annotate(unread=_unread_subquery(), last_message_at=F("conversation__last_message_at"))
        .order_by("-last_message_at", "-id")
    )


def my_conversation_ids(member: Membership) -> list[int]:
    """The conversations the member takes part in now (their socket hears of each one's changes)."""
    return list(
        Participant.objects.filter(member=member, network_id=member.network_id, left_at__isnull=True)
        .order_by("conversation_id")
        .values_list("conversation_id", flat=True)
    )


def conversation_title(conversation: Conversation, other: Participant | None) -> str:
    """What the list, the page and the API call a conversation: the group's name, or the other
    person's name in a direct one (`other`: their participant row). Empty once that person has gone,
    and the pages then say "Former member": leaving frees a name (docs/decisions/0006), so the old
    one might now be someone else's."""
    if conversation.is_group:
        return conversation.name
    return other.member.display_name if other is not None and other.left_at is None else ""


def with_titles(member: Membership, participants: list[Participant]) -> list[Participant]:
    """Sets `title` (conversation_title) on each row, and `other` (the other person's persona, even
    gone) on direct ones: one query."""
    direct_ids = [p.conversation_id for p in participants if p.conversation.kind == Conversation.Kind.DIRECT]
    others = {
        row.conversation_id: row
        for row in Participant.objects.filter(conversation_id__in=direct_ids)
        .exclude(member=member)
        .select_related("member")
    }
    for participant in participants:
        other = others.get(participant.conversation_id)
        participant.title = conversation_title(participant.conversation, other)
        if not participant.conversation.is_group:
            participant.other = other.member if other is not None else None
    return participants


def unread_messages_of(member_id, network_id) -> QuerySet[Message]:
    """Unread messages of one persona over its current, non-muted conversations: text messages after
    its read marker, not its own, not deleted. The ids may be values or OuterRef()s (the unread
    emails count them per recipient in one query).

    One filter() call on purpose: the participant conditions and the F() on its read marker must
    describe the same participant row (the same join)."""
    return Message.objects.filter(
        network_id=network_id,
        conversation__participants__member_id=member_id,
        conversation__participants__left_at__isnull=True,
        conversation__participants__muted=False,
        sequence__gt=F("conversation__participants__last_read_sequence"),
        kind=Message.Kind.TEXT,
        deleted_at__isnull=True,
    ).exclude(sender_id=member_id)


def unread_messages(member: Membership) -> QuerySet[Message]:
    """The persona's unread messages (the header badge counts them with the bell, see
    web/header.py)."""
    return unread_messages_of(member.pk, member.network_id)


def unread_total(member: Membership) -> int:
    """Unread messages over all non-muted conversations, one query."""
    return unread_messages(member).count()


def get_conversation_row_or_404(member: Membership, conversation_id: int) -> Participant:
    """One row of the member's conversation list (their participant row, with `unread`). One query."""
    row = my_conversations(member).filter(conversation_id=conversation_id).first()
    if row is None:
        raise Http404(NOT_FOUND)
    return row


def get_titled_conversation_row_or_404(member: Membership, conversation_id: int) -> Participant:
    """The same row with its title (with_titles), as the list shows it: two queries."""
    return with_titles(member, [get_conversation_row_or_404(member, conversation_id)])[0]


def _participant_in_standing(member_id, network_id, conversation_id, now, variant):
    kind, for_sending = variant
    participants = Participant.objects.filter(
        access.standing(Network(kind=kind), prefix="member__", now=now),
        member_id=member_id,
        network_id=network_id,
        conversation_id=conversation_id,
        left_at__isnull=True,
    ).select_related("conversation")
    if for_sending:  # a send also needs moderation's answers (suspended? watched words?): here
        participants = participants.annotate(**moderation_queries.publishing_annotations(network_id, now))
    return participants[:1]  # one row at most (one_participant_row_per_member)


# Compiled once per process, kind of network and purpose (entrepairs/prepared.py): it runs for every
# websocket frame.
_participant_statement = Prepared(_participant_in_standing, ("int", "int", "int", "datetime"))


def get_participant_or_404(
    member: Membership, conversation_id: int, *, for_sending: bool = False
) -> Participant:
    """The member's active participation in a conversation of their network, with the conversation.

    The same statement checks that the membership still stands (access.standing: active, account
    active, verification current): a websocket runs this for every frame, long after it connected,
    and a membership can end without its sockets hearing of it. Http404 either way; the socket tells
    the two apart with access.why_not_standing, only when refused. `for_sending`: the row also
    carries `suspended_until` and `watches_words` (moderation.queries.publishing_annotations)."""
    conversation_id = as_row_id(conversation_id)
    if conversation_id is None:
        raise Http404(NOT_FOUND)
    participant = _participant_statement.first(
        member.pk,
        member.network_id,
        conversation_id,
        timezone.now(),
        variant=(member.network.kind, for_sending),
    )
    if participant is None:
        raise Http404(NOT_FOUND)
    return participant


def _others_in_standing(conversation_id, member_id, now, variant):
    return (
        Participant.objects.filter(access.standing(Network(kind=variant), prefix="member__", now=now))
        .filter(conversation_id=conversation_id, left_at__isnull=True)
        .exclude(member_id=member_id)
        .values_list("member_id", "muted")
    )


# Compiled once per process and kind of network: it runs for every message sent.
_others_statement = Prepared(_others_in_standing, ("int", "int", "datetime"))


def recipients(member: Membership, conversation_id: int) -> list[tuple[int, bool]]:
    """(member id, muted) of the conversation's other active participants whose membership stands
    (access.standing, now): whom a new message is sent to. One statement."""
    return _others_statement.rows(conversation_id, member.pk, timezone.now(), variant=member.network.kind)


def get_conversation_or_404(member: Membership, conversation_id: int) -> Conversation:
    return get_participant_or_404(member, conversation_id).conversation


def participants(conversation: Conversation) -> QuerySet[Participant]:
    """Active participants with their personas, admins first."""
    return (
        Participant.objects.filter(conversation=conversation, left_at__isnull=True)
        .select_related("member__qualification__profession", "member__qualification__specialty")
        .order_by("role", by_name("member__display_name"), "id")
    )


def messages(participant: Participant) -> QuerySet[Message]:
    """What this participant may read, newest first (keyset over sequence)."""
    return (
        Message.objects.filter(
            conversation_id=participant.conversation_id,
            network_id=participant.network_id,
            sequence__gte=participant.visible_from_sequence,
        )
        .select_related("sender", "subject", "reply_to__sender")
        .order_by("-sequence")
    )


def history_page(
    participant: Participant, *, before: int | None, limit: int, after: int | None = None
) -> tuple[list[Message], int | None]:
    """A page of messages in reading order (oldest first) and where to continue.

    Backwards (the default, or `before`): the newest `limit` messages below `before`, and the sequence
    to pass as `before` for older ones (None: nothing older). Forwards (`after`, for catching up): the
    oldest `limit` messages above `after`, and the sequence to pass as `after` for newer ones (None:
    this page reaches the latest message). One query either way."""
    page = messages(participant)
    if after is not None:
        page = page.filter(sequence__gt=after).order_by("sequence")
    elif before is not None:
        page = page.filter(sequence__lt=before)
    items = list(page[: limit + 1])
    further = None
    if len(items) > limit:
        items = items[:limit]
        further = items[-1].sequence
    if after is None:
        items.reverse()
    _hide_quotes_from_before_joining(participant, items)
    return items, further


def messages_by_ids(participant: Participant, message_ids: list[int]) -> list[Message]:
    """These messages of the participant's conversation, as its page shows them, in reading order.
    Ids of other conversations, or from before the participant joined, are left out like ids that do
    not exist. One query."""
    items = list(messages(participant).filter(pk__in=message_ids).order_by("sequence"))
    _hide_quotes_from_before_joining(participant, items)
    return items


def _hide_quotes_from_before_joining(participant: Participant, items: list[Message]) -> None:
    """A reply to something from before this participant joined shows no quote."""
    for message in items:
        if message.reply_to_id and message.reply_to.sequence < participant.visible_from_sequence:
            message.reply_to = None


def get_message_or_404(member: Membership, message_id: int) -> Message:
    """A message of a conversation the member is in, inside their visible window."""
    message = (
        Message.objects.filter(
            pk=message_id,
            network_id=member.network_id,
            conversation__participants__member=member,
            conversation__participants__left_at__isnull=True,
            sequence__gte=F("conversation__participants__visible_from_sequence"),
        )
        .select_related("conversation", "sender")
        .first()
    )
    if message is None:
        raise Http404(NOT_FOUND)
    return message


def _changes_from(conversation_id, after, visible_from, variant):
    return (
        Message.objects.filter(
            conversation_id=conversation_id, change_sequence__gt=after, sequence__gte=visible_from
        )
        .select_related("sender", "subject", "reply_to")
        .order_by("change_sequence")[:variant]  # the variant: how many at most
    )


def _participating(participant_id, now, variant):
    return (
        Participant.objects.filter(pk=participant_id, left_at__isnull=True)
        .filter(access.standing(Network(kind=variant), prefix="member__", now=now))
        .values("pk")[:1]
    )


# Compiled once per process: a subscribe (every socket, at each connection) and a gap fill run them,
# and the ORM spent about 10 ms of CPU building the two (PostgreSQL).
_changes_statement = Prepared(_changes_from, ("int", "int", "int"))
_still_participating = Prepared(_participating, ("int", "datetime"))


def changes_after(member: Membership, conversation_id: int, after: int, limit: int = REPLAY_LIMIT) -> dict:
    """What a (re)subscribing socket must replay: every message created or changed after sequence
    `after`, in change order. Raises Http404 unless the member is an active participant.

    Read order matters: the conversation's last sequence first, then the changes, then participation
    again. Sequences commit in order, so every change up to `latest` is in the second read; and if the
    participant (and their membership, access.standing) is still active at the third read, no change
    made after a removal can be in it.

    When nothing committed after `after` (every heartbeat's catch-up, nearly always), the first read
    alone answers: it has checked the participation and the membership, and a change committing
    after it reaches the socket live, as the socket joined the conversation's group before asking.
    That saves the two other statements, whose ORM compilation was most of a catch-up's CPU (about 7
    of 8 ms on PostgreSQL; 2,000 sockets make 44 catch-ups a second)."""
    participant = get_participant_or_404(member, conversation_id)
    latest = participant.conversation.next_sequence - 1
    if latest <= after:
        return {"participant": participant, "changes": [], "truncated": False, "latest": latest}
    changes = _changes_statement.all(
        participant.conversation_id, after, participant.visible_from_sequence, variant=limit + 1
    )
    if _still_participating.first_values(participant.pk, timezone.now(), variant=member.network.kind) is None:
        raise Http404(NOT_FOUND)
    _hide_quotes_from_before_joining(participant, changes)
    truncated = len(changes) > limit
    return {
        "participant": participant,
        "changes": [] if truncated else changes,
        "truncated": truncated,
        "latest": max([latest, *(m.change_sequence for m in changes)]),
    }


def receipts(conversation: Conversation) -> list[dict]:
    return [
        {"member": row["member_id"], "read_sequence": row["last_read_sequence"],
         "delivered_sequence": row["last_delivered_sequence"]}
        for row in Participant.objects.filter(conversation=conversation, left_at__isnull=True).values(
            "member_id", "last_read_sequence", "last_delivered_sequence"
        )
    ]  # fmt: skip


def my_blocks(member: Membership) -> QuerySet[Block]:
    """Whom the member blocked, by name; ordered for keyset pagination over (sort_name, id)."""
    return (
        Block.objects.filter(blocker=member, network_id=member.network_id)
        .select_related("blocked")
        .annotate(sort_name=by_name("blocked__display_name"))
        .order_by("sort_name", "id")
    )


def blocked_ids(member: Membership) -> set[int]:
    return set(Block.objects.filter(blocker=member).values_list("blocked_id", flat=True))


def members_by_ids(member: Membership, member_ids: list[int]) -> list[Membership]:
    """Active members of the member's network, in one query; Http404 if any id is not one of them
    (an id from another network reads exactly like an id that does not exist)."""
    wanted = list(dict.fromkeys(member_ids))
    found = {
        person.pk: person
        for person in Membership.objects.filter(
            pk__in=wanted, network_id=member.network_id, status=Membership.Status.ACTIVE
        )
    }
    if len(found) != len(wanted):
        raise Http404(NOT_FOUND)
    return [found[member_id] for member_id in wanted]


def reportable_message_or_404(member: Membership, message_id: int) -> Message:
    """A text message the member reads now and that is not deleted: what they may report (Http404
    otherwise, as for an id that does not exist)."""
    message = get_message_or_404(member, message_id)
    if message.kind != Message.Kind.TEXT or message.deleted_at is not None:
        raise Http404(NOT_FOUND)
    return message


def message_for_moderator(moderator: Membership, message_id: int) -> Message | None:
    """A reported message as the moderation queue reaches it (in the moderator's network only)."""
    return (
        Message.objects.filter(pk=message_id, network_id=moderator.network_id)
        .select_related("sender", "conversation")
        .first()
    )
