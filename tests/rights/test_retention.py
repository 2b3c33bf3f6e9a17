"""Retention per network: messages, logs (notifications, privacy confirmations) and audit entries
older than the network's periods leave the database (and the media folder), by the hourly job or
`manage.py run_rights_jobs`; other networks and younger items stay."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from entrepairs.audit.models import AuditEvent
from entrepairs.audit.services import record
from entrepairs.discussions.models import Notification, Post
from entrepairs.errors import ActionRefused
from entrepairs.messaging import services as messaging
from entrepairs.messaging.models import Message
from entrepairs.privacy.models import Confirmation
from entrepairs.rights import jobs
from entrepairs.rights.actions import retention
from entrepairs.rights.models import NetworkRetention
from tests import factories as f
from tests.discussions.factories import thread_factory

DAY = timedelta(days=1)


@pytest.fixture
def aged(world, django_capture_on_commit_callbacks):
    """In breast: two messages (one with a file), a notification, a confirmation and an audit entry,
    all 40 days old, and the same but 10 days old. In diabetes, 40-day-old ones that must stay."""
    world.breast.allow_private_messages = True
    world.breast.save(update_fields=["allow_private_messages"])
    world.patient.network.refresh_from_db()
    conversation = messaging.start_direct(world.patient, world.relative)
    upload = SimpleUploadedFile("vieux.pdf", b"%PDF-1.4\nold\n%%EOF", content_type="application/pdf")
    old, _c = messaging.send_message(
        world.patient, conversation, body="ancien", client_id="o", attachment=upload
    )
    recent, _c = messaging.send_message(world.patient, conversation, body="récent", client_id="r")
    thread = thread_factory(world.patient, replies=1, repliers=[world.relative])
    post = Post.objects.filter(thread=thread).last()
    notifications = [
        Notification.objects.create(
            network=world.breast,
            recipient=world.patient,
            actor=world.relative,
            kind="reply",
            thread=thread,
            post=post,
        )  # fmt: skip
        for _ in range(2)
    ]
    confirmations = [
        Confirmation.objects.create(
            network=world.breast,
            member=world.patient,
            kinds=["PHONE"],
            content_type=ContentType.objects.get_for_model(Post),
            object_id=post.pk,
        )  # fmt: skip
        for _ in range(2)
    ]
    events = [record(world.moderator.user, "membership.warn", world.patient) for _ in range(2)]
    other_thread = thread_factory(world.outsider, replies=1)
    other_notification = Notification.objects.create(
        network=world.diabetes,
        recipient=world.outsider,
        actor=world.outsider,
        kind="reply",
        thread=other_thread,
    )
    other_event = record(world.operator, "membership.warn", world.outsider)
    now = timezone.now()
    Message.objects.filter(pk=old.pk).update(created_at=now - 40 * DAY)
    Notification.objects.filter(pk__in=[notifications[0].pk, other_notification.pk]).update(
        created_at=now - 40 * DAY
    )
    Confirmation.objects.filter(pk=confirmations[0].pk).update(created_at=now - 40 * DAY)
    from entrepairs.audit.models import maintenance

    with maintenance():
        AuditEvent.objects.filter(pk__in=[events[0].pk, other_event.pk]).update(at=now - 40 * DAY)
        AuditEvent.objects.filter(pk=events[1].pk).update(at=now - 10 * DAY)
    NetworkRetention.objects.create(network=world.breast, messages_days=30, logs_days=30, audit_days=30)
    return {
        "old": old, "recent": recent, "file": Path(old.attachment.path), "notifications": notifications,
        "confirmations": confirmations, "events": events, "other_notification": other_notification,
        "other_event": other_event,
    }  # fmt: skip


def test_the_job_deletes_what_is_older_than_the_network_keeps(aged, django_capture_on_commit_callbacks):
    assert aged["file"].exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = jobs.run_all()
    assert done["messages"] == 1 and done["notifications"] == 1 and done["privacy_confirmations"] == 1
    assert done["audit_events"] == 1
    assert not Message.objects.filter(pk=aged["old"].pk).exists()
    assert not aged["file"].exists()
    assert Message.objects.filter(pk=aged["recent"].pk).exists()
    assert list(Notification.objects.filter(network=aged["old"].network).values_list("pk", flat=True)) == [
        aged["notifications"][1].pk
    ]
    assert not Confirmation.objects.filter(pk=aged["confirmations"][0].pk).exists()
    assert not AuditEvent.objects.filter(pk=aged["events"][0].pk).exists()
    assert AuditEvent.objects.filter(pk=aged["events"][1].pk).exists()
    # Another network without retention keeps everything.
    assert Notification.objects.filter(pk=aged["other_notification"].pk).exists()
    assert AuditEvent.objects.filter(pk=aged["other_event"].pk).exists()


def test_the_management_command_runs_the_same_jobs(aged, capsys):
    call_command("run_rights_jobs")
    assert "messages: 1" in capsys.readouterr().out
    assert not Message.objects.filter(pk=aged["old"].pk).exists()


def test_installation_audit_entries_follow_the_setting(world, settings):
    settings.AUDIT_RETENTION_DAYS = 5
    from entrepairs.audit.models import maintenance

    old = record(world.operator, "account.deactivate", world.stranger)
    with maintenance():
        AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - 6 * DAY)
    young = record(world.operator, "account.deactivate", world.stranger)
    retention.apply_retention()
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [young.pk]


def test_only_administrators_with_two_factor_set_it(login, world, api_as):
    with pytest.raises(ActionRefused) as refused:
        retention.set_retention(world.moderator, messages_days=10)
    assert refused.value.code == "forbidden"
    without_two_factor = f.member_factory(world.breast, role="admin")
    response = api_as(without_two_factor.user).put("/networks/breast/retention", {"messages_days": 10})
    assert response.status_code == 403 and response.json()["code"] == "mfa_required"
    assert not NetworkRetention.objects.exists()
    response = api_as(world.admin.user).put(
        "/networks/breast/retention", {"messages_days": 10, "audit_days": 3}
    )
    assert response.status_code == 400 and response.json()["code"] == "audit_days_too_short"
    response = api_as(world.admin.user).put(
        "/networks/breast/retention", {"messages_days": 10, "audit_days": 90}
    )
    assert response.json() == {"messages_days": 10, "logs_days": None, "audit_days": 90}
    assert AuditEvent.objects.filter(action="network.retention", network=world.breast).count() == 1


def test_the_admin_page_keeps_bad_input_and_saves_good_input(world, login):
    client = login(world.admin.user)  # world.admin has two-factor authentication
    url = reverse("rights:manage_retention", args=["breast"])
    response = client.post(url, {"messages_days": "abc", "logs_days": "", "audit_days": "12"})
    assert response.status_code == 200 and not NetworkRetention.objects.exists()
    form = response.context["form"]
    assert set(form.errors) == {"messages_days", "audit_days"} and form["audit_days"].value() == "12"
    response = client.post(url, {"messages_days": "30", "logs_days": "", "audit_days": "365"})
    assert response.status_code == 302
    saved = NetworkRetention.objects.get(network=world.breast)
    assert (saved.messages_days, saved.logs_days, saved.audit_days) == (30, None, 365)


def test_the_beat_schedule_names_the_hourly_rights_task():
    from django.conf import settings

    from entrepairs.celery import app
    from entrepairs.rights import tasks

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks.run_rights_jobs.name in scheduled
    assert {"entrepairs.rights.tasks.run_rights_jobs", "entrepairs.rights.tasks.build_export"} <= set(
        app.tasks
    )
