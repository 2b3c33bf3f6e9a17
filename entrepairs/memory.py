"""Long-lived objects kept out of the garbage collector's full passes (Python's `gc.freeze`).

A server process holds hundreds of thousands of objects that live as long as it does: modules,
settings, URL patterns, compiled templates and, once a member writes, the privacy guard's language
model. Each full pass of the cyclic collector walks all of them. Measured in one process serving the
thread list (`python -m bench.pages`' data): 280,000 objects at start, a full pass 139 ms of CPU about
once every 60 requests (2.3 ms a request on average, and a pause a member feels); with the French
model loaded, 710,000 objects. Frozen, they are never walked again; objects made by requests are
collected as before."""

import gc


def freeze_long_lived() -> None:
    """Collect what is garbage now, then move every surviving object to the permanent generation.
    Called once the application is loaded (asgi.py, wsgi.py) and after a language model loads."""
    gc.collect()
    gc.freeze()
