"""Publishing to websockets through the channel layer: the low level that any app may use (the
foundation closes a persona's or an account's sockets; messaging publishes its changes). It imports
nothing of the site, so that publishing never drags a feature into the foundation.

Called only from `transaction.on_commit` callbacks, so that nothing is ever announced that the
database does not hold.

If the channel layer is down (Redis restarting), publishing logs and gives up: the change is
committed, and every client catches up from the database on its next resume or heartbeat."""

import asyncio
import logging
import os
import weakref

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def member_group(member_id: int) -> str:
    """Every socket of one persona: unread pings and being added to or removed from conversations."""
    return f"messaging.member.{member_id}"


def account_group(user_id: int) -> str:
    """Every socket of one account, whatever the network: closed when the account is deactivated."""
    return f"messaging.account.{user_id}"


def publish(group: str, event: dict) -> None:
    publish_many([(group, event)])


def publish_many(messages: list[tuple[str, dict]]) -> None:
    """Send (group, event) pairs, concurrently.

    From a consumer's database call or an ASGI view (sync code that an event loop is waiting for),
    the sends are handed to that loop and this returns at once; the loop sends publications in the
    order they were handed over. Waiting for them here held up every socket's database work, which
    runs in this one thread, behind a busy event loop (about 1 ms per message, more under load).
    Elsewhere (a Celery task, a command) they are sent before this returns."""
    layer = get_channel_layer()
    if layer is None or not messages:
        return
    loop = _loop_waiting_for_this_thread()
    if loop is not None:
        loop.call_soon_threadsafe(_hand_over, loop, layer, messages)
        return
    try:
        async_to_sync(_send_all)(layer, messages)
    except Exception:  # the layer is an optimisation over the database, never a reason to fail a write
        _log_failed([group for group, _ in messages])


def _loop_waiting_for_this_thread() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        pass
    # asgiref records the loop when it runs sync code for it (AsyncToSync finds it the same way).
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    if getattr(SyncToAsync.threadlocal, "main_event_loop_pid", None) != os.getpid():
        return None
    return loop if loop is not None and loop.is_running() else None


# The publication each loop sends last: the next one waits for it, so that changes go out in order.
_last_publication: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _hand_over(loop, layer, messages) -> None:
    previous = _last_publication.get(loop)
    _last_publication[loop] = loop.create_task(_send_after(previous, layer, messages))


async def _send_after(previous, layer, messages) -> None:
    if previous is not None and not previous.done():
        await asyncio.wait([previous])
    try:
        await _send_all(layer, messages)
    except Exception:  # see publish_many
        _log_failed([group for group, _ in messages])


async def _send_all(layer, messages) -> None:
    results = await asyncio.gather(
        *(layer.group_send(group, event) for group, event in messages), return_exceptions=True
    )
    failed = [
        group for (group, _), result in zip(messages, results, strict=True) if isinstance(result, Exception)
    ]
    if failed:
        _log_failed(failed)


def _log_failed(groups: list[str]) -> None:
    logger.warning("messaging: could not publish to %s; clients will catch up on resume", ", ".join(groups))


def close_member_sockets(member_id: int, code: int = 4404) -> None:
    """A membership ending (after commit): that persona's sockets close with `code` (4404 ended,
    4410 verification lapsed; docs/messaging-protocol.md); the account's other sockets stay."""
    publish(member_group(member_id), {"type": "member.close", "code": code})


def close_account_sockets(user_id: int) -> None:
    """Deactivating or erasing an account calls this (after commit): its open sockets close at once."""
    publish(account_group(user_id), {"type": "account.close"})
