"""The messaging websocket (protocol in docs/messaging-protocol.md).

One socket per persona: /ws/n/<slug>/messages/. The handshake is refused (closed before accept)
without a signed-in active account that is an active member of the network; the Origin check is done
before this consumer by AllowedHostsOriginValidator (entrepairs/asgi.py).

The socket is in the channel-layer group of every conversation its persona takes part in (joined
at connect, on being added, left on leaving or removal): each change is one event per socket. A
socket watching the conversation (subscribe/resume) sends the message frame; the others send an
unread ping to those for whom it is a new unread message.

Delivery is exactly-once and in order per socket. Every change of a conversation has a sequence, and
the socket remembers the highest it delivered (`high`):
- an event at high + 1 is delivered;
- an event at or below `high` was already delivered (by the replay or a gap fill) and is dropped;
- an event beyond high + 1 means an earlier one is late or lost (two threads or processes published
  out of order, Redis hiccuped): it is held for a moment (`gap_wait_seconds`, longer while this
  process receives events late: `Lateness`) for the earlier ones, most often already on their way,
  and delivered after them; when they do not come, the socket reads
  the gap from the database, which is committed before any publication, and delivers it in order.
  (Reading at once made every socket of the conversation read the database for each event that
  overtook another: under load, when publications overtake each other most, that multiplied the
  database work by the size of the group, and delivery fell further behind.)
This is also the participation re-check: an in-order event proves the socket has processed every
earlier change, including its own removal (a system message with its own sequence) after which the
socket has left the conversation's group; anything out of order goes back to the database, which
refuses a removed member.

Every frame is authorised again, not only the handshake: a membership can end (left, removed,
banned, refused, verification lapsed, account deactivated, or a status changed by an operator)
while the socket is open, and the event that closes it can be lost. The statement each frame runs
anyway (queries.get_participant_or_404, changes_after) carries the membership condition
(access.standing); only when it finds nothing does a second query tell "no longer a member" (the
socket closes: 4403 account deactivated, 4404 membership ended, 4410 verification lapsed) from "not
in this conversation" (a not_found error). Typing frames run no statement: they re-check once the
last check is older than the heartbeat, which re-checks every ~45 s. A new message's event names
the participants whose membership stood when it was sent (`audience`): a socket not named goes
back to the database instead of delivering it. Once closed, the socket has left every group and
answers and delivers nothing more."""

import asyncio
import json
import logging
import time
from dataclasses import dataclass, field

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from entrepairs import metrics, realtime
from entrepairs.errors import ActionRefused
from entrepairs.messaging import events, protocol, queries, services, tickets
from entrepairs.messaging.db import database_sync_to_async
from entrepairs.networks import access

TYPING_INTERVAL_SECONDS = 2.0
# Close codes after which clients must not reconnect (docs/messaging-protocol.md).
CLOSE_SIGNED_OUT = 4401
CLOSE_CODES = {
    access.ACCOUNT_DEACTIVATED: 4403,
    access.MEMBERSHIP_ENDED: 4404,
    access.VERIFICATION_LAPSED: 4410,
}
CLOSE_SERVER_ERROR = 1011  # after which the client reconnects and resumes from its last sequence

logger = logging.getLogger(__name__)


class MembershipEnded(Exception):
    """The frame's persona no longer belongs to the network: the socket closes with `code`."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.code = CLOSE_CODES[reason]


class Lateness:
    """How late this process receives conversation events (from their publication, after commit, to
    their arrival here): the longest seen in the last `window_seconds` to twice that.

    A publication waits in its process's event loop before it reaches Redis, and every socket's work
    waits in the receiving one: when a server falls behind, one process's publication arrives a
    second after another's that it should precede. A fixed wait shorter than that lateness ended in
    a database read per socket for each such gap, just when the server could least afford it
    (`python -m bench.messaging`, 2,000 sockets, 2,000 deliveries a second: 1,300 gap reads in five
    seconds, and a server that had been behind by a second ended behind by seven)."""

    window_seconds = 5.0

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._longest, self._before, self._since = 0.0, 0.0, clock()

    def observe(self, seconds: float) -> None:
        self._roll()
        self._longest = max(self._longest, seconds)

    def recent(self) -> float:
        self._roll()
        return max(self._longest, self._before)

    def _roll(self) -> None:
        now = self._clock()
        if now - self._since >= self.window_seconds:
            self._before = self._longest if now - self._since < 2 * self.window_seconds else 0.0
            self._longest, self._since = 0.0, now


@dataclass
class Subscription:
    conversation_id: int
    high: int  # highest change sequence delivered to this socket
    visible_from: int
    # Events beyond high + 1, by sequence, held until the ones before them arrive (or the wait ends).
    early: dict[int, dict] = field(default_factory=dict)
    waiting: asyncio.Task | None = None  # reads the gap from the database once the wait ends


def _outside(member, event: dict) -> bool:
    """A new message names whom it was sent to (participants whose membership stood): not this one."""
    audience = event.get("audience")
    return audience is not None and member.pk not in audience


def _not_found(ref=None) -> dict:
    # One answer for "no such conversation" and "a conversation you are not in".
    return protocol.error("not_found", _("Not found."), ref)


# --- Database work (each runs in the thread that owns the database connection) ------------------
def _require_standing(member) -> None:
    reason = access.why_not_standing(member)
    if reason is not None:
        raise MembershipEnded(reason)


def _as_member(member, read, *args):
    """`read(member, *args)`, whose statements carry access.standing. When refused (Http404), one
    more query tells why: MembershipEnded if the membership no longer stands; read again if a lapsed
    verification was just replaced by a current one; else Http404 (not in that conversation)."""
    try:
        return read(member, *args)
    except Http404:
        qualification_id = member.qualification_id
        _require_standing(member)
        if member.qualification_id != qualification_id:
            return read(member, *args)
        raise


def _sending_participant(member, conversation_id):
    return queries.get_participant_or_404(member, conversation_id, for_sending=True)


def _participant(member, conversation_id):
    return _as_member(member, queries.get_participant_or_404, conversation_id)


def _send(member, conversation_id, frame: protocol.Send):
    participant = _as_member(member, _sending_participant, conversation_id)
    return services.send_message(
        member, participant.conversation, body=frame.body, client_id=frame.client_id, reply_to=frame.reply_to,
        confirm_privacy=frame.confirm_privacy, participant=participant,
    )  # fmt: skip


def _mark(member, conversation_id, sequence, read):
    participant = _participant(member, conversation_id)
    return services.mark_seen(member, participant.conversation, sequence, read=read, participant=participant)


def _changes(member, conversation_id, after, slug, *, receipts=False):
    """`receipts`: also everyone's read and delivered markers, which a subscribe answers with; a gap
    fill or a heartbeat's catch-up sends none, and saves that statement."""
    found = _as_member(member, queries.changes_after, conversation_id, after)
    found["frames"] = [protocol.message_frame(message, slug) for message in found["changes"]]
    if receipts and found["participant"].conversation is not None and not found["truncated"]:
        found["receipts"] = queries.receipts(found["participant"].conversation)
    return found


class MessagingConsumer(AsyncWebsocketConsumer):
    heartbeat_seconds = 45.0
    # A typing frame runs no statement: it checks the membership first once the last check is older
    # than this (the heartbeat checks as often; a frame's statement checks it too).
    recheck_seconds = 45.0
    # How long an event that overtook earlier ones waits for them before the database is read: at
    # least this, twice the recent lateness of events when they come later, at most the maximum.
    gap_wait_seconds = 0.5
    gap_wait_max_seconds = 5.0
    lateness = Lateness()  # one per process: all its sockets wait behind the same event loop

    async def dispatch(self, message):
        """Channels' dispatch, without the trip to the database thread it makes before every
        message to tidy connections (aclose_old_connections). Here every database call tidies
        before and after itself (entrepairs/messaging/db.py), and most messages never touch the
        database: each delivery, unread ping and typing event queued behind the sends in that one
        thread (19 trips per message to a group of ten)."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self):
        self.member = None
        self.ended = False  # the persona no longer belongs: closing, nothing more in or out
        self.checked_at = time.monotonic()  # when the membership was last found standing
        self.subscriptions: dict[int, Subscription] = {}  # conversations this socket watches
        self.conversations: set[int] = set()  # conversations whose group it has joined
        self.groups_joined: set[str] = set()
        self.last_typing: dict[int, float] = {}
        self.lock = asyncio.Lock()
        self.heartbeat = None
        self.counted = False  # in the open-websockets gauge: from accept to disconnect
        slug = self.scope["url_route"]["kwargs"]["slug"]
        user = self.scope.get("user")
        ticket = tickets.ticket_of(self.scope)
        if ticket is not None:
            # A one-time ticket (API token holders, messaging/tickets.py): it alone authenticates.
            user = await database_sync_to_async(tickets.redeem)(ticket, slug)
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=CLOSE_SIGNED_OUT)
            return
        try:
            # Membership first: nothing is joined for a socket that is refused.
            self.member = await database_sync_to_async(access.get_membership_or_404)(user, slug)
        except (Http404, PermissionDenied):  # not a member, or a professional whose verification lapsed
            await self.close(code=4404)
            return
        await self._join(realtime.account_group(user.pk))
        await self._join(realtime.member_group(self.member.pk))
        # Read after joining the member's group: a conversation added after this read is announced
        # there (member_added), so none is missed.
        conversation_ids = await database_sync_to_async(queries.my_conversation_ids)(self.member)
        for conversation_id in conversation_ids:
            await self._join_conversation(conversation_id)
        await self.accept()
        metrics.websocket_opened()
        self.counted = True
        self.heartbeat = asyncio.create_task(self._beat())

    async def disconnect(self, code):
        if self.counted:
            metrics.websocket_closed()
            self.counted = False
        if self.heartbeat is not None:
            self.heartbeat.cancel()
        for subscription in self.subscriptions.values():
            if subscription.waiting is not None:
                subscription.waiting.cancel()
        for group in list(self.groups_joined):
            await self.channel_layer.group_discard(group, self.channel_name)
        self.groups_joined.clear()

    async def _join(self, group: str) -> None:
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined.add(group)

    async def _leave(self, group: str) -> None:
        await self.channel_layer.group_discard(group, self.channel_name)
        self.groups_joined.discard(group)

    async def _join_conversation(self, conversation_id: int) -> None:
        if conversation_id not in self.conversations:
            self.conversations.add(conversation_id)
            await self._join(events.conversation_group(conversation_id))

    async def _leave_conversation(self, conversation_id: int) -> None:
        self.subscriptions.pop(conversation_id, None)
        if conversation_id in self.conversations:
            self.conversations.discard(conversation_id)
            await self._leave(events.conversation_group(conversation_id))

    async def send_frame(self, frame: dict) -> None:
        await self.send(text_data=events.frame_text(frame))

    async def _db(self, function, *args, **kwargs):
        """`function(self.member, *args, **kwargs)` in the database thread, for work whose statements check
        that the membership still stands (MembershipEnded otherwise): its success renews the check."""
        started = time.monotonic()
        result = await database_sync_to_async(function)(self.member, *args, **kwargs)
        self.checked_at = started
        return result

    async def _check_standing(self) -> None:
        """One query: MembershipEnded unless the membership still stands."""
        await self._db(_require_standing)

    async def _end(self, code: int) -> None:
        """The persona no longer belongs: leave every group (no more events), forget what it
        watched, and close. Frames still arriving before the close completes are ignored."""
        if self.ended:
            return
        self.ended = True
        self.subscriptions.clear()
        self.conversations.clear()
        for group in list(self.groups_joined):
            await self._leave(group)
        await self.close(code=code)

    # --- Client frames ---------------------------------------------------------------------------
    async def receive(self, text_data=None, bytes_data=None):
        if self.ended:
            return
        try:
            frame = protocol.parse(text_data)
        except protocol.FrameError as bad:
            await self.send_frame(protocol.error(bad.code, bad.message, bad.ref))
            return
        handler = getattr(self, f"on_{frame.type}")
        async with self.lock:
            if self.ended:
                return
            try:
                await handler(frame)
            except MembershipEnded as ended:
                await self._end(ended.code)
            except Http404:
                await self.send_frame(_not_found(frame.ref))
            except ActionRefused as refused:
                if refused.status == 404:
                    await self.send_frame(_not_found(frame.ref))
                else:
                    await self.send_frame(
                        protocol.error(refused.code, refused.message, frame.ref, **refused.client_data)
                    )

    async def on_subscribe(self, frame: protocol.Subscribe):
        conversation_id = frame.conversation
        # Join before reading the database (if not yet in the group: a conversation added while the
        # announcement was on its way): whatever commits after the read arrives live.
        await self._join_conversation(conversation_id)
        try:
            found = await self._db(
                _changes, conversation_id, frame.last_sequence, self.member.network.slug, receipts=True
            )
        except Http404:
            await self._leave_conversation(conversation_id)
            raise
        participant = found["participant"]
        self.subscriptions[conversation_id] = Subscription(
            conversation_id, max(frame.last_sequence, found["latest"]), participant.visible_from_sequence
        )
        if found["truncated"]:
            await self.send_frame(
                {"type": "resync_required", "conversation": conversation_id, "sequence": found["latest"],
                 "ref": frame.ref}
            )  # fmt: skip
            return
        for message_frame in found["frames"]:
            await self.send_frame(message_frame)
        await self.send_frame(
            {"type": "subscribed", "conversation": conversation_id, "sequence": found["latest"],
             "receipts": found["receipts"], "ref": frame.ref}
        )  # fmt: skip

    on_resume = on_subscribe

    async def on_unsubscribe(self, frame: protocol.Unsubscribe):
        # Still in the conversation's group: its new messages now come as unread pings.
        self.subscriptions.pop(frame.conversation, None)
        await self.send_frame({"type": "unsubscribed", "conversation": frame.conversation, "ref": frame.ref})

    async def on_send(self, frame: protocol.Send):
        message, created = await self._db(_send, frame.conversation, frame)
        # Sent only now, after commit: an ack always names a message the database holds.
        await self.send_frame(
            {"type": "ack", "conversation": frame.conversation, "client_id": frame.client_id, "id": message.pk,
             "sequence": message.sequence, "duplicate": not created, "ref": frame.ref,
             # Crisis response: the support lines of the network's country, for the sender at once.
             **({"support": message.support} if getattr(message, "support", None) else {})}
        )  # fmt: skip

    async def on_typing(self, frame: protocol.Typing):
        if frame.conversation not in self.subscriptions:
            await self.send_frame(_not_found(frame.ref))
            return
        now = time.monotonic()
        if now - self.last_typing.get(frame.conversation, 0) < TYPING_INTERVAL_SECONDS:
            return  # throttled: others already know
        if now - self.checked_at >= self.recheck_seconds:
            await self._check_standing()  # MembershipEnded: the others hear nothing
        self.last_typing[frame.conversation] = now
        await self.channel_layer.group_send(
            events.conversation_group(frame.conversation),
            {"type": "conversation.typing", "conversation": frame.conversation,
             "member": protocol.persona(self.member)},
        )  # fmt: skip

    async def on_read(self, frame: protocol.Receipt):
        await self._receipt(frame, read=True)

    async def on_delivered(self, frame: protocol.Receipt):
        await self._receipt(frame, read=False)

    async def _receipt(self, frame: protocol.Receipt, *, read: bool):
        participant = await self._db(_mark, frame.conversation, frame.sequence, read)
        await self.send_frame(
            {"type": "receipt_saved", "conversation": frame.conversation,
             "read_sequence": participant.last_read_sequence,
             "delivered_sequence": participant.last_delivered_sequence, "ref": frame.ref}
        )  # fmt: skip

    async def on_ping(self, frame: protocol.Ping):
        await self.send_frame({"type": "pong", "ref": frame.ref})

    # --- Channel-layer events --------------------------------------------------------------------
    async def conversation_change(self, event):
        async with self.lock:
            if self.ended:
                return
            conversation_id = event["conversation"]
            if "published_at" in event:
                self.lateness.observe(time.time() - event["published_at"])
            subscription = self.subscriptions.get(conversation_id)
            outside = _outside(self.member, event)
            if subscription is None:
                if event["leaving"] == self.member.pk:
                    await self._leave_conversation(conversation_id)
                elif outside:  # no unread ping (unread_for does not name it either): ask the database
                    try:
                        await self._db(_participant, conversation_id)
                    except MembershipEnded as ended:
                        await self._end(ended.code)
                    except Http404:  # no longer in the conversation: hear no more of it
                        await self._leave_conversation(conversation_id)
                elif self.member.pk in event["unread_for"]:
                    await self.send_frame({"type": "unread", "conversation": conversation_id})
                return
            if event["sequence"] <= subscription.high:
                return
            if outside:
                # Not named: this persona's membership (or participation) ended before it was sent,
                # or that was a moment's lapse since repaired. The database decides, as for a gap.
                await self._fill_gap(subscription)
                return
            if event["sequence"] > subscription.high + 1:
                self._hold(subscription, event)
                return
            await self._deliver_in_order(subscription, event)

    def _hold(self, subscription: Subscription, event: dict) -> None:
        subscription.early[event["sequence"]] = event
        if subscription.waiting is None:
            subscription.waiting = asyncio.create_task(self._fill_gap_after_wait(subscription))

    async def _deliver_in_order(self, subscription: Subscription, event: dict | None) -> None:
        """`event` (at high + 1), then the held events that follow it without a gap. Each is in order,
        so each proves that the ones before it were processed, a removal of this persona included."""
        while event is not None:
            subscription.high = event["sequence"]
            await self._deliver(
                subscription,
                event["message_sequence"],
                event["leaving"],
                event["text"],
                event["quoted_sequence"],
            )
            if self.subscriptions.get(subscription.conversation_id) is not subscription:
                return  # dropped (removed from the conversation): what was held is not for it
            event = subscription.early.pop(subscription.high + 1, None)
            if event is not None and _outside(self.member, event):
                await self._fill_gap(subscription)
                return
        if not subscription.early:
            self._stop_waiting(subscription)

    def _gap_wait(self) -> float:
        return min(max(self.gap_wait_seconds, 2 * self.lateness.recent()), self.gap_wait_max_seconds)

    @staticmethod
    def _stop_waiting(subscription: Subscription) -> None:
        subscription.early.clear()
        if subscription.waiting is not None:
            # Called with the lock held: the wait is asleep or waiting for the lock, never mid-read.
            subscription.waiting.cancel()
            subscription.waiting = None

    async def _fill_gap_after_wait(self, subscription: Subscription) -> None:
        await asyncio.sleep(self._gap_wait())
        async with self.lock:
            subscription.waiting = None
            if self.ended or self.subscriptions.get(subscription.conversation_id) is not subscription:
                return
            if not subscription.early:
                return
            try:
                await self._fill_gap(subscription)
            except Exception:  # as an error in a frame's handler: the socket closes, the client resumes
                logger.exception("Reading a gap from the database failed")
                await self.close(code=CLOSE_SERVER_ERROR)

    async def _deliver(
        self, subscription: Subscription, message_sequence: int, leaving, text: str, quoted_sequence=None
    ) -> None:
        if leaving == self.member.pk:
            await self._drop(subscription.conversation_id)
            return
        if message_sequence < subscription.visible_from:
            return  # a change to a message from before this participant joined
        if quoted_sequence is not None and quoted_sequence < subscription.visible_from:
            text = events.frame_text({**json.loads(text), "reply_to": None})  # quotes one from before
        await self.send(text_data=text)

    async def _fill_gap(self, subscription: Subscription) -> None:
        """Every change after `high` from the database, in order; the events held are among them
        (each was published after its commit, and received before this read)."""
        self._stop_waiting(subscription)
        if self.ended:
            return
        try:
            found = await self._db(
                _changes, subscription.conversation_id, subscription.high, self.member.network.slug
            )
        except MembershipEnded as ended:
            await self._end(ended.code)
            return
        except Http404:
            await self._drop(subscription.conversation_id)
            return
        subscription.high = max(subscription.high, found["latest"])
        if found["truncated"]:
            await self.send_frame(
                {"type": "resync_required", "conversation": subscription.conversation_id,
                 "sequence": found["latest"], "ref": None}
            )  # fmt: skip
            return
        for frame in found["frames"]:  # changes_after already hid quotes from before joining
            await self._deliver(
                subscription, frame["sequence"], protocol.leaving_member(frame), events.frame_text(frame)
            )

    async def _drop(self, conversation_id: int) -> None:
        """No longer a participant: stop at once, and say so to a socket that was watching."""
        watching = conversation_id in self.subscriptions
        await self._leave_conversation(conversation_id)
        if watching:
            await self.send_frame({"type": "removed", "conversation": conversation_id})

    async def conversation_typing(self, event):
        # (A socket that closed has no subscriptions left.)
        if event["conversation"] in self.subscriptions and event["member"]["id"] != self.member.pk:
            await self.send_frame(
                {"type": "typing", "conversation": event["conversation"], "member": event["member"]}
            )

    async def conversation_receipt(self, event):
        if event["conversation"] in self.subscriptions:
            await self.send_frame(
                {"type": "receipt", "conversation": event["conversation"], "member": event["member"],
                 "read_sequence": event["read_sequence"], "delivered_sequence": event["delivered_sequence"]}
            )  # fmt: skip

    async def member_added(self, event):
        async with self.lock:
            if self.ended:
                return
            await self._join_conversation(event["conversation"])
        await self.send_frame({"type": "conversation_added", "conversation": event["conversation"]})

    async def member_removed(self, event):
        async with self.lock:
            await self._drop(event["conversation"])

    async def account_close(self, event):
        await self.close(code=4403)

    async def member_close(self, event):
        # 4404 no longer a member of this network, 4410 verification lapsed (the event says which).
        await self.close(code=event.get("code", 4404))

    async def layer_restored(self, event):
        """The channel layer subscribed this socket again after Redis was away (at the handshake, or
        while it was open): what was published meanwhile is read from the database now, rather
        than at the next heartbeat."""
        async with self.lock:
            await self._catch_up()

    # --- Heartbeat -------------------------------------------------------------------------------
    async def _catch_up(self) -> None:
        """A catch-up from the database for any change whose publication was lost (channel layer
        down for a moment), and the check that the membership still stands, whose own event may
        have been lost: each catch-up checks it; a socket watching nothing checks it alone (one
        query). Called with the lock held; the socket may have ended after it."""
        if self.ended:
            return
        if not self.subscriptions:
            try:
                await self._check_standing()
            except MembershipEnded as ended:
                await self._end(ended.code)
                return
        for subscription in list(self.subscriptions.values()):
            await self._fill_gap(subscription)

    async def _beat(self):
        """Every ~45 s: a heartbeat (proxies keep idle sockets open) after a catch-up."""
        while True:
            await asyncio.sleep(self.heartbeat_seconds)
            async with self.lock:
                await self._catch_up()
                if self.ended:
                    return
                await self.send_frame({"type": "heartbeat"})
