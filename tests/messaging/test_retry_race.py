"""A retry racing its original (a client that sends again before the first send's acknowledgement,
over another connection): the two meet under the conversation's lock, and one message is stored."""

import threading

import pytest
from django.db import connection, connections

from entrepairs.messaging import services
from entrepairs.messaging.models import Message

pytestmark = [
    pytest.mark.usefixtures("reference_professions"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are PostgreSQL's (SQLite locks the whole file)"
    ),
]


def _someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


def test_a_retry_racing_its_original_gets_it_and_stores_nothing(team, monkeypatch):
    group = services.create_group(team.heart, "Staff", [team.rhythm])
    take_sequence, holding, release = services._take_sequence, threading.Event(), threading.Event()

    def take_and_hold(conversation, at=None):
        # The original keeps the conversation's lock until the retry waits for it.
        sequence = take_sequence(conversation, at)
        if threading.current_thread().name == "original":
            holding.set()
            release.wait(10)
        return sequence

    monkeypatch.setattr(services, "_take_sequence", take_and_hold)
    sent = {}

    def send():
        try:
            sent[threading.current_thread().name] = services.send_message(
                team.heart, group, body="Bonjour", client_id="race-1"
            )
        finally:
            connections.close_all()

    original = threading.Thread(target=send, name="original")
    original.start()
    assert holding.wait(10)
    retry = threading.Thread(target=send, name="retry")
    retry.start()
    for _ in range(1000):  # the retry's UPDATE waits for the original's row lock
        if _someone_waits_for_a_lock():
            break
        retry.join(0.01)
    assert _someone_waits_for_a_lock()
    release.set()
    original.join(10)
    retry.join(10)
    (message, created), (again, created_again) = sent["original"], sent["retry"]
    assert (created, created_again, again.pk) == (True, False, message.pk)
    assert Message.objects.filter(conversation=group, client_id="race-1").count() == 1
    group.refresh_from_db()
    assert group.next_sequence == message.sequence + 1  # the retry's sequence was given back
