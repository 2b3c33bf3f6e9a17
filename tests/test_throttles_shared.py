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
    # A cache of its own, with its own connection pool: what one more worker process would have.
    return ResilientRedisCache(URL, {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}})


def test_two_cache_clients_share_one_count(monkeypatch):
    first, second = _client(), _client()
    assert first._cache is not second._cache
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
