"""Request ids, one JSON log line per request without personal data, health endpoints (issue 18)."""

import json
import logging

import pytest

from entrepairs.web.observability import JsonFormatter, RequestIdFilter


@pytest.fixture
def json_lines(caplog):
    """The log lines as the production formatter writes them."""
    caplog.set_level(logging.INFO, logger="entrepairs.requests")
    formatter, stamp = JsonFormatter(), RequestIdFilter()

    def lines():
        return [json.loads(formatter.format(record)) for record in caplog.records]

    caplog.handler.addFilter(stamp)
    return lines


def test_each_request_has_an_id_returned_and_logged_without_personal_data(world, client, json_lines):
    client.force_login(world.patient.user)
    response = client.get("/n/breast/search/?q=Sophie+Martin+chimiothérapie", REMOTE_ADDR="203.0.113.7")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    (line,) = [entry for entry in json_lines() if entry["message"] == "request"]
    assert line["request_id"] == request_id
    assert line["route"] == "n/<slug:slug>/search/" and line["status"] == 200 and line["method"] == "GET"
    # The CPU the request's thread spent (a page costs some; never more than the time it took).
    assert 0 < line["cpu_ms"] <= line["duration_ms"] + 1
    text = json.dumps(line)
    for personal in ("Sophie", "chimioth", "203.0.113.7", world.patient.user.email, "breast"):
        assert personal not in text


def test_a_well_formed_request_id_from_the_proxy_is_kept_and_a_bad_one_replaced(client, db):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="proxy-1234abcd")["X-Request-ID"] == "proxy-1234abcd"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>")["X-Request-ID"]
    assert replaced != "<script>alert(1)</script>" and len(replaced) == 32


def test_health_and_readiness(client, db, settings):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"]["database"] == "ok"


def test_readiness_says_503_when_redis_is_away(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json() == {"status": "unavailable", "checks": {"database": "ok", "redis": "unavailable"}}
