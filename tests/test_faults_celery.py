"""A Celery worker killed mid-task (issue 18): the task runs again and its effect happens once.

A real worker process (prefork, as in production) on a Redis broker of the test's own takes the
notification email task and hangs in the mail server; the test kills it with SIGKILL (process group:
parent and child), starts a new worker, and checks the email was sent exactly once. The settings
under test are the project's: acks_late, reject_on_worker_lost, the visibility timeout (shortened
by its environment variable), and the outbox that makes email tasks idempotent. That test starts
two worker processes (about 10 s): it runs in the PostgreSQL + Redis pass of CI (REDIS_URL set), not
in the SQLite pass; the others run in both.

And a broker away when a post schedules its emails: the post is answered 201, once."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.core import mail
from django.db import connection
from django.test import Client
from kombu.exceptions import OperationalError

from entrepairs.discussions.actions import emails
from entrepairs.discussions.models import Notification, Post, ThreadFollow
from entrepairs.discussions.tasks import email_new_notifications
from entrepairs.networks.models import EmailPreference
from entrepairs.outbox.models import OutgoingEmail
from tests import factories as f
from tests.api_client import ApiClient
from tests.discussions.factories import thread_factory

ROOT = Path(__file__).resolve().parent.parent
TASK = "entrepairs.discussions.tasks.email_new_notifications"


def _waiting_notification():
    """A persona emailed at once, with one notification not yet emailed."""
    network = f.network_factory()
    author, reader = f.member_factory(network), f.member_factory(network)
    EmailPreference.objects.create(
        network=network, member=reader, frequency=EmailPreference.Frequency.IMMEDIATELY
    )
    thread = thread_factory(author)
    Notification.objects.create(network=network, recipient=reader, actor=author, kind="reply", thread=thread)
    return reader


class MailServerDied(BaseException):
    """As a worker killed while talking to the mail server: nothing after it runs."""


def test_an_email_task_cut_after_its_decision_sends_the_email_once_when_run_again(db, monkeypatch):
    reader = _waiting_notification()

    def killed(*args, **kwargs):
        raise MailServerDied

    monkeypatch.setattr("entrepairs.outbox.services.send_mail", killed)
    with pytest.raises(MailServerDied):
        emails.send_pending_immediate([reader.pk])
    assert Notification.objects.get(recipient=reader).emailed_at is not None  # decided, not sent
    monkeypatch.undo()

    emails.send_pending_immediate([reader.pk])  # the task again
    emails.send_pending_immediate([reader.pk])  # and again: nothing new
    assert [message.to for message in mail.outbox] == [[reader.user.email]]
    assert OutgoingEmail.objects.get().sent_at is not None
    assert OutgoingEmail.objects.get().recipient == ""  # the address is not kept once sent


def test_pending_emails_are_sent_by_the_periodic_task_and_old_records_forgotten(db):
    from datetime import timedelta

    from django.utils import timezone

    from entrepairs.outbox import services as outbox
    from entrepairs.outbox.tasks import deliver_pending_emails

    outbox.queue(("test:pending", "a@example.org", "Sujet", "Texte"), ("test:old", "b@example.org", "S", "T"))
    OutgoingEmail.objects.filter(key="test:old").update(sent_at=timezone.now() - timedelta(days=31))
    outbox.queue(("test:pending", "a@example.org", "Sujet", "Texte"))  # the same decision again: nothing new
    assert deliver_pending_emails() == 1
    assert [message.to for message in mail.outbox] == [["a@example.org"]]
    assert list(OutgoingEmail.objects.values_list("key", flat=True)) == ["test:pending"]


def _database_url_for_workers(tmp_path) -> tuple[str, Path | None]:
    """A DATABASE_URL under which worker processes see what this test committed: PostgreSQL's test
    database itself; for SQLite (in this process's memory), a copy in a file."""
    if connection.vendor == "sqlite":
        copy = tmp_path / "workers.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(copy)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{copy}", copy
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    return (
        f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        None,
    )


def _start_worker(environment: dict, name: str, logs: Path) -> subprocess.Popen:
    log = (logs / f"{name}.log").open("w")
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "entrepairs", "worker", "--pool", "prefork", "--concurrency", "1",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning", "-n", f"{name}@faults"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def _wait_for(condition, seconds: float, what: str, logs: Path) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(
                what + "".join(f"\n--- {log.name}\n{log.read_text()[-3000:]}" for log in logs.glob("*.log"))
            )
        time.sleep(0.05)


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="two Celery workers: run with REDIS_URL set (CI's second pass)"
)
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_task_runs_it_again_in_a_new_worker_and_the_email_goes_once(
    own_redis,
    tmp_path,
):
    reader = _waiting_notification()
    database_url, sqlite_copy = _database_url_for_workers(tmp_path)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "entrepairs.settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "DB_POOL": "false",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": own_redis.url(),
        # The broker hands an unacknowledged task to another worker after this long (an hour in
        # production): the second worker, starting, takes it back.
        "CELERY_VISIBILITY_TIMEOUT_SECONDS": "1",
        "EMAIL_BACKEND": "tests.faults_mail.Backend",
        "FAULTS_MAIL_DIR": str(tmp_path),
        "LOG_LEVEL": "CRITICAL",
    }
    sent = tmp_path / "sent.jsonl"
    broker = Celery("faults-test", broker=own_redis.url())
    first = _start_worker({**environment, "FAULTS_MAIL_BLOCK": "1"}, "first", tmp_path)
    second = None
    try:
        broker.send_task(TASK, args=[[reader.pk]])
        _wait_for(
            (tmp_path / "blocked").exists, 30, "the first worker never reached the mail server", tmp_path
        )
        os.killpg(first.pid, signal.SIGKILL)  # the worker and its pool process, mid-task
        first.wait(timeout=10)
        time.sleep(1.1)  # past the visibility timeout

        second = _start_worker(environment, "second", tmp_path)
        _wait_for(sent.exists, 30, "the task never ran again", tmp_path)
        time.sleep(0.5)  # a second email, if any, would come now
    finally:
        for worker in (first, second):
            if worker is not None and worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)

    lines = [json.loads(line) for line in sent.read_text().splitlines()]
    assert [line["to"] for line in lines] == [[reader.user.email]]  # once
    if sqlite_copy is not None:
        with sqlite3.connect(sqlite_copy) as copy:
            rows = copy.execute("SELECT sent_at IS NOT NULL, recipient FROM outbox_outgoingemail").fetchall()
    else:
        rows = list(OutgoingEmail.objects.values_list("sent_at", "recipient"))
        rows = [(sent_at is not None, recipient) for sent_at, recipient in rows]
    assert [tuple(row) for row in rows] == [(True, "")]


@pytest.mark.django_db(transaction=True)  # the post commits, and its on_commit work runs, in the request
def test_a_post_is_answered_201_once_when_the_task_broker_is_away(monkeypatch):
    """Scheduling the notification email runs after the post commits: with the broker (Redis) away
    it used to raise there, answering 500 for a stored post, which the member then sent again."""

    def broker_away(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    network = f.network_factory()
    author, replier = f.member_factory(network), f.member_factory(network)
    thread = thread_factory(author)
    ThreadFollow.objects.create(network=network, thread=thread, member=author)  # a reply notifies them
    monkeypatch.setattr(email_new_notifications, "delay", broker_away)
    api = ApiClient(Client(raise_request_exception=False), replier.user)
    response = api.post(f"/networks/{network.slug}/threads/{thread.pk}/replies", {"body": "Une réponse"})
    assert response.status_code == 201, response.content
    assert Post.objects.filter(thread=thread, is_first=False).count() == 1
