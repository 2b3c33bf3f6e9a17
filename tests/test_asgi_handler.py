"""entrepairs/web/asgi_handler.py: under ASGI, Django's synchronous middleware chain and the view run
in one hop to the request's thread, and pages answer as they do under the test client (signed in,
signed out, form posts with their token, errors)."""

import asyncio
import inspect

import pytest
from django.test import Client

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
    assert inspect.iscoroutinefunction(django_application.get_response_async)


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
