"""API authentication: a personal access token (Bearer) or the browser session (with CSRF)."""

import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import BaseThrottle

from entrepairs.accounts.tokens import user_for_token


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            # The rest of the request sees the token's owner exactly as a session would.
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """Django session; ninja checks CSRF on unsafe methods."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


def anonymous(request):
    """Lets public reads through for visitors; a signed-in caller was already matched before."""
    return AnonymousUser()


SIGNED_IN = [TokenAuth(), ActiveSessionAuth()]
SIGNED_IN_OR_ANONYMOUS = [TokenAuth(), ActiveSessionAuth(), anonymous]


class PerUserMinuteThrottle(BaseThrottle):
    """A fixed one-minute window per account (per IP for visitors), counted in the shared cache, so
    every API process enforces the same limit. Read from settings on each call."""

    def allow_request(self, request) -> bool:
        user = getattr(request, "auth", None)
        if user is not None and getattr(user, "is_authenticated", False):
            ident, limit = f"user:{user.pk}", settings.API_RATE_LIMIT_PER_MINUTE
        else:
            ident, limit = f"ip:{self.get_ident(request)}", max(settings.API_RATE_LIMIT_PER_MINUTE // 4, 1)
        window = int(time.time() // 60)
        key = f"api-rate:{ident}:{window}"
        cache.add(key, 0, timeout=120)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=120)
            count = 1
        self._wait = 60 - int(time.time() % 60)
        return count <= limit

    def wait(self):
        return getattr(self, "_wait", 60)
