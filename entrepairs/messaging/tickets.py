"""Realtime tickets: how a client holding an API token (a native or third-party app, which has no
browser session) opens the messaging websocket (docs/messaging-protocol.md, "Connecting").

`POST /api/v1/realtime/ticket {"network": "<slug>"}` (with the token) returns a ticket: random, good
for one handshake, for 30 seconds, for that account and that network only. The client opens
`/ws/n/<slug>/messages/?ticket=<ticket>`. Only a hash of the ticket is stored (in the shared cache), so
the cache's content opens nothing; redeeming deletes it first, so two handshakes with one ticket
open one socket.

Origin: browsers always send one, and a handshake with an Origin must come from an allowed host
(cross-site websocket hijacking rides on a victim's cookies). A client that is not a browser sends
no Origin: its handshake is accepted only with a ticket, and then the ticket alone authenticates it
(a session cookie sent along is ignored)."""

import hashlib
import secrets
from urllib.parse import parse_qs

from channels.security.websocket import AllowedHostsOriginValidator
from django.contrib.auth import get_user_model
from django.core.cache import cache

TTL_SECONDS = 30
PREFIX = "realtime-ticket:"


def _key(ticket: str) -> str:
    return PREFIX + hashlib.sha256(ticket.encode()).hexdigest()


def issue(user, network) -> str:
    """A new ticket for `user` in `network` (the caller checked the membership)."""
    ticket = secrets.token_urlsafe(32)
    cache.set(_key(ticket), f"{user.pk}:{network.slug}", TTL_SECONDS)
    return ticket


def redeem(ticket: str, slug: str):
    """The active account the ticket was issued to, if it is valid, unused, unexpired and for this
    network; else None. Used up either way."""
    if not ticket or len(ticket) > 100:
        return None
    key = _key(ticket)
    value = cache.get(key)
    if value is None or not cache.delete(key):  # expired, used, or taken by a concurrent handshake
        return None
    user_id, _sep, ticket_slug = value.partition(":")
    if ticket_slug != slug:
        return None
    return get_user_model().objects.filter(pk=int(user_id), is_active=True).first()


def ticket_of(scope) -> str | None:
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("ticket")
    return values[0] if values else None


def _has_origin(scope) -> bool:
    return any(name == b"origin" for name, _value in scope.get("headers", []))


class OriginOrTicket:
    """Channels' AllowedHostsOriginValidator for handshakes with an Origin; without one (a client
    that is not a browser), straight to the application only when a ticket is offered, with every
    cookie dropped: the consumer then authenticates the ticket."""

    def __init__(self, application):
        self.validated = AllowedHostsOriginValidator(application)
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not _has_origin(scope) and ticket_of(scope):
            headers = [(name, value) for name, value in scope["headers"] if name != b"cookie"]
            return await self.application({**scope, "headers": headers}, receive, send)
        return await self.validated(scope, receive, send)
