"""The moderators' pages for ending memberships: buttons on a member's profile, a confirmation page
asking for the reason (and a ban's end), the list of removed and banned members, lifting a ban.
Gated like every moderation page: 404 outsiders, 403 members, two-factor first."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone

from entrepairs.networks import lifecycle
from entrepairs.networks.models import Membership
from tests import factories as f

REASON = "Publicité pour un traitement miracle"


def _url(name, world, target=None):
    kwargs = {"slug": "breast"} if target is None else {"slug": "breast", "member_id": target.pk}
    return reverse(f"networks:{name}", kwargs=kwargs)


def test_profile_shows_the_buttons_to_moderators_only(login, world):
    page = login(world.moderator.user).get(_url("member_detail", world, world.patient)).content.decode()
    assert (
        _url("remove_member", world, world.patient) in page
        and _url("ban_member", world, world.patient) in page
    )
    page = login(world.relative.user).get(_url("member_detail", world, world.patient)).content.decode()
    assert _url("remove_member", world, world.patient) not in page


def test_moderator_removes_with_a_reason_and_sees_it_listed(
    login, world, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(world.moderator.user)
    assert client.get(_url("remove_member", world, world.patient)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("remove_member", world, world.patient), {"reason": REASON})
    assert response.status_code == 302 and response.url == _url("ended_members", world)
    world.patient.refresh_from_db()
    assert world.patient.status == Membership.Status.REMOVED and world.patient.ended_by == world.moderator
    listed = client.get(_url("ended_members", world)).content.decode()
    assert (
        REASON in listed and world.patient.display_name in listed and world.moderator.display_name in listed
    )
    assert len(mailoutbox) == 1
    about = login(world.patient.user).get(_url("about", world)).content.decode()
    assert REASON in about


def test_a_reason_is_required(login, world):
    response = login(world.moderator.user).post(_url("remove_member", world, world.patient), {"reason": ""})
    assert response.status_code == 200
    world.patient.refresh_from_db()
    assert world.patient.status == Membership.Status.ACTIVE


def test_moderator_bans_until_a_day_then_lifts_the_ban(login, world):
    client = login(world.moderator.user)
    day = timezone.localdate() + timedelta(days=14)
    client.post(_url("ban_member", world, world.patient), {"reason": REASON, "until": day.isoformat()})
    world.patient.refresh_from_db()
    assert (
        world.patient.status == Membership.Status.BANNED
        and timezone.localtime(world.patient.banned_until).date() == day
    )
    assert client.get(_url("lift_ban", world, world.patient)).status_code == 405
    assert client.post(_url("lift_ban", world, world.patient)).status_code == 302
    world.patient.refresh_from_db()
    assert world.patient.status == Membership.Status.REMOVED and world.patient.banned_until is None


def test_a_moderator_cannot_remove_an_admin_or_themselves(login, world):
    client = login(world.moderator.user)
    for target in (world.admin,):
        response = client.post(_url("remove_member", world, target), {"reason": REASON})
        assert response.status_code == 200  # the refusal is shown on the form
        target.refresh_from_db()
        assert target.status == Membership.Status.ACTIVE
    client.post(_url("remove_member", world, world.moderator), {"reason": REASON})
    world.moderator.refresh_from_db()
    assert world.moderator.status == Membership.Status.ACTIVE


def test_members_get_403_and_outsiders_404(login, world):
    for user, status in ((world.relative.user, 403), (world.outsider.user, 404)):
        client = login(user)
        assert (
            client.post(_url("remove_member", world, world.patient), {"reason": REASON}).status_code == status
        )
        assert client.post(_url("ban_member", world, world.patient), {"reason": REASON}).status_code == status
        assert client.get(_url("ended_members", world)).status_code == status
    world.patient.refresh_from_db()
    assert world.patient.status == Membership.Status.ACTIVE


def test_two_factor_comes_first(login, world, settings):
    settings.REQUIRE_MFA_FOR_ROLES = True
    Authenticator.objects.filter(user=world.moderator.user).delete()
    response = login(world.moderator.user).post(
        _url("remove_member", world, world.patient), {"reason": REASON}
    )
    assert response.status_code == 302 and response.url == reverse("mfa_index")
    world.patient.refresh_from_db()
    assert world.patient.status == Membership.Status.ACTIVE


def test_lifting_a_ban_of_another_network_is_not_found(login, world):
    chu_admin = world.chu.memberships.get(role="admin")
    lifecycle.ban_member(chu_admin, world.pending, reason=REASON)
    response = login(world.moderator.user).post(_url("lift_ban", world, world.pending))
    assert response.status_code == 404
    world.pending.refresh_from_db()
    assert world.pending.status == Membership.Status.BANNED


@pytest.mark.parametrize("ended", [1, 6])
def test_ended_members_page_queries_are_constant(login, world, django_assert_num_queries, ended):
    for _ in range(ended):
        lifecycle.remove_member(world.moderator, f.member_factory(world.breast), reason=REASON)
    client = login(world.moderator.user)
    client.get(_url("ended_members", world))  # the session's first request settles its own writes
    # session, account, moderator's membership (among my personas, the header's), its two-factor, the page of ended members (with who
    # ended them), the header's badges
    with django_assert_num_queries(6):
        assert client.get(_url("ended_members", world)).status_code == 200
