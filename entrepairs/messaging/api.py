"""Messaging through the API (/api/v1/): the same queries and services as the pages and the socket.

Mounted by entrepairs/api/api.py. Handlers only parse, call one query or operation, and shape: every
read goes through messaging.queries (participants only; everyone else gets the same 404 as for an id
that does not exist), every write through messaging.services, which commits before it broadcasts to
the websockets. Shapes live in api_schemas.py; docs/api.md and docs/messaging-protocol.md say what a
client may rely on."""

from datetime import datetime

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from entrepairs.api.auth import SIGNED_IN
from entrepairs.api.schemas import PUBLISH_422, ErrorOut, ValidationErrorOut
from entrepairs.errors import NOT_FOUND
from entrepairs.messaging import attachments, protocol, queries, services
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
    PageQuery,
    PathId,
    ReadIn,
    SendIn,
    SentOut,
    UnreadOut,
)
from entrepairs.networks import access
from entrepairs.web.pagination import keyset_page

router = Router(tags=["messaging"])

MAX_PAGE = 100


def _errors(*statuses: int) -> dict:
    """The error responses an operation can give. Always: 401 (no valid token or session), 403
    (`verification_lapsed` in professional networks, `private_messages_off`...), 404 (unknown, or not
    yours: the same body) and 429; 422 carries `details`."""
    return {
        status: ValidationErrorOut if status == 422 else ErrorOut
        for status in sorted({401, 403, 404, 429, *statuses})
    }


def _publishing(*statuses: int) -> dict:
    """The errors of an operation that publishes text: its 422 may also be `privacy_blocked` or
    `privacy_confirm_required` (PrivacyErrorOut), which the client answers by sending again with
    `confirm_privacy`."""
    return {**_errors(*statuses, 422), 422: PUBLISH_422}


def _limit(limit: int) -> int:
    # Out-of-range limits are clamped rather than refused, as everywhere in the API.
    return min(max(limit, 1), MAX_PAGE)


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
        "id": conversation.pk, "kind": conversation.kind, "title": row.title, "unread": row.unread,
        "muted": row.muted, "my_role": row.role, "last_message_at": conversation.last_message_at,
        "latest_sequence": conversation.next_sequence - 1, "read_sequence": row.last_read_sequence,
        "with_member": protocol.persona(other) if other is not None else None,
    }  # fmt: skip


def _my_row(member, conversation_id: int):
    """The member's active row in a conversation of their network (Http404 otherwise), with unread
    count and title: two queries."""
    row = queries.my_conversations(member).filter(conversation_id=conversation_id).first()
    if row is None:
        raise Http404(NOT_FOUND)
    return queries.with_titles(member, [row])[0]


def _badge(membership) -> str | None:
    return membership.qualification.badge if membership.qualification_id else None


def _detail_out(member, conversation_id: int) -> dict:
    row = _my_row(member, conversation_id)
    people = [
        {"member": protocol.persona(p.member), "role": p.role, "badge": _badge(p.member),
         "read_sequence": p.last_read_sequence, "delivered_sequence": p.last_delivered_sequence}
        for p in queries.participants(row.conversation)
    ]  # fmt: skip
    return {**_conversation_out(row), "participants": people}


# --- Conversations -------------------------------------------------------------------------------
@router.get(
    "/networks/{slug}/conversations", response={200: ConversationPage, **_errors(422)}, auth=SIGNED_IN,
    operation_id="list_conversations", summary="My conversations, latest activity first",
    description="Keyset pagination: pass `next_cursor` back as `cursor`.",
)  # fmt: skip
def list_conversations(request: HttpRequest, slug: str, query: Query[PageQuery]):
    member = access.get_membership_or_404(request.auth, slug)
    rows, next_cursor = keyset_page(
        queries.my_conversations(member), sort_field="last_message_at", cursor=query.cursor,
        limit=_limit(query.limit), descending=True, parse=datetime.fromisoformat,
    )  # fmt: skip
    rows = queries.with_titles(member, rows)
    return {"items": [_conversation_out(row) for row in rows], "next_cursor": next_cursor}


@router.get(
    "/networks/{slug}/conversations/unread", response={200: UnreadOut, **_errors()}, auth=SIGNED_IN,
    operation_id="unread_messages", summary="Unread messages over non-muted conversations",
)  # fmt: skip
def unread_messages(request: HttpRequest, slug: str):
    member = access.get_membership_or_404(request.auth, slug)
    return {"unread": queries.unread_total(member)}


@router.post(
    "/networks/{slug}/conversations/direct", response={201: ConversationOut, **_errors(400, 422)},
    auth=SIGNED_IN, operation_id="start_direct",
    summary="Open (or find) the direct conversation with a member",
    description="403 `blocked` if either blocked the other, 400 `self_conversation`.",
)  # fmt: skip
def start_direct(request: HttpRequest, slug: str, payload: DirectIn):
    member = access.get_membership_or_404(request.auth, slug)
    conversation = services.start_direct(member, access.get_member_or_404(member, payload.member_id))
    return Status(201, _conversation_out(_my_row(member, conversation.pk)))


@router.post(
    "/networks/{slug}/conversations/groups", response={201: ConversationDetailOut, **_errors(400, 422)},
    auth=SIGNED_IN, operation_id="create_group", summary="Create a group with members of the network",
    description="You become its administrator. 404 if an id is not an active member of the "
    "network; 400 `blocked` if one of them blocked you, `members_required`, `group_too_large`.",
)  # fmt: skip
def create_group(request: HttpRequest, slug: str, payload: GroupIn):
    member = access.get_membership_or_404(request.auth, slug)
    people = queries.members_by_ids(member, payload.member_ids)
    conversation = services.create_group(member, payload.name, people)
    return Status(201, _detail_out(member, conversation.pk))


@router.get(
    "/networks/{slug}/conversations/{conversation_id}", response={200: ConversationDetailOut, **_errors(422)},
    auth=SIGNED_IN, operation_id="get_conversation",
    summary="One conversation with its participants and their read markers",
)  # fmt: skip
def get_conversation(request: HttpRequest, slug: str, conversation_id: PathId):
    member = access.get_membership_or_404(request.auth, slug)
    return _detail_out(member, conversation_id)


@router.put(
    "/networks/{slug}/conversations/{conversation_id}/mute", response={200: ConversationOut, **_errors(422)},
    auth=SIGNED_IN, operation_id="mute_conversation",
    summary="Mute or unmute a conversation (no unread pings, not counted in the badge)",
)  # fmt: skip
def mute_conversation(request: HttpRequest, slug: str, conversation_id: PathId, payload: MuteIn):
    member = access.get_membership_or_404(request.auth, slug)
    services.set_muted(member, queries.get_conversation_or_404(member, conversation_id), payload.muted)
    return _conversation_out(_my_row(member, conversation_id))


@router.post(
    "/networks/{slug}/conversations/{conversation_id}/read", response={204: None, **_errors(422)},
    auth=SIGNED_IN, operation_id="mark_conversation_read", summary="Move my read marker forward",
    description="Never backwards, never past the latest sequence. Other participants' sockets "
    "get a `receipt`.",
)  # fmt: skip
def mark_conversation_read(request: HttpRequest, slug: str, conversation_id: PathId, payload: ReadIn):
    member = access.get_membership_or_404(request.auth, slug)
    participant = queries.get_participant_or_404(member, conversation_id)
    services.mark_seen(member, participant.conversation, payload.sequence, read=True, participant=participant)
    return Status(204, None)


# --- Group members -------------------------------------------------------------------------------
@router.post(
    "/networks/{slug}/conversations/{conversation_id}/members",
    response={200: ConversationDetailOut, **_errors(400, 409, 422)}, auth=SIGNED_IN,
    operation_id="add_group_members", summary="Add members to a group (group administrators)",
    description="Someone added reads only what is written from then on. 403 `forbidden` for "
    "participants who are not administrators, 409 `not_a_group` for a direct conversation.",
)  # fmt: skip
def add_group_members(request: HttpRequest, slug: str, conversation_id: PathId, payload: MembersIn):
    member = access.get_membership_or_404(request.auth, slug)
    conversation = queries.get_conversation_or_404(member, conversation_id)
    services.add_participants(member, conversation, queries.members_by_ids(member, payload.member_ids))
    return _detail_out(member, conversation_id)


@router.delete(
    "/networks/{slug}/conversations/{conversation_id}/members/{member_id}",
    response={204: None, **_errors(409, 422)}, auth=SIGNED_IN, operation_id="remove_group_member",
    summary="Remove a member from a group (group administrators)",
    description="The removed member's sockets get `removed` at once and every later read "
    "answers 404. 409 `use_leave` for yourself, `not_a_group` for a direct conversation.",
)  # fmt: skip
def remove_group_member(request: HttpRequest, slug: str, conversation_id: PathId, member_id: PathId):
    member = access.get_membership_or_404(request.auth, slug)
    conversation = queries.get_conversation_or_404(member, conversation_id)
    services.remove_participant(member, conversation, access.get_member_or_404(member, member_id))
    return Status(204, None)


@router.post(
    "/networks/{slug}/conversations/{conversation_id}/leave", response={204: None, **_errors(409, 422)},
    auth=SIGNED_IN, operation_id="leave_group", summary="Leave a group",
    description="The longest-standing member becomes administrator if the last one leaves. "
    "409 `not_a_group`: direct conversations cannot be left (mute or block instead).",
)  # fmt: skip
def leave_group(request: HttpRequest, slug: str, conversation_id: PathId):
    member = access.get_membership_or_404(request.auth, slug)
    services.leave_group(member, queries.get_conversation_or_404(member, conversation_id))
    return Status(204, None)


# --- Messages ------------------------------------------------------------------------------------
@router.get(
    "/networks/{slug}/conversations/{conversation_id}/messages", response={200: MessagePage, **_errors(422)},
    auth=SIGNED_IN, operation_id="list_messages", summary="History, one page, oldest first within it",
    description="Without `before`/`after`: the latest page. `before`: older ones (keep passing "
    "`older_before`). `after`: newer ones, oldest first (keep passing `newer_after`). Reading does "
    "not move the read marker.",
)  # fmt: skip
def list_messages(request: HttpRequest, slug: str, conversation_id: PathId, query: Query[HistoryQuery]):
    member = access.get_membership_or_404(request.auth, slug)
    participant = queries.get_participant_or_404(member, conversation_id)
    items, further = queries.history_page(
        participant, before=query.before, after=query.after, limit=_limit(query.limit)
    )
    forwards = query.after is not None
    return {
        "items": [_message_out(m, slug) for m in items],
        "older_before": None if forwards else further,
        "newer_after": further if forwards else None,
        "latest_sequence": participant.conversation.next_sequence - 1,
    }


@router.get(
    "/networks/{slug}/conversations/{conversation_id}/changes", response={200: ChangesOut, **_errors(422)},
    auth=SIGNED_IN, operation_id="list_changes",
    summary="Every message created, edited or deleted after a sequence (polling twin of `resume`)",
    description="Compare with `change_sequence`; then ask again with `after=latest_sequence`. "
    "`resync_required`: too many changes, fetch the history instead.",
)  # fmt: skip
def list_changes(request: HttpRequest, slug: str, conversation_id: PathId, query: Query[ChangesQuery]):
    member = access.get_membership_or_404(request.auth, slug)
    found = queries.changes_after(member, conversation_id, query.after)
    return {
        "items": [_message_out(m, slug) for m in found["changes"]],
        "latest_sequence": found["latest"],
        "resync_required": found["truncated"],
    }


def _sent(message, created: bool, slug: str):
    # 201 for a new message, 200 for a retry that found the message stored the first time.
    return Status(201 if created else 200, {"message": _message_out(message, slug), "duplicate": not created})


@router.post(
    "/networks/{slug}/conversations/{conversation_id}/messages",
    response={200: SentOut, 201: SentOut, **_publishing(400, 409, 413)}, auth=SIGNED_IN,
    operation_id="send_message", summary="Send a message or a reply (idempotent per client_id)",
    description="Stored, then broadcast to the participants' sockets. The same `client_id` "
    "again returns the stored message with `duplicate: true` (200). 403 `blocked`, 409 "
    "`recipient_gone`, 400 `empty_message` / `invalid_reply`, 422 `message_too_long`, "
    "`privacy_blocked` or `privacy_confirm_required` (nothing stored: send again, with the same "
    "`client_id`, listing the kinds in `confirm_privacy`).",
)  # fmt: skip
def send_message(request: HttpRequest, slug: str, conversation_id: PathId, payload: SendIn):
    member = access.get_membership_or_404(request.auth, slug)
    conversation = queries.get_conversation_or_404(member, conversation_id)
    message, created = services.send_message(
        member, conversation, body=payload.body, client_id=payload.client_id, reply_to=payload.reply_to,
        confirm_privacy=payload.confirm_privacy,
    )  # fmt: skip
    return _sent(message, created, slug)


@router.post(
    "/networks/{slug}/conversations/{conversation_id}/attachments",
    response={200: SentOut, 201: SentOut, **_publishing(400, 409, 413)}, auth=SIGNED_IN,
    operation_id="send_attachment", summary="Send an image or a PDF (multipart), with optional text",
    description="Recognised by its content, never its name: JPEG, PNG, WebP or PDF, under 10 MB. "
    "Images are re-encoded (EXIF and GPS removed). 422 `attachment_too_large`, "
    "`attachment_type`, `attachment_unreadable`; nothing is stored.",
)  # fmt: skip
def send_attachment(
    request: HttpRequest,
    slug: str,
    conversation_id: PathId,
    file: File[UploadedFile],
    form: Form[AttachmentForm],
):
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
    )
    return _sent(message, created, slug)


@router.patch(
    "/networks/{slug}/messages/{message_id}", response={200: MessageOut, **_publishing(400, 409)},
    auth=SIGNED_IN, operation_id="edit_message", summary="Edit my message",
    description="403 `not_author` for someone else's message, 409 `deleted`, 422 `privacy_blocked` or "
    "`privacy_confirm_required` as when sending.",
)  # fmt: skip
def edit_message(request: HttpRequest, slug: str, message_id: PathId, payload: EditIn):
    member = access.get_membership_or_404(request.auth, slug)
    message = services.edit_message(
        member, queries.get_message_or_404(member, message_id), payload.body,
        confirm_privacy=payload.confirm_privacy,
    )  # fmt: skip
    return _message_out(message, slug)


@router.delete(
    "/networks/{slug}/messages/{message_id}", response={200: MessageOut, **_errors(409, 422)}, auth=SIGNED_IN,
    operation_id="delete_message", summary="Delete my message (it stays shown as deleted)",
    description="Its text and file are gone for good. 403 `not_author`, 409 `deleted`.",
)  # fmt: skip
def delete_message(request: HttpRequest, slug: str, message_id: PathId):
    member = access.get_membership_or_404(request.auth, slug)
    message = services.delete_message(member, queries.get_message_or_404(member, message_id))
    return _message_out(message, slug)


_FILE = {"schema": {"type": "string", "format": "binary"}}
_FILE_RESPONSE = {
    "200": {"description": "The file", "content": {"image/png": _FILE, "application/pdf": _FILE}}
}


@router.get(
    "/networks/{slug}/messages/{message_id}/attachment", response={200: None, **_errors(422)}, auth=SIGNED_IN,
    operation_id="download_attachment", summary="Download a message's attachment",
    description="Participants only, checked on every download. Images are served inline, PDFs "
    "as a download, with `X-Content-Type-Options: nosniff` and `Cache-Control: no-store`.",
    openapi_extra={"responses": _FILE_RESPONSE},
)  # fmt: skip
def download_attachment(request: HttpRequest, slug: str, message_id: PathId):
    member = access.get_membership_or_404(request.auth, slug)
    message = queries.get_message_or_404(member, message_id)
    response = attachments.download(message)
    response["Cache-Control"] = "no-store"
    return response


# --- Blocks --------------------------------------------------------------------------------------
def _block_out(block) -> dict:
    return {"member": protocol.persona(block.blocked), "created_at": block.created_at}


@router.get(
    "/networks/{slug}/blocks", response={200: BlockPage, **_errors(422)}, auth=SIGNED_IN,
    operation_id="list_blocks", summary="Members I blocked, by name",
    description="Keyset pagination: pass `next_cursor` back as `cursor`.",
)  # fmt: skip
def list_blocks(request: HttpRequest, slug: str, query: Query[PageQuery]):
    member = access.get_membership_or_404(request.auth, slug)
    blocks, next_cursor = keyset_page(
        queries.my_blocks(member), sort_field="sort_name", cursor=query.cursor, limit=_limit(query.limit)
    )
    return {"items": [_block_out(block) for block in blocks], "next_cursor": next_cursor}


@router.post(
    "/networks/{slug}/blocks", response={201: BlockOut, **_errors(400, 422)}, auth=SIGNED_IN,
    operation_id="block_member", summary="Block a member: they can no longer write to you",
    description="Nor add you to a group. Blocking twice is the same as once. 400 `self_block`.",
)  # fmt: skip
def block_member(request: HttpRequest, slug: str, payload: BlockIn):
    member = access.get_membership_or_404(request.auth, slug)
    block = services.block(member, access.get_member_or_404(member, payload.member_id))
    return Status(201, _block_out(block))


@router.delete(
    "/networks/{slug}/blocks/{member_id}", response={204: None, **_errors(422)}, auth=SIGNED_IN,
    operation_id="unblock_member", summary="Unblock a member",
    description="404 unless you blocked this member.",
)  # fmt: skip
def unblock_member(request: HttpRequest, slug: str, member_id: PathId):
    member = access.get_membership_or_404(request.auth, slug)
    block = queries.my_blocks(member).filter(blocked_id=member_id).first()
    if block is None:
        raise Http404(NOT_FOUND)
    services.unblock(member, block.blocked)
    return Status(204, None)
