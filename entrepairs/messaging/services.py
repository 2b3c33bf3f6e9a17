"""Every write about conversations. Functions take the acting membership, validate, change state in
one transaction, and announce the change through the channel layer only after commit.

Ordering guarantee: every change that hands out a sequence (a message sent, edited or deleted, a
system message) takes it with one UPDATE ... RETURNING on the conversation row (`_take_sequence`),
which locks that row until commit; so sequences commit in increasing order and a client that saw
sequence n has seen (or can fetch from the database) everything up to n. Changes of membership also
lock the row first (`_lock`, select_for_update), before they read the participants that the change
depends on (the group's size, its last administrator)."""

import re
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from entrepairs.accounts.mfa import require_mfa_for_role
from entrepairs.errors import ActionRefused
from entrepairs.messaging import attachments, events, protocol, queries, tasks
from entrepairs.messaging.actions import push_activity
from entrepairs.messaging.models import Block, Conversation, Message, Participant
from entrepairs.moderation import services as moderation
from entrepairs.moderation import watched_words
from entrepairs.networks import trust
from entrepairs.networks.models import Membership, Network
from entrepairs.privacy import services as privacy

MAX_BODY_CHARS = 10_000
MAX_GROUP_SIZE = 256
CLIENT_ID = re.compile(protocol.CLIENT_ID_PATTERN)


def _not_found():
    # The same refusal for "does not exist" and "exists but you are not in it".
    return ActionRefused("not_found", _("Not found."), status=404)


def _require_private_messages(member: Membership) -> None:
    if not member.network.private_messages_enabled:
        raise ActionRefused(
            "private_messages_off", _("Private messages are turned off in this network."), status=403
        )


def _require_colleague(member: Membership, other: Membership) -> None:
    if other.network_id != member.network_id or other.status != Membership.Status.ACTIVE:
        raise _not_found()


def is_blocked_between(first: Membership, second: Membership) -> bool:
    return Block.objects.filter(Q(blocker=first, blocked=second) | Q(blocker=second, blocked=first)).exists()


def _active_participant(member: Membership, conversation: Conversation) -> Participant:
    participant = Participant.objects.filter(
        conversation=conversation, member=member, network_id=member.network_id, left_at__isnull=True
    ).first()
    if participant is None:
        raise _not_found()
    return participant


def _lock(conversation: Conversation) -> Conversation:
    """The conversation row, locked until commit, for a change of membership that reads the
    participants first; its sequences are still taken with `_take_sequence`."""
    return Conversation.objects.select_for_update().get(pk=conversation.pk)


def _take_sequence(conversation: Conversation, at=None) -> int:
    """The conversation's next sequence, for every change (the one way to take one). With `at` (a new
    message), `at` also becomes the conversation's last activity; edits, deletions and system
    messages leave it. One UPDATE ... RETURNING (SQLite 3.35+, PostgreSQL), where the ORM needs a
    SELECT ... FOR UPDATE and an UPDATE: it runs for every message sent. The row stays locked until
    commit, so sequences commit in increasing order."""
    table = Conversation._meta.db_table
    with connection.cursor() as cursor:
        if at is None:
            cursor.execute(
                f"UPDATE {table} SET next_sequence = next_sequence + 1 "  # noqa: S608
                "WHERE id = %s RETURNING next_sequence",
                [conversation.pk],
            )
        else:
            cursor.execute(
                f"UPDATE {table} SET next_sequence = next_sequence + 1, last_message_at = %s "  # noqa: S608
                "WHERE id = %s RETURNING next_sequence",
                [connection.ops.adapt_datetimefield_value(at), conversation.pk],
            )
        return cursor.fetchone()[0] - 1


def _announce(member: Membership, message: Message, *, unread_for=(), audience=None) -> None:
    frame = protocol.message_frame(message, member.network.slug)
    conversation_id, sequence, unread_for = message.conversation_id, message.change_sequence, list(unread_for)
    quoted = _quoted_sequence(message)
    transaction.on_commit(
        lambda: events.publish_change(conversation_id, sequence, frame, unread_for, quoted, audience)
    )


def _quoted_sequence(message: Message) -> int | None:
    """The sequence of the message this one replies to: sockets of participants who joined after it
    drop the reply's id from the frame, as their pages show no quote."""
    if message.reply_to_id is None:
        return None
    if Message.reply_to.is_cached(message):
        return message.reply_to.sequence
    return Message.objects.filter(pk=message.reply_to_id).values_list("sequence", flat=True).first()


def _system_message(
    actor: Membership, conversation: Conversation, event: str, subject: Membership
) -> Message:
    sequence = _take_sequence(conversation)
    message = Message.objects.create(
        network_id=conversation.network_id, conversation=conversation, kind=Message.Kind.SYSTEM,
        sequence=sequence, change_sequence=sequence, sender=actor, event=event, subject=subject,
    )  # fmt: skip
    _announce(actor, message)
    return message


# --- Starting conversations ----------------------------------------------------------------------
def start_direct(member: Membership, other: Membership) -> Conversation:
    """The one direct conversation between two members of a network, created on first use."""
    _require_private_messages(member)
    _require_colleague(member, other)
    if other.pk == member.pk:
        raise ActionRefused("self_conversation", _("Choose another member than yourself."), field="member")
    if is_blocked_between(member, other):
        raise ActionRefused("blocked", _("You cannot write to this member."), status=403, field="member")
    low, high = sorted([member.pk, other.pk])
    key = f"{low}:{high}"
    existing = Conversation.objects.filter(network_id=member.network_id, direct_key=key).first()
    if existing is not None:
        # Either of them may have left the network and come back since: a fresh window, no history.
        reopen_direct(existing, (member, other))
        return existing
    trust.check_new_conversation(member)  # only new conversations count
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                network_id=member.network_id, kind=Conversation.Kind.DIRECT, created_by=member, direct_key=key
            )
            Participant.objects.bulk_create(
                [
                    Participant(network_id=member.network_id, conversation=conversation, member=person)
                    for person in (member, other)
                ]
            )
    except IntegrityError:  # both started it at the same instant: the other insert won
        return Conversation.objects.get(network_id=member.network_id, direct_key=key)
    transaction.on_commit(lambda: events.publish_added(conversation.pk, other.pk))
    return conversation


def reopen_direct(conversation: Conversation, people) -> None:
    """Someone whose membership ended and who came back finds the direct conversation again, but
    reads it from now on: what was written while they were away stays unreadable (page, API and
    websocket resume all start at `visible_from_sequence`)."""
    gone = [
        row
        for row in Participant.objects.filter(conversation=conversation, left_at__isnull=False)
        if row.member_id in {person.pk for person in people}
    ]
    if not gone:
        return
    with transaction.atomic():
        locked = _lock(conversation)
        start = locked.next_sequence
        for row in gone:
            row.left_at, row.removed_by, row.joined_at = None, None, timezone.now()
            row.visible_from_sequence = start
            row.last_read_sequence = row.last_delivered_sequence = row.last_emailed_sequence = start - 1
            row.save()
            transaction.on_commit(lambda member_id=row.member_id: events.publish_added(locked.pk, member_id))


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ActionRefused("name_required", _("Give the group a name."), field="name")
    if len(name) > 80:
        raise ActionRefused("name_too_long", _("Keep the name under 80 characters."), field="name")
    return name


def _addable(actor: Membership, people) -> list[Membership]:
    chosen: dict[int, Membership] = {}
    for person in people:
        _require_colleague(actor, person)
        if person.pk != actor.pk:
            chosen[person.pk] = person
    blocked_me = set(
        Block.objects.filter(blocker_id__in=list(chosen), blocked=actor).values_list("blocker_id", flat=True)
    )
    if blocked_me:
        raise ActionRefused("blocked", _("One of these members cannot be added by you."), field="members")
    return list(chosen.values())


def create_group(member: Membership, name: str, members) -> Conversation:
    _require_private_messages(member)
    name = _clean_name(name)
    privacy.check_place_name(member, {"name": name})
    others = _addable(member, members)
    if not others:
        raise ActionRefused("members_required", _("Add at least one other member."), field="members")
    if len(others) + 1 > MAX_GROUP_SIZE:
        raise ActionRefused("group_too_large", _("A group has at most 256 members."), field="members")
    trust.check_new_conversation(member)
    with transaction.atomic():
        conversation = Conversation.objects.create(
            network_id=member.network_id, kind=Conversation.Kind.GROUP, name=name, created_by=member
        )
        Participant.objects.bulk_create(
            [Participant(network_id=member.network_id, conversation=conversation, member=member,
                         role=Participant.Role.ADMIN)]
            + [Participant(network_id=member.network_id, conversation=conversation, member=person)
               for person in others]
        )  # fmt: skip
        _system_message(member, conversation, Message.Event.CREATED, member)
        for person in others:
            transaction.on_commit(
                lambda person_id=person.pk: events.publish_added(conversation.pk, person_id)
            )
    return conversation


# --- Group membership ----------------------------------------------------------------------------
def _require_group_admin(member: Membership, conversation: Conversation) -> Participant:
    participant = _active_participant(member, conversation)
    if not conversation.is_group:
        raise ActionRefused("not_a_group", _("Only groups have members to manage."), status=409)
    if not participant.is_admin:
        raise ActionRefused("forbidden", _("Only group administrators manage members."), status=403)
    return participant


def add_participants(admin: Membership, conversation: Conversation, members) -> list[Participant]:
    """Add members; someone added (again) reads only what is written from now on."""
    _require_private_messages(admin)
    _require_group_admin(admin, conversation)
    people = _addable(admin, members)
    added = []
    with transaction.atomic():
        locked = _lock(conversation)
        current = {p.member_id: p for p in Participant.objects.filter(conversation=locked, member__in=people)}
        if (
            sum(1 for p in Participant.objects.filter(conversation=locked, left_at__isnull=True))
            + len([p for p in people if p.pk not in current or current[p.pk].left_at])
            > MAX_GROUP_SIZE
        ):
            raise ActionRefused("group_too_large", _("A group has at most 256 members."), field="members")
        for person in people:
            row = current.get(person.pk)
            if row is not None and row.left_at is None:
                continue
            message = _system_message(admin, locked, Message.Event.ADDED, person)
            row = row or Participant(network_id=locked.network_id, conversation=locked, member=person)
            row.role, row.left_at, row.removed_by = Participant.Role.MEMBER, None, None
            row.joined_at = timezone.now()
            row.visible_from_sequence = message.sequence
            row.last_read_sequence = row.last_delivered_sequence = message.sequence - 1
            row.save()
            added.append(row)
            transaction.on_commit(lambda person_id=person.pk: events.publish_added(locked.pk, person_id))
    return added


def remove_participant(admin: Membership, conversation: Conversation, target: Membership) -> None:
    """The removed member's sockets stop receiving at once, and every later read refuses them."""
    _require_group_admin(admin, conversation)
    if target.pk == admin.pk:
        raise ActionRefused("use_leave", _("To go, leave the group."), status=409)
    with transaction.atomic():
        locked = _lock(conversation)
        row = Participant.objects.filter(conversation=locked, member=target, left_at__isnull=True).first()
        if row is None:
            raise _not_found()
        row.left_at, row.removed_by = timezone.now(), admin
        row.save(update_fields=["left_at", "removed_by"])
        _system_message(admin, locked, Message.Event.REMOVED, target)
        transaction.on_commit(lambda: events.publish_removed(locked.pk, target.pk))


def leave_group(member: Membership, conversation: Conversation) -> None:
    participant = _active_participant(member, conversation)
    if not conversation.is_group:
        raise ActionRefused(
            "not_a_group", _("Direct conversations cannot be left; mute or block instead."), status=409
        )
    with transaction.atomic():
        locked = _lock(conversation)
        participant.left_at = timezone.now()
        participant.save(update_fields=["left_at"])
        if participant.role == Participant.Role.ADMIN:
            _keep_an_administrator(locked)
        _system_message(member, locked, Message.Event.LEFT, member)
        transaction.on_commit(lambda: events.publish_removed(locked.pk, member.pk))


def _keep_an_administrator(locked: Conversation) -> None:
    """A group never loses its last administrator: the longest-standing member takes over."""
    remaining = Participant.objects.filter(conversation=locked, left_at__isnull=True)
    if not remaining.filter(role=Participant.Role.ADMIN).exists():
        successor = remaining.order_by("joined_at", "id").first()
        if successor is not None:
            successor.role = Participant.Role.ADMIN
            successor.save(update_fields=["role"])


# --- Messages ------------------------------------------------------------------------------------
def _clean_body(body: str | None, *, required: bool) -> str:
    body = (body or "").strip()
    if len(body) > MAX_BODY_CHARS:
        raise ActionRefused(
            "message_too_long", _("A message has at most 10,000 characters."), field="body", status=422
        )
    if required and not body:
        raise ActionRefused("empty_message", _("Write a message or attach a file."), field="body")
    return body


def _require_can_send(member: Membership, conversation: Conversation) -> None:
    _require_private_messages(member)
    if conversation.kind == Conversation.Kind.DIRECT:
        other = (
            Participant.objects.filter(conversation=conversation)
            .exclude(member=member)
            .select_related("member")
            .first()
        )
        # A member gone from the network (or back but not yet in this conversation again) reads
        # nothing written here meanwhile, so nothing is sent to them.
        if other is None or other.left_at is not None or other.member.status != Membership.Status.ACTIVE:
            raise ActionRefused("recipient_gone", _("This member has left the network."), status=409)
        if is_blocked_between(member, other.member):
            raise ActionRefused("blocked", _("You cannot write to this member."), status=403)


@dataclass(frozen=True)
class Draft:
    """What a member asks to send: the text, the client id that makes a retry harmless, the id of
    the message replied to, a file (an UploadedFile) and the privacy kinds the sender confirmed."""

    body: str
    client_id: str
    reply_to: int | None = None
    attachment: object = None
    confirm_privacy: tuple[str, ...] = ()
    attachment_choice: str = ""  # "mask" or "as_is", once told what the file shows (attachments.clean)


@dataclass(frozen=True)
class Outgoing:
    """A draft that passed every check (check_send), ready to store (do_send)."""

    participant: Participant
    client_id: str
    body: str
    reply: Message | None
    clearance: privacy.Clearance
    attachment: tuple | None  # attachments.clean's (content, type, name)
    flagged_words: tuple[str, ...] = ()  # watched words that put the message in the moderators' queue


def send_message(
    member: Membership,
    conversation: Conversation,
    *,
    body: str,
    client_id: str,
    reply_to: int | None = None,
    attachment=None,
    confirm_privacy=(),
    participant: Participant | None = None,
    attachment_choice: str = "",
) -> tuple[Message, bool]:
    """Store a message and return (message, created). Sending again with the same client_id returns
    the message stored the first time (created=False): a retry after a network cut creates nothing.
    The caller acknowledges only after this returns, that is after commit.

    The text is checked against the network's privacy policy like any post (privacy_blocked,
    privacy_confirm_required); `confirm_privacy` lists the kinds the sender confirmed, and a refused
    send stores nothing, so it can be sent again with the same client_id once confirmed.

    `participant`: the member's active row, when the caller has just read it through
    queries.get_participant_or_404 (the websocket does, for every send: saves a query)."""
    draft = Draft(
        body, client_id, reply_to, attachment, tuple(confirm_privacy or ()), attachment_choice or ""
    )
    participant = _sender_row(member, conversation, draft.client_id, participant)
    # A retry meets its original under the conversation's lock (do_send: its insert does nothing):
    # nearly every send is new, and looking for a retry here cost each one a round trip.
    try:
        outgoing = check_send(member, conversation, participant, draft)
    except ActionRefused:
        # A retry was checked when it was stored: what refuses it now (a suspension since, a
        # confirmation the retry does not repeat) must not make the stored message look lost.
        existing = _by_client_id(member, conversation, draft.client_id)
        if existing is not None:
            return existing, False
        raise
    return do_send(member, conversation, outgoing)


def _sender_row(
    member: Membership, conversation: Conversation, client_id: str, participant: Participant | None
) -> Participant:
    """The sender's active row (`participant` when it is that row), once the client id is valid."""
    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
        raise ActionRefused(
            "invalid_client_id", _("Each message needs a client id (1 to 64 letters, digits, . _ : -).")
        )
    if (
        participant is None
        or participant.member_id != member.pk
        or participant.conversation_id != conversation.pk
        or participant.left_at is not None
    ):
        participant = _active_participant(member, conversation)
    return participant


def check_send(
    member: Membership, conversation: Conversation, participant: Participant, draft: Draft
) -> Outgoing:
    """Every refusal of a new message, before anything is written: the text, the right to write
    here, the message replied to, the privacy policy, the file."""
    body = _clean_body(draft.body, required=draft.attachment is None)
    _require_can_send(member, conversation)
    # The websocket read these with the participant row (moderation.queries.publishing_annotations).
    known = hasattr(participant, "watches_words")
    moderation.require_not_suspended(member, until=getattr(participant, "suspended_until", None), known=known)
    reply = None
    if draft.reply_to is not None:
        reply = Message.objects.filter(
            conversation=conversation, pk=draft.reply_to, sequence__gte=participant.visible_from_sequence,
            kind=Message.Kind.TEXT,
        ).first()  # fmt: skip
        if reply is None:
            raise ActionRefused(
                "invalid_reply", _("The message you reply to is not in this conversation."), field="reply_to"
            )
    clearance = privacy.check(
        member, {"body": body}, confirmed=draft.confirm_privacy, audience=lambda: _audience(conversation)
    )
    if draft.attachment is not None and attachments.is_image(draft.attachment):
        trust.check_images(member, 1)
    # Watched words: a blocked one refuses, a replaced one is replaced; one that asks for approval
    # flags instead (a message is never held back).
    screening = watched_words.screen(
        member, {"body": body}, approval_possible=False, any_words=not known or participant.watches_words
    )
    stored = (
        attachments.clean(draft.attachment, choice=draft.attachment_choice, lang=member.network.language)
        if draft.attachment is not None
        else None
    )
    return Outgoing(
        participant,
        draft.client_id,
        screening.fields["body"],
        reply,
        clearance,
        stored,
        tuple(screening.flagged),
    )


def do_send(member: Membership, conversation: Conversation, outgoing: Outgoing) -> tuple[Message, bool]:
    """Store a checked message in one transaction; its event and the unread email go after commit.
    A retry gets the message its original stored (created=False)."""
    message = _store(member, conversation, outgoing)
    if message is None:
        existing = _by_client_id(member, conversation, outgoing.client_id)
        if existing is None:  # the insert met another row than a retry's original (an id drawn twice)
            raise IntegrityError("message not stored")
        return existing, False
    return message, True


def _store(member: Membership, conversation: Conversation, outgoing: Outgoing) -> Message | None:
    """The message stored, or None when its client id was (nothing written, no sequence taken)."""
    with transaction.atomic():
        now = timezone.now()
        sequence = _take_sequence(conversation, now)
        message = Message(
            network_id=conversation.network_id, conversation=conversation, sequence=sequence,
            change_sequence=sequence, sender=member, client_id=outgoing.client_id, body=outgoing.body,
            reply_to=outgoing.reply, created_at=now,
        )  # fmt: skip
        if outgoing.attachment is not None:
            content, message.attachment_type, message.attachment_name = outgoing.attachment
            message.attachment_size = content.size
            message.attachment.save("attachment", content, save=False)
        # A retry racing its original meets it here, committed (the original held the lock taken
        # above): the insert then does nothing (one_message_per_client_id), and the sender's markers,
        # set only if this message was stored, say which it was. No statement of its own looks for a
        # retry on every send.
        Message.objects.bulk_create([message], ignore_conflicts=True)
        # Your own message is read and delivered for you.
        if not _mark_own(outgoing.participant.pk, sequence, message.pk):
            transaction.set_rollback(True)  # give the sequence back: no gap
            if message.attachment:  # the retry's copy of the file, stored for nothing
                message.attachment.storage.delete(message.attachment.name)
            return None
        privacy.record(member, outgoing.clearance, message)
        # Crisis response: sent all the same; the sender is shown support lines at once.
        message.support = moderation.respond_to_distress(member, "message", message, outgoing.body)
        moderation.flag_watched_words(member, "message", message, list(outgoing.flagged_words))
        # Who receives it: participants whose membership still stands (the sockets of anyone else
        # go back to the database instead of delivering it, consumers.py); the unmuted among them
        # get an unread ping.
        recipients = queries.recipients(member, conversation.pk)
        _announce(
            member,
            message,
            unread_for=[member_id for member_id, muted in recipients if not muted],
            audience=[member.pk, *(member_id for member_id, _muted in recipients)],
        )
        # Their devices hear of it after commit (push, through entrepairs.activity: no statement here).
        push_activity.announce_message(
            member, conversation.pk, sequence, [member_id for member_id, muted in recipients if not muted]
        )
        # Whoever has not read it by then hears of it by email (count and link only).
        conversation_id = conversation.pk
        transaction.on_commit(lambda: tasks.schedule_unread_email(conversation_id, sequence), robust=True)
    return message


def _mark_own(participant_id: int, sequence: int, message_id: int) -> bool:
    """The sender's read and delivered markers to their own message, if it was stored (False: it was
    not, a retry's insert did nothing). One UPDATE in SQL written here (under the conversation's
    lock, so no marker can be ahead of it), where the ORM spent about 0.5 ms of CPU building it for
    every message sent."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Participant._meta.db_table} "  # noqa: S608
            "SET last_read_sequence = %s, last_delivered_sequence = %s WHERE id = %s "
            f"AND EXISTS (SELECT 1 FROM {Message._meta.db_table} WHERE id = %s)",
            [sequence, sequence, participant_id, message_id],
        )
        return cursor.rowcount == 1


def _by_client_id(member: Membership, conversation: Conversation, client_id: str) -> Message | None:
    """The message this sender stored with this client id (one_message_per_client_id), for retries."""
    message = Message.objects.filter(conversation=conversation, sender=member, client_id=client_id).first()
    if message is not None:
        message.sender = member  # the sender is the member asking: no join needed
    return message


def _is_own_text(member: Membership, message: Message) -> bool:
    return message.sender_id == member.pk and message.kind == Message.Kind.TEXT


def may_change_message(member: Membership, message: Message) -> bool:
    """Its sender edits or deletes a text message until it is deleted (system messages are no one's)."""
    return _is_own_text(member, message) and message.deleted_at is None


def _require_own(member: Membership, message: Message) -> Participant:
    participant = _active_participant(member, message.conversation)
    if not _is_own_text(member, message):
        raise ActionRefused("not_author", _("You can only change your own messages."), status=403)
    if message.deleted_at is not None:
        raise ActionRefused("deleted", _("This message has been deleted."), status=409)
    return participant


def _audience(conversation: Conversation) -> int:
    """Who reads a message: the conversation's current participants (for "visible to N members")."""
    return Participant.objects.filter(conversation=conversation, left_at__isnull=True).count()


def edit_message(member: Membership, message: Message, body: str, *, confirm_privacy=()) -> Message:
    _require_own(member, message)
    body = _clean_body(body, required=not message.attachment)
    clearance = privacy.check(
        member, {"body": body}, confirmed=confirm_privacy, audience=lambda: _audience(message.conversation)
    )
    with transaction.atomic():
        privacy.record(member, clearance, message)
        message.body, message.edited_at = body, timezone.now()
        message.change_sequence = _take_sequence(message.conversation)
        message.save(update_fields=["body", "edited_at", "change_sequence"])
        _announce(member, message)
    return message


def delete_message(member: Membership, message: Message) -> Message:
    """The message keeps its place, shown as deleted; its text and file are gone for good."""
    _require_own(member, message)
    old_file = message.attachment.name if message.attachment else None
    with transaction.atomic():
        message.body, message.deleted_at = "", timezone.now()
        message.change_sequence = _take_sequence(message.conversation)
        message.attachment = ""
        message.save(update_fields=["body", "deleted_at", "change_sequence", "attachment"])
        _announce(member, message)
        if old_file:
            storage = Message._meta.get_field("attachment").storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return message


def hide_message(moderator: Membership, message: Message) -> Message:
    """A moderator hides a reported message (entrepairs.moderation decides who may): the participants
    see it as deleted, at once, as a deletion. Its text stays in the report, for the moderators only;
    its file, if any, is kept but no longer served (the message reads as deleted)."""
    with transaction.atomic():
        now = timezone.now()
        message.body, message.deleted_at, message.hidden_at = "", now, now
        message.change_sequence = _take_sequence(message.conversation)
        message.save(update_fields=["body", "deleted_at", "hidden_at", "change_sequence"])
        _announce(moderator, message)
    return message


# --- Receipts, muting, blocking ------------------------------------------------------------------
def mark_seen(
    member: Membership, conversation: Conversation, sequence: int, *, read: bool, participant=None
) -> Participant:
    """Move the read (and delivered) or only the delivered marker forward: never backwards, never past
    the conversation's last sequence as loaded by the caller. One UPDATE; Greatest() keeps two tabs
    reporting at once from moving a marker back. `participant`: the member's active row, when the
    caller has just read it through queries.get_participant_or_404 (saves a query)."""
    if (
        participant is None
        or participant.member_id != member.pk
        or participant.conversation_id != conversation.pk
    ):
        participant = _active_participant(member, conversation)
    sequence = max(0, min(sequence, conversation.next_sequence - 1))
    delivered = max(participant.last_delivered_sequence, sequence)
    read_to = max(participant.last_read_sequence, sequence) if read else participant.last_read_sequence
    if (read_to, delivered) == (participant.last_read_sequence, participant.last_delivered_sequence):
        return participant
    updates = {"last_delivered_sequence": Greatest(F("last_delivered_sequence"), Value(sequence))}
    if read:
        updates["last_read_sequence"] = Greatest(F("last_read_sequence"), Value(sequence))
    Participant.objects.filter(pk=participant.pk).update(**updates)
    participant.last_read_sequence, participant.last_delivered_sequence = read_to, delivered
    conversation_id, member_id = conversation.pk, member.pk
    transaction.on_commit(lambda: events.publish_receipt(conversation_id, member_id, read_to, delivered))
    return participant


def set_muted(member: Membership, conversation: Conversation, muted: bool) -> Participant:
    participant = _active_participant(member, conversation)
    participant.muted = bool(muted)
    participant.save(update_fields=["muted"])
    return participant


def block(member: Membership, other: Membership) -> Block:
    _require_colleague(member, other)
    if other.pk == member.pk:
        raise ActionRefused("self_block", _("You cannot block yourself."), field="member")
    found, _created = Block.objects.get_or_create(network_id=member.network_id, blocker=member, blocked=other)
    return found


def unblock(member: Membership, other: Membership) -> None:
    Block.objects.filter(blocker=member, blocked=other).delete()


def set_private_messages(admin: Membership, enabled: bool) -> Network:
    """Network administrators of patient communities decide whether members may write privately."""
    if not admin.is_admin:
        raise ActionRefused("forbidden", _("Only administrators of this network change this."), status=403)
    require_mfa_for_role(admin)
    network = admin.network
    network.allow_private_messages = bool(enabled)
    network.save(update_fields=["allow_private_messages"])
    return network
