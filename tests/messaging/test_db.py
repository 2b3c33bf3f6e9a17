"""The consumers' database calls keep their connection between frames (entrepairs/messaging/db.py),
with Django's own checks. A stand-in connection: the test database (SQLite in memory) ignores close()."""

import time
from types import SimpleNamespace

import pytest
from asgiref.sync import async_to_sync
from django.db.backends.base.base import BaseDatabaseWrapper

from entrepairs.messaging import db


class StandIn:
    """What close_old_connections looks at on a connection, with Django's close_if_unusable_or_obsolete."""

    def __init__(self, max_age=0):
        self.settings_dict = {"CONN_MAX_AGE": max_age, "AUTOCOMMIT": True}
        self.connection, self.close_at, self.closed = None, None, 0
        self.errors_occurred, self.usable = False, True

    def connect(self):  # as BaseDatabaseWrapper.connect sets it
        max_age = self.settings_dict["CONN_MAX_AGE"]
        self.connection, self.errors_occurred = object(), False
        self.close_at = None if max_age is None else time.monotonic() + max_age

    def close(self):
        self.connection, self.closed = None, self.closed + 1

    def get_autocommit(self):
        return True

    def is_usable(self):
        return self.usable

    close_if_unusable_or_obsolete = BaseDatabaseWrapper.close_if_unusable_or_obsolete


@pytest.fixture
def standin(monkeypatch):
    connection = StandIn()
    monkeypatch.setattr(db, "connections", SimpleNamespace(all=lambda initialized_only: [connection]))
    return connection


def _frames(work, count=3):
    async def body():
        for _ in range(count):
            await db.database_sync_to_async(work)()

    async_to_sync(body)()


def _query(connection):
    return lambda: connection.connection or connection.connect()


def test_one_connection_serves_consecutive_frames(standin):
    _frames(_query(standin))
    assert standin.closed == 0 and standin.close_at > time.monotonic() + db.KEEP_SECONDS - 5


def test_the_kept_connection_is_closed_after_a_minute(standin):
    _frames(_query(standin), count=1)
    standin.close_at = time.monotonic() - 1
    _frames(lambda: None, count=1)
    assert standin.closed == 1


def test_a_connection_broken_by_an_error_is_closed(standin):
    _frames(_query(standin), count=1)
    standin.errors_occurred, standin.usable = True, False
    _frames(lambda: None, count=1)
    assert standin.closed == 1


def test_an_operators_conn_max_age_is_left_as_it_is(standin):
    standin.settings_dict["CONN_MAX_AGE"] = None  # persistent: never closed for its age
    _frames(_query(standin))
    assert (standin.closed, standin.close_at) == (0, None)
