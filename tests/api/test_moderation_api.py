"""Moderation through the API: join requests, invitations, roles. Non-members get 404 (the same body
as a missing id), plain members 403, and every refusal leaves the database as it was."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone

from entrepairs.networks import services
from entrepairs.networks.models import Invitation, Membership
from tests import factories as f

NOT_FOUND_CODE = "not_found"


def _state(membership):
    membership.refresh_from_db()
    return membership.status, membership.role, membership.joined_at


# --- Join requests -------------------------------------------------------------------------------
def test_moderator_lists_pending_requests_oldest_day_first(api_as, world):
    # Oldest day first; within a day the order is the random id's (the moment is never shown).
    extra = f.member_factory(world.breast, status="pending", display_name="Deuxième Demande")
    Membership.objects.filter(pk=extra.pk).update(requested_at=timezone.now() - timedelta(days=2))
    response = api_as(world.moderator.user).get("/networks/breast/requests")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["id"] for item in items] == [extra.pk, world.breast_pending.pk]
    assert items[1]["display_name"] == "Demande en Cours"
    assert "user" not in items[0] and "email" not in response.content.decode()


def test_request_list_pages_with_a_cursor(api_as, world):
    for _ in range(4):
        f.member_factory(world.breast, status="pending")
    api = api_as(world.moderator.user)
    first = api.get("/networks/breast/requests?limit=3").json()
    second = api.get(f"/networks/breast/requests?limit=3&cursor={first['next_cursor']}").json()
    ids = [item["id"] for item in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == 5
    assert second["next_cursor"] is None


def test_moderator_approves_a_request(api_as, world):
    response = api_as(world.moderator.user).post(
        f"/networks/breast/requests/{world.breast_pending.pk}/approve"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "active"
    status, _role, joined_at = _state(world.breast_pending)
    assert status == "active" and joined_at is not None


def test_moderator_refuses_a_request(api_as, world):
    response = api_as(world.admin.user).post(f"/networks/breast/requests/{world.breast_pending.pk}/refuse")
    assert response.status_code == 200
    assert response.json()["status"] == "refused"
    assert _state(world.breast_pending)[0] == "refused"


@pytest.mark.parametrize("action", ["approve", "refuse"])
def test_plain_member_cannot_decide_requests(api_as, world, action):
    before = _state(world.breast_pending)
    response = api_as(world.patient.user).post(
        f"/networks/breast/requests/{world.breast_pending.pk}/{action}"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert _state(world.breast_pending) == before


def test_plain_member_cannot_list_requests(api_as, world):
    response = api_as(world.patient.user).get("/networks/breast/requests")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


@pytest.mark.parametrize("action", ["approve", "refuse"])
def test_foreign_request_reads_like_a_missing_one(api_as, world, action):
    # world.pending asked to join chu; breast's moderator must not be able to touch it via breast.
    api = api_as(world.moderator.user)
    before = _state(world.pending)
    foreign = api.post(f"/networks/breast/requests/{world.pending.pk}/{action}")
    missing = api.post(f"/networks/breast/requests/99999999/{action}")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content
    assert foreign.json()["code"] == NOT_FOUND_CODE
    assert _state(world.pending) == before


def test_outsider_gets_404_for_requests_like_a_missing_network(api_as, world):
    api = api_as(world.outsider.user)
    before = _state(world.breast_pending)
    foreign = api.post(f"/networks/breast/requests/{world.breast_pending.pk}/approve")
    missing = api.post(f"/networks/nope/requests/{world.breast_pending.pk}/approve")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content
    assert api.get("/networks/breast/requests").content == api.get("/networks/nope/requests").content
    assert _state(world.breast_pending) == before


def test_an_already_handled_request_is_not_found(api_as, world):
    api = api_as(world.moderator.user)
    assert api.post(f"/networks/breast/requests/{world.breast_pending.pk}/approve").status_code == 200
    again = api.post(f"/networks/breast/requests/{world.breast_pending.pk}/refuse")
    assert again.status_code == 404
    assert _state(world.breast_pending)[0] == "active"


def test_moderator_without_two_factor_is_refused(api_as, world):
    Authenticator.objects.filter(user=world.moderator.user).delete()
    before = _state(world.breast_pending)
    response = api_as(world.moderator.user).post(
        f"/networks/breast/requests/{world.breast_pending.pk}/approve"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"
    assert _state(world.breast_pending) == before


# --- Invitations ---------------------------------------------------------------------------------
def test_moderator_creates_an_invitation_that_opens_the_network(api_as, world, client):
    admin = Membership.objects.get(network=world.secret, role="admin")
    response = api_as(admin.user).post(
        "/networks/secret/invitations", {"days": 7, "max_uses": 2, "note": "Atelier"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["token"] and body["url"].endswith(f"/invite/{body['token']}/")
    assert (body["max_uses"], body["use_count"], body["note"], body["usable"]) == (2, 0, "Atelier", True)
    assert body["created_by"] == "Admin Secret"
    invitation = Invitation.objects.get(pk=body["id"])
    assert invitation.token_hash == Invitation.hash(body["token"])  # stored hashed, never in clear
    joined = api_as(world.stranger).post(
        "/networks/secret/join",
        {"display_name": "Invité Discret", "consent": True, "invitation_token": body["token"]},
    )
    assert joined.status_code == 201


def test_invitation_list_never_shows_tokens(api_as, world):
    _invitation, token = services.create_invitation(world.moderator, note="Pour Lise")
    response = api_as(world.moderator.user).get("/networks/breast/invitations")
    assert response.status_code == 200
    assert [item["note"] for item in response.json()["items"]] == ["Pour Lise"]
    assert token not in response.content.decode()
    assert "token" not in response.json()["items"][0]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        # The bounds are in the schema (minimum, maximum): refused as invalid input.
        ({"days": 0}, 422, "invalid_input"),
        ({"days": 91}, 422, "invalid_input"),
        ({"max_uses": 10**12}, 422, "invalid_input"),
        ({"max_uses": "3"}, 422, "invalid_input"),  # no silent conversion of JSON types
        ({"note": "x" * 121}, 422, "invalid_input"),
        ({"days": "demain"}, 422, "invalid_input"),
        ({"token": "choisi-par-moi"}, 422, "invalid_input"),
        ({"network_id": 1}, 422, "invalid_input"),
    ],
)
def test_invitation_refusals_create_nothing(api_as, world, body, status, code):
    response = api_as(world.moderator.user).post("/networks/breast/invitations", body)
    assert response.status_code == status
    assert response.json()["code"] == code
    assert not Invitation.objects.exists()


def test_plain_member_cannot_create_invitations(api_as, world):
    response = api_as(world.patient.user).post("/networks/breast/invitations", {})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_moderator_revokes_an_invitation(api_as, world):
    invitation, token = services.create_invitation(world.moderator)
    response = api_as(world.moderator.user).post(f"/networks/breast/invitations/{invitation.pk}/revoke")
    assert response.status_code == 200
    assert response.json()["usable"] is False and response.json()["revoked_at"]
    refused = api_as(world.stranger).post(
        "/networks/breast/join", {"display_name": "Trop Tard", "consent": True, "invitation_token": token}
    )
    assert (refused.status_code, refused.json()["code"]) == (410, "invitation_revoked")


def test_foreign_invitation_reads_like_a_missing_one(api_as, world):
    chu_admin = Membership.objects.get(network=world.chu, role="admin")
    invitation, _token = services.create_invitation(chu_admin)
    api = api_as(world.moderator.user)
    foreign = api.post(f"/networks/breast/invitations/{invitation.pk}/revoke")
    missing = api.post("/networks/breast/invitations/99999999/revoke")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


# --- Roles ---------------------------------------------------------------------------------------
def test_admin_makes_a_member_moderator(api_as, world):
    response = api_as(world.admin.user).put(
        f"/networks/breast/members/{world.patient.pk}/role", {"role": "moderator"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["role"] == "moderator"
    assert _state(world.patient)[1] == "moderator"


def test_moderator_cannot_give_roles(api_as, world):
    response = api_as(world.moderator.user).put(
        f"/networks/breast/members/{world.patient.pk}/role", {"role": "admin"}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert _state(world.patient)[1] == "member"


def test_member_cannot_promote_themselves(api_as, world):
    response = api_as(world.patient.user).put(
        f"/networks/breast/members/{world.patient.pk}/role", {"role": "admin"}
    )
    assert response.status_code == 403
    assert _state(world.patient)[1] == "member"


def test_last_admin_cannot_step_down(api_as, world):
    response = api_as(world.admin.user).put(
        f"/networks/breast/members/{world.admin.pk}/role", {"role": "member"}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "last_admin"
    assert _state(world.admin)[1] == "admin"


@pytest.mark.parametrize("body", [{"role": "owner"}, {"role": "admin", "network_id": 2}, {}, "[]"])
def test_role_input_is_validated(api_as, world, body):
    response = api_as(world.admin.user).put(f"/networks/breast/members/{world.patient.pk}/role", body)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert _state(world.patient)[1] == "member"


def test_foreign_member_reads_like_a_missing_one_for_roles(api_as, world):
    api = api_as(world.admin.user)
    foreign = api.put(f"/networks/breast/members/{world.outsider.pk}/role", {"role": "moderator"})
    missing = api.put("/networks/breast/members/99999999/role", {"role": "moderator"})
    pending = api.put(f"/networks/breast/members/{world.breast_pending.pk}/role", {"role": "moderator"})
    assert foreign.status_code == missing.status_code == pending.status_code == 404
    assert foreign.content == missing.content == pending.content
    assert _state(world.outsider)[1] == "member"


def test_admin_of_another_network_gets_404(api_as, world):
    response = api_as(world.cardiologist.user).put(
        f"/networks/breast/members/{world.patient.pk}/role", {"role": "admin"}
    )
    assert response.status_code == 404
    assert response.json()["code"] == NOT_FOUND_CODE
    assert _state(world.patient)[1] == "member"


# --- Constant query counts -----------------------------------------------------------------------
@pytest.mark.parametrize("pending", [2, 30])
def test_request_list_queries_are_constant(api_as, world, django_assert_num_queries, pending):
    for _ in range(pending):
        f.member_factory(world.breast, status="pending")
    api = api_as(world.moderator.user)
    # token+user, token last-used update, my membership (with network and qualification),
    # two-factor check, one page of requests with their qualifications
    with django_assert_num_queries(5):
        response = api.get("/networks/breast/requests")
    assert len(response.json()["items"]) == min(pending + 1, 50)


@pytest.mark.parametrize("invitations", [2, 30])
def test_invitation_list_queries_are_constant(api_as, world, django_assert_num_queries, invitations):
    for _ in range(invitations):
        services.create_invitation(world.moderator)
    api = api_as(world.moderator.user)
    # token+user, token last-used update, my membership, two-factor check, one page of invitations
    # with their authors
    with django_assert_num_queries(5):
        response = api.get("/networks/breast/invitations")
    assert len(response.json()["items"]) == invitations
