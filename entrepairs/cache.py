"""The Redis cache, degrading instead of failing while Redis is away.

The cache holds nothing that cannot be lost: rate-limit counters, allauth's login throttles, cached
fragments. So while Redis restarts, a read is a miss, a write is dropped and a counter starts again
from zero (the limits are not enforced for those seconds), and every request still gets its normal
answer; before this, each REST call answered an HTML 500 because the API's rate limiter reached the
cache first. Connection errors are logged once per LOG_EVERY_SECONDS, not once per call.

One connection pool per process. Django keeps a cache object per thread and per asynchronous
context, and each built its own pool: under ASGI every request runs in a context of its own, so
every request opened a new connection to Redis (`python -m bench.load`: Redis accepted 662
connections for about 660 requests), with redis-py's handshake each time. The redis-py clients, each
with its pool (thread-safe), are now kept per process and server.

`count_many` is rate limits' increments in one round trip (entrepairs/throttles.py): `add` then
`incr` took three for each (incr first asks whether the key exists)."""

import functools
import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
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


def _degrading(operation, answer_while_away):
    """RedisCache's `operation` (a name, or a function taking the cache), answering
    `answer_while_away(*arguments)` when Redis is unreachable."""
    method = getattr(RedisCache, operation) if isinstance(operation, str) else operation
    operation = operation if isinstance(operation, str) else operation.__name__

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


_CLIENTS: dict = {}  # (servers, options, server index) -> redis.Redis, for the whole process
_CLIENTS_LOCK = threading.Lock()


class _SharedPoolClient(RedisCacheClient):
    """Django's client, whose redis-py clients (each with its connection pool) are the process's,
    not this object's: Django makes one of these per request context."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._shared_as = (tuple(servers), repr(sorted(options.items())))

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        shared_as = (*self._shared_as, index)
        client = _CLIENTS.get(shared_as)
        if client is None:
            with _CLIENTS_LOCK:
                client = _CLIENTS.get(shared_as)
                if client is None:
                    pool = self._pool_class.from_url(self._servers[index], **self._pool_options)
                    client = _CLIENTS[shared_as] = self._client(connection_pool=pool)
        return client


def _count_many(cache, counts):
    """Counts, (key, cost, timeout) each: each key started at 0 for `timeout` seconds unless it
    exists, `cost` added, the totals returned; one transaction, one round trip for them all (a key
    never outlives its timeout, even across its expiry). A rate-limited read counts against the
    account and the address at once (accounts/read_limits.py)."""
    if not counts:
        return []
    keyed = [(cache.make_and_validate_key(key), cost, timeout) for key, cost, timeout in counts]
    # Writes all go to the first server (Django's RedisCacheClient), whatever the key.
    pipeline = cache._cache.get_client(keyed[0][0], write=True).pipeline(transaction=True)
    for key, cost, timeout in keyed:
        pipeline.set(key, 0, ex=timeout, nx=True)
        pipeline.incrby(key, cost)
    return pipeline.execute()[1::2]


def increment_many(cache, counts: list[tuple[str, int, int]]) -> list[int]:
    """Each (key, cost, timeout) of `cache` increased by `cost` (from 0, expiring `timeout` seconds
    after it started), and their new values: one round trip with Redis (ResilientRedisCache.
    count_many), else add then incr, one key after the other."""
    counter = getattr(cache, "count_many", None)
    if counter is not None:
        return counter(counts)
    return [_add_then_incr(cache, key, cost, timeout) for key, cost, timeout in counts]


def _add_then_incr(cache, key: str, cost: int, timeout: int) -> int:
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key, cost)
    except ValueError:  # evicted between add and incr
        cache.set(key, cost, timeout=timeout)
        return cost


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedPoolClient

    count_many = _degrading(_count_many, lambda counts: [cost for _key, cost, _timeout in counts])  # restarts
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
