"""Messaging's events on the channel layer: what a conversation's sockets receive. The groups of a
persona and of an account, and the publishing itself, are the low level in entrepairs/realtime.py.
Called only from `transaction.on_commit` callbacks, so that nothing is ever announced that the
database does not hold."""

import json
import time

from entrepairs.messaging.protocol import leaving_member
from entrepairs.realtime import member_group, publish


def conversation_group(conversation_id: int) -> str:
    """The sockets of every participant of one conversation, watching it or not: each change is one
    event per socket (the message to those watching, an unread ping to the others)."""
    return f"messaging.conversation.{conversation_id}"


def publish_change(
    conversation_id: int,
    sequence: int,
    frame: dict,
    unread_for: list[int],
    quoted_sequence: int | None = None,
    audience: list[int] | None = None,
) -> None:
    """A new, edited or deleted message (or a system event) at change `sequence`, to the sockets of
    every participant. The frame is serialised here, once: each socket watching the conversation
    sends that text as it is. `unread_for`: the participants for whom it is a new unread message
    (neither the sender nor those who muted it); their sockets not watching the conversation send
    an unread ping instead. `quoted_sequence`: that of the message it replies to, if any.
    `audience` (new messages): the participants whose membership stood when it was sent; the sockets
    of anyone else deliver nothing and ask the database (None: not checked)."""
    publish(
        conversation_group(conversation_id),
        {
            "type": "conversation.change",
            "conversation": conversation_id,
            "sequence": sequence,
            "message_sequence": frame["sequence"],
            "leaving": leaving_member(frame),
            "unread_for": unread_for,
            "quoted_sequence": quoted_sequence,
            "audience": audience,
            "text": frame_text(frame),
            # Wall-clock, as several machines may publish: the receivers measure how late events
            # come (consumers.Lateness), which sets how long a gap waits for a late one.
            "published_at": time.time(),
        },
    )


def frame_text(frame: dict) -> str:
    return json.dumps(frame, separators=(",", ":"))


def publish_receipt(conversation_id: int, member_id: int, read: int, delivered: int) -> None:
    publish(
        conversation_group(conversation_id),
        {
            "type": "conversation.receipt",
            "conversation": conversation_id,
            "member": member_id,
            "read_sequence": read,
            "delivered_sequence": delivered,
        },
    )


def publish_removed(conversation_id: int, member_id: int) -> None:
    publish(member_group(member_id), {"type": "member.removed", "conversation": conversation_id})


def publish_added(conversation_id: int, member_id: int) -> None:
    publish(member_group(member_id), {"type": "member.added", "conversation": conversation_id})
