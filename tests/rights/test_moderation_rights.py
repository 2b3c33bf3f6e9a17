"""Members' rights meet moderation, the outbox and the read flags: what erasure and consent withdrawal
keep and remove there, that erasing a reporter names nobody, what the export carries, what the
retention job deletes, and that the rights' own emails go through the outbox (sent once)."""

import json
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from entrepairs.accounts.models import ConsentRecord, ReadFlag
from entrepairs.discussions.models import ExpertNote
from entrepairs.moderation import services as moderation
from entrepairs.moderation.models import Decision, Notice, Report, Suspension
from entrepairs.outbox import services as outbox
from entrepairs.outbox.models import OutgoingEmail
from entrepairs.rights import jobs
from entrepairs.rights.actions import consent, erasure, export, retention
from entrepairs.rights.models import DataExport, NetworkRetention
from tests import factories as f
from tests.factories import PASSWORD
from tests.rights.conftest import marker

DAY = timedelta(days=1)


def _erase(user, django_capture_on_commit_callbacks, *, keep_posts=False):
    with django_capture_on_commit_callbacks(execute=True):
        erasure.erase_account(user, keep_posts=keep_posts)


def test_erasing_a_reporter_keeps_the_report_and_names_nobody(
    marked, world, login, django_capture_on_commit_callbacks
):
    made = Report.objects.get(reporter=marked.member)
    told_before = Notice.objects.filter(recipient=marked.other).count()
    url = reverse("moderation:report_detail", kwargs={"slug": "breast", "report_id": made.pk})
    moderator = login(world.moderator.user)
    assert marker("pseudo") in moderator.get(url).content.decode()  # moderators see who reported
    _erase(marked.user, django_capture_on_commit_callbacks)

    made.refresh_from_db()
    # Still to be decided, by "a member" like any report: not the ghost, not "deleted".
    assert (made.status, made.reporter_id, made.note, made.source) == ("open", None, "", "member")
    assert Notice.objects.filter(recipient=marked.other).count() == told_before  # the author hears nothing
    page = moderator.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "Membre supprimé" not in html and marker("pseudo") not in html
    # The moderators can still decide; the author is told, and no reporter is.
    decision = moderation.decide(world.moderator, made, action="warn", reason="Ton", confirmed=True)
    assert list(Notice.objects.filter(network=world.breast).exclude(recipient=marked.other)) == []
    assert decision.author == marked.other


def test_erasure_keeps_decisions_without_their_text_and_removes_the_rest(
    marked, world, django_capture_on_commit_callbacks
):
    decision = Decision.objects.get(action="redact", author=marked.member)
    assert decision.original_text == marker("original")  # kept for the audit until the erasure
    until = timezone.now() + 3 * DAY
    suspended = moderation.report(marked.other, "member", marked.member.pk, reason="spam")
    moderation.decide(
        world.moderator, suspended, action="suspend", reason="Spam", confirmed=True, until=until
    )
    assert Suspension.objects.filter(member=marked.member).exists()

    _erase(marked.user, django_capture_on_commit_callbacks)
    decision.refresh_from_db()
    assert decision.author.display_name == "Membre supprimé" and not decision.author.user.is_active
    assert (decision.reason, decision.original_text, decision.moderator) == ("", "", world.moderator)
    assert not Report.objects.filter(author__display_name="Membre supprimé").exists()  # flags went
    assert not Report.objects.filter(source="crisis").exists()
    assert not Suspension.objects.exists()
    assert not ExpertNote.objects.exists()
    assert not Notice.objects.filter(reason__contains="zqx").exists()
    assert not OutgoingEmail.objects.filter(key="test:waiting").exists()
    assert not ReadFlag.objects.exists()


def test_erasing_a_moderator_keeps_their_decisions_signed_deleted_member(
    marked, world, django_capture_on_commit_callbacks
):
    decision = Decision.objects.get(action="redact")
    _erase(world.moderator.user, django_capture_on_commit_callbacks)  # failed before: a protected key
    decision.refresh_from_db()
    assert decision.moderator.display_name == "Membre supprimé" and decision.author == marked.member
    assert decision.reason == marker("decisionreason")  # the author's record keeps it


def test_keeping_posts_keeps_expert_notes_signed_deleted_member(marked, django_capture_on_commit_callbacks):
    _erase(marked.user, django_capture_on_commit_callbacks, keep_posts=True)
    note = ExpertNote.objects.get()
    assert note.body == marker("expertnote") and note.author.display_name == "Membre supprimé"


def test_consent_withdrawal_keeps_the_standing_and_removes_the_words(marked, world):
    until = timezone.now() + 3 * DAY
    report = moderation.report(marked.other, "member", marked.member.pk, reason="spam")
    moderation.decide(world.moderator, report, action="suspend", reason="Spam", confirmed=True, until=until)
    ConsentRecord.objects.create(user=marked.user, network=world.breast, text_version="2026-11", text="…")
    consent.withdraw_consent(marked.member, posts="delete")
    # The suspension (no text) stays with the ended persona; the words and what they were told go.
    assert Suspension.objects.filter(member=marked.member, until=until).exists()
    assert not Notice.objects.filter(recipient=marked.member).exists()
    assert not Report.objects.filter(author=marked.member).exists()
    assert Report.objects.get(note="", reporter=None, kind="post").object_id == marked.others_reply.pk
    assert set(
        Decision.objects.filter(author__display_name="Membre supprimé").values_list("reason", flat=True)
    ) == {""}


def test_the_export_carries_reports_made_notices_and_expert_notes_never_the_reporters(
    marked, world, django_capture_on_commit_callbacks
):
    DataExport.objects.filter(user=marked.user).delete()
    with django_capture_on_commit_callbacks(execute=True):
        requested = export.request_export(marked.user)
    done = DataExport.objects.get(pk=requested.pk)
    with done.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        text = archive.read("data.json").decode()
    data = json.loads(text)
    (made,) = data["moderation.reports_made"]
    assert (made["note"], made["item_kind"], made["status"]) == (marker("reportnote"), "post", "open")
    (told,) = [n for n in data["moderation.notices"] if n["kind"] == "your_content"]
    assert (told["action"], told["reason"]) == ("redact", marker("decisionreason"))
    (note,) = data["discussions.expert_notes"]
    assert (note["body"], note["source"]) == (marker("expertnote"), marker("expertsource"))
    # Reports about the member: neither their reporters nor their notes.
    assert marker("reportabout") not in text and "harassment" not in text
    moderation_part = json.dumps({k: v for k, v in data.items() if k.startswith("moderation.")})
    assert "Rose des Vents" not in moderation_part and world.moderator.display_name not in moderation_part


def test_retention_deletes_old_read_flags_and_follows_the_log_period_for_notices(world, settings):
    settings.READ_FLAG_RETENTION_DAYS = 30
    now = timezone.now()
    old_visitor = ReadFlag.objects.create(address="203.0.113.9", kind="thread", views=301, seconds=600)
    old_account = ReadFlag.objects.create(user=world.patient.user, kind="profile", views=151, seconds=600)
    young = ReadFlag.objects.create(address="203.0.113.10", kind="thread", views=301, seconds=600)
    ReadFlag.objects.filter(pk__in=[old_visitor.pk, old_account.pk]).update(flagged_at=now - 31 * DAY)
    ReadFlag.objects.filter(pk=young.pk).update(flagged_at=now - 29 * DAY)
    notices = [
        Notice.objects.create(network=network, recipient=member, kind="report_outcome", item_kind="post")
        for network, member in ((world.breast, world.patient), (world.breast, world.relative),
                                (world.diabetes, world.outsider))
    ]  # fmt: skip
    Notice.objects.filter(pk__in=[notices[0].pk, notices[2].pk]).update(created_at=now - 40 * DAY)
    Notice.objects.filter(pk=notices[1].pk).update(created_at=now - 10 * DAY)
    NetworkRetention.objects.create(network=world.breast, logs_days=30)

    done = retention.apply_retention(now=now)
    assert done["read_flags"] == 2 and done["moderation_notices"] == 1
    assert list(ReadFlag.objects.values_list("pk", flat=True)) == [young.pk]
    # breast keeps logs 30 days; diabetes sets nothing and keeps its notices.
    assert set(Notice.objects.values_list("pk", flat=True)) == {notices[1].pk, notices[2].pk}


def test_sent_outbox_rows_go_after_30_days(db):
    outbox.queue(("a", "a@example.test", "Objet", "Texte"), ("b", "b@example.test", "Objet", "Texte"))
    assert outbox.deliver() == 2
    sent = OutgoingEmail.objects.get(key="a")
    assert (sent.recipient, sent.subject, sent.body) == ("", "", "")  # cleared once sent
    OutgoingEmail.objects.filter(key="a").update(sent_at=timezone.now() - 31 * DAY)
    assert outbox.forget_sent() == 1
    assert list(OutgoingEmail.objects.values_list("key", flat=True)) == ["b"]


def test_the_erasure_email_goes_through_the_outbox_and_once(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    member = world.patient
    calls = []

    def refused(*args, **kwargs):
        calls.append(args)
        raise OSError("mail server down")

    monkeypatch.setattr(outbox, "send_mail", refused)
    with django_capture_on_commit_callbacks(execute=True):
        erasure.request_erasure(member.user, password=PASSWORD, posts="delete")
    assert len(calls) == 1 and mail.outbox == []
    pending = OutgoingEmail.objects.get(key__startswith="erasure-cancel:")
    assert pending.sent_at is None and pending.recipient == member.user.email
    monkeypatch.undo()
    assert outbox.deliver() == 1 and outbox.deliver() == 0  # the periodic delivery, once
    (email,) = mail.outbox
    assert email.to == [member.user.email] and "/account/delete/cancel/" in email.body


def test_the_export_email_goes_through_the_outbox(world, django_capture_on_commit_callbacks):
    user = f.UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        requested = export.request_export(user)
    row = OutgoingEmail.objects.get(key=f"export-ready:{requested.pk}")
    assert row.sent_at is not None and row.recipient == ""
    (email,) = mail.outbox
    assert email.to == [user.email]
    export.build(requested.pk)  # built again (a redelivered task): no second email
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("posts", ["delete", "anonymise"])
def test_a_crisis_flag_goes_with_the_author(marked, posts, django_capture_on_commit_callbacks):
    assert Report.objects.filter(source="crisis", author=marked.member, priority=True).exists()
    _erase(marked.user, django_capture_on_commit_callbacks, keep_posts=posts == "anonymise")
    assert not Report.objects.filter(source="crisis").exists()


def test_the_hourly_job_retries_waiting_emails_and_forgets_old_sent_ones(db):
    """In the embedded mode (cron, no Celery beat) the rights job is the outbox's only periodic run."""
    outbox.queue(("old", "a@example.test", "Objet", "Texte"), ("waiting", "b@example.test", "Objet", "Texte"))
    OutgoingEmail.objects.filter(key="old").update(sent_at=timezone.now() - 31 * DAY)
    done = jobs.run_all()
    assert (done["emails_sent"], done["sent_emails_forgotten"]) == (1, 1)
    assert [email.to for email in mail.outbox] == [["b@example.test"]]
    assert list(OutgoingEmail.objects.values_list("key", flat=True)) == ["waiting"]


def test_edited_out_originals_follow_the_audit_retention(marked, world):
    decision = Decision.objects.get(action="redact")
    NetworkRetention.objects.create(network=world.breast, audit_days=60)
    assert retention.apply_retention(now=timezone.now() + 59 * DAY)["edited_out_originals"] == 0
    decision.refresh_from_db()
    assert decision.original_text == marker("original")
    assert retention.apply_retention(now=timezone.now() + 61 * DAY)["edited_out_originals"] == 1
    decision.refresh_from_db()
    assert decision.original_text == "" and decision.reason == marker("decisionreason")
