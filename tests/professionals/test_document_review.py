"""Document review: upload a proof, a reviewer approves or rejects it, the professional is told."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from entrepairs.networks.services import member_types_for
from entrepairs.professionals import documents
from entrepairs.professionals.models import DocumentSubmission, Profession, Qualification, Specialty
from tests import factories as f
from tests.images import jpeg_with_gps

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _send(client, content, name="carte.pdf", content_type="application/pdf", **extra):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    data = {"form": "document", "last_name": "Martin", "first_name": "Claire", "profession": Profession.objects.get(code="10").pk,
            "specialty": Specialty.objects.get(code="SM04").pk, "document": upload, **extra}  # fmt: skip
    return client.post(reverse("professionals:mine"), data)


def test_upload_review_approve_and_enter_the_network(
    login, world, mailoutbox, django_capture_on_commit_callbacks, client
):
    assert _send(login(world.stranger), PDF).status_code == 302
    submission = DocumentSubmission.objects.get(user=world.stranger)
    assert submission.status == "pending" and submission.content_type == "application/pdf"
    login(world.operator)
    assert submission.user.email in client.get(reverse("reviews:queue")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviews:document", kwargs={"submission_id": submission.pk}), {"decision": "approve"}
        )
    assert response.status_code == 302
    qualification = Qualification.objects.get(user=world.stranger)
    assert (qualification.status, qualification.method, qualification.specialty.code) == (
        "verified",
        "document",
        "SM04",
    )
    assert member_types_for(world.stranger, world.cardio) == ["professional"]
    assert mailoutbox and mailoutbox[-1].to == [world.stranger.email]


def test_rejection_needs_a_reason_and_tells_it(login, world, mailoutbox, django_capture_on_commit_callbacks):
    _send(login(world.stranger), PDF)
    submission = DocumentSubmission.objects.get(user=world.stranger)
    client = login(world.operator)
    url = reverse("reviews:document", kwargs={"submission_id": submission.pk})
    assert client.post(url, {"decision": "reject", "reason": ""}).status_code == 200
    submission.refresh_from_db()
    assert submission.status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "reject", "reason": "Document illisible"})
    submission.refresh_from_db()
    assert submission.status == "rejected"
    assert "Document illisible" in mailoutbox[-1].body
    assert not Qualification.objects.filter(user=world.stranger).exists()


def test_images_lose_their_metadata(login, world):
    _send(login(world.stranger), jpeg_with_gps(), name="carte.jpg", content_type="image/jpeg")
    submission = DocumentSubmission.objects.get(user=world.stranger)
    with submission.file.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "PNG" and not image.getexif()


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"MZ\x90\x00 not a document", "carte.pdf"), (b"<html><script>alert(1)</script>", "carte.png")],
)
def test_files_that_are_not_documents_are_refused(login, world, content, name):
    response = _send(login(world.stranger), content, name=name)
    assert response.status_code == 200
    assert not DocumentSubmission.objects.exists()


def test_oversized_document_is_refused(login, world):
    big = PDF + b"0" * (documents.MAX_BYTES + 1)
    assert _send(login(world.stranger), big).status_code == 200
    assert not DocumentSubmission.objects.exists()


def test_proofs_are_private(login, world, client):
    _send(login(world.stranger), PDF)
    submission = DocumentSubmission.objects.get(user=world.stranger)
    url = reverse("professionals:document_file", kwargs={"submission_id": submission.pk})
    own = client.get(url)
    assert own.status_code == 200 and own["X-Content-Type-Options"] == "nosniff"
    assert login(world.patient.user).get(url).status_code == 404
    assert login(world.moderator.user).get(reverse("reviews:queue")).status_code == 404


def test_nobody_reviews_their_own_document(world):
    staff = f.with_totp(f.UserFactory(is_staff=True))
    submission = documents.submit_document(
        staff, profession=Profession.objects.get(code="10"), specialty=None,
        upload=SimpleUploadedFile("c.pdf", PDF, content_type="application/pdf"),
    )  # fmt: skip
    from entrepairs.errors import ActionRefused

    with pytest.raises(ActionRefused) as refused:
        documents.review(staff, submission, approve=True)
    assert refused.value.code == "own_document"
    submission.refresh_from_db()
    assert submission.status == "pending"


def test_png_is_accepted(login, world):
    output = io.BytesIO()
    Image.new("RGB", (20, 10), (1, 2, 3)).save(output, format="PNG")
    assert (
        _send(
            login(world.stranger), output.getvalue(), name="carte.png", content_type="image/png"
        ).status_code
        == 302
    )
