"""API authentication: a personal access token (Bearer) or the browser session (with CSRF).

A request that carries an `Authorization` header is judged by that header alone: a revoked or
garbage token gets 401 even if a session cookie or the anonymous fallback would have let it through,
so a client learns at once that its token is dead instead of silently reading as someone else."""

import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import BaseThrottle

from entrepairs.accounts.tokens import user_for_token
from entrepairs.errors import ActionRefused


def _has_authorization_header(request) -> bool:
    return "authorization" in request.headers


class TokenAuth(HttpBearer):
    """`Authorization: Bearer ep_...`: the token IS its owner, with exactly the owner's rights."""

    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        user = user_for_token(token)  # None when revoked, unknown, or the account is deactivated
        if user is not None:
            # The rest of the request sees the token's owner exactly as a session would.
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """The site's session cookie. Unsafe methods need the CSRF token (`X-CSRFToken`), as on pages."""

    def __call__(self, request):
        if _has_authorization_header(request) or not request.user.is_authenticated:
            # No CSRF verdict for callers who are not using the session: they get 401, not 403.
            return None
        try:
            return super().__call__(request)
        except HttpError:
            raise ActionRefused(
                "csrf_failed",
                _("The security token of this page is missing or outdated. Reload the page and try again."),
                status=403,
            ) from None

    def authenticate(self, request, key):
        user = request.user
        return user if user.is_authenticated and user.is_active else None


def anonymous(request):
    """Lets public reads through for visitors, unless they sent credentials that failed above."""
    if _has_authorization_header(request):
        return None
    return AnonymousUser()


SIGNED_IN = [TokenAuth(), ActiveSessionAuth()]
SIGNED_IN_OR_ANONYMOUS = [TokenAuth(), ActiveSessionAuth(), anonymous]
# The schema side of SIGNED_IN_OR_ANONYMOUS (pass as `openapi_extra`): ninja lists only the token and
# the session, which declares the operation closed to visitors; the empty requirement `{}` says that
# calling it with no credentials is allowed too (OpenAPI's optional authentication).
OPEN_TO_VISITORS = {"security": [{}]}


def client_address(request) -> str:
    """The visitor's IP. X-Forwarded-For is trusted only behind our own proxy (BEHIND_PROXY sets
    SECURE_PROXY_SSL_HEADER), and then only its last entry, the one that proxy appended: anything
    before it is whatever the client chose to send, and would let a visitor reset its own counter."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


class PerUserMinuteThrottle(BaseThrottle):
    """A fixed one-minute window per account (per IP for visitors, a quarter of the allowance).

    Not ninja's UserRateThrottle: that one keeps a list of timestamps per user and rewrites it with
    get/set, so concurrent requests on several processes can overwrite each other and pass the limit;
    `cache.incr` is atomic in Redis. It also reads the limit from settings on each call."""

    WINDOW_SECONDS = 60

    def allow_request(self, request) -> bool:
        user = getattr(request, "auth", None)
        if user is not None and getattr(user, "is_authenticated", False):
            ident, limit = f"user:{user.pk}", settings.API_RATE_LIMIT_PER_MINUTE
        else:
            ident = f"ip:{client_address(request)}"
            limit = max(settings.API_RATE_LIMIT_PER_MINUTE // 4, 1)
        window = int(time.time() // self.WINDOW_SECONDS)
        key = f"api-rate:{ident}:{window}"
        cache.add(key, 0, timeout=2 * self.WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=2 * self.WINDOW_SECONDS)
            count = 1
        return count <= limit

    def wait(self) -> float:
        # Seconds until the current window ends. Computed, not stored: one throttle object serves
        # every request of every thread.
        return max(self.WINDOW_SECONDS - time.time() % self.WINDOW_SECONDS, 1)
