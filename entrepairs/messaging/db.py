"""Database calls from the websocket consumers: channels' `database_sync_to_async`, except that the
connection is kept between frames.

Under ASGI, CONN_MAX_AGE stays 0 (Django's advice: the synchronous part of each HTTP request runs in
a thread of its own, whose persistent connection would be left behind when the thread ends). So
channels closed the connection after every call, and every websocket frame opened a new one: with
SQLite that was about 5 ms of CPU per message sent (connecting, the pragmas, reading the schema
again), 40% of the database work of a send (bench/messaging.py); with PostgreSQL, a new server
process per frame.

Consumers are not requests: every consumer of a process runs its database work in the same thread
(asgiref's thread-sensitive executor, outside any request context), so a connection kept there is
reused by the next frame, never left behind. It gets the checks of Django's close_old_connections
(closed if left outside autocommit, or unusable after an error) and is replaced after
KEEP_SECONDS."""

import threading
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import SyncToAsync
from django.conf import settings
from django.db import connections

KEEP_SECONDS = 60


def _close_old_connections() -> None:
    for connection in connections.all(initialized_only=True):
        if (
            connection.connection is not None
            and connection.settings_dict["CONN_MAX_AGE"] == 0
            and getattr(connection, "_kept_connection", None) is not connection.connection
        ):
            # Django set close_at to the moment it connected (CONN_MAX_AGE 0): keep it a while longer.
            connection.close_at += KEEP_SECONDS
            connection._kept_connection = connection.connection
        connection.close_if_unusable_or_obsolete()


def _executor():
    """MESSAGING_DB_THREADS > 1: consumers' database work in that many threads of their own (each
    keeping its connection) instead of asgiref's one thread-sensitive thread, which stores one message
    at a time per process (docs/decisions/0012). Frames of one socket stay in order (a consumer
    awaits each); writers of one conversation are serialised by its sequence lock."""
    global _POOL
    if _POOL is None and settings.MESSAGING_DB_THREADS > 1:
        _POOL = ThreadPoolExecutor(settings.MESSAGING_DB_THREADS, thread_name_prefix="messaging-db")
    return _POOL


_POOL = None


def close_connections() -> None:
    """Close the connections the messaging threads keep, and stop the threads (a new pool starts
    with the next call). Before the database pool closes: a PostgreSQL test run waited 5 s at its
    end for the four connections they held, then could not drop its database."""
    global _POOL
    pool, _POOL = _POOL, None
    if pool is None:
        return
    # One task per thread: each waits at the barrier until every thread holds one, so that no thread
    # runs two and none is left out (the executor starts a thread for each task no idle one takes).
    barrier = threading.Barrier(pool._max_workers)

    def close() -> None:
        try:
            barrier.wait(timeout=5)
        finally:
            connections.close_all()

    for future in [pool.submit(close) for _ in range(pool._max_workers)]:
        future.exception()  # wait; a broken barrier still closed that thread's connections
    pool.shutdown(wait=True)


class DatabaseSyncToAsync(SyncToAsync):
    def __init__(self, func, thread_sensitive=True, executor=None):
        if pool := _executor():
            super().__init__(func, thread_sensitive=False, executor=pool)
        else:
            super().__init__(func, thread_sensitive=thread_sensitive, executor=executor)

    def thread_handler(self, loop, *args, **kwargs):
        _close_old_connections()
        try:
            return super().thread_handler(loop, *args, **kwargs)
        finally:
            _close_old_connections()


database_sync_to_async = DatabaseSyncToAsync
