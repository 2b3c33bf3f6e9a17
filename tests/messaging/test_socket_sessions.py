"""entrepairs/messaging/socket_sessions.py: a socket's session is the one its cookie names, and the
frames sent to the socket reach the server untouched (channels' session middleware wrapped `send`
and looked at the session for every frame)."""

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

from entrepairs.messaging.socket_sessions import SocketAuthMiddlewareStack, SocketSessionMiddleware
from tests.factories import UserFactory


def _seen_by_inner(middleware_class, scope):
    seen = {}

    async def inner(scope, receive, send):
        seen["scope"], seen["send"] = scope, send

    async def send(message):
        pass

    async def receive():
        return {"type": "websocket.connect"}

    async_to_sync(middleware_class(inner))(scope, receive, send)
    return seen, send


def test_the_session_is_the_cookies_and_send_is_passed_on_untouched():
    scope = {"type": "websocket", "cookies": {settings.SESSION_COOKIE_NAME: "abc123"}}
    seen, send = _seen_by_inner(SocketSessionMiddleware, scope)
    assert seen["send"] is send
    assert isinstance(seen["scope"]["session"], SessionBase)
    assert seen["scope"]["session"].session_key is None  # "abc123" is no valid key: an anonymous session
    assert "session" not in scope  # the caller's scope is not changed


def test_a_session_already_in_the_scope_is_kept():
    marker = object()
    seen, _send = _seen_by_inner(SocketSessionMiddleware, {"type": "websocket", "session": marker})
    assert seen["scope"]["session"] is marker


def test_without_cookie_middleware_it_says_so():
    with pytest.raises(ValueError, match="CookieMiddleware"):
        _seen_by_inner(SocketSessionMiddleware, {"type": "websocket"})


@pytest.mark.django_db(transaction=True)
def test_the_whole_stack_authenticates_from_the_session_cookie(client):
    user = UserFactory()
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    scope = {"type": "websocket", "headers": [(b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}".encode())]}
    seen, send = _seen_by_inner(SocketAuthMiddlewareStack, scope)
    assert seen["send"] is send
    assert seen["scope"]["session"].session_key == key
    assert seen["scope"]["user"].pk == user.pk
