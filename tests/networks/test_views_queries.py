"""Constant query counts on the pages the existing test_views.py does not count, each checked with
3 and with 30 rows of what the page lists (the other rows are per-request constants)."""

import pytest
from django.urls import reverse

from entrepairs.networks import services
from tests import factories as f


@pytest.mark.parametrize("extra", [3, 30])
def test_join_requests_page_queries_are_constant(login, world, django_assert_num_queries, extra):
    for _ in range(extra):
        f.member_factory(world.breast, status="pending")
    client = login(world.admin.user)
    # session, user, moderator membership+network (among my personas, the header's), two-factor check,
    # unread notifications (bell), the pending requests
    with django_assert_num_queries(6):
        response = client.get(reverse("networks:manage_requests", kwargs={"slug": "breast"}))
    assert response.status_code == 200


@pytest.mark.parametrize("extra", [3, 30])
def test_invitations_page_queries_are_constant(login, world, django_assert_num_queries, extra):
    for number in range(extra):
        services.create_invitation(world.admin, note=f"lot {number}")
    client = login(world.admin.user)
    # session, user, moderator membership+network (among my personas, the header's), two-factor check,
    # unread notifications (bell), the invitations with their creators
    with django_assert_num_queries(6):
        response = client.get(reverse("networks:manage_invitations", kwargs={"slug": "breast"}))
    assert response.status_code == 200


@pytest.mark.parametrize("extra", [3, 30])
def test_about_page_queries_are_constant(login, world, django_assert_num_queries, extra):
    for _ in range(extra):
        f.member_factory(world.breast)
    client = login(world.patient.user)
    # session, user, network, my membership there, member count, my personas (header)
    with django_assert_num_queries(6):
        assert client.get(reverse("networks:about", kwargs={"slug": "breast"})).status_code == 200


@pytest.mark.parametrize("extra", [3, 30])
def test_member_page_queries_are_constant(login, world, django_assert_num_queries, extra):
    for _ in range(extra):
        f.member_factory(world.breast)
    client = login(world.patient.user)
    url = reverse("networks:member_detail", kwargs={"slug": "breast", "member_id": world.relative.pk})
    # session, user, my membership+network (among my personas, the header's), the member shown (with qualification), their latest posts
    # with their count (discussions' profile panel), unread notifications (bell)
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("extra", [3, 30])
def test_operator_page_queries_are_constant(login, world, django_assert_num_queries, extra):
    from entrepairs.accounts.models import ReadFlag

    for _ in range(extra):
        member = f.member_factory(f.network_factory())
        ReadFlag.objects.create(user=member.user, kind="profile", views=151, seconds=600)
    client = login(world.operator)
    # session, user, two-factor check, my personas (header), networks with member counts, their
    # professions, their specialties (prefetches), the read flags with their accounts, the form's
    # professions, the form's specialties
    with django_assert_num_queries(10):
        assert client.get(reverse("operator")).status_code == 200
