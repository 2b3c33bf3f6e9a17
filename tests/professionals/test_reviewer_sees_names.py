"""The document reviewer sees the name to compare with the document: the one written with it, the
account's, and for each identifier the account tried, the name the directory lists; in French."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from entrepairs.professionals.models import (
    DirectoryImport,
    DirectoryPerson,
    DocumentSubmission,
    Profession,
    VerificationAttempt,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _send(client, **names):
    upload = SimpleUploadedFile("carte.pdf", PDF, content_type="application/pdf")
    return client.post(
        reverse("professionals:mine"),
        {"form": "document", "profession": Profession.objects.get(code="10").pk, "document": upload, **names},
    )


def test_a_document_needs_the_name_written_on_it(login, world):
    response = _send(login(world.stranger))
    assert response.status_code == 200
    assert "Nom tel qu’il figure sur le document" in response.content.decode()
    assert not DocumentSubmission.objects.exists()


def test_reviewer_sees_the_declared_and_directory_names_in_french(login, world):
    _send(login(world.stranger), last_name="Lefèvre", first_name="Anne")
    run = DirectoryImport.objects.create()
    DirectoryPerson.objects.create(
        national_id="810001234567", last_name="LEFEVRE", first_name="ANNE", last_seen_import=run
    )
    VerificationAttempt.objects.create(
        user=world.stranger, method="directory", outcome="refused", code="name_mismatch",
        identifier_type="rpps", identifier="10001234567", declared_last_name="Lefevre", declared_first_name="Anne",
    )  # fmt: skip
    submission = DocumentSubmission.objects.get(user=world.stranger)
    assert (submission.declared_last_name, submission.declared_first_name) == ("Lefèvre", "Anne")
    html = (
        login(world.operator)
        .get(reverse("reviews:document", kwargs={"submission_id": submission.pk}))
        .content.decode()
    )
    assert "Nom à comparer avec le document" in html
    assert "<strong>LEFÈVRE</strong> Anne" in html
    assert (
        "Annuaire (RPPS 10001234567)" in html and "inscrit comme\u202f: <strong>LEFEVRE</strong> ANNE" in html
    )
    assert "Décision" in html and "Decision" not in html
    assert "( )" not in html
