from tests.access_rows import SIGNED_IN, Row, statuses

ROWS = {"professionals:mine": Row(SIGNED_IN)}

ROWS["api:my_qualifications"] = Row(statuses(200, anonymous=401))
ROWS["api:verify_by_directory"] = Row(statuses(405))

OPERATOR_ONLY = statuses(404, operator=200)


def _submission(world):
    from entrepairs.professionals.models import DocumentSubmission, Profession

    submission = DocumentSubmission.objects.create(
        user=world.patient.user,
        profession=Profession.objects.get(code="10"),
        content_type="application/pdf",
        size=9,
    )
    from django.core.files.base import ContentFile

    submission.file.save("proof.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return {"submission_id": submission.pk}


ROWS["reviews:queue"] = Row(OPERATOR_ONLY)
ROWS["reviews:document"] = Row(OPERATOR_ONLY, _submission)
# The owner (world.patient) and reviewers read a proof; everyone else gets 404.
ROWS["professionals:document_file"] = Row(statuses(404, anonymous=302, member=200, operator=200), _submission)
