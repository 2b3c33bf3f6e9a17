"""Channel-layer groups and publishing. Called only from `transaction.on_commit` callbacks, so that
nothing is ever announced that the database does not hold.

If the channel layer is down (Redis restarting), publishing logs and gives up: the message is
committed, and every client catches up from the database on its next resume or heartbeat."""

import asyncio
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def conversation_group(conversation_id: int) -> str:
    """Sockets subscribed to one conversation."""
    return f"messaging.conversation.{conversation_id}"


def member_group(member_id: int) -> str:
    """Every socket of one persona: unread pings and being added to or removed from conversations."""
    return f"messaging.member.{member_id}"


def account_group(user_id: int) -> str:
    """Every socket of one account, whatever the network: closed when the account is deactivated."""
    return f"messaging.account.{user_id}"


def publish(group: str, event: dict) -> None:
    publish_many([(group, event)])


def publish_many(messages: list[tuple[str, dict]]) -> None:
    """Send (group, event) pairs in one trip to the event loop, concurrently. This runs in the thread
    that owns the database connection, which waits for each trip: one trip per recipient (ten for a
    group of ten) held every socket's database work behind a busy event loop."""
    layer = get_channel_layer()
    if layer is None or not messages:
        return

    async def send_all():
        return await asyncio.gather(
            *(layer.group_send(group, event) for group, event in messages), return_exceptions=True
        )

    try:
        failed = [group for (group, _), result in zip(messages, async_to_sync(send_all)(), strict=True)
                  if isinstance(result, Exception)]  # fmt: skip
    except Exception:  # the layer is an optimisation over the database, never a reason to fail a write
        failed = [group for group, _ in messages]
    if failed:
        logger.warning(
            "messaging: could not publish to %s; clients will catch up on resume", ", ".join(failed)
        )


def publish_change(conversation_id: int, sequence: int, frame: dict, unread_for: list[int]) -> None:
    """A new, edited or deleted message (or a system event) at `sequence`, and the unread pings of
    the other participants' sockets that are not watching this conversation."""
    change = {
        "type": "conversation.change",
        "conversation": conversation_id,
        "sequence": sequence,
        "frame": frame,
    }
    ping = {"type": "member.unread", "conversation": conversation_id}
    publish_many(
        [(conversation_group(conversation_id), change)] + [(member_group(m), ping) for m in unread_for]
    )


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


def close_member_sockets(member_id: int) -> None:
    """Leaving a network (after commit): that persona's sockets close; the account's others stay."""
    publish(member_group(member_id), {"type": "member.close"})


def close_account_sockets(user_id: int) -> None:
    """Deactivating or erasing an account calls this (after commit): its open sockets close at once."""
    publish(account_group(user_id), {"type": "account.close"})
