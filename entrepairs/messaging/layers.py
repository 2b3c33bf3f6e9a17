"""The in-memory channel layer of the embedded default (one process, no Redis)."""

import time

from channels.layers import InMemoryChannelLayer as ChannelsInMemoryChannelLayer


class InMemoryChannelLayer(ChannelsInMemoryChannelLayer):
    """Channels' in-memory layer, cleaning up expired messages and group memberships at most once a
    second. Channels does it on every send and every receive, walking every channel and every group:
    with 500 open sockets (1,000+ groups) that walk was the event loop's largest cost, paid about
    thirty times per message sent to a group of ten. Messages expire after `expiry` (60 s) and groups
    after a day, so a second's delay in forgetting them changes nothing."""

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
