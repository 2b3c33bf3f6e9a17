"""Throttles are counted where every process sees them (entrepairs/throttles.py).

Against the real Redis (REDIS_URL, else db 13 of 127.0.0.1, this test's own): two separate cache
clients, as two worker processes would have, add to one count. Skipped when no Redis answers."""

import os
import uuid

import pytest
import redis as redis_py

from entrepairs import throttles
from entrepairs.cache import ResilientRedisCache

URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/13"


def _reachable() -> bool:
    try:
        return redis_py.Redis.from_url(URL, socket_connect_timeout=0.5).ping()
    except redis_py.exceptions.RedisError:
        return False


pytestmark = pytest.mark.skipif(not _reachable(), reason="needs a Redis at REDIS_URL")


def _client() -> ResilientRedisCache:
    # A cache with its own connection pool, what one more worker process would have: in one process
    # the pools are shared by server and options, so each gets options of its own (its name).
    options = {
        "socket_connect_timeout": 0.5,
        "socket_timeout": 0.5,
        "client_name": f"test-{uuid.uuid4().hex}",
    }
    return ResilientRedisCache(URL, {"OPTIONS": options})


def test_two_cache_clients_share_one_count(monkeypatch):
    first, second = _client(), _client()
    assert first._cache.get_client().connection_pool is not second._cache.get_client().connection_pool
    scope = f"test-shared-{uuid.uuid4().hex}"  # nothing else counts here; the keys expire by themselves
    verdicts = []
    for worker in (first, second, first, second):
        monkeypatch.setattr(throttles, "cache", worker)
        verdicts.append(throttles.hit(scope, "account-1", limit=3, seconds=60))
    assert [verdict.count for verdict in verdicts] == [1, 2, 3, 4]
    assert [verdict.allowed for verdict in verdicts] == [True, True, True, False]
    assert 1 <= verdicts[-1].retry_after <= 60
    monkeypatch.setattr(throttles, "cache", second)
    assert throttles.peek(scope, "account-1", limit=3, seconds=60).count == 4


def test_a_redis_that_is_away_lets_requests_through(monkeypatch):
    # Nothing listens on port 1: every call fails to connect, the limit is not enforced, no error.
    away = ResilientRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    monkeypatch.setattr(throttles, "cache", away)
    verdicts = [throttles.hit("test-away", "account-1", limit=1, seconds=60) for _ in range(3)]
    assert all(verdict.allowed for verdict in verdicts)
    assert throttles.peek("test-away", "account-1", limit=1, seconds=60).allowed


def _counting_round_trips(monkeypatch, scope: str) -> tuple[ResilientRedisCache, list]:
    """A cache of its own for the throttles, its first connection made, and the list of what is sent
    to Redis from then on (one item per round trip)."""
    cache = _client()
    monkeypatch.setattr(throttles, "cache", cache)
    throttles.hit(scope, "warm", limit=3, seconds=60)  # the pool's first connection (its handshake)
    sent = []
    original = redis_py.connection.AbstractConnection.send_packed_command

    def counting(connection, command, *args, **kwargs):
        sent.append(command)
        return original(connection, command, *args, **kwargs)

    monkeypatch.setattr(redis_py.connection.AbstractConnection, "send_packed_command", counting)
    return cache, sent


def test_a_count_is_one_round_trip_and_expires_with_its_window(monkeypatch):
    scope = f"test-trip-{uuid.uuid4().hex}"
    cache, sent = _counting_round_trips(monkeypatch, scope)
    verdicts = [throttles.hit(scope, "account-1", limit=3, seconds=60, cost=2) for _ in range(2)]
    assert [verdict.count for verdict in verdicts] == [2, 4]
    assert len(sent) == 2  # add, then incr (which asks whether the key exists), was three each
    key = cache.make_and_validate_key(f"throttle:{scope}:account-1:{int(throttles._now() // 60)}")
    raw = redis_py.Redis.from_url(URL)
    assert 0 < raw.ttl(key) <= 120  # expires two windows after it started, not never
    assert cache.get(f"throttle:{scope}:account-1:{int(throttles._now() // 60)}") == 4


def test_cache_objects_of_one_process_share_one_connection():
    # Django makes a cache object per thread and per asynchronous context (each request under
    # ASGI): each opened its own connection to Redis. Named, so that Redis can count them.
    name = f"test-pool-{uuid.uuid4().hex}"
    options = {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "client_name": name}}
    caches = [ResilientRedisCache(URL, options) for _ in range(8)]  # kept alive: none closes by being freed
    for number, cache in enumerate(caches):
        cache.set(f"{name}-{number}", number, timeout=60)
        assert cache.get(f"{name}-{number}") == number
    raw = redis_py.Redis.from_url(URL)
    assert [client["name"] for client in raw.client_list()].count(name) == 1


def test_several_counts_are_one_round_trip_each_with_its_own_total_and_expiry(monkeypatch):
    scope = f"test-many-{uuid.uuid4().hex}"
    cache, sent = _counting_round_trips(monkeypatch, scope)
    checks = [(f"{scope}-ip", "10.0.0.7", 2, 60), (scope, "account-1", 1, 10)]
    first = throttles.hit_many(checks)
    second = throttles.hit_many(checks)
    assert len(sent) == 2  # one round trip for both counts, each time
    assert [(v.count, v.allowed) for v in first] == [(1, True), (1, True)]
    assert [(v.count, v.allowed) for v in second] == [(2, True), (2, False)]
    assert 1 <= second[1].retry_after <= 10
    # The same keys as `hit`: the two ways of counting add to one count.
    assert throttles.hit(scope, "account-1", limit=1, seconds=10).count == 3
    raw = redis_py.Redis.from_url(URL)
    key = cache.make_and_validate_key(f"throttle:{scope}:account-1:{int(throttles._now() // 10)}")
    assert 0 < raw.ttl(key) <= 20


def test_several_counts_while_redis_is_away_let_requests_through(monkeypatch):
    away = ResilientRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    monkeypatch.setattr(throttles, "cache", away)
    for _ in range(3):
        verdicts = throttles.hit_many(
            [("test-away-ip", "10.0.0.7", 1, 60), ("test-away", "account-1", 1, 60)]
        )
        assert all(verdict.allowed for verdict in verdicts)


def test_several_counts_in_the_process_cache_without_redis(monkeypatch):
    from django.core.cache.backends.locmem import LocMemCache

    local = LocMemCache(f"test-{uuid.uuid4().hex}", {})
    monkeypatch.setattr(throttles, "cache", local)
    checks = [("test-local-ip", "10.0.0.7", 1, 60), ("test-local", "account-1", 5, 60)]
    throttles.hit_many(checks)
    verdicts = throttles.hit_many(checks)
    assert [(v.count, v.allowed) for v in verdicts] == [(2, False), (2, True)]
