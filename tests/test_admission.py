"""Admission control (entrepairs/web/admission.py, taken by web/asgi_handler.py): beyond the limit a
request waits briefly for a place, then gets 503 with Retry-After (JSON under /api/, the page
elsewhere) without reaching Django; a place that frees up in time lets it through; the health check
is not counted; and a place is held only while Django works, not while a slow client sends its body
or reads the answer."""

import asyncio
import json
import threading

import pytest
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from entrepairs.web.admission import Admission

RELEASE = threading.Event()
SEEN: list[str] = []


def _slow_view(request):
    SEEN.append(request.path)
    RELEASE.wait(timeout=10)
    return HttpResponse(b"slow done")


@csrf_exempt  # the upload test posts without a form token
def _quick_view(request):
    SEEN.append(request.path)
    return HttpResponse(b"quick " + request.body)


urlpatterns = [
    path("slow/", _slow_view),
    path("api/v1/slow/", _slow_view),
    path("quick/", _quick_view),
    path("healthz", _quick_view),
]


@pytest.fixture
def handler(settings):
    from entrepairs.web.asgi_handler import SyncChainASGIHandler

    settings.ROOT_URLCONF = __name__
    RELEASE.clear()
    SEEN.clear()
    application = SyncChainASGIHandler()
    application.admission = Admission(limit=1, wait_seconds=0.3)
    yield application
    RELEASE.set()
    application.lanes.close()


async def call(application, route, *, method="GET", body_parts=(b"",), size=0, on_send=None):
    """(status, headers, body) of one request; `body_parts` arrive one `receive` at a time (an
    awaitable among them is awaited first: a slow client); `on_send(message)` may be awaited for
    each message sent (a slow reader); `size`: the body's declared length."""
    sent, parts = [], list(body_parts)

    async def receive():
        if not parts:
            await asyncio.Event().wait()  # the client waits for its answer
        part = parts.pop(0)
        if not isinstance(part, bytes):
            part = await part
        return {"type": "http.request", "body": part, "more_body": bool(parts)}

    async def send(message):
        if on_send is not None:
            await on_send(message)
        sent.append(message)

    headers = [(b"host", b"testserver")]
    if method == "POST":
        headers += [(b"content-type", b"text/plain"), (b"content-length", str(size).encode())]
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": route, "raw_path": route.encode(), "root_path": "", "query_string": b"",
        "server": ("testserver", 80), "client": ("127.0.0.1", 5000), "headers": headers,
    }  # fmt: skip
    await application(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    content = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], {k.lower(): v for k, v in start["headers"]}, content


async def _until_seen(count: int):
    for _ in range(200):
        if len(SEEN) >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"the view saw {SEEN}")


@pytest.mark.django_db
def test_a_request_beyond_the_limit_waits_then_gets_503_with_retry_after(handler):
    async def scenario():
        first = asyncio.create_task(call(handler, "/slow/"))
        await _until_seen(1)
        page = await call(handler, "/quick/")
        api = await call(handler, "/api/v1/slow/")
        RELEASE.set()
        return await first, page, api

    first, page, api = asyncio.run(scenario())
    assert first[0] == 200
    assert SEEN == ["/slow/"]  # the refused requests never reached Django
    assert handler.lanes.made == 1  # nor took a thread while they waited
    status, headers, body = page
    assert status == 503 and headers[b"retry-after"] == b"5"
    assert headers[b"content-type"].startswith(b"text/html")
    assert "Rien de ce que vous avez écrit n'a été publié" in body.decode()
    status, headers, body = api
    assert status == 503 and headers[b"retry-after"] == b"5"
    assert json.loads(body)["code"] == "unavailable"


def test_a_place_that_frees_up_in_time_lets_the_waiting_request_through(handler):
    handler.admission = Admission(limit=1, wait_seconds=5)

    async def scenario():
        first = asyncio.create_task(call(handler, "/slow/"))
        await _until_seen(1)
        second = asyncio.create_task(call(handler, "/quick/"))
        await asyncio.sleep(0.1)
        assert SEEN == ["/slow/"]  # the second waits outside
        RELEASE.set()
        return await first, await second

    first, second = asyncio.run(scenario())
    assert (first[0], second[0]) == (200, 200) and second[2] == b"quick "
    assert SEEN == ["/slow/", "/quick/"]


def test_the_health_check_is_not_kept_waiting(handler):
    async def scenario():
        first = asyncio.create_task(call(handler, "/slow/"))
        await _until_seen(1)
        health = await call(handler, "/healthz")  # admitted at once, past the limit
        RELEASE.set()
        return await first, health

    first, health = asyncio.run(scenario())
    assert first[0] == health[0] == 200


def test_a_slow_reader_does_not_hold_a_place(handler):
    # The first answer is written to a client that reads it slowly (its send waits): with one place,
    # the next request is served meanwhile, as the place was given back when Django was done.
    RELEASE.set()
    reading = asyncio.Event

    async def scenario():
        slow_reader = reading()

        async def blocked(message):
            if message["type"] == "http.response.body":
                await slow_reader.wait()

        first = asyncio.create_task(call(handler, "/slow/", on_send=blocked))
        await _until_seen(1)
        await asyncio.sleep(0.05)
        second = await asyncio.wait_for(call(handler, "/quick/"), 2)
        slow_reader.set()
        return await first, second

    first, second = asyncio.run(scenario())
    assert first[:1] == second[:1] == (200,) and first[2] == b"slow done"


def test_a_slow_upload_does_not_hold_a_place(handler):
    # A body arriving slowly (a photo over a phone network) is read before the request takes a place.
    async def scenario():
        rest = asyncio.get_running_loop().create_future()
        upload = asyncio.create_task(
            call(handler, "/quick/", method="POST", body_parts=(b"photo-", rest), size=9)
        )
        await asyncio.sleep(0.05)
        other = await asyncio.wait_for(call(handler, "/quick/"), 2)
        assert SEEN == ["/quick/"]  # the upload has not reached Django yet
        rest.set_result(b"end")
        return await upload, other

    upload, other = asyncio.run(scenario())
    assert upload[0] == other[0] == 200 and upload[2] == b"quick photo-end"
