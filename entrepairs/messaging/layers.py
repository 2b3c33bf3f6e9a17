"""The channel layers: in memory in the embedded default (one process, no Redis), Redis
publish/subscribe in production, degrading while Redis is away."""

import asyncio
import copy
import logging
import time

from channels.exceptions import ChannelFull
from channels.layers import InMemoryChannelLayer as ChannelsInMemoryChannelLayer
from channels_redis.pubsub import RedisPubSubChannelLayer, RedisPubSubLoopLayer, RedisSingleShardConnection
from channels_redis.utils import _wrap_close, create_pool
from redis.asyncio.client import PubSub, Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)


def _copy(value):
    """A deep copy of a JSON-like event (what the Redis layer can carry too), about 2.5 times faster
    than copy.deepcopy; anything else goes through deepcopy."""
    kind = type(value)
    if kind is dict:
        return {key: _copy(item) for key, item in value.items()}
    if kind is list:
        return [_copy(item) for item in value]
    if value is None or kind in (str, int, float, bool):
        return value
    return copy.deepcopy(value)


class InMemoryChannelLayer(ChannelsInMemoryChannelLayer):
    """Channels' in-memory layer with the same behaviour (a copy of each event per receiving channel,
    capacity, expiry), made cheaper for a group message sent to many sockets, which is what the
    messaging bench (bench/messaging.py) measured as the event loop's largest costs with 500 sockets:
    - the walk over every channel and group for expired entries runs at most once a second instead
      of on every send and receive (about thirty times per message to a group of ten). Messages
      expire after `expiry` (60 s) and group memberships after a day: a second changes nothing;
    - a group send puts the event in each queue directly (channels made a task per channel);
    - a queue is built only when a channel has none (channels built one per call and threw it away);
    - events are copied by `_copy` rather than copy.deepcopy."""

    clean_interval_seconds = 1.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._next_clean = 0.0

    def _clean_expired(self):
        now = time.monotonic()
        if now < self._next_clean:
            return
        self._next_clean = now + self.clean_interval_seconds
        super()._clean_expired()

    def _queue(self, channel: str) -> asyncio.Queue:
        queue = self.channels.get(channel)
        if queue is None:
            queue = self.channels[channel] = asyncio.Queue(maxsize=self.get_capacity(channel))
        return queue

    async def send(self, channel, message):
        assert isinstance(message, dict), "message is not a dict"
        self.require_valid_channel_name(channel)
        assert "__asgi_channel__" not in message
        try:
            self._queue(channel).put_nowait((time.time() + self.expiry, _copy(message)))
        except asyncio.QueueFull:
            raise ChannelFull(channel) from None

    async def receive(self, channel):
        self.require_valid_channel_name(channel)
        self._clean_expired()
        queue = self._queue(channel)
        try:
            _, message = await queue.get()
        finally:
            if queue.empty():
                self.channels.pop(channel, None)
        return message

    async def group_send(self, group, message):
        assert isinstance(message, dict), "Message is not a dict"
        self.require_valid_group_name(group)
        self._clean_expired()
        for channel in list(self.groups.get(group, ())):
            try:
                await self.send(channel, message)
            except ChannelFull:
                pass  # as channels does: a socket that far behind catches up from the database


# --- Redis (production) ----------------------------------------------------------------------------
# channels_redis's publish/subscribe layer (docs/decisions/0004), made to degrade while Redis is away
# instead of failing the handshake (docs/decisions/0008-faults.md).
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RESTORED = {"type": "layer.restored"}


class _PubSub(PubSub):
    """redis-py's subscriber. Its `on_connect` runs when its connection connects again (the first
    connection is made before the callback is registered) and subscribes again what it knew; then
    `on_reconnect` is called."""

    def __init__(self, *args, on_reconnect, **kwargs):
        super().__init__(*args, **kwargs)
        self._on_reconnect = on_reconnect

    async def on_connect(self, connection):
        await super().on_connect(connection)
        if self.channels:
            logger.warning("channel layer: connected to Redis again; sockets catch up from the database")
            self._on_reconnect()


class _Shard(RedisSingleShardConnection):
    """One Redis connection of the layer. When redis-py connects its subscriber connection again
    after losing it (and subscribes again what it knew), the layer tells the sockets concerned.
    Its receiving loop logs a lost connection once (channels_redis logs a traceback every second)."""

    def _ensure_redis(self):
        if self._redis is not None:
            return
        self._redis = Redis(connection_pool=create_pool(self.host))
        self._pubsub = _PubSub(
            self._redis.connection_pool,
            event_dispatcher=self._redis._event_dispatcher,
            on_reconnect=lambda: self.channel_layer.tell_restored(set(self._subscribed_to)),
        )

    async def _do_receiving(self):
        lost = False
        while True:
            try:
                if self._pubsub and self._pubsub.subscribed:
                    message = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=0.1)
                    lost = False
                    self._receive_message(message)
                else:
                    await asyncio.sleep(0.1)
            except (TimeoutError, asyncio.CancelledError, GeneratorExit):
                raise
            except Exception as error:
                if not lost:
                    lost = True
                    logger.warning("channel layer: Redis unreachable (%s); retrying every second", error)
                await asyncio.sleep(1)


class _ResilientLoopLayer(RedisPubSubLoopLayer):
    """The layer of one event loop. While Redis is away, a new channel or a group joined is kept in
    this process (its queue, its group) and subscribed in Redis once Redis answers again, retried
    every RETRY_SECONDS; leaving a group is local at once (an event for a group no socket of this
    process is in is dropped here). Sockets are told `layer.restored` once their channel and groups
    are subscribed again, and read from the database what was published meanwhile. Sending still
    fails while Redis is away: publishers (entrepairs/realtime.py) never let that fail a write."""

    RETRY_SECONDS = 1.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._shards = [_Shard(shard.host, self) for shard in self._shards]
        self._pending: set[str] = set()  # channel names (own or group) not yet subscribed in Redis
        self._retrying = None

    async def _subscribe(self, name: str) -> None:
        try:
            await self._get_shard(name).subscribe(name)
        except _UNREACHABLE as error:
            if not self._pending:
                logger.warning("channel layer: cannot subscribe while Redis is away (%s)", error)
            self._pending.add(name)
            if self._retrying is None or self._retrying.done():
                self._retrying = asyncio.ensure_future(self._retry_pending())

    async def _subscribe_to_channel(self, channel):
        self.channels[channel] = asyncio.Queue()
        await self._subscribe(channel)

    async def receive(self, channel):
        if channel not in self.channels:
            await self._subscribe_to_channel(channel)
        queue = self.channels[channel]
        try:
            message = await queue.get()
        except (TimeoutError, asyncio.CancelledError, GeneratorExit):
            # The consumer is closing (channels_redis's cleanup, without its traceback when Redis
            # is away: Redis forgets the subscription with the lost connection).
            if self.channels.pop(channel, None) is not None:
                self._pending.discard(channel)
                try:
                    await self._get_shard(channel).unsubscribe(channel)
                except _UNREACHABLE:
                    pass
                except Exception:
                    logger.exception("channel layer: unexpected error while closing a channel")
            raise
        return self.channel_layer.deserialize(message)

    async def group_add(self, group, channel):
        if channel not in self.channels:
            raise RuntimeError("You can only call group_add() on channels that exist in-process.")
        group_channel = self._get_group_channel_name(group)
        self.groups.setdefault(group_channel, set()).add(channel)
        await self._subscribe(group_channel)

    async def group_discard(self, group, channel):
        try:
            await super().group_discard(group, channel)
        except _UNREACHABLE:
            pass  # already forgotten here; Redis forgets the subscription with the lost connection

    def _still_wanted(self, name: str) -> bool:
        return name in self.channels or bool(self.groups.get(name))

    async def _retry_pending(self) -> None:
        while self._pending:
            await asyncio.sleep(self.RETRY_SECONDS)
            restored = set()
            for name in list(self._pending):
                if not self._still_wanted(name):
                    self._pending.discard(name)
                    continue
                try:
                    await self._get_shard(name).subscribe(name)
                except _UNREACHABLE:
                    break  # still away: try them all again later
                self._pending.discard(name)
                restored.add(name)
            self.tell_restored(restored)

    async def flush(self):
        if self._retrying is not None:
            self._retrying.cancel()
            self._retrying = None
        self._pending.clear()
        await super().flush()

    def tell_restored(self, names) -> None:
        """Put `layer.restored` once in the queue of every socket of this process whose channel or
        one of whose groups is in `names`: the consumer reads what it may have missed."""
        receivers = set()
        for name in names:
            if name in self.channels:
                receivers.add(name)
            receivers.update(self.groups.get(name, ()))
        message = self.channel_layer.serialize(RESTORED)
        for channel in receivers:
            queue = self.channels.get(channel)
            if queue is not None:
                queue.put_nowait(message)


class ResilientRedisPubSubLayer(RedisPubSubChannelLayer):
    def _get_layer(self):
        loop = asyncio.get_running_loop()
        layer = self._layers.get(loop)
        if layer is None:
            layer = self._layers[loop] = _ResilientLoopLayer(*self._args, **self._kwargs, channel_layer=self)
            _wrap_close(self, loop)
        return layer
