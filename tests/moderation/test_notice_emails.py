"""Moderation outcomes reach the reporter and the author by email too, as their email preference
says, through the outbox; the emails carry no text: never the reporter's name nor the reason."""

from django.core import mail

from entrepairs.moderation import services
from entrepairs.moderation.actions import notice_emails
from entrepairs.moderation.models import Notice
from entrepairs.networks.models import EmailPreference
from entrepairs.outbox.models import OutgoingEmail
from tests.discussions.factories import thread_factory

REASON = "Propos blessants sur la chimiothérapie"


def _prefer(member, frequency):
    EmailPreference.objects.create(network=member.network, member=member, frequency=frequency)


def _reported_and_hidden(world, capture):
    """The patient reports the relative's post; a moderator hides it."""
    thread = thread_factory(world.relative)
    report = services.report(world.patient, "post", thread.posts.get().pk, reason="harassment")
    with capture(execute=True):
        services.decide(world.moderator, report, action="hide", reason=REASON, confirmed=True)


def test_at_once_the_reporter_and_the_author_each_get_an_email_naming_no_one(
    world, django_capture_on_commit_callbacks
):
    _prefer(world.patient, "immediately")
    _prefer(world.relative, "immediately")
    _reported_and_hidden(world, django_capture_on_commit_callbacks)
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {world.patient.user.email, world.relative.user.email}
    for message in sent.values():
        text = message.subject + message.body
        assert "/n/breast/moderation/notices/" in message.body
        assert world.patient.display_name not in text  # the reporter is never named
        assert REASON not in text and "chimio" not in text  # nor the reason, to a shared mailbox
    assert not Notice.objects.filter(emailed_at__isnull=True, kind__in=notice_emails.EMAILED_KINDS).exists()
    assert notice_emails.send_immediate([world.patient.pk, world.relative.pk]) == 0  # never twice


def test_the_daily_digest_by_default_and_never_when_asked(world, django_capture_on_commit_callbacks):
    _prefer(world.relative, "never")
    _reported_and_hidden(world, django_capture_on_commit_callbacks)
    assert mail.outbox == []  # the patient has no preference: the daily digest
    assert notice_emails.send_daily_digests() == 1
    assert [message.to for message in mail.outbox] == [[world.patient.user.email]]
    assert notice_emails.send_daily_digests() == 0
    assert OutgoingEmail.objects.count() == 1


def test_a_notice_read_before_the_digest_is_not_emailed(world, django_capture_on_commit_callbacks):
    _reported_and_hidden(world, django_capture_on_commit_callbacks)
    services.mark_notices_read(world.patient)
    services.mark_notices_read(world.relative)
    assert notice_emails.send_daily_digests() == 0 and mail.outbox == []


def test_a_member_who_left_gets_no_email(world, django_capture_on_commit_callbacks):
    _prefer(world.patient, "immediately")
    type(world.patient).objects.filter(pk=world.patient.pk).update(status="left")
    with django_capture_on_commit_callbacks(execute=True):
        thread = thread_factory(world.patient)
        services.tell_author(world.moderator, world.patient, "post", thread.pk, action="delete_post",
                             reason=REASON)  # fmt: skip
    assert mail.outbox == []


def test_a_post_deleted_from_the_thread_page_emails_its_author(world, django_capture_on_commit_callbacks):
    _prefer(world.relative, "immediately")
    thread = thread_factory(world.relative)
    with django_capture_on_commit_callbacks(execute=True):
        services.tell_author(world.moderator, world.relative, "post", thread.pk, action="delete_post",
                             reason=REASON)  # fmt: skip
    assert [message.to for message in mail.outbox] == [[world.relative.user.email]]
    assert REASON not in mail.outbox[0].body
