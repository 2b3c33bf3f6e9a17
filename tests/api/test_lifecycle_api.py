"""Ending memberships through the API: remove, ban, lift, and the list of removed and banned
members. Same gates as the other moderation routes (404 outsiders, 403 members, two-factor), and
every refusal leaves the membership as it was."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone

from entrepairs.networks.models import Membership
from tests import factories as f

REASON = "Propos insultants"


def _state(membership):
    membership.refresh_from_db()
    return membership.status, membership.role, membership.ended_reason, membership.banned_until


def test_moderator_removes_a_member_who_is_told(
    api_as, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(world.moderator.user).post(
            f"/networks/breast/members/{world.patient.pk}/remove", {"reason": REASON}
        )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "removed" and body["reason"] == REASON
    assert body["ended_by"] == world.moderator.display_name and body["ended_on"]
    assert "email" not in response.content.decode()
    assert _state(world.patient)[0] == Membership.Status.REMOVED
    assert [m.to for m in mailoutbox] == [[world.patient.user.email]]


def test_moderator_bans_until_a_date_lists_and_lifts(api_as, world):
    api = api_as(world.moderator.user)
    until = (timezone.now() + timedelta(days=7)).replace(microsecond=0)
    response = api.post(
        f"/networks/breast/members/{world.patient.pk}/ban", {"reason": REASON, "until": until.isoformat()}
    )
    assert response.status_code == 200 and response.json()["status"] == "banned"
    listed = api.get("/networks/breast/ended-members").json()["items"]
    assert [(item["id"], item["status"], item["reason"]) for item in listed] == [
        (world.patient.pk, "banned", REASON)
    ]
    assert listed[0]["banned_until"] is not None
    assert api._send("delete", f"/networks/breast/bans/{world.patient.pk}", None).status_code == 204
    assert _state(world.patient)[:2] == (Membership.Status.REMOVED, "member")


def test_ended_members_list_pages_with_a_cursor(api_as, world):
    for _ in range(4):
        from entrepairs.networks import lifecycle

        lifecycle.remove_member(world.moderator, f.member_factory(world.breast), reason=REASON)
    api = api_as(world.moderator.user)
    first = api.get("/networks/breast/ended-members?limit=3").json()
    second = api.get(f"/networks/breast/ended-members?limit=3&cursor={first['next_cursor']}").json()
    ids = [item["id"] for item in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == 4 and second["next_cursor"] is None


@pytest.mark.parametrize(
    ("actor", "target", "status", "code"),
    [
        ("patient", "relative", 403, None),  # a member knows the network exists
        ("outsider", "relative", 404, "not_found"),
        ("moderator", "admin", 403, "forbidden"),
        ("moderator", "moderator", 409, "self"),
    ],
)
def test_refusals_change_nothing(api_as, world, actor, target, status, code):
    target_membership = getattr(world, target)
    before = _state(target_membership)
    api = api_as(getattr(world, actor).user)
    for path, body in (("remove", {"reason": REASON}), ("ban", {"reason": REASON})):
        response = api.post(f"/networks/breast/members/{target_membership.pk}/{path}", body)
        assert response.status_code == status
        if code:
            assert response.json()["code"] == code
    assert _state(target_membership) == before


def test_foreign_member_reads_like_a_missing_one(api_as, world):
    response = api_as(world.moderator.user).post(
        f"/networks/breast/members/{world.outsider.pk}/remove", {"reason": REASON}
    )
    missing = api_as(world.moderator.user).post("/networks/breast/members/999999/remove", {"reason": REASON})
    assert response.status_code == missing.status_code == 404
    assert response.json() == missing.json()
    assert _state(world.outsider)[0] == Membership.Status.ACTIVE


def test_moderator_without_two_factor_is_refused(api_as, world):
    Authenticator.objects.filter(user=world.moderator.user).delete()
    response = api_as(world.moderator.user).post(
        f"/networks/breast/members/{world.patient.pk}/remove", {"reason": REASON}
    )
    assert response.status_code == 403 and response.json()["code"] == "mfa_required"
    assert _state(world.patient)[0] == Membership.Status.ACTIVE


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": REASON, "role": "admin"}])
def test_input_is_validated(api_as, world, body):
    response = api_as(world.moderator.user).post(f"/networks/breast/members/{world.patient.pk}/remove", body)
    assert response.status_code in {400, 422}
    assert _state(world.patient)[0] == Membership.Status.ACTIVE


@pytest.mark.parametrize("ended", [1, 6])
def test_ended_members_list_queries_are_constant(api_as, world, django_assert_num_queries, ended):
    from entrepairs.networks import lifecycle

    for _ in range(ended):
        lifecycle.remove_member(world.moderator, f.member_factory(world.breast), reason=REASON)
    api = api_as(world.moderator.user)
    # the token and its last use, the moderator's membership, its two-factor, the page of ended
    # members (with who ended them)
    with django_assert_num_queries(5):
        assert api.get("/networks/breast/ended-members").status_code == 200
