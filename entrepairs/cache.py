"""The Redis cache, degrading instead of failing while Redis is away.

The cache holds nothing that cannot be lost: rate-limit counters, allauth's login throttles, cached
fragments. So while Redis restarts, a read is a miss, a write is dropped and a counter starts again
from zero (the limits are not enforced for those seconds), and every request still gets its normal
answer; before this, each REST call answered an HTML 500 because the API's rate limiter reached the
cache first. Connection errors are logged once per LOG_EVERY_SECONDS, not once per call."""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
LOG_EVERY_SECONDS = 30.0
_last_logged = 0.0


def _log(operation: str, error: Exception) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY_SECONDS:
        _last_logged = now
        logger.warning("cache: Redis unreachable (%s: %s); serving without the cache", operation, error)


def _degrading(operation: str, answer_while_away):
    """RedisCache's `operation`, answering `answer_while_away(*arguments)` when Redis is unreachable."""
    method = getattr(RedisCache, operation)

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            _log(operation, error)
            return answer_while_away(*args, **kwargs)

    return call


def _missing_key(key, *args, **kwargs):
    # What incr() says of a key that is not there: callers (the API throttle) start a new count.
    raise ValueError(f"Key '{key}' not found (cache unreachable)")


class ResilientRedisCache(RedisCache):
    get = _degrading("get", lambda key, default=None, version=None: default)  # a miss
    get_many = _degrading("get_many", lambda *args, **kwargs: {})
    has_key = _degrading("has_key", lambda *args, **kwargs: False)
    set = _degrading("set", lambda *args, **kwargs: None)  # dropped
    set_many = _degrading("set_many", lambda data, *args, **kwargs: list(data))  # the keys not set
    add = _degrading("add", lambda *args, **kwargs: False)
    touch = _degrading("touch", lambda *args, **kwargs: False)
    incr = _degrading("incr", _missing_key)
    delete = _degrading("delete", lambda *args, **kwargs: False)
    delete_many = _degrading("delete_many", lambda *args, **kwargs: None)
    clear = _degrading("clear", lambda: False)
