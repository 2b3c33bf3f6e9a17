"""entrepairs/web/asgi_handler.py: under ASGI, Django's synchronous middleware chain and the view run
in one hop to the request's thread, and pages answer as they do under the test client (signed in,
signed out, form posts with their token, errors)."""

import asyncio
import inspect
import io
import threading

import pytest
from django.core.signals import request_finished, request_started
from django.test import Client
from django.urls import path

from entrepairs.discussions.models import Post
from tests import factories as f
from tests.discussions.factories import thread_factory


def _request(application, method, path, *, cookies="", body=b"", content_type=b""):
    sent, received = [], []

    async def receive():
        if received:  # the body was read: what follows is the client waiting for the answer
            await asyncio.Event().wait()
        received.append(1)
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        sent.append(message)

    headers = [(b"host", b"testserver"), (b"cookie", cookies.encode())]
    if body:
        headers += [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "", "query_string": b"",
        "server": ("testserver", 80), "client": ("127.0.0.1", 5000), "headers": headers,
    }  # fmt: skip
    asyncio.run(application(scope, receive, send))
    start = next(message for message in sent if message["type"] == "http.response.start")
    content = b"".join(
        message.get("body", b"") for message in sent if message["type"] == "http.response.body"
    )
    headers = {name.lower(): value for name, value in start["headers"]}
    return start["status"], headers, content.decode()


def test_the_chain_is_synchronous_and_runs_in_one_hop():
    from entrepairs.asgi import django_application

    assert not inspect.iscoroutinefunction(django_application._middleware_chain)
    # The one hop (signal, chain, view, closing) is synchronous code run in the request's thread.
    assert not inspect.iscoroutinefunction(django_application.respond)
    assert inspect.iscoroutinefunction(django_application.handle)


@pytest.mark.django_db(transaction=True)
def test_pages_through_the_asgi_application(settings):
    from entrepairs.asgi import application

    settings.REQUIRE_MFA_FOR_ROLES = False
    network = f.network_factory(slug="asgi-reseau")
    member = f.member_factory(network)
    thread = thread_factory(member, title="Fatigue après la cure")
    client = Client()
    client.force_login(member.user)
    session = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    status, _headers, page = _request(application, "GET", f"/n/asgi-reseau/t/{thread.pk}/", cookies=session)
    assert status == 200 and "Fatigue après la cure" in page

    status, headers, _page = _request(application, "GET", f"/n/asgi-reseau/t/{thread.pk}/")
    assert status == 302 and b"/accounts/login/" in headers[b"location"]

    status, _headers, _page = _request(application, "GET", "/n/no-such-network/", cookies=session)
    assert status == 404

    # A form post with its token, as a browser sends it.
    token = "a" * 32
    cookies = f"{session}; {settings.CSRF_COOKIE_NAME}={token}"
    body = f"csrfmiddlewaretoken={token}&body=Merci+pour+vos+conseils".encode()
    status, _headers, _page = _request(
        application, "POST", f"/n/asgi-reseau/t/{thread.pk}/", cookies=cookies, body=body,
        content_type=b"application/x-www-form-urlencoded",
    )  # fmt: skip
    assert status == 302
    assert Post.objects.filter(thread=thread, body="Merci pour vos conseils").exists()


# A page and a streamed file, served by the handler under a URLconf of their own (no database).
def _page_view(request):
    from django.http import HttpResponse

    return HttpResponse(f"page from {threading.current_thread().name}")


def _file_view(request):
    from django.http import FileResponse

    return FileResponse(io.BytesIO(b"x" * 200_000), content_type="application/octet-stream")


urlpatterns = [path("page/", _page_view), path("file/", _file_view)]


def _served(application, paths, *, before_send=None):
    """Requests of `paths` through a fresh handler, all at once on one event loop: (status, body,
    events) each, where events lists "started", "finished" (the request signals) and "sent" (the
    response's first message) in the order they happened."""
    events = []

    async def one(path):
        sent = []

        async def receive():
            if sent or getattr(receive, "read", False):
                await asyncio.Event().wait()  # the client waits for its answer
            receive.read = True
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            if message["type"] == "http.response.start":
                events.append(("sent", path))
            sent.append(message)

        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
            "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
            "query_string": b"", "server": ("testserver", 80), "client": ("127.0.0.1", 5000),
            "headers": [(b"host", b"testserver")],
        }  # fmt: skip
        await application(scope, receive, send)
        status = next(m["status"] for m in sent if m["type"] == "http.response.start")
        return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")

    async def all_of_them():
        return await asyncio.gather(*(one(path) for path in paths))

    def started(**kwargs):
        events.append(("started", threading.current_thread().name))
        if before_send is not None:
            before_send()

    def finished(**kwargs):
        events.append(("finished", threading.current_thread().name))

    request_started.connect(started)
    request_finished.connect(finished)
    try:
        return asyncio.run(all_of_them()), events
    finally:
        request_started.disconnect(started)
        request_finished.disconnect(finished)


@pytest.fixture
def handler(settings):
    from entrepairs.web.asgi_handler import SyncChainASGIHandler

    settings.ROOT_URLCONF = __name__
    settings.ADMISSION_LIMIT = 10  # three requests at once inside Django (tests/test_admission.py: the limit)
    application = SyncChainASGIHandler()
    yield application
    application.lanes.close()


def test_requests_one_after_another_share_one_kept_thread(handler):
    for _ in range(3):
        (((status, body),), events) = _served(handler, ["/page/"])
        assert status == 200
        assert body.startswith(b"page from request-lane-1")
    assert handler.lanes.made == 1  # asgiref's default started and joined a thread per request


def test_requests_at_once_each_have_a_thread_of_their_own(handler):
    # Each request waits in its thread until all three are in theirs: one thread for two would never
    # let the third arrive (the barrier breaks after its timeout).
    barrier = threading.Barrier(3, timeout=5)
    answers, _events = _served(handler, ["/page/"] * 3, before_send=barrier.wait)
    assert [status for status, _body in answers] == [200, 200, 200]
    assert len({body for _status, body in answers}) == 3
    assert handler.lanes.made == 3
    answers, _events = _served(handler, ["/page/"] * 3, before_send=threading.Barrier(3, timeout=5).wait)
    assert handler.lanes.made == 3  # kept, and lent again


def test_a_page_is_finished_in_its_thread_before_its_answer_is_sent(handler):
    # One hop: started, the view, finished (the signal that gives the database connection back to the
    # pool) all in the request's thread, then the bytes from the event loop.
    (((status, _body),), events) = _served(handler, ["/page/"])
    assert status == 200
    assert [name for name, _where in events] == ["started", "finished", "sent"]
    assert events[0][1] == events[1][1] and events[0][1].startswith("request-lane-")


def test_a_streamed_file_is_sent_whole_then_finished_in_the_same_thread(handler):
    (((status, body),), events) = _served(handler, ["/file/"])
    assert status == 200 and body == b"x" * 200_000
    assert [name for name, _where in events] == ["started", "sent", "finished"]
    assert events[0][1] == events[2][1]  # closed where it was opened: that thread's connection


def test_lanes_closed_stop_their_threads(handler):
    _served(handler, ["/page/"])
    lane_threads = [t for t in threading.enumerate() if t.name.startswith("request-lane-")]
    assert lane_threads
    handler.lanes.close()
    assert not any(t.is_alive() for t in lane_threads)


class _RecordedFile(io.BytesIO):
    """A file whose reads are written down in `log`, beside what the test's `send` writes there."""

    def __init__(self, content: bytes, log: list):
        super().__init__(content)
        self.log = log

    def read(self, size=-1):
        chunk = super().read(size)
        self.log.append(("read", len(chunk)))
        return chunk


def test_a_streamed_file_is_sent_as_it_is_read_not_read_whole_first(handler, recwarn):
    # Django's ASGI handler reads a synchronous body whole into memory before sending any of it (a
    # data export, all of it in the worker's memory): here each chunk is sent before the next is read.
    log, sent = [], []
    content = bytes(range(256)) * 1024  # 256 KiB: four of the handler's 64 KiB chunks

    def file_view(request):
        from django.http import FileResponse

        return FileResponse(_RecordedFile(content, log), content_type="application/octet-stream")

    async def receive():
        if getattr(receive, "read", False):
            await asyncio.Event().wait()
        receive.read = True
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        if message["type"] == "http.response.body" and message.get("body"):
            log.append(("sent", len(message["body"])))
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": "/recorded/", "raw_path": b"/recorded/", "root_path": "",
        "query_string": b"", "server": ("testserver", 80), "client": ("127.0.0.1", 5000),
        "headers": [(b"host", b"testserver")],
    }  # fmt: skip
    urlpatterns.append(path("recorded/", file_view))
    try:
        asyncio.run(handler(scope, receive, send))
    finally:
        urlpatterns.pop()
    assert b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body") == content
    assert log[:3] == [("read", 65536), ("sent", 65536), ("read", 65536)]
    assert [kind for kind, _size in log].count("sent") == 4
    assert not [w for w in recwarn if "consume synchronous iterators" in str(w.message)]
