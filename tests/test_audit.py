"""Every reviewer read of, and decision on, a protected document writes an audit row."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from entrepairs.audit.models import AuditEvent
from entrepairs.professionals import documents
from entrepairs.professionals.models import Profession

PDF = b"%PDF-1.4\n%%EOF"


@pytest.fixture
def submission(world):
    return documents.submit_document(
        world.stranger, profession=Profession.objects.get(code="10"), specialty=None,
        upload=SimpleUploadedFile("c.pdf", PDF, content_type="application/pdf"),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("url_name", "action"),
    [("professionals:document_file", "document.read"), ("reviews:document", "document.review_page")],
)
def test_reviewer_reads_are_audited(login, world, submission, url_name, action):
    response = login(world.operator).get(reverse(url_name, kwargs={"submission_id": submission.pk}))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=action)
    assert (event.actor, event.object_id) == (world.operator, str(submission.pk))


def test_owner_reads_are_not_audit_noise(login, world, submission):
    login(world.stranger).get(reverse("professionals:document_file", kwargs={"submission_id": submission.pk}))
    assert not AuditEvent.objects.exists()


def test_decisions_are_audited(world, submission):
    documents.review(world.operator, submission, approve=False, reason="Illisible")
    assert AuditEvent.objects.filter(action="document.reject", actor=world.operator).count() == 1


def test_audit_rows_cannot_be_changed_or_deleted_in_the_admin(login, world, submission):
    documents.review(world.operator, submission, approve=True)
    event = AuditEvent.objects.get()
    client = login(world.operator)
    assert (
        client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"action": "forged"})
    event.refresh_from_db()
    assert event.action == "document.approve"
