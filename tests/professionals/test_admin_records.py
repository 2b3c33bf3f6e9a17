"""Directory entries and verification attempts in the admin: readable by operators, never edited."""

import pytest
from django.urls import reverse

from entrepairs.professionals.directory import import_directory
from entrepairs.professionals.models import VerificationAttempt
from tests import factories as f
from tests.professionals.test_directory_import import CARDIOLOGIST, sample_lines


@pytest.fixture
def flagged(world):
    owner, impostor = f.UserFactory(), f.UserFactory()
    return VerificationAttempt.objects.create(
        user=impostor,
        method="directory",
        outcome="refused",
        code="identifier_in_use",
        identifier_type="rpps",
        identifier="10900000018",
        conflicting_user=owner,
        needs_review=True,
    )


def test_operator_finds_a_directory_entry_by_national_id_with_its_activities(login, world):
    import_directory(sample_lines())
    client = login(world.operator)
    listing = client.get(reverse("admin:professionals_directoryperson_changelist"), {"q": CARDIOLOGIST})
    assert b"DUPONT-EXEMPLE" in listing.content
    detail = client.get(reverse("admin:professionals_directoryperson_change", args=[CARDIOLOGIST]))
    assert detail.status_code == 200
    assert b"SM04" in detail.content


def test_operator_marks_a_flagged_attempt_reviewed_but_cannot_edit_or_delete_it(login, world, flagged):
    client = login(world.operator)
    changelist = reverse("admin:professionals_verificationattempt_changelist")
    assert b"identifier_in_use" in client.get(changelist, {"needs_review__exact": "1"}).content
    client.post(changelist, {"action": "mark_reviewed", "_selected_action": [flagged.pk]})
    client.post(
        reverse("admin:professionals_verificationattempt_change", args=[flagged.pk]), {"code": "forged"}
    )
    deleted = client.post(
        reverse("admin:professionals_verificationattempt_delete", args=[flagged.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 403
    flagged.refresh_from_db()
    assert flagged.reviewed_at is not None
    assert flagged.code == "identifier_in_use"
