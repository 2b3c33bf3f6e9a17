"""API authentication: a personal access token (Bearer) or the browser session (with CSRF).

A request that carries an `Authorization` header is judged by that header alone: a revoked or
garbage token gets 401 even if a session cookie or the anonymous fallback would have let it through,
so a client learns at once that its token is dead instead of silently reading as someone else."""

import threading
import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import BaseThrottle

from entrepairs import throttles
from entrepairs.accounts import read_limits
from entrepairs.accounts.tokens import ExpiredToken, user_for_token
from entrepairs.errors import ActionRefused
from entrepairs.throttles import client_address


def _has_authorization_header(request) -> bool:
    return "authorization" in request.headers


class TokenAuth(HttpBearer):
    """`Authorization: Bearer ep_...`: the token IS its owner, with exactly the owner's rights."""

    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        # An address that sent too many invalid tokens is refused before the lookup: guessing
        # tokens costs a minute per INVALID_TOKENS_PER_MINUTE_PER_IP tries, valid ones included.
        address = client_address(request)
        limit = settings.INVALID_TOKENS_PER_MINUTE_PER_IP
        before = throttles.peek("invalid-token", address, limit=limit, seconds=60)
        if not before.allowed:
            raise _too_many_invalid_tokens(before.retry_after)
        user = user_for_token(token)  # None when revoked, unknown, or the account is deactivated
        if isinstance(user, ExpiredToken):
            raise user.refusal()  # 401 token_expired: its owner renews it, nothing to guess
        if user is None:
            throttles.hit("invalid-token", address, limit=limit, seconds=60)
            return None
        # The rest of the request sees the token's owner exactly as a session would.
        request.user = user
        return user


def _too_many_invalid_tokens(retry_after: int) -> ActionRefused:
    return ActionRefused(
        "rate_limited",
        _("Too many invalid access tokens from this address. Try again in %(seconds)d seconds.")
        % {"seconds": retry_after},
        status=429,
        retry_after=retry_after,
    )


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


class PerUserMinuteThrottle(BaseThrottle):
    """A fixed one-minute window per account (per IP for visitors, a quarter of the allowance), and
    per IP for all signed-in accounts behind it together (PAGE_READS_PER_MINUTE_PER_IP).

    Not ninja's UserRateThrottle: that one keeps a list of timestamps per user and rewrites it with
    get/set, so concurrent requests on several processes can overwrite each other and pass the limit;
    `cache.incr` is atomic in Redis (entrepairs/throttles.py). It also reads the limit from settings
    on each call."""

    WINDOW_SECONDS = 60

    def __init__(self):
        # ninja asks wait() right after a refusal, in the same thread, without the request: a read
        # limit's own wait (up to its window's end) is handed over here.
        self._refused_wait = threading.local()

    def allow_request(self, request) -> bool:
        self._refused_wait.seconds = None
        user = getattr(request, "auth", None)
        address = client_address(request)
        if user is not None and getattr(user, "is_authenticated", False):
            ident, limit = f"user:{user.pk}", settings.API_RATE_LIMIT_PER_MINUTE
            # Many accounts behind one address (a farm of fresh accounts) also share the address's
            # allowance, the same as on pages.
            by_address = settings.READ_LIMITS["page"]["ip"]
            if not throttles.hit("api-ip", address, limit=by_address, seconds=self.WINDOW_SECONDS).allowed:
                return False
        else:
            ident = f"ip:{address}"
            limit = max(settings.API_RATE_LIMIT_PER_MINUTE // 4, 1)
        verdict = throttles.hit("api", ident, limit=limit, seconds=self.WINDOW_SECONDS)
        if verdict.allowed and request.method in ("GET", "HEAD") and request.resolver_match:
            # Searches, profiles and threads: their own limits, as on pages; the refusal's message is
            # the API's answer (api/errors.py, on_throttled), its wait the Retry-After.
            try:
                read_limits.check_scoped_read(user, address, request.resolver_match.view_name)
            except ActionRefused as refusal:
                request.read_refusal = refusal
                self._refused_wait.seconds = refusal.retry_after
                return False
        return verdict.allowed

    def wait(self) -> float:
        # Seconds until the current window ends. Computed, not stored: one throttle object serves
        # every request of every thread.
        if getattr(self._refused_wait, "seconds", None):
            return self._refused_wait.seconds
        return max(self.WINDOW_SECONDS - time.time() % self.WINDOW_SECONDS, 1)
