"""Long-lived objects kept out of the garbage collector's full passes (Python's `gc.freeze`).

A server process holds hundreds of thousands of objects that live as long as it does: modules,
settings, URL patterns, compiled templates and, once a member writes, the privacy guard's language
model. Each full pass of the cyclic collector walks all of them. Measured in one process serving the
thread list (`python -m bench.pages`' data): 280,000 objects at start, a full pass 139 ms of CPU about
once every 60 requests (2.3 ms a request on average, and a pause a member feels); with the French
model loaded, 710,000 objects. Frozen, they are never walked again; objects made by requests are
collected as before.

A websocket server process also holds what its open sockets need (about a thousand consumers a
process, their connections and subscriptions), which no freeze can cover: they come and go. With
Python's default thresholds the collector's youngest generation is collected every 700 allocations,
which moved each message's objects still in flight to older generations, until a full pass walked
every socket's objects (`python -m bench.messaging`, 2,000 sockets, 150 messages/s: nine full passes
per worker in a minute, 100 to 340 ms each, each a stall every socket of the process felt).
`collect_less_often` raises the thresholds: most objects are freed by their reference count long
before 20,000 allocations, so far fewer survive into the older generations (one full pass per worker
in the same run)."""

import gc

# Python's defaults are (700, 10, 10). Cyclic garbage a request or a message makes (a few hundred
# objects) waits a little longer to be freed: kilobytes.
THRESHOLDS = (20_000, 20, 20)


def freeze_long_lived() -> None:
    """Collect what is garbage now, then move every surviving object to the permanent generation.
    Called once the application is loaded (asgi.py, wsgi.py) and after a language model loads."""
    gc.collect()
    gc.freeze()


def collect_less_often() -> None:
    """Collect the youngest generation every THRESHOLDS[0] allocations instead of 700, and the older
    ones accordingly. Called by a server process once the application is loaded (asgi.py, wsgi.py)."""
    gc.set_threshold(*THRESHOLDS)
