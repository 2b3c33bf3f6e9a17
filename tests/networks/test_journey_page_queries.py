"""Constant query counts of the pages issue 13's journeys added or changed."""

import pytest
from django.urls import reverse

from entrepairs.professionals.models import DocumentSubmission, Profession
from tests import factories as f


@pytest.mark.parametrize("members", [3, 30])
def test_member_suggestions_queries_are_constant(login, world, django_assert_num_queries, members):
    for index in range(members):
        f.member_factory(world.breast, display_name=f"Colibri {index:02d}")
    client = login(world.patient.user)
    url = reverse("networks:member_suggestions", kwargs={"slug": "breast"})
    # session, user, membership, the matching members (eight at most). The rate limit is counted in
    # the cache, not the database.
    with django_assert_num_queries(4):
        assert client.get(url, {"q": "coli"}).status_code == 200


def test_network_settings_page_queries(login, world, django_assert_num_queries):
    client = login(world.admin.user)
    url = reverse("networks:manage_network", kwargs={"slug": "breast"})
    client.get(url)
    # session, user, two-factor check, membership (among my personas, the header's), header counts
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("attempts", [1, 4])
def test_review_page_queries_are_constant(login, world, django_assert_num_queries, attempts):
    from entrepairs.professionals.models import VerificationAttempt

    for index in range(attempts):
        VerificationAttempt.objects.create(
            user=world.stranger, method="directory", outcome="refused", identifier_type="rpps",
            identifier=f"1000123456{index}", declared_last_name="Martin", declared_first_name="Claire",
        )  # fmt: skip
    submission = DocumentSubmission.objects.create(
        user=world.stranger, profession=Profession.objects.get(code="10"), content_type="application/pdf",
        size=10, file="proofs/x.pdf", declared_last_name="Martin", declared_first_name="Claire",
    )  # fmt: skip
    client = login(world.operator)
    url = reverse("reviews:document", kwargs={"submission_id": submission.pk})
    client.get(url)
    # session, user, two-factor check, the submission (account, profession, specialty), the audit
    # row, the directory attempts, the directory entries, my personas (header)
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
