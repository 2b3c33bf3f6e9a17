"""Shapes of the messaging API (entrepairs/messaging/api.py). Input schemas forbid unknown fields.

A message has one shape everywhere: the websocket's `message` frame (docs/messaging-protocol.md),
except that in the API the attachment's `url` is the API download."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import WithJsonSchema

from entrepairs.api.schemas import (
    MAX_ID,
    Flag,
    Id,
    PrivacyKind,
    QueryId,
    QuerySequence,
    SequenceNumber,
    StrictInput,
    Text,
    confirm_privacy_field,
)
from entrepairs.messaging import protocol, services

CLIENT_ID = Field(
    pattern=protocol.CLIENT_ID_PATTERN,
    description="chosen by the client, 1-64 of `A-Z a-z 0-9 . _ : -`: sending again with the same one "
    "returns the message stored the first time",
)
# Not a pydantic max_length: the service refuses with the stable code `message_too_long` (422), the
# same as the websocket does, instead of a generic `invalid_input`.
BODY_LIMIT = {"maxLength": services.MAX_BODY_CHARS}


# --- Output --------------------------------------------------------------------------------------
class PersonaOut(Schema):
    id: int = Field(description="id of the membership (persona) in this network")
    name: str


class ConversationOut(Schema):
    id: int
    kind: str = Field(description="`direct` or `group`")
    title: str = Field(description="the group's name, or the other member's name")
    with_member: PersonaOut | None = Field(None, description="the other member of a direct conversation")
    unread: int
    muted: bool
    my_role: str = Field(description="`admin` or `member` (group administrators manage members)")
    last_message_at: datetime
    latest_sequence: int = Field(description="the conversation's latest change")
    read_sequence: int = Field(description="my read marker")


class ConversationPage(Schema):
    items: list[ConversationOut]
    next_cursor: str | None = None


class ParticipantOut(Schema):
    member: PersonaOut
    role: str
    badge: str | None = None
    read_sequence: int
    delivered_sequence: int


class ConversationDetailOut(ConversationOut):
    participants: list[ParticipantOut]


class AttachmentOut(Schema):
    url: str = Field(description="the API download (participants only)")
    type: str = Field(description="`image/png` (images are re-encoded) or `application/pdf`")
    size: int
    name: str


class MessageOut(Schema):
    id: int
    conversation: int
    sequence: int = Field(description="place in the conversation, fixed")
    change_sequence: int = Field(description="sequence of the last edit or deletion (== sequence until then)")
    kind: str = Field(description="`text`, or `system` for group events")
    sender: PersonaOut | None
    client_id: str | None
    body: str = Field(description="empty once deleted")
    reply_to: int | None = Field(description="id of the message this one answers")
    event: str | None = Field(description="system messages: `created`, `added`, `removed`, `left`")
    subject: PersonaOut | None = Field(description="system messages: whom the event concerns")
    attachment: AttachmentOut | None
    created_at: str = Field(description="ISO 8601, UTC")
    edited: bool
    deleted: bool


class MessagePage(Schema):
    items: list[MessageOut] = Field(description="oldest first")
    older_before: int | None = Field(None, description="pass as `before` for older messages; null: none")
    newer_after: int | None = Field(
        None, description="pages read with `after`: pass as `after` for newer ones; null: this is the latest"
    )
    latest_sequence: int = Field(description="the conversation's latest change: resume the socket from it")


class ChangesOut(Schema):
    items: list[MessageOut] = Field(description="in change order; an id seen before replaces it")
    latest_sequence: int = Field(description="pass as `after` next time")
    resync_required: bool = Field(description="more than 500 changes: items is empty, refetch the history")


class SentOut(Schema):
    message: MessageOut
    duplicate: bool = Field(description="true when this client_id had already been sent: nothing new stored")
    support_resources: list[str] | None = Field(
        default=None,
        description="crisis response: support lines to show the sender at once, when the text suggests distress",
    )


class UnreadOut(Schema):
    unread: int


class BlockOut(Schema):
    member: PersonaOut
    created_at: datetime


class BlockPage(Schema):
    items: list[BlockOut]
    next_cursor: str | None = None


# --- Input ---------------------------------------------------------------------------------------
class HistoryQuery(Schema):
    """`before` and `after` go in opposite directions: both at once is refused (400 `before_and_after`),
    a rule between two parameters that OpenAPI cannot state, hence a refusal and not a 422."""

    before: QueryId | None = Field(
        None, description="messages with a sequence below this one (not with `after`)"
    )
    after: QuerySequence | None = Field(
        None, description="messages with a sequence above this one (catching up; not with `before`)"
    )
    limit: int = Field(default=50, description="1 to 100")


class ChangesQuery(Schema):
    after: QuerySequence = Field(description="the highest `change_sequence` seen")


class DirectIn(StrictInput):
    member_id: Id = Field(description="persona id of a member of the network")


class GroupIn(StrictInput):
    name: Text = Field(max_length=80)
    member_ids: list[Id] = Field(min_length=1, max_length=255, description="persona ids, you excluded")


class MembersIn(StrictInput):
    member_ids: list[Id] = Field(min_length=1, max_length=255, description="persona ids")


class SendIn(StrictInput):
    client_id: str = CLIENT_ID
    body: Text = Field(default="", json_schema_extra=BODY_LIMIT)
    reply_to: Id | None = Field(default=None, description="id of a message of this conversation")
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


# A form field is absent or holds a value: there is no null in multipart, so the schema offers none.
FormId = Annotated[QueryId | None, WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_ID})]


class AttachmentForm(Schema):
    client_id: str = CLIENT_ID
    body: Text = Field(default="", json_schema_extra=BODY_LIMIT, description="optional text")
    reply_to: FormId = Field(default=None, description="id of a message of this conversation")
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()
    attachment_choice: Literal["", "mask", "as_is"] = Field(
        default="",
        description="after a 422 `attachment_review`: `mask` (faces blurred, text boxes filled; images only) "
        "or `as_is`",
    )


class EditIn(StrictInput):
    body: Text = Field(json_schema_extra=BODY_LIMIT)
    confirm_privacy: list[PrivacyKind] = confirm_privacy_field()


class ReadIn(StrictInput):
    sequence: SequenceNumber


class MuteIn(StrictInput):
    muted: Flag


class BlockIn(StrictInput):
    member_id: Id = Field(description="persona id of a member of the network")


class TicketIn(StrictInput):
    network: str = Field(
        min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$", description="the network's slug"
    )


class TicketOut(Schema):
    ticket: str = Field(
        description="one handshake, within `expires_in` seconds, for this account and network"
    )
    expires_in: int
    socket: str = Field(description="the websocket's path with the ticket: /ws/n/<slug>/messages/?ticket=...")
