"""The production mode under load, against a real server (issue 18), in CI's PostgreSQL + Redis run only.

- A short form of `make bench` (bench/load.py): a small generated installation, uvicorn with two
  workers, every endpoint (network home, thread list, thread, search, reply, message,
  notifications) warmed up one request at a time, then fifteen seconds at a low fixed rate: not one
  error, no 5xx, no connection error. No timing is asserted: the machine is shared.
- Overload: a process whose pool has one connection, that connection held by a request that waits
  on a lock; the next request waits DB_POOL_TIMEOUT_SECONDS for a connection, then gets a 503 with
  Retry-After (a page, or JSON under /api/), never a 500; the held request then completes."""

import json
import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not (os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")),
    reason="needs the PostgreSQL + Redis run (DATABASE_URL=postgres://..., REDIS_URL)",
)

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installation():
    """The URL of a database of its own, migrated and filled by bench.generate; dropped afterwards."""
    import psycopg

    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"entrepairs_load_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{server}/{name}"
    try:
        subprocess.run(
            [sys.executable, "-m", "bench.generate", "--posts", "3000", "--members", "120", "--networks", "2"],
            cwd=BASE_DIR, env=dict(os.environ, DATABASE_URL=url), check=True, capture_output=True,
        )  # fmt: skip
        yield url
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_short_mixed_load_answers_every_request_without_error(installation):
    run = subprocess.run(
        [sys.executable, "-m", "bench.load", "--database-url", installation, "--redis-url", os.environ["REDIS_URL"],
         "--posts", "3000", "--networks", "2", "--signed-in", "60", "--rate", "6", "--duration", "15", "--json"],
        cwd=BASE_DIR, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    events = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    steps = [event for event in events if event["event"] == "step-end"]
    assert len(steps) == 1, run.stdout + run.stderr
    step = steps[0]
    assert set(step["endpoints"]) == {
        "home",
        "thread_list",
        "thread",
        "search",
        "reply",
        "message",
        "notifications",
    }
    assert {name: row["errors"] for name, row in step["endpoints"].items() if row["errors"]} == {}
    assert step["totals"]["requests"] == 6 * 15
    warm_up = next(event for event in events if event["event"] == "warm-up")
    assert warm_up["errors"] == {}
    # The PostgreSQL settings that move the figures are printed beside them.
    assert "shared_buffers" in run.stdout and "effective_cache_size" in run.stdout
    assert "fixed Python workload" in run.stdout  # and the machine's speed (bench/machine.py)
    done = next(event for event in events if event["event"] == "done")
    assert done["server_error_lines"] == 0
    assert run.returncode == 0


def _blocked_on_a_lock(admin, database: str) -> bool:
    row = admin.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'", [database]
    ).fetchone()
    return row[0] > 0


def test_a_request_that_finds_no_free_connection_gets_503_with_retry_after(installation):
    import httpx
    import psycopg

    from bench.messaging import uvicorn_server

    database = installation.rsplit("/", 1)[1]
    # The pool's own bound (admission control, tests/test_admission.py, would queue the request first).
    pool = {
        "DB_POOL_MIN_SIZE": "1",
        "DB_POOL_MAX_SIZE": "1",
        "DB_POOL_TIMEOUT_SECONDS": "1",
        "ADMISSION_LIMIT": "0",
    }
    with (
        uvicorn_server(
            installation,
            redis_url=os.environ["REDIS_URL"],
            workers=1,
            celery_broker=False,
            log=subprocess.DEVNULL,
            extra_env=pool,
        ) as (port, _pid),  # fmt: skip
        psycopg.connect(installation, autocommit=True) as admin,
        psycopg.connect(installation) as locker,
        httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client,
    ):
        about = "/n/bench-0/about/"
        assert client.get(about).status_code == 200  # warm: the pool's connection is open
        locker.execute("LOCK TABLE networks_network IN ACCESS EXCLUSIVE MODE")
        held = {}
        first = threading.Thread(target=lambda: held.update(response=client.get(about)))
        first.start()
        deadline = time.monotonic() + 20
        while not _blocked_on_a_lock(admin, database):  # the first request now holds the only connection
            assert time.monotonic() < deadline, "the first request never reached the database"
            time.sleep(0.05)

        page = client.get(about)
        api = client.get("/api/v1/networks/bench-0", headers={"Accept": "application/json"})

        locker.rollback()  # the lock goes: the held request completes
        first.join(timeout=20)
        after = client.get(about)

    assert page.status_code == 503 and page.headers["Retry-After"] == "5"
    assert "text/html" in page.headers["Content-Type"]
    assert api.status_code == 503 and api.headers["Retry-After"] == "5"
    assert api.json()["code"] == "unavailable"
    assert held["response"].status_code == 200
    assert after.status_code == 200
