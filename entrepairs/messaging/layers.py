"""The in-memory channel layer of the embedded default (one process, no Redis)."""

import asyncio
import copy
import time

from channels.exceptions import ChannelFull
from channels.layers import InMemoryChannelLayer as ChannelsInMemoryChannelLayer


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
