"""Admission control: at most ADMISSION_LIMIT HTTP requests of a process inside Django at once.

Django runs each request of an ASGI server in a thread of its own, and nothing bounded how many:
under overload a worker held hundreds of threads, each waiting for one of the pool's connections or
for the interpreter lock, so every request got slow together, the requests that did reach the pool
timed out into 503s after seconds of work, and the load bench saw a median of over a minute while
the server's own log said two seconds (docs/decisions/0012). Now a request beyond the limit waits
(first come, first served) up to ADMISSION_WAIT_SECONDS for a place, then gets the same 503 with
Retry-After as a database that is away (`web.errors.unavailable`: JSON under /api/, the page
elsewhere) without costing anything but that answer. Websockets are not counted: a socket is long
and cheap, and its database work goes through the same pool.

The health check answers without waiting: a load balancer must see a busy process as alive."""

import asyncio
from types import SimpleNamespace

from entrepairs.web.errors import unavailable

UNCOUNTED = ("/healthz",)


class AdmissionLimit:
    def __init__(self, application, *, limit: int, wait_seconds: float):
        self.application = application
        self.limit = limit
        self.wait_seconds = wait_seconds
        self._places: asyncio.Semaphore | None = None  # made in the server's event loop

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or self.limit <= 0 or scope["path"] in UNCOUNTED:
            return await self.application(scope, receive, send)
        if self._places is None:
            self._places = asyncio.Semaphore(self.limit)
        try:
            await asyncio.wait_for(self._places.acquire(), self.wait_seconds)
        except TimeoutError:
            return await self._busy(scope, send)
        try:
            return await self.application(scope, receive, send)
        finally:
            self._places.release()

    @staticmethod
    async def _busy(scope, send):
        response = unavailable(SimpleNamespace(path=scope["path"]))
        headers = [(b"content-type", response["Content-Type"].encode())]
        headers += [(name.lower().encode(), value.encode()) for name, value in response.items()
                    if name.lower() != "content-type"]  # fmt: skip
        await send({"type": "http.response.start", "status": response.status_code, "headers": headers})
        await send({"type": "http.response.body", "body": response.content})
