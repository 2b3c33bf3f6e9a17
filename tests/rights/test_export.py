"""The data export: one click, built in the background (inline here), a ZIP with data.json, the
member's files and a readable index.html; only its owner downloads it, for EXPORT_DAYS days."""

import io
import json
import zipfile
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from entrepairs.audit.models import AuditEvent
from entrepairs.rights import jobs
from entrepairs.rights.actions import export
from entrepairs.rights.models import DataExport
from tests.rights.conftest import marker


def _zip_of(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_one_click_builds_the_zip_with_everything(login, marked, django_capture_on_commit_callbacks):
    DataExport.objects.filter(user=marked.user).delete()  # the fixture's old export (for erasure)
    client = login(marked.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("data_export"))
    done = DataExport.objects.get(user=marked.user)
    assert response.status_code == 302 and response["Location"] == reverse(
        "data_export_detail", args=[done.pk]
    )
    assert (done.status, done.progress) == ("ready", 100)
    assert AuditEvent.objects.filter(action="account.export", actor=marked.user).count() == 1
    assert reverse("data_export_detail", args=[done.pk]) in mail.outbox[0].body

    response = client.get(reverse("data_export_download", args=[done.pk]))
    assert response["Content-Type"] == "application/zip" and response["Cache-Control"] == "no-store"
    archive = _zip_of(response)
    data = json.loads(archive.read("data.json"))
    assert data["account"][0]["email"] == marked.user.email
    assert {p["display_name"] for p in data["personas"]} == {marker("pseudo"), marker("pseudotwo")}
    bodies = {p["body"] for p in data["discussions.posts"]}
    assert {marker("firstpost"), marker("reply"), marker("lonepost")} <= bodies
    assert "Réponse de Rose, qui doit rester lisible." not in bodies  # others' posts are theirs
    assert data["discussions.cases"][0]["context"] == marker("context")
    assert data["discussions.polls"][0]["options"] == [marker("option")]
    assert data["health.treatments"][0]["name"] == marker("treatment")
    assert data["health.symptoms"][0]["note"] == marker("healthnote")
    assert data["health.conditions"][0]["code"] == "C50.4"
    assert {a["text"] for a in data["surveys.answers"]} == {marker("surveytext"), marker("anonanswer")}
    assert {m["body"] for m in data["messaging.messages_sent"]} == {marker("message"), ""}
    (received,) = data["messaging.messages_received"]
    assert (received["from"], received["body"]) == ("Rose des Vents", "Message de Rose, qui reste.")
    assert "email" not in json.dumps(received)
    (conversation,) = data["messaging.conversations"]
    assert conversation["participants"] == sorted([marker("pseudo"), "Rose des Vents"])  # pseudonyms only
    assert data["verification_documents"][0]["reason"] == marker("docreason")
    names = archive.namelist()
    attachment = next(n for n in names if n.startswith("files/attachments/"))
    assert marker("attachbody").encode() in archive.read(attachment)
    assert any(n.startswith("files/case-photos/") for n in names)
    assert any(n.startswith("files/verification/") for n in names)
    index = archive.read("index.html").decode()
    assert marker("reply") in index and "<script" not in index
    assert "Vos données" in index  # in the member's language


def test_the_page_polls_the_progress_until_ready(login, world):
    running = DataExport.objects.create(user=world.patient.user, status="running", progress=40)
    client = login(world.patient.user)
    fragment = client.get(reverse("data_export_status", args=[running.pk]), headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert 'hx-trigger="every 2s"' in html and 'value="40"' in html
    DataExport.objects.filter(pk=running.pk).update(status="failed")
    html = client.get(reverse("data_export_status", args=[running.pk])).content.decode()
    assert "hx-trigger" not in html  # polling stops


def test_nobody_else_sees_or_downloads_it(login, api_as, marked, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        done = export.request_export(marked.user)
    for user in (world.patient.user, world.operator):
        client = login(user)
        assert client.get(reverse("data_export_download", args=[done.pk])).status_code == 404
        assert client.get(reverse("data_export_detail", args=[done.pk])).status_code == 404
    assert api_as(world.patient.user).get(f"/me/exports/{done.pk}").status_code == 404


def test_it_expires_after_seven_days_and_the_job_deletes_it(
    login, marked, django_capture_on_commit_callbacks
):
    DataExport.objects.filter(user=marked.user).delete()  # the fixture's old export (for erasure)
    with django_capture_on_commit_callbacks(execute=True):
        done = export.request_export(marked.user)
    done.refresh_from_db()
    path = done.file.path
    DataExport.objects.filter(pk=done.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert login(marked.user).get(reverse("data_export_download", args=[done.pk])).status_code == 404
    assert jobs.run_all()["exports_deleted"] == 1
    assert not DataExport.objects.exists()
    import os

    assert not os.path.exists(path)


def test_one_export_at_a_time(login, world):
    DataExport.objects.create(user=world.patient.user, status="running")
    response = login(world.patient.user).post(reverse("data_export"))
    assert response.status_code == 409 and DataExport.objects.count() == 1


def test_the_api_prepares_polls_and_downloads(api_as, marked, django_capture_on_commit_callbacks):
    api = api_as(marked.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/me/exports", {})
    assert response.status_code == 202
    export_id = response.json()["id"]
    body = api.get(f"/me/exports/{export_id}").json()
    assert body["status"] == "ready" and body["download_url"].endswith(f"/me/exports/{export_id}/download")
    download = api.get(f"/me/exports/{export_id}/download")
    assert download.status_code == 200
    assert "data.json" in _zip_of(download).namelist()
