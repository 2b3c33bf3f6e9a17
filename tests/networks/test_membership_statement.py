"""The page gate's membership lookup (networks.access.get_membership_or_404) runs a statement compiled
once per process (entrepairs/prepared.py): it must answer what the queryset answers for every
account and slug, including a slug that looks like another argument, and cost one query."""

from datetime import timedelta

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from entrepairs.networks import access
from tests import factories as f

pytestmark = pytest.mark.django_db


def by_queryset(user, slug):
    return access._active_membership(user.pk, slug).first()


def fields(membership):
    if membership is None:
        return None
    related = (membership.network, membership.user, membership.qualification)
    return [membership.pk, membership.display_name, membership.role] + [
        getattr(obj, "pk", None) for obj in related
    ] + [membership.network.slug, membership.user.email]  # fmt: skip


def test_the_compiled_lookup_answers_what_the_queryset_answers():
    patients = f.network_factory(slug="patients-chu")
    closed = f.network_factory(slug="ferme", is_active=False)
    colleagues = f.network_factory(kind="professionals", slug="cardio", professions=[f.profession("10")])
    member = f.member_factory(patients)
    f.member_factory(closed, user=member.user)
    left = f.member_factory(colleagues, status="left")
    doctor_user = f.UserFactory()
    doctor = f.member_factory(
        colleagues,
        user=doctor_user,
        qualification=f.qualification_factory(
            doctor_user, verified_until=timezone.now() + timedelta(days=30)
        ),
    )
    accounts = [member.user, left.user, doctor_user, f.UserFactory()]
    slugs = ["patients-chu", "ferme", "cardio", "inconnu", "patients-chu' OR '1'='1", "%", ""]
    for user in accounts:
        for slug in slugs:
            expected = by_queryset(user, slug)
            try:
                found = access.get_membership_or_404(user, slug)
            except Http404:
                found = None
            assert fields(found) == fields(expected), (user.email, slug)
    assert fields(access.get_membership_or_404(doctor_user, "cardio")) == fields(doctor)
    assert access.get_membership_or_404(doctor_user, "cardio").qualification.profession.code == "10"


def test_one_query_with_the_network_account_and_qualification():
    member = f.member_factory(f.network_factory(slug="un-reseau"))
    access.get_membership_or_404(member.user, "un-reseau")  # compiled here
    with CaptureQueriesContext(connection) as captured:
        found = access.get_membership_or_404(member.user, "un-reseau")
        assert (found.network.slug, found.user.email) == ("un-reseau", member.user.email)
    assert len(captured.captured_queries) == 1


def test_the_header_personas_statement_answers_what_the_queryset_answers():
    """The persona switcher (web/context_processors.py) reads access.my_personas, compiled once."""
    user = f.UserFactory()
    for slug, status, active in (("zeta", "active", True), ("alpha", "active", True), ("attente", "pending", True),
                                 ("partie", "left", True), ("fermee", "active", False)):  # fmt: skip
        f.member_factory(
            f.network_factory(slug=slug, name=slug.title(), is_active=active), user=user, status=status
        )
    other = f.UserFactory()
    f.member_factory(f.network_factory(slug="autre"), user=other)
    for account in (user, other):
        expected = [(m.pk, m.network.slug) for m in access.my_active_memberships(account)]
        assert [(m.pk, m.network.slug) for m in access.my_personas(account)] == expected
    assert [m.network.slug for m in access.my_personas(user)] == ["alpha", "zeta"]
    with CaptureQueriesContext(connection) as captured:
        access.my_personas(other)
    assert len(captured) == 1
    from django.contrib.auth.models import AnonymousUser

    assert access.my_personas(AnonymousUser()) == []
