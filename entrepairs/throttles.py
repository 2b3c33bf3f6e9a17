"""Rate limits counted in the shared cache, so that every process of an installation agrees.

With REDIS_URL the cache is Redis, where the increment is atomic (one transaction, one round trip:
entrepairs/cache.py): a limit of 30 a minute is 30 for the whole installation however many workers
serve it (docs/decisions/0016-abuse-limits.md).
Without REDIS_URL (the embedded default) the cache lives in the process: right for one process only,
which is why `check --deploy` warns when several may run without Redis (entrepairs/checks.py).

Limits degrade open. While Redis is away the cache answers misses (entrepairs/cache.py): a count
starts again from one and the request goes through. A limit is never a reason to answer 500.

Fixed windows: the count of a window of `seconds` that starts at a multiple of `seconds`. Simple
(one key, one atomic increment); a client may reach twice the limit across a window's edge."""

import logging
import math
import os
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from entrepairs import cache as shared_cache

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    retry_after: int  # seconds until the window ends: what Retry-After says when refused


def hit(scope: str, ident, *, limit: int, seconds: int, cost: int = 1) -> Verdict:
    """Counts one more (`cost`) for `ident` in `scope` and says whether it is within `limit`."""
    return hit_many([(scope, ident, limit, seconds)], cost=cost)[0]


def hit_many(checks: list[tuple[str, object, int, int]], *, cost: int = 1) -> list[Verdict]:
    """`hit` for each (scope, ident, limit, seconds), counted in one round trip with Redis."""
    now = _now()
    windows = [int(now // seconds) for _scope, _ident, _limit, seconds in checks]
    counts = _increment_many(
        [
            (f"throttle:{scope}:{ident}:{window}", cost, 2 * seconds)
            for (scope, ident, _limit, seconds), window in zip(checks, windows, strict=True)
        ]
    )
    return [
        Verdict(count <= limit, count, _until_next(now, window, seconds))
        for (_scope, _ident, limit, seconds), window, count in zip(checks, windows, counts, strict=True)
    ]


def peek(scope: str, ident, *, limit: int, seconds: int) -> Verdict:
    """The current count, without counting: for checks made before an expensive lookup."""
    now = _now()
    window = int(now // seconds)
    try:
        count = cache.get(f"throttle:{scope}:{ident}:{window}", 0)
    except Exception:  # noqa: BLE001 - degrade open: a limit never answers 500
        logger.warning("throttles: cache unreadable, %s not enforced", scope, exc_info=True)
        count = 0
    return Verdict(count < limit, count, _until_next(now, window, seconds))


def client_address(request) -> str:
    """The visitor's IP. X-Forwarded-For is trusted only behind our own proxy (BEHIND_PROXY sets
    SECURE_PROXY_SSL_HEADER), and then only its last entry, the one that proxy appended: anything
    before it is whatever the client chose to send, and would let a visitor reset its own counter."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _now() -> float:
    # One place for the clock, which tests fix so as not to straddle two windows.
    return time.time()


def _until_next(now: float, window: int, seconds: int) -> int:
    return max(math.ceil((window + 1) * seconds - now), 1)


def _increment_many(counts: list[tuple[str, int, int]]) -> list[int]:
    try:
        return shared_cache.increment_many(cache, counts)
    except Exception:  # noqa: BLE001 - degrade open: a limit never answers 500
        logger.warning(
            "throttles: cache unwritable, %s not counted", counts[0][0].split(":")[1], exc_info=True
        )
        return [cost for _key, cost, _timeout in counts]


def several_processes_without_redis(app_configs=None, **kwargs):
    """`check --deploy`: counting in process memory while several processes serve the site lets each
    of them allow the full limit (four workers: four times the logins, searches and API calls).

    Several processes are assumed when WEB_CONCURRENCY (read by uvicorn and gunicorn as their
    number of workers) is above one, or in production mode (DEBUG off, HTTPS on), where the
    operator guide runs two workers."""
    from django.core import checks

    if settings.REDIS_URL:
        return []
    try:
        workers = int(os.environ.get("WEB_CONCURRENCY", "1") or 1)
    except ValueError:
        workers = 1
    production = not settings.DEBUG and settings.HTTPS
    if workers <= 1 and not production:
        return []
    reason = f"WEB_CONCURRENCY={workers}" if workers > 1 else "production mode (DEBUG off, HTTPS on)"
    return [
        checks.Warning(
            f"Rate limits are counted in each process's memory ({reason}, no REDIS_URL): each worker "
            "allows the full limit, so logins, searches and API calls get several times their limits.",
            hint="Set REDIS_URL so that every process counts in the same Redis (docs/operator-guide.md, "
            "'Abuse limits'), or run a single worker.",
            id="entrepairs.W001",
        )
    ]
