"""/metrics (entrepairs/metrics.py): only for a scraper holding METRICS_TOKEN, a 404 like any unknown
page otherwise; requests labelled by route pattern, never by path; the task queue's length; the
values of several worker processes added up (PROMETHEUS_MULTIPROC_DIR)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from prometheus_client.parser import text_string_to_metric_families

from entrepairs import metrics

TOKEN = "scrape-token-" + "x" * 30
ROOT = Path(__file__).resolve().parent.parent


def samples(text: str) -> dict[tuple, float]:
    """{(sample name, sorted labels): value} of an exposition text."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


@pytest.fixture
def scrape(client, settings):
    settings.METRICS_TOKEN = TOKEN

    def scrape():
        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        assert response["Cache-Control"] == "no-store"
        return response.content.decode()

    return scrape


def test_without_a_configured_token_metrics_is_an_unknown_page(client, db, settings):
    settings.METRICS_TOKEN = ""
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer "}, {"HTTP_AUTHORIZATION": "Bearer anything"}):
        response = client.get("/metrics", **headers)
        assert response.status_code == 404
        assert b"entrepairs_" not in response.content


def test_a_wrong_or_missing_token_gets_the_same_404_as_an_unknown_page(client, db, settings):
    settings.METRICS_TOKEN = TOKEN
    unknown = client.get("/no-such-page-here")
    for headers in (
        {},
        {"HTTP_AUTHORIZATION": "Bearer wrong"},
        {"HTTP_AUTHORIZATION": TOKEN},  # no scheme
        {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}x"},
        {"HTTP_AUTHORIZATION": f"Basic {TOKEN}"},
    ):
        response = client.get("/metrics", **headers)
        assert response.status_code == 404 == unknown.status_code
        assert response["Content-Type"] == unknown["Content-Type"]
        assert b"entrepairs_" not in response.content and TOKEN.encode() not in response.content


def test_requests_are_counted_by_route_pattern_and_status_without_personal_data(world, client, scrape):
    client.force_login(world.patient.user)
    before = samples(scrape())
    search = ("n/<slug:slug>/search/", "GET", "200")
    key = (
        "entrepairs_http_requests_total",
        (("method", search[1]), ("route", search[0]), ("status", search[2])),
    )
    for _ in range(2):
        assert client.get("/n/breast/search/?q=Sophie+Martin+chimiothérapie").status_code == 200
    assert client.get("/n/breast/t/999999/").status_code == 404
    client.generic("BREW", "/healthz")
    text = scrape()
    after = samples(text)
    assert after[key] - before.get(key, 0) == 2
    not_found = ("entrepairs_http_requests_total", (("method", "GET"), ("route", "n/<slug:slug>/t/<int:thread_id>/"), ("status", "404")))  # fmt: skip
    assert after[not_found] - before.get(not_found, 0) == 1
    assert any(
        name == "entrepairs_http_requests_total" and ("method", "OTHER") in labels for name, labels in after
    )
    # The latency histogram: the searches fell into its buckets, per route.
    count = ("entrepairs_http_request_duration_seconds_count", (("route", search[0]),))
    assert after[count] - before.get(count, 0) == 2
    infinity = ("entrepairs_http_request_duration_seconds_bucket", (("le", "+Inf"), ("route", search[0])))
    assert after[infinity] == after[count]
    # Nothing names the network, the thread, the search or the member.
    # (The thread number is looked for in the labels only: a duration's sum may hold its digits.)
    for personal in ("breast", "Sophie", "chimioth", world.patient.user.email):
        assert personal not in text
    # Labels name patterns: every route label is a pattern of the code (or the unresolved marker).
    routes = {dict(labels).get("route") for name, labels in after} - {None}
    assert all("breast" not in route and "999999" not in route for route in routes)


def test_task_queue_is_zero_when_tasks_run_inline(client, scrape, settings, db):
    settings.CELERY_BROKER_URL = ""
    found = samples(scrape())
    assert found[("entrepairs_task_queue_length", (("queue", "celery"),))] == 0
    assert found[("entrepairs_task_broker_up", ())] == 1


@pytest.fixture
def scratch_redis_url():
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1")
    return url


def test_task_queue_length_is_read_from_celerys_redis_lists(client, scrape, settings, scratch_redis_url, db):
    queue = f"metrics-test-{uuid.uuid4().hex}"  # a queue of this test's own, in whatever database
    settings.CELERY_BROKER_URL = scratch_redis_url
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    connection = redis.Redis.from_url(scratch_redis_url)
    try:
        connection.rpush(queue, "task-1", "task-2", "task-3")
        connection.rpush(f"{queue}\x06\x166", "urgent")  # kombu's list for priority step 6
        found = samples(scrape())
    finally:
        connection.delete(queue, f"{queue}\x06\x166")
    assert found[("entrepairs_task_queue_length", (("queue", queue),))] == 4
    assert found[("entrepairs_task_broker_up", ())] == 1


def test_a_broker_that_does_not_answer_is_reported_not_guessed(client, scrape, settings, db):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    text = scrape()
    assert "entrepairs_task_queue_length" not in text
    assert samples(text)[("entrepairs_task_broker_up", ())] == 0


WORKER = """
import os, sys
from entrepairs import metrics
print(os.getpid())
metrics.observe_request("n/<slug:slug>/", "GET", 200, 0.02)
for _ in range(int(sys.argv[1])):
    metrics.websocket_opened()
"""
SCRAPE = (
    "import sys; from entrepairs import metrics; sys.stdout.write(metrics.render('', 'celery')[0].decode())"
)


def test_several_worker_processes_are_added_up_and_a_dead_workers_sockets_dropped(tmp_path):
    """Each worker process writes its values under PROMETHEUS_MULTIPROC_DIR; a scrape answered by
    any process adds them up. The workers here exit after counting: their requests still count (a
    counter is a total), their open websockets do not (they closed with the process)."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}

    def python(code, *args):
        done = subprocess.run(
            [sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    workers = [python(WORKER, "2").strip(), python(WORKER, "3").strip()]
    assert {f"gauge_livesum_{pid}.db" for pid in workers} <= set(os.listdir(tmp_path))
    found = samples(python(SCRAPE))
    assert found[("entrepairs_http_requests_total", (("method", "GET"), ("route", "n/<slug:slug>/"), ("status", "200")))] == 2  # fmt: skip
    assert found[("entrepairs_http_request_duration_seconds_count", (("route", "n/<slug:slug>/"),))] == 2
    assert found[("entrepairs_websockets_open", ())] == 0
    assert not {f"gauge_livesum_{pid}.db" for pid in workers} & set(os.listdir(tmp_path))


def test_open_websockets_of_living_processes_are_added_up(tmp_path):
    # This process stands for a living worker: its gauge file stays and is counted.
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    code = (
        "import subprocess, sys\n"
        "from entrepairs import metrics\n"
        "metrics.websocket_opened(); metrics.websocket_opened(); metrics.websocket_closed()\n"
        f"sys.stdout.write(subprocess.run([sys.executable, '-c', {SCRAPE!r}], capture_output=True, text=True).stdout)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert samples(done.stdout)[("entrepairs_websockets_open", ())] == 1


def test_method_label_is_bounded():
    before = metrics.requests_total.labels(route="x/", method="OTHER", status="405")._value.get()
    metrics.observe_request("x/", "PROPFIND", 405, 0.001)
    assert metrics.requests_total.labels(route="x/", method="OTHER", status="405")._value.get() == before + 1


def test_probes_and_scrapes_reach_a_worker_in_plain_http_when_https_is_on(client, db, settings):
    # A load balancer or Prometheus on the private network calls the workers directly; every other
    # address is redirected to HTTPS (SECURE_REDIRECT_EXEMPT in settings.py).
    settings.SECURE_SSL_REDIRECT = True
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
    assert client.get("/metrics").status_code == 404
    redirected = client.get("/n/breast/")
    assert redirected.status_code == 301 and redirected["Location"].startswith("https://")
