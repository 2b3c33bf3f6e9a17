"""Redis away: REST keeps answering JSON, throttles and caches degrade instead of failing (issue 18).

A redis-server of the test's own, on a free port of 127.0.0.1, is stopped and started again; the
suite's shared Redis (the PostgreSQL pass of CI) is never touched."""

import pytest

from tests.api_client import ApiClient
from tests.own_redis import OwnRedis, needs_redis_server

pytestmark = needs_redis_server


@pytest.fixture
def own_redis(settings):
    redis = OwnRedis()
    redis.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "entrepairs.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{redis.port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    yield redis
    redis.stop()


def test_rest_answers_json_while_redis_restarts_and_throttles_come_back(world, client, own_redis, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    api = ApiClient(client, world.patient.user)
    assert api.get("/networks/breast/threads").status_code == 200

    own_redis.stop()
    for _ in range(5):  # past the limit: counters are gone with Redis, requests are still served
        response = api.get("/networks/breast/threads")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
    assert client.get("/n/breast/d/").status_code in {200, 302}  # pages too (the session is in the database)

    own_redis.start()
    statuses = [api.get("/networks/breast/threads").status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200] and statuses[-1] == 429  # the limit counts again


def test_cache_reads_are_misses_and_writes_are_dropped_while_redis_is_away(own_redis):
    from django.core.cache import cache

    cache.set("k", "v")
    assert cache.get("k") == "v"
    own_redis.stop()
    assert cache.get("k", "missing") == "missing"
    assert cache.add("k2", 1) is False
    with pytest.raises(ValueError):
        cache.incr("k2")
    assert cache.get_or_set("k3", "computed") == "computed"
    cache.set("k4", 1)  # no exception
    cache.delete("k")


def test_page_read_limits_degrade_open_while_redis_is_away(world, client, own_redis, settings):
    settings.READ_LIMITS = {**settings.READ_LIMITS, "search": {"account": 2, "ip": 2, "seconds": 60}}
    client.force_login(world.patient.user)
    url = "/n/breast/search/?q=fatigue"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    own_redis.stop()
    # Counts are gone with Redis: searches are answered, never a 500.
    assert [client.get(url).status_code for _ in range(4)] == [200] * 4
    check = client.post("/n/breast/privacy/check/?context=text", {"body": "bonjour"})
    assert check.status_code == 200
