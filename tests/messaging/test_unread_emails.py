"""Emails about private messages still unread after MESSAGING_EMAIL_DELAY_MINUTES: one per burst,
only to participants who may and want to hear, never with the text or the sender."""

import time
from datetime import timedelta

import pytest
from django.db.models import F

from entrepairs.discussions.actions.emails import set_frequency
from entrepairs.messaging import services, tasks
from entrepairs.messaging.actions import emails
from entrepairs.messaging.models import Message, Participant
from entrepairs.networks import services as network_services
from tests.messaging.helpers import say

SECRET = "Mon traitement par chimiothérapie"


def _later(message, minutes=16):
    """Simulates time passing: the message was written `minutes` ago."""
    Message.objects.filter(pk=message.pk).update(created_at=F("created_at") - timedelta(minutes=minutes))


def _run(message):
    """What the worker does when the countdown ends."""
    return tasks.email_unread_messages(message.conversation_id, message.sequence)


@pytest.fixture
def direct(team):
    return services.start_direct(team.heart, team.rhythm)


def test_sending_schedules_the_email_after_commit_with_the_configured_delay(
    team, direct, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.MESSAGING_EMAIL_DELAY_MINUTES = 20
    scheduled = []
    monkeypatch.setitem(tasks.email_unread_messages.app.conf, "task_always_eager", False)
    monkeypatch.setattr(
        tasks.email_unread_batch,
        "apply_async",
        lambda args, countdown: scheduled.append((args, countdown)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = say(team.heart, direct, SECRET)
        assert scheduled == []  # nothing before commit
    tasks.flush_unread_emails()
    assert scheduled == [(([(direct.pk, message.sequence)],), 20 * 60)]


def test_the_emails_of_one_second_are_one_task_published_a_second_after_the_first(
    team, direct, monkeypatch, django_capture_on_commit_callbacks
):
    """Publishing a task cost about 0.9 ms of CPU per message in the thread that stores them: the
    messages of one second share one task, the email delay counted from its publication."""
    scheduled = []
    monkeypatch.setattr(tasks, "BATCH_SECONDS", 0.2)
    monkeypatch.setitem(tasks.email_unread_messages.app.conf, "task_always_eager", False)
    monkeypatch.setattr(tasks.email_unread_messages, "apply_async", lambda *a, **k: pytest.fail("one by one"))
    monkeypatch.setattr(
        tasks.email_unread_batch, "apply_async", lambda args, countdown: scheduled.append(args[0])
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = say(team.heart, direct, "un")
    with django_capture_on_commit_callbacks(execute=True):
        second = say(team.rhythm, direct, "deux")
    assert scheduled == []
    deadline = time.monotonic() + 5
    while not scheduled and time.monotonic() < deadline:
        time.sleep(0.05)
    assert scheduled == [[(direct.pk, first.sequence), (direct.pk, second.sequence)]]
    tasks.flush_unread_emails()
    assert len(scheduled) == 1


def test_a_batch_emails_each_message_as_its_own_task_did(team, direct, mailoutbox, monkeypatch):
    """Each pair stands alone: one failing is logged, and the others are still emailed."""
    other = services.start_direct(team.heart, team.valve)
    first, second = say(team.heart, direct, "un"), say(team.heart, other, "deux")
    _later(first)
    _later(second)
    real = emails.email_unread

    def fails_once(conversation_id, sequence):
        if conversation_id == -1:
            raise RuntimeError("this one fails")
        return real(conversation_id, sequence)

    monkeypatch.setattr(emails, "email_unread", fails_once)
    pairs = [[direct.pk, first.sequence], [-1, 1], [other.pk, second.sequence]]
    assert tasks.email_unread_batch(pairs) == 2
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(
        [team.rhythm.user.email, team.valve.user.email]
    )


def test_a_broker_failure_does_not_fail_the_send(
    team, direct, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setitem(tasks.email_unread_messages.app.conf, "task_always_eager", False)

    def down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.email_unread_batch, "apply_async", down)
    with django_capture_on_commit_callbacks(execute=True):
        message = say(team.heart, direct)
    tasks.flush_unread_emails()
    assert Message.objects.filter(pk=message.pk).exists()


def test_inline_tasks_cannot_wait_so_nothing_is_sent_at_once(
    team, direct, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        say(team.heart, direct, SECRET)
    assert mailoutbox == []


def test_without_delay_inline_tasks_email_at_once(
    team, direct, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MESSAGING_EMAIL_DELAY_MINUTES = 0
    with django_capture_on_commit_callbacks(execute=True):
        say(team.heart, direct, SECRET)
    assert [mail.to for mail in mailoutbox] == [[team.rhythm.user.email]]


def test_unread_after_the_delay_sends_one_email_without_content_or_sender(team, direct, mailoutbox, settings):
    settings.SITE_URL = "https://sante.example.org"
    message = say(team.heart, direct, SECRET)
    assert _run(message) == 0  # the worker ran early: too soon, nothing sent
    _later(message)
    assert _run(message) == 1
    (mail,) = mailoutbox
    assert mail.to == [team.rhythm.user.email]
    assert "1" in mail.subject and team.world.cardio.name in mail.subject
    assert "https://sante.example.org/n/cardio/messages/" in mail.body
    for secret in (SECRET, "chimio", team.heart.display_name, team.heart.user.email):
        assert secret not in mail.subject and secret not in mail.body
    assert Participant.objects.get(conversation=direct, member=team.rhythm).last_emailed_sequence == 1


def test_read_before_the_delay_means_no_email(team, direct, mailoutbox):
    message = say(team.heart, direct, SECRET)
    direct.refresh_from_db()
    services.mark_seen(team.rhythm, direct, message.sequence, read=True)
    _later(message)
    assert _run(message) == 0
    assert mailoutbox == []


def test_one_email_per_burst_then_again_after_reading(team, direct, mailoutbox):
    burst = [say(team.heart, direct, f"message {index}") for index in range(3)]
    for message in burst:
        _later(message)
    assert [_run(message) for message in burst] == [1, 0, 0]
    assert "3" in mailoutbox[0].subject  # counts what is unread when it is sent
    assert _run(burst[0]) == 0  # the task delivered twice (broker redelivery): still one email
    direct.refresh_from_db()
    services.mark_seen(team.rhythm, direct, burst[-1].sequence, read=True)
    after_reading = say(team.heart, direct, "encore")
    _later(after_reading)
    assert _run(after_reading) == 1
    assert len(mailoutbox) == 2


def test_a_burst_partly_read_sends_nothing_more_until_all_emailed_is_read(team, direct, mailoutbox):
    first, second = say(team.heart, direct, "un"), say(team.heart, direct, "deux")
    _later(first)
    _later(second)
    assert _run(second) == 1  # emailed up to sequence 2
    direct.refresh_from_db()
    services.mark_seen(team.rhythm, direct, first.sequence, read=True)  # read only the first
    third = say(team.heart, direct, "trois")
    _later(third)
    assert _run(third) == 0


def test_group_each_reader_counted_in_the_whole_network(team, mailoutbox):
    group = services.create_group(team.heart, "Staff écho", [team.rhythm, team.valve])
    other = services.start_direct(team.valve, team.rhythm)
    say(team.valve, other, "ailleurs")  # rhythm has one more unread message elsewhere
    message = say(team.heart, group, SECRET)
    _later(message)
    assert _run(message) == 2
    subjects = {mail.to[0]: mail.subject for mail in mailoutbox}
    assert "2" in subjects[team.rhythm.user.email] and "1" in subjects[team.valve.user.email]
    assert team.heart.user.email not in subjects  # never about your own message


@pytest.mark.parametrize(
    "situation",
    ["muted", "blocked_the_sender", "left_the_group", "emails_never", "account_inactive", "left_the_network"],
)
def test_no_email_for_whoever_should_not_hear(team, mailoutbox, situation):
    group = services.create_group(team.heart, "Staff écho", [team.rhythm, team.valve])
    if situation == "muted":
        services.set_muted(team.rhythm, group, True)
    elif situation == "blocked_the_sender":
        services.block(team.rhythm, team.heart)
    elif situation == "left_the_group":
        services.leave_group(team.rhythm, group)
    elif situation == "emails_never":
        set_frequency(team.rhythm, "never")
    elif situation == "account_inactive":
        team.rhythm.user.is_active = False
        team.rhythm.user.save(update_fields=["is_active"])
    elif situation == "left_the_network":
        network_services.leave_network(team.rhythm)
    message = say(team.heart, group, SECRET)
    _later(message)
    assert _run(message) == 1
    assert [mail.to for mail in mailoutbox] == [[team.valve.user.email]]
    assert Participant.objects.get(conversation=group, member=team.rhythm).last_emailed_sequence == 0


def test_daily_digest_readers_still_get_the_message_email(team, direct, mailoutbox):
    set_frequency(team.rhythm, "daily")
    message = say(team.heart, direct)
    _later(message)
    assert _run(message) == 1


def test_a_message_deleted_before_the_delay_sends_nothing(team, direct, mailoutbox):
    message = say(team.heart, direct, SECRET)
    services.delete_message(team.heart, message)
    _later(message)
    assert _run(message) == 0
    assert mailoutbox == []


def test_someone_added_later_hears_nothing_of_earlier_messages(team, mailoutbox):
    group = services.create_group(team.heart, "Staff écho", [team.rhythm])
    before = say(team.heart, group, "avant")
    services.add_participants(team.heart, group, [team.valve])
    _later(before)
    assert _run(before) == 1
    assert [mail.to for mail in mailoutbox] == [[team.rhythm.user.email]]


@pytest.mark.parametrize("readers", [2, 12])
def test_constant_queries_whatever_the_group_size(team, mailoutbox, django_assert_num_queries, readers):
    from tests.messaging.conftest import _cardiologist

    people = [_cardiologist(team.world, f"Dr Lecteur {index}") for index in range(readers)]
    group = services.create_group(team.heart, "Grand staff", people)
    message = say(team.heart, group)
    _later(message)
    # The decision, whatever the group size: message, readers (with accounts, networks, unread counts),
    # savepoint, lock the waiting ones, mark them emailed, record their emails in the outbox, release.
    # Then the outbox lists what is pending and sends each email in its own transaction (savepoint,
    # lock the row, mark it sent, release), so that a worker killed half-way sends none twice.
    with django_assert_num_queries(7 + 1 + 4 * readers):
        assert emails.email_unread(group.pk, message.sequence) == readers
    assert len(mailoutbox) == readers
