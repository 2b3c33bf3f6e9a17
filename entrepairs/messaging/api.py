"""Messaging through the API (/api/v1/): the same queries and services as the pages and the socket.
Mounted by entrepairs/api/api.py: `api.add_router("/", messaging.router)`."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from entrepairs.api.auth import SIGNED_IN
from entrepairs.api.schemas import ErrorOut
from entrepairs.messaging import protocol, queries, services
from entrepairs.networks import access

router = Router(tags=["messaging"])
ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    429: ErrorOut,
}


class ConversationOut(Schema):
    id: int
    kind: str
    title: str
    unread: int
    muted: bool
    last_message_at: datetime
    latest_sequence: int


class PersonaOut(Schema):
    id: int
    name: str


class AttachmentOut(Schema):
    url: str
    type: str
    size: int
    name: str


class MessageOut(Schema):
    id: int
    conversation: int
    sequence: int
    change_sequence: int
    kind: str
    sender: PersonaOut | None
    client_id: str | None
    body: str
    reply_to: int | None
    event: str | None
    subject: PersonaOut | None
    attachment: AttachmentOut | None
    created_at: str
    edited: bool
    deleted: bool


class MessagePage(Schema):
    items: list[MessageOut]
    older_before: int | None = Field(None, description="pass as `before` to get older messages")


class HistoryQuery(Schema):
    before: int | None = Field(None, ge=1, description="messages with a sequence below this one")


class DirectIn(Schema):
    model_config = ConfigDict(extra="forbid")
    member_id: int


class GroupIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=80)
    member_ids: list[int] = Field(max_length=255)


class SendIn(Schema):
    model_config = ConfigDict(extra="forbid")
    client_id: str = Field(pattern=protocol.CLIENT_ID_PATTERN)
    body: str = Field(max_length=services.MAX_BODY_CHARS)
    reply_to: int | None = None


class SentOut(Schema):
    message: MessageOut
    duplicate: bool


class ReadIn(Schema):
    model_config = ConfigDict(extra="forbid")
    sequence: int = Field(ge=0)


class UnreadOut(Schema):
    unread: int


def _conversation_out(row) -> dict:
    conversation = row.conversation
    return {
        "id": conversation.pk, "kind": conversation.kind, "title": row.title, "unread": row.unread,
        "muted": row.muted, "last_message_at": conversation.last_message_at,
        "latest_sequence": conversation.next_sequence - 1,
    }  # fmt: skip


@router.get("/networks/{slug}/conversations", response={200: list[ConversationOut], **ERRORS}, auth=SIGNED_IN,
            operation_id="list_conversations", summary="My conversations, latest activity first")  # fmt: skip
def list_conversations(request: HttpRequest, slug: str):
    member = access.get_membership_or_404(request.auth, slug)
    rows = queries.with_titles(member, list(queries.my_conversations(member)[:200]))
    return [_conversation_out(row) for row in rows]


@router.get("/networks/{slug}/conversations/unread", response={200: UnreadOut, **ERRORS}, auth=SIGNED_IN,
            operation_id="unread_messages", summary="Unread messages over non-muted conversations")  # fmt: skip
def unread_messages(request: HttpRequest, slug: str):
    member = access.get_membership_or_404(request.auth, slug)
    return {"unread": queries.unread_total(member)}


@router.post("/networks/{slug}/conversations/direct", response={201: ConversationOut, **ERRORS}, auth=SIGNED_IN,
             operation_id="start_direct", summary="Open (or find) the direct conversation with a member")  # fmt: skip
def start_direct(request: HttpRequest, slug: str, payload: DirectIn):
    member = access.get_membership_or_404(request.auth, slug)
    conversation = services.start_direct(member, access.get_member_or_404(member, payload.member_id))
    return Status(201, _row(member, conversation.pk))


@router.post("/networks/{slug}/conversations/groups", response={201: ConversationOut, **ERRORS}, auth=SIGNED_IN,
             operation_id="create_group", summary="Create a group with members of the network")  # fmt: skip
def create_group(request: HttpRequest, slug: str, payload: GroupIn):
    member = access.get_membership_or_404(request.auth, slug)
    people = [access.get_member_or_404(member, member_id) for member_id in dict.fromkeys(payload.member_ids)]
    conversation = services.create_group(member, payload.name, people)
    return Status(201, _row(member, conversation.pk))


def _row(member, conversation_id: int) -> dict:
    row = queries.my_conversations(member).filter(conversation_id=conversation_id).first()
    return _conversation_out(queries.with_titles(member, [row])[0])


@router.get("/networks/{slug}/conversations/{conversation_id}/messages", response={200: MessagePage, **ERRORS},
            auth=SIGNED_IN, operation_id="list_messages", summary="History, newest page first, oldest first within")  # fmt: skip
def list_messages(request: HttpRequest, slug: str, conversation_id: int, query: Query[HistoryQuery]):
    member = access.get_membership_or_404(request.auth, slug)
    participant = queries.get_participant_or_404(member, conversation_id)
    items, older = queries.history_page(participant, before=query.before, limit=50)
    return {"items": [protocol.message_frame(m, slug) for m in items], "older_before": older}


@router.post("/networks/{slug}/conversations/{conversation_id}/messages", response={201: SentOut, **ERRORS},
             auth=SIGNED_IN, operation_id="send_message", summary="Send (idempotent per client_id)")  # fmt: skip
def send_message(request: HttpRequest, slug: str, conversation_id: int, payload: SendIn):
    member = access.get_membership_or_404(request.auth, slug)
    conversation = queries.get_conversation_or_404(member, conversation_id)
    message, created = services.send_message(
        member, conversation, body=payload.body, client_id=payload.client_id, reply_to=payload.reply_to
    )
    return Status(201, {"message": protocol.message_frame(message, slug), "duplicate": not created})


@router.post("/networks/{slug}/conversations/{conversation_id}/read", response={204: None, **ERRORS},
             auth=SIGNED_IN, operation_id="mark_conversation_read", summary="Move my read marker forward")  # fmt: skip
def mark_read(request: HttpRequest, slug: str, conversation_id: int, payload: ReadIn):
    member = access.get_membership_or_404(request.auth, slug)
    participant = queries.get_participant_or_404(member, conversation_id)
    services.mark_seen(member, participant.conversation, payload.sequence, read=True, participant=participant)
    return Status(204, None)


@router.delete("/networks/{slug}/messages/{message_id}", response={200: MessageOut, **ERRORS}, auth=SIGNED_IN,
               operation_id="delete_message", summary="Delete my message (it stays shown as deleted)")  # fmt: skip
def delete_message(request: HttpRequest, slug: str, message_id: int):
    member = access.get_membership_or_404(request.auth, slug)
    message = services.delete_message(member, queries.get_message_or_404(member, message_id))
    return protocol.message_frame(message, slug)
