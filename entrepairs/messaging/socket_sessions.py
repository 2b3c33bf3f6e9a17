"""Who a websocket belongs to: channels' cookie, session and authentication middleware, with a
session middleware that does not wrap `send`.

Channels' SessionMiddleware wraps the `send` of every connection so that it can save a modified
session when an HTTP response starts. A socket never starts an HTTP response, yet every frame sent
to it went through the wrapper, which first asked the session whether it was modified and empty:
with 2,000 sockets and 2,000 deliveries a second, about 5 % of the event loops' time
(docs/decisions/0012). A socket reads its session (who is signed in) and never writes it."""

from importlib import import_module

from channels.auth import AuthMiddleware
from channels.sessions import CookieMiddleware
from django.conf import settings


class SocketSessionMiddleware:
    """The session named by the connection's cookie in `scope["session"]`, loaded when first read
    (by AuthMiddleware, in a database thread); `send` is passed on untouched."""

    def __init__(self, inner):
        self.inner = inner
        self.store = import_module(settings.SESSION_ENGINE).SessionStore

    async def __call__(self, scope, receive, send):
        if "session" not in scope:
            if "cookies" not in scope:
                raise ValueError("SocketSessionMiddleware needs to run inside CookieMiddleware.")
            scope = dict(scope, session=self.store(scope["cookies"].get(settings.SESSION_COOKIE_NAME)))
        return await self.inner(scope, receive, send)


def SocketAuthMiddlewareStack(inner):  # noqa: N802 - named as channels' AuthMiddlewareStack
    return CookieMiddleware(SocketSessionMiddleware(AuthMiddleware(inner)))
