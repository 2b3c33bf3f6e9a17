"""MESSAGING_DB_THREADS (entrepairs/messaging/db.py): above 1, consumers' database work runs in a pool
of threads of its own instead of asgiref's single thread-sensitive thread."""

import asyncio
import threading

import pytest

from entrepairs.messaging import db

# database_sync_to_async closes the thread's stale connections around the call, as channels' does:
# that touches the database layer, which pytest-django allows only to tests that ask for it.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fresh_pool(monkeypatch):
    monkeypatch.setattr(db, "_POOL", None)
    yield
    if db._POOL is not None:
        db._POOL.shutdown(wait=True)


def _where(_member):
    return threading.current_thread().name


def test_with_several_threads_the_work_runs_in_the_messaging_pool(settings, fresh_pool):
    settings.MESSAGING_DB_THREADS = 3

    async def run():
        return await asyncio.gather(*(db.database_sync_to_async(_where)(None) for _ in range(6)))

    names = asyncio.run(run())
    assert all(name.startswith("messaging-db") for name in names)
    assert db._POOL._max_workers == 3


def test_by_default_the_work_runs_in_asgirefs_single_thread(settings, fresh_pool):
    settings.MESSAGING_DB_THREADS = 1

    async def run():
        return await asyncio.gather(*(db.database_sync_to_async(_where)(None) for _ in range(3)))

    names = asyncio.run(run())
    assert not any(name.startswith("messaging-db") for name in names)
    assert len(set(names)) == 1
    assert db._POOL is None


@pytest.mark.parametrize(
    ("database_url", "threads"),
    [("postgres://postgres@127.0.0.1:5432/entrepairs", "4"), ("sqlite:///:memory:", "1")],
)
def test_the_default_is_four_threads_on_postgresql_and_one_on_sqlite(database_url, threads):
    """One thread stored one message at a time per process and fell behind at 100 messages/s to
    2,000 sockets (docs/decisions/0012); four kept up. SQLite lets one writer in at a time: there,
    more threads only met each other's locks ("table is locked" in the tests' shared in-memory
    database). Read in a fresh process, without the variable (the settings do not connect)."""
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if key != "MESSAGING_DB_THREADS"}
    env["DATABASE_URL"] = database_url
    found = subprocess.run(
        [sys.executable, "-c", "import entrepairs.settings as s; print(s.MESSAGING_DB_THREADS)"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert found.stdout.strip() == threads


def test_closing_closes_every_threads_connection_and_stops_the_threads(settings, fresh_pool):
    """Before the database pool closes (a test run's end, a worker's): the threads' own connections,
    kept between frames, are closed, not left holding the database."""
    from django.db import connections

    settings.MESSAGING_DB_THREADS = 3
    held = {}

    def query(_member):
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
        held[threading.current_thread().name] = connections["default"]
        return threading.current_thread()

    async def run():
        return await asyncio.gather(*(db.database_sync_to_async(query)(None) for _ in range(9)))

    threads = set(asyncio.run(run()))
    assert held and all(wrapper.connection is not None for wrapper in held.values())
    db.close_connections()
    # (Django never closes an in-memory SQLite database: closing it would destroy it.)
    assert all(wrapper.connection is None or wrapper.is_in_memory_db() for wrapper in held.values())
    assert db._POOL is None and not any(thread.is_alive() for thread in threads)
    db.close_connections()  # nothing left to close: nothing happens
