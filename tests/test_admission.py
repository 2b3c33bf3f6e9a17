"""Admission control (entrepairs/web/admission.py): beyond the limit a request waits briefly for a
place, then gets 503 with Retry-After (JSON under /api/, the page elsewhere) without reaching
Django; a place that frees up in time lets it through; websockets and the health check are not
counted."""

import asyncio
import json

from entrepairs.web.admission import AdmissionLimit


class SlowApplication:
    """An ASGI app that answers 200 once `release` is set, counting the requests it saw."""

    def __init__(self):
        self.release = asyncio.Event()
        self.seen = []

    async def __call__(self, scope, receive, send):
        self.seen.append(scope["path"])
        await self.release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def call(application, path, kind="http"):
    messages = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        messages.append(message)

    await application({"type": kind, "path": path}, receive, send)
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start["status"], dict(start["headers"]), body


def test_a_request_beyond_the_limit_waits_then_gets_503_with_retry_after(db):
    async def scenario():
        inner = SlowApplication()
        limited = AdmissionLimit(inner, limit=1, wait_seconds=0.2)
        first = asyncio.create_task(call(limited, "/n/breast/d/"))
        await asyncio.sleep(0.05)
        page = await call(limited, "/n/breast/d/")
        api = await call(limited, "/api/v1/networks")
        inner.release.set()
        return await first, page, api, inner.seen

    first, page, api, seen = asyncio.run(scenario())
    assert first[0] == 200
    assert seen == ["/n/breast/d/"]  # the refused requests never reached Django
    status, headers, body = page
    assert status == 503 and headers[b"retry-after"] == b"5"
    assert headers[b"content-type"].startswith(b"text/html")
    assert "Rien de ce que vous avez écrit n'a été publié" in body.decode()
    status, headers, body = api
    assert status == 503 and headers[b"retry-after"] == b"5"
    assert json.loads(body)["code"] == "unavailable"


def test_a_place_that_frees_up_in_time_lets_the_waiting_request_through():
    async def scenario():
        inner = SlowApplication()
        limited = AdmissionLimit(inner, limit=1, wait_seconds=5)
        first = asyncio.create_task(call(limited, "/a"))
        await asyncio.sleep(0.05)
        second = asyncio.create_task(call(limited, "/b"))
        await asyncio.sleep(0.05)
        assert inner.seen == ["/a"]  # the second waits outside
        inner.release.set()
        return await first, await second, inner.seen

    first, second, seen = asyncio.run(scenario())
    assert first[0] == second[0] == 200
    assert seen == ["/a", "/b"]


def test_the_health_check_is_not_kept_waiting():
    async def scenario():
        inner = SlowApplication()
        limited = AdmissionLimit(inner, limit=1, wait_seconds=0.1)
        first = asyncio.create_task(call(limited, "/a"))
        await asyncio.sleep(0.05)
        health = asyncio.create_task(call(limited, "/healthz"))
        await asyncio.sleep(0.2)
        assert inner.seen == ["/a", "/healthz"]  # admitted at once, past the limit
        inner.release.set()
        return await first, await health

    first, health = asyncio.run(scenario())
    assert first[0] == health[0] == 200
