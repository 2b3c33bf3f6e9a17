"""Django's ASGI handler with the middleware chain and the view run in one hop to the request's
thread, and that thread kept from one request to the next.

Every middleware of the site is synchronous. Under ASGI, Django builds an asynchronous chain around
them: a hop from the event loop to a thread for the middleware, a hop back to the event loop below
the last one (async_to_sync), and a third hop to a thread for the view, each copying the request's
context variables. Measured with uvicorn (one worker, the thread list, 200,000 posts): the server
process spent about 12 ms more CPU per request than the same request made in-process through the
test client. Here the chain is built synchronous, as under WSGI, and the whole of it runs with one
`sync_to_async` in the request's thread (thread-sensitive: the same thread Django's own hops use,
so database connections and thread-locals behave as before).

One hop, not four: Django's handler also sends the request signals (started, and finished when it
closes the response) each in a hop of its own, and watches for the client's disconnection in a task
group beside the view. A page or an API answer is whole once the view returns, so the signal, the
chain, the view and the response's closing run in the one hop, and only the bytes are sent from the
event loop: the request's database connection goes back to the pool before its answer is written,
as under WSGI. A streaming answer (a file, an export) is read a chunk at a time on the same thread
and sent as it is read, watching for the client going away (Django would read it whole into memory
first), and closed afterwards in a last hop there. Reading the body and writing the answer are
Django's own code.

The request's thread: Django gives each request a thread-sensitive context of its own, and asgiref
starts a new thread for it and joins it when the request ends (two thread starts and a join per
request, measured at a tenth of the smallest page's CPU). Here each request borrows a *lane*, a
single-thread executor kept for the life of the process, as a WSGI server keeps its threads: every
thread-sensitive call of the request (the signals, the chain and view, closing the response) runs on
that one thread, one request at a time, as before. Thread-local state is therefore what a WSGI thread
sees: the database connection object stays with the thread, and the request signals return its
connection to the pool at the end of each request as they always did."""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack, asynccontextmanager, closing

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.conf import settings
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.db import connections
from django.http import FileResponse
from django.urls import set_script_prefix

from entrepairs.web.admission import Admission


async def _read_on_the_requests_thread(chunks):
    """A synchronous body (a file, an export) read one chunk at a time on the request's thread, each
    chunk sent before the next is read. Django reads such a body whole into memory before sending any
    of it under ASGI ("must consume synchronous iterators"): a member's data export or a case photo,
    all in the worker's memory at once."""
    read = sync_to_async(next, thread_sensitive=True)
    while (chunk := await read(chunks, None)) is not None:
        yield chunk


class Lanes:
    """Single-thread executors lent to one request at a time and kept once made. As many are made
    as requests are under way at once in the process: those inside Django are bounded by the
    admission limit (web/admission.py), those sending a streamed file to a slow client are not."""

    def __init__(self):
        self._idle: list[ThreadPoolExecutor] = []
        self._made = 0
        self._lock = threading.Lock()

    def borrow(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._idle:
                return self._idle.pop()
            self._made += 1
            number = self._made
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"request-lane-{number}")

    def give_back(self, lane: ThreadPoolExecutor) -> None:
        with self._lock:
            self._idle.append(lane)

    @property
    def made(self) -> int:
        return self._made

    def close(self) -> None:
        """Each idle lane's database connections closed (given back to the pool) and its thread
        stopped; a lane lent out meanwhile comes back and stays. Tests call it between tests: a
        test's database connection would otherwise stay with a lane thread into the next test."""
        with self._lock:
            idle, self._idle = self._idle, []
        for lane in idle:
            lane.submit(connections.close_all).result()
            lane.shutdown(wait=True)


class SyncChainASGIHandler(ASGIHandler):
    def __init__(self):
        super().__init__()
        self.load_middleware(is_async=False)  # replaces the asynchronous chain built above
        self.lanes = Lanes()
        self.admission = Admission(
            limit=settings.ADMISSION_LIMIT, wait_seconds=settings.ADMISSION_WAIT_SECONDS
        )

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        await self.handle(scope, receive, send)

    async def handle(self, scope, receive, send):
        try:
            body_file = await self.read_body(receive)  # on the event loop and asgiref's pool, not a lane
        except RequestAborted:
            return
        with closing(body_file):
            set_script_prefix(get_script_prefix(scope))
            async with AsyncExitStack() as lent:
                # A place while Django works (web/admission.py): not while the body arrived, nor while
                # the answer is sent or a streamed file is read out to the client. The lane is
                # borrowed once admitted (requests queued for a place hold no thread) and kept until
                # the answer is sent and closed.
                async with self.admission.place(scope) as admitted:
                    if not admitted:
                        await self.admission.refuse(scope, send)
                        return
                    await lent.enter_async_context(self._lane())
                    response = await sync_to_async(self.respond, thread_sensitive=True)(scope, body_file)
                await self._send(response, receive, send)

    @asynccontextmanager
    async def _lane(self):
        lane = self.lanes.borrow()
        try:
            async with ThreadSensitiveContext(executor=lane):
                yield
        finally:
            # Only once the block has exited: a task of the request that outlived it could not send
            # work to the lane any more (asgiref refuses), so the next request has it to itself.
            self.lanes.give_back(lane)

    async def _send(self, response, receive, send):
        if not response.streaming:
            await self.send_response(response, send)  # closed already (respond)
            return
        if not response.is_async:
            response.streaming_content = _read_on_the_requests_thread(response.streaming_content)
        try:
            async with asyncio.TaskGroup() as group:
                watch = group.create_task(self.listen_for_disconnect(receive))
                await self.send_response(response, send)
                watch.cancel()
        except* RequestAborted:
            pass  # the client went away: the rest of the file is not read
        finally:
            await sync_to_async(response.close, thread_sensitive=True)()

    def respond(self, scope, body_file):
        """In the request's thread: the request started, the answer, and unless it streams, the
        request finished (`response.close()` sends the signal that returns the database connection)."""
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, response = self.create_request(scope, body_file)
        if request is not None:
            response = self.get_response(request)
            response._handler_class = self.__class__
            if isinstance(response, FileResponse):
                response.block_size = self.chunk_size  # the server cuts it in frames, as Django does
        if not response.streaming:
            response.close()
        return response
