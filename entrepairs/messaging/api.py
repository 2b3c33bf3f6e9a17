"""Messaging through the API (/api/v1/): the same queries and services as the pages and the socket.

Mounted by entrepairs/api/api.py. Handlers only parse, call one query or operation, and shape: every
read goes through messaging.queries (participants only; everyone else gets the same 404 as for an id
that does not exist), every write through messaging.services, which commits before it broadcasts to
the websockets. Shapes live in api_schemas.py; docs/api.md and docs/messaging-protocol.md say what a
client may rely on."""

from datetime import datetime

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from entrepairs.api.auth import SIGNED_IN
from entrepairs.api.errors import error_responses
from entrepairs.api.schemas import ATTACHMENT_422, PageQuery, PathId, page_limit
from entrepairs.errors import NOT_FOUND, ActionRefused
from entrepairs.messaging import attachments, protocol, queries, services, tickets
from entrepairs.messaging.api_schemas import (
    AttachmentForm,
    BlockIn,
    BlockOut,
    BlockPage,
    ChangesOut,
    ChangesQuery,
    ConversationDetailOut,
    ConversationOut,
    ConversationPage,
    DirectIn,
    EditIn,
    GroupIn,
    HistoryQuery,
    MembersIn,
    MessageOut,
    MessagePage,
    MuteIn,
    ReadIn,
    SendIn,
    SentOut,
    TicketIn,
    TicketOut,
    UnreadOut,
)
from entrepairs.networks import access
from entrepairs.networks.api_outputs import badge
from entrepairs.web.pagination import keyset_page

# Besides the errors of every operation (api/errors.py ALWAYS), 403 may be `verification_lapsed` in
# professional networks or `private_messages_off`.
router = Router(tags=["messaging"], auth=SIGNED_IN)


def _message_out(message, slug: str) -> dict:
    """The websocket's message frame, with the attachment's URL pointing at the API download (a token
    opens it; the page URL in the socket's frames needs the browser session)."""
    frame = protocol.message_frame(message, slug)
    if frame["attachment"] is not None:
        frame["attachment"]["url"] = reverse(
            "api:download_attachment", kwargs={"slug": slug, "message_id": message.pk}
        )
    return frame


def _conversation_out(row) -> dict:
    """`row` is the member's participant row from queries.my_conversations, passed through
    queries.with_titles."""
    conversation = row.conversation
    other = getattr(row, "other", None)
    return {
        "id": conversation.pk,
        "kind": conversation.kind,
        "title": row.title,
        "unread": row.unread,
        "muted": row.muted,
        "my_role": row.role,
        "last_message_at": conversation.last_message_at,
        "latest_sequence": conversation.next_sequence - 1,
        "read_sequence": row.last_read_sequence,
        "with_member": protocol.persona(other) if other is not None else None,
    }


def _row_out(member, conversation_id: int) -> dict:
    """One conversation as the list shows it: the same row as the page's unread fragment."""
    return _conversation_out(queries.get_titled_conversation_row_or_404(member, conversation_id))


def _detail_out(member, conversation_id: int) -> dict:
    row = queries.get_titled_conversation_row_or_404(member, conversation_id)
    people = [
        {
            "member": protocol.persona(p.member),
            "role": p.role,
            "badge": badge(p.member),
            "read_sequence": p.last_read_sequence,
            "delivered_sequence": p.last_delivered_sequence,
        }
        for p in queries.participants(row.conversation)
    ]
    return {**_conversation_out(row), "participants": people}


# --- Conversations -------------------------------------------------------------------------------
@router.get(
    "/networks/{slug}/conversations",
    response={200: ConversationPage, **error_responses(422)},
    operation_id="list_conversations",
    summary="My conversations, latest activity first",
)
def list_conversations(request: HttpRequest, slug: str, query: Query[PageQuery]):
    """Keyset pagination: pass `next_cursor` back as `cursor`."""
    member = access.get_membership_or_404(request.auth, slug)
    rows, next_cursor = keyset_page(
        queries.my_conversations(member),
        sort_field="last_message_at",
        cursor=query.cursor,
        limit=page_limit(query.limit),
        descending=True,
        parse=datetime.fromisoformat,
    )
    rows = queries.with_titles(member, rows)
    return {"items": [_conversation_out(row) for row in rows], "next_cursor": next_cursor}


@router.get(
    "/networks/{slug}/conversations/unread",
    response={200: UnreadOut, **error_responses()},
    operation_id="unread_messages",
    summary="Unread messages over non-muted conversations",
)
def unread_messages(request: HttpRequest, slug: str):
    member = access.get_membership_or_404(request.auth, slug)
    return {"unread": queries.unread_total(member)}


@router.post(
    "/realtime/ticket",
    response={201: TicketOut, **error_responses(422)},
    operation_id="create_realtime_ticket",
    summary="A one-time ticket to open the messaging websocket without a browser session",
)
def create_realtime_ticket(request: HttpRequest, payload: TicketIn):
    """For clients holding an API token: open `socket` within 30 seconds, once; the ticket is bound to
    this account and this network (docs/messaging-protocol.md, "Connecting"). 404 if the account is
    not an active member of the network."""
    member = access.get_membership_or_404(request.auth, payload.network)
    ticket = tickets.issue(request.auth, member.network)
    return Status(
        201,
        {
            "ticket": ticket,
            "expires_in": tickets.TTL_SECONDS,
            "socket": f"/ws/n/{member.network.slug}/messages/?ticket={ticket}",
        },
    )


@router.post(
    "/networks/{slug}/conversations/direct",
    response={201: ConversationOut, **error_responses(400, 422)},
    operation_id="start_direct",
    summary="Open (or find) the direct conversation with a member",
)
def start_direct(request: HttpRequest, slug: str, payload: DirectIn):
    """403 `blocked` if either blocked the other, 400 `self_conversation`."""
    member = access.get_membership_or_404(request.auth, slug)
    conversation = services.start_direct(member, access.get_member_or_404(member, payload.member_id))
    return Status(201, _row_out(member, conversation.pk))


@router.post(
    "/networks/{slug}/conversations/groups",
    response={201: ConversationDetailOut, **error_responses(400, 422)},
    operation_id="create_group",
    summary="Create a group with members of the network",
)
def create_group(request: HttpRequest, slug: str, payload: GroupIn):
    """You become its administrator. 404 if an id is not an active member of the network; 400 `blocked` if
    one of them blocked you, `members_required`, `group_too_large`."""
    member = access.get_membership_or_404(request.auth, slug)
    people = queries.members_by_ids(member, payload.member_ids)
    conversation = services.create_group(member, payload.name, people)
    return Status(201, _detail_out(member, conversation.pk))


@router.get(
    "/networks/{slug}/conversations/{conversation_id}",
    response={200: ConversationDetailOut, **error_responses(422)},
    operation_id="get_conversation",
    summary="One conversation with its participants and their read markers",
)
def get_conversation(request: HttpRequest, slug: str, conversation_id: PathId):
    member = access.get_membership_or_404(request.auth, slug)
    return _detail_out(member, conversation_id)


@router.put(
    "/networks/{slug}/conversations/{conversation_id}/mute",
    response={200: ConversationOut, **error_responses(422)},
    operation_id="mute_conversation",
    summary="Mute or unmute a conversation (no unread pings, not counted in the badge)",
)
def mute_conversation(request: HttpRequest, slug: str, conversation_id: PathId, payload: MuteIn):
    member = access.get_membership_or_404(request.auth, slug)
    services.set_muted(member, queries.get_conversation_or_404(member, conversation_id), payload.muted)
    return _row_out(member, conversation_id)


@router.post(
    "/networks/{slug}/conversations/{conversation_id}/read",
    response={204: None, **error_responses(422)},
    operation_id="mark_conversation_read",
    summary="Move my read marker forward",
)
def mark_conversation_read(request: HttpRequest, slug: str, conversation_id: PathId, payload: ReadIn):
    """Never backwards, never past the latest sequence. Other participants' sockets get a `receipt`."""
    member = access.get_membership_or_404(request.auth, slug)
    participant = queries.get_participant_or_404(member, conversation_id)
    services.mark_seen(member, participant.conversation, payload.sequence, read=True, participant=participant)
    return Status(204, None)


# --- Group members -------------------------------------------------------------------------------
@router.post(
    "/networks/{slug}/conversations/{conversation_id}/members",
    response={200: ConversationDetailOut, **error_responses(400, 409, 422)},
    operation_id="add_group_members",
    summary="Add members to a group (group administrators)",
)
def add_group_members(request: HttpRequest, slug: str, conversation_id: PathId, payload: MembersIn):
    """Someone added reads only what is written from then on. 403 `forbidden` for participants who are not
    administrators, 409 `not_a_group` for a direct conversation."""
    member = access.get_membership_or_404(request.auth, slug)
    conversation = queries.get_conversation_or_404(member, conversation_id)
    services.add_participants(member, conversation, queries.members_by_ids(member, payload.member_ids))
    return _detail_out(member, conversation_id)


@router.delete(
    "/networks/{slug}/conversations/{conversation_id}/members/{member_id}",
    response={204: None, **error_responses(409, 422)},
    operation_id="remove_group_member",
    summary="Remove a member from a group (group administrators)",
)
def remove_group_member(request: HttpRequest, slug: str, conversation_id: PathId, member_id: PathId):
    """The removed member's sockets get `removed` at once and every later read answers 404. 409 `use_leave`
    for yourself, `not_a_group` for a direct conversation."""
    member = access.get_membership_or_404(request.auth, slug)
    conversation = queries.get_conversation_or_404(member, conversation_id)
    services.remove_participant(member, conversation, access.get_member_or_404(member, member_id))
    return Status(204, None)


@router.post(
    "/networks/{slug}/conversations/{conversation_id}/leave",
    response={204: None, **error_responses(409, 422)},
    operation_id="leave_group",
    summary="Leave a group",
)
def leave_group(request: HttpRequest, slug: str, conversation_id: PathId):
    """The longest-standing member becomes administrator if the last one leaves. 409 `not_a_group`: direct
    conversations cannot be left (mute or block instead)."""
    member = access.get_membership_or_404(request.auth, slug)
    services.leave_group(member, queries.get_conversation_or_404(member, conversation_id))
    return Status(204, None)


# --- Messages ------------------------------------------------------------------------------------
@router.get(
    "/networks/{slug}/conversations/{conversation_id}/messages",
    response={200: MessagePage, **error_responses(422)},
    operation_id="list_messages",
    summary="History, one page, oldest first within it",
)
def list_messages(request: HttpRequest, slug: str, conversation_id: PathId, query: Query[HistoryQuery]):
    """Without `before`/`after`: the latest page. `before`: older ones (keep passing `older_before`).
    `after`: newer ones, oldest first (keep passing `newer_after`). Reading does not move the read marker."""
    member = access.get_membership_or_404(request.auth, slug)
    participant = queries.get_participant_or_404(member, conversation_id)
    if query.before is not None and query.after is not None:
        raise ActionRefused(
            "before_and_after", _("Pass either `before` or `after`, not both."), field="after"
        )
    items, further = queries.history_page(
        participant, before=query.before, after=query.after, limit=page_limit(query.limit)
    )
    forwards = query.after is not None
    return {
        "items": [_message_out(m, slug) for m in items],
        "older_before": None if forwards else further,
        "newer_after": further if forwards else None,
        "latest_sequence": participant.conversation.next_sequence - 1,
    }


@router.get(
    "/networks/{slug}/conversations/{conversation_id}/changes",
    response={200: ChangesOut, **error_responses(422)},
    operation_id="list_changes",
    summary="Every message created, edited or deleted after a sequence (polling twin of `resume`)",
)
def list_changes(request: HttpRequest, slug: str, conversation_id: PathId, query: Query[ChangesQuery]):
    """Compare with `change_sequence`; then ask again with `after=latest_sequence`. `resync_required`: too
    many changes, fetch the history instead."""
    member = access.get_membership_or_404(request.auth, slug)
    found = queries.changes_after(member, conversation_id, query.after)
    return {
        "items": [_message_out(m, slug) for m in found["changes"]],
        "latest_sequence": found["latest"],
        "resync_required": found["truncated"],
    }


def _sent(message, created: bool, slug: str):
    # 201 for a new message, 200 for a retry that found the message stored the first time.
    return Status(
        201 if created else 200,
        {
            "message": _message_out(message, slug),
            "duplicate": not created,
            "support_resources": getattr(message, "support", None),
        },
    )


@router.post(
    "/networks/{slug}/conversations/{conversation_id}/messages",
    response={200: SentOut, 201: SentOut, **error_responses(400, 409, 413, publishing=True)},
    operation_id="send_message",
    summary="Send a message or a reply (idempotent per client_id)",
)
def send_message(request: HttpRequest, slug: str, conversation_id: PathId, payload: SendIn):
    """Stored, then broadcast to the participants' sockets. The same `client_id` again returns the stored
    message with `duplicate: true` (200). 403 `blocked`, 409 `recipient_gone`, 400 `empty_message` /
    `invalid_reply`, 422 `message_too_long`, `privacy_blocked` or `privacy_confirm_required` (nothing
    stored: send again, with the same `client_id`, listing the kinds in `confirm_privacy`)."""
    member = access.get_membership_or_404(request.auth, slug)
    # The sender's row with what moderation answers for a send (suspended? watched words?), in the
    # statement that finds the conversation, as the websocket reads it: the send needs no other read
    # of either (three statements fewer, built with the ORM each time).
    participant = queries.get_participant_or_404(member, conversation_id, for_sending=True)
    message, created = services.send_message(
        member,
        participant.conversation,
        body=payload.body,
        client_id=payload.client_id,
        reply_to=payload.reply_to,
        confirm_privacy=payload.confirm_privacy,
        participant=participant,
    )
    return _sent(message, created, slug)


@router.post(
    "/networks/{slug}/conversations/{conversation_id}/attachments",
    response={
        200: SentOut,
        201: SentOut,
        **error_responses(400, 409, 413, publishing=True),
        422: ATTACHMENT_422,
    },
    operation_id="send_attachment",
    summary="Send an image or a PDF (multipart), with optional text",
)
def send_attachment(
    request: HttpRequest,
    slug: str,
    conversation_id: PathId,
    file: File[UploadedFile],
    form: Form[AttachmentForm],
):
    """Recognised by its content, never its name: JPEG, PNG, WebP or PDF, under 10 MB. Images are
    re-encoded (EXIF and GPS removed). 422 `attachment_too_large`, `attachment_type`,
    `attachment_unreadable`; nothing is stored. 422 `attachment_review` when faces or personal data
    (a name, a NIR...) were found on the image or in the PDF's text: `faces`, `kinds`, `regions`
    (boxes in the stored image's pixels) and `choices`; send again with `attachment_choice`."""
    member = access.get_membership_or_404(request.auth, slug)
    conversation = queries.get_conversation_or_404(member, conversation_id)
    message, created = services.send_message(
        member,
        conversation,
        body=form.body,
        client_id=form.client_id,
        reply_to=form.reply_to,
        attachment=file,
        confirm_privacy=form.confirm_privacy,
        attachment_choice=form.attachment_choice,
    )
    return _sent(message, created, slug)


@router.patch(
    "/networks/{slug}/messages/{message_id}",
    response={200: MessageOut, **error_responses(400, 409, publishing=True)},
    operation_id="edit_message",
    summary="Edit my message",
)
def edit_message(request: HttpRequest, slug: str, message_id: PathId, payload: EditIn):
    """403 `not_author` for someone else's message, 409 `deleted`, 422 `privacy_blocked` or
    `privacy_confirm_required` as when sending."""
    member = access.get_membership_or_404(request.auth, slug)
    message = services.edit_message(
        member,
        queries.get_message_or_404(member, message_id),
        payload.body,
        confirm_privacy=payload.confirm_privacy,
    )
    return _message_out(message, slug)


@router.delete(
    "/networks/{slug}/messages/{message_id}",
    response={200: MessageOut, **error_responses(409, 422)},
    operation_id="delete_message",
    summary="Delete my message (it stays shown as deleted)",
)
def delete_message(request: HttpRequest, slug: str, message_id: PathId):
    """Its text and file are gone for good. 403 `not_author`, 409 `deleted`."""
    member = access.get_membership_or_404(request.auth, slug)
    message = services.delete_message(member, queries.get_message_or_404(member, message_id))
    return _message_out(message, slug)


_FILE = {"schema": {"type": "string", "format": "binary"}}
# Keyed by the integer 200, as ninja keys the responses it builds: a "200" string key would sit beside
# it and the served JSON would declare the 200 response twice (Swagger UI then refuses the schema).
_FILE_RESPONSE = {200: {"description": "The file", "content": {"image/png": _FILE, "application/pdf": _FILE}}}


@router.get(
    "/networks/{slug}/messages/{message_id}/attachment",
    response={200: None, **error_responses(422)},
    operation_id="download_attachment",
    summary="Download a message's attachment",
    openapi_extra={"responses": _FILE_RESPONSE},
)
def download_attachment(request: HttpRequest, slug: str, message_id: PathId):
    """Participants only, checked on every download. Images are served inline, PDFs as a download, with
    `X-Content-Type-Options: nosniff` and `Cache-Control: no-store`."""
    member = access.get_membership_or_404(request.auth, slug)
    return attachments.download(member, message_id, cache_control="no-store")


# --- Blocks --------------------------------------------------------------------------------------
def _block_out(block) -> dict:
    return {"member": protocol.persona(block.blocked), "created_at": block.created_at}


@router.get(
    "/networks/{slug}/blocks",
    response={200: BlockPage, **error_responses(422)},
    operation_id="list_blocks",
    summary="Members I blocked, by name",
)
def list_blocks(request: HttpRequest, slug: str, query: Query[PageQuery]):
    """Keyset pagination: pass `next_cursor` back as `cursor`."""
    member = access.get_membership_or_404(request.auth, slug)
    blocks, next_cursor = keyset_page(
        queries.my_blocks(member), sort_field="sort_name", cursor=query.cursor, limit=page_limit(query.limit)
    )
    return {"items": [_block_out(block) for block in blocks], "next_cursor": next_cursor}


@router.post(
    "/networks/{slug}/blocks",
    response={201: BlockOut, **error_responses(400, 422)},
    operation_id="block_member",
    summary="Block a member: they can no longer write to you",
)
def block_member(request: HttpRequest, slug: str, payload: BlockIn):
    """Nor add you to a group. Blocking twice is the same as once. 400 `self_block`."""
    member = access.get_membership_or_404(request.auth, slug)
    block = services.block(member, access.get_member_or_404(member, payload.member_id))
    return Status(201, _block_out(block))


@router.delete(
    "/networks/{slug}/blocks/{member_id}",
    response={204: None, **error_responses(422)},
    operation_id="unblock_member",
    summary="Unblock a member",
)
def unblock_member(request: HttpRequest, slug: str, member_id: PathId):
    """404 unless you blocked this member."""
    member = access.get_membership_or_404(request.auth, slug)
    block = queries.my_blocks(member).filter(blocked_id=member_id).first()
    if block is None:
        raise Http404(NOT_FOUND)
    services.unblock(member, block.blocked)
    return Status(204, None)
