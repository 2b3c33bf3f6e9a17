"""The websocket protocol (docs/messaging-protocol.md): typed client frames and the server frames
built from models. One module so that the documentation, the consumer and the tests agree."""

import json
from typing import Literal

from django.urls import reverse
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from entrepairs.privacy.findings import KINDS

# A frame larger than this (in UTF-8 bytes, not characters) is refused before it is even parsed, with
# an error frame; one larger than the server's websocket limit (uvicorn's --ws-max-size) never reaches
# this code: the connection closes with 1009 (docs/messaging-protocol.md).
MAX_FRAME_BYTES = 64 * 1024
CLIENT_ID_PATTERN = r"^[A-Za-z0-9._:-]{1,64}$"

Ref = str | int | None


class ClientFrame(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    ref: Ref = Field(default=None, description="echoed in the ack or error answering this frame")


class Subscribe(ClientFrame):
    type: Literal["subscribe", "resume"]
    conversation: int = Field(gt=0)
    last_sequence: int = Field(default=0, ge=0)


class Unsubscribe(ClientFrame):
    type: Literal["unsubscribe"]
    conversation: int = Field(gt=0)


class Send(ClientFrame):
    type: Literal["send"]
    conversation: int = Field(gt=0)
    client_id: str = Field(pattern=CLIENT_ID_PATTERN)
    body: str
    reply_to: int | None = Field(default=None, gt=0)
    # After an error `privacy_confirm_required`: the kinds of personal data the sender confirms.
    confirm_privacy: list[Literal[KINDS]] = Field(default_factory=list, max_length=len(KINDS))


class Typing(ClientFrame):
    type: Literal["typing"]
    conversation: int = Field(gt=0)


class Receipt(ClientFrame):
    type: Literal["read", "delivered"]
    conversation: int = Field(gt=0)
    sequence: int = Field(ge=0)


class Ping(ClientFrame):
    type: Literal["ping"]


FRAMES: dict[str, type[ClientFrame]] = {
    "subscribe": Subscribe,
    "resume": Subscribe,
    "unsubscribe": Unsubscribe,
    "send": Send,
    "typing": Typing,
    "read": Receipt,
    "delivered": Receipt,
    "ping": Ping,
}


class FrameError(Exception):
    def __init__(self, code: str, message: str, ref: Ref = None):
        super().__init__(message)
        self.code, self.message, self.ref = code, message, ref


def parse(text: str | None) -> ClientFrame:
    """A typed client frame, or FrameError saying what is wrong (the connection stays open)."""
    if text is None:
        raise FrameError("binary_frame", _("Send frames as JSON text."))
    if len(text.encode()) > MAX_FRAME_BYTES:
        raise FrameError("frame_too_large", _("This frame is too large."))
    try:
        data = json.loads(text)
    except ValueError:
        raise FrameError("malformed_json", _("This frame is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise FrameError("invalid_frame", _("A frame is a JSON object with a type."))
    ref = data.get("ref") if isinstance(data.get("ref"), str | int) else None
    frame_type = data.get("type")
    model = FRAMES.get(frame_type) if isinstance(frame_type, str) else None
    if model is None:
        raise FrameError("unknown_type", _("Unknown frame type."), ref)
    try:
        return model.model_validate(data)
    except ValidationError as invalid:
        if model is Send and {error["loc"][:1] for error in invalid.errors()} == {("client_id",)}:
            # The same code as the REST API and the documentation give for it.
            raise FrameError(
                "invalid_client_id",
                _("Each message needs a client id (1 to 64 letters, digits, . _ : -)."),
                ref,
            ) from None
        fields = ", ".join(
            sorted({".".join(str(p) for p in error["loc"]) or "frame" for error in invalid.errors()})
        )
        raise FrameError(
            "invalid_frame", _("Invalid or missing fields: %(fields)s.") % {"fields": fields}, ref
        ) from None


# --- Server frames -------------------------------------------------------------------------------
def error(code: str, message: str, ref: Ref = None, **data) -> dict:
    """`data`: more keys for some codes (a privacy refusal's kinds, offsets and audience)."""
    return {"type": "error", "code": code, "message": str(message), "ref": ref, **data}


def persona(member) -> dict | None:
    return None if member is None else {"id": member.pk, "name": member.display_name}


def message_frame(message, slug: str) -> dict:
    """Everything a client shows for one message. Deleted messages keep their place, not their text."""
    deleted = message.deleted_at is not None
    attachment = None
    if message.attachment and not deleted:
        attachment = {
            "url": reverse("messaging:file", kwargs={"slug": slug, "message_id": message.pk}),
            "type": message.attachment_type,
            "size": message.attachment_size,
            "name": message.attachment_name,
        }
    return {
        "type": "message",
        "conversation": message.conversation_id,
        "id": message.pk,
        "sequence": message.sequence,
        "change_sequence": message.change_sequence,
        "kind": message.kind,
        "sender": persona(message.sender),
        "client_id": message.client_id,
        "body": "" if deleted else message.body,
        "reply_to": message.reply_to_id,
        "event": message.event or None,
        "subject": persona(message.subject) if message.subject_id else None,
        "attachment": attachment,
        "created_at": message.created_at.isoformat(),
        "edited": message.edited_at is not None,
        "deleted": deleted,
    }


def leaving_member(frame: dict) -> int | None:
    """The persona a system message says left or was removed (their sockets stop there), else None."""
    if frame["kind"] == "system" and frame["event"] in {"removed", "left"}:
        return (frame.get("subject") or {}).get("id")
    return None
