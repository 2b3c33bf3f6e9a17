"""Admission control: at most ADMISSION_LIMIT HTTP requests of a process doing Django's work at once.

Django runs each request of an ASGI server in a thread of its own, and nothing bounded how many:
under overload a worker held hundreds of threads, each waiting for one of the pool's connections or
for the interpreter lock, so every request got slow together, the requests that did reach the pool
timed out into 503s after seconds of work, and the load bench saw a median of over a minute while
the server's own log said two seconds (docs/decisions/0012). Now a request beyond the limit waits
(first come, first served) up to ADMISSION_WAIT_SECONDS for a place, then gets the same 503 with
Retry-After as a database that is away (`web.errors.unavailable`: JSON under /api/, the page
elsewhere) without costing anything but that answer.

A place is held while Django works on the request (the middleware, the view, its queries), not
while its body arrives nor while its answer leaves (web/asgi_handler.py): a member on a slow phone
network sending a photo or reading a long page does not keep another member's request waiting.

With workers, keep the limit low (2 in deploy/entrepairs.env.example; decision 0012, fifteenth
session): the threads of one process share one interpreter lock, and each time a request's thread
comes back from PostgreSQL it waits for the lock behind the others. With ten requests at once per
worker, the bench's pages spent 60–100 ms inside Django for 10–12 ms of CPU; with two, the time inside
Django stays close to the CPU and the machine serves until its cores are full. More workers (two per
core), not more threads, use the cores. The default (the pool's size) suits one process serving
everything, where a slow first use (the privacy guard's language model, seconds) holding one of two
places kept a browser's other requests waiting.

Websockets are not counted: a socket is long and cheap, and its database work goes through the same
pool. The health check answers without waiting: a load balancer must see a busy process as alive."""

import asyncio
from contextlib import asynccontextmanager
from types import SimpleNamespace

from entrepairs.web.errors import unavailable

UNCOUNTED = ("/healthz",)


class Admission:
    """The places of one process, made in the server's event loop at first use."""

    def __init__(self, *, limit: int, wait_seconds: float):
        self.limit = limit
        self.wait_seconds = wait_seconds
        self._places: asyncio.Semaphore | None = None

    @asynccontextmanager
    async def place(self, scope):
        """`async with admission.place(scope) as admitted:` a place held for the block, or
        `admitted` false once the wait is over (the caller answers with `refuse`)."""
        if self.limit <= 0 or scope["path"] in UNCOUNTED:
            yield True
            return
        if self._places is None:
            self._places = asyncio.Semaphore(self.limit)
        try:
            await asyncio.wait_for(self._places.acquire(), self.wait_seconds)
        except TimeoutError:
            yield False
            return
        try:
            yield True
        finally:
            self._places.release()

    @staticmethod
    async def refuse(scope, send):
        """The 503 with Retry-After of a busy process, without reaching Django."""
        response = unavailable(SimpleNamespace(path=scope["path"]))
        headers = [(b"content-type", response["Content-Type"].encode())]
        headers += [(name.lower().encode(), value.encode()) for name, value in response.items()
                    if name.lower() != "content-type"]  # fmt: skip
        await send({"type": "http.response.start", "status": response.status_code, "headers": headers})
        await send({"type": "http.response.body", "body": response.content})
