"""The networks and me routers: directory, joining and leaving, personas, the member list. Refusals
assert the JSON code and that the database did not change; lists assert constant query counts."""

import pytest

from entrepairs.networks import services
from entrepairs.networks.models import Membership
from tests import factories as f


# --- Directory -----------------------------------------------------------------------------------
def test_visitors_list_open_networks_only(api_as, world):
    response = api_as(None).get("/networks")
    assert response.status_code == 200
    slugs = {n["slug"] for n in response.json()}
    assert {"breast", "cardio", "chu", "diabetes"} == slugs
    breast = next(n for n in response.json() if n["slug"] == "breast")
    assert breast["my_membership"] is None
    assert breast["allow_relatives"] is True and breast["join_policy"] == "open"
    assert breast["member_count"] == 4


def test_members_see_their_own_invitation_only_network_and_membership(api_as, world):
    admin = Membership.objects.get(network=world.secret, role="admin")
    by_slug = {n["slug"]: n for n in api_as(admin.user).get("/networks").json()}
    assert by_slug["secret"]["my_membership"] == {"status": "active", "role": "admin"}
    assert by_slug["breast"]["my_membership"] is None


def test_pending_request_shows_in_my_membership(api_as, world):
    by_slug = {n["slug"]: n for n in api_as(world.pending.user).get("/networks").json()}
    assert by_slug["chu"]["my_membership"] == {"status": "pending", "role": "member"}


def test_professional_network_lists_its_professions_and_specialties(api_as, world):
    cardio = api_as(None).get("/networks/cardio").json()
    assert cardio["kind"] == "professionals"
    assert [p["code"] for p in cardio["professions"]] == ["10"]
    assert [s["code"] for s in cardio["specialties"]] == ["SM04"]


def test_member_reads_their_invitation_only_network(api_as, world):
    admin = Membership.objects.get(network=world.secret, role="admin")
    response = api_as(admin.user).get("/networks/secret")
    assert response.status_code == 200
    assert response.json()["my_membership"]["role"] == "admin"


def test_unknown_and_hidden_networks_read_the_same(api_as, world):
    api = api_as(world.stranger)
    hidden, missing = api.get("/networks/secret"), api.get("/networks/nope")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert hidden.json()["code"] == "not_found"
    assert set(hidden.json()) == {"code", "message", "field"}
    anonymous = api_as(None)
    assert anonymous.get("/networks/secret").content == anonymous.get("/networks/nope").content


def test_pseudonym_suggestion_is_free_in_the_network(api_as, world):
    response = api_as(world.stranger).get("/networks/breast/pseudonym-suggestion")
    assert response.status_code == 200
    name = response.json()["display_name"]
    assert not Membership.objects.filter(network=world.breast, display_name__iexact=name).exists()


def test_pseudonym_suggestion_for_hidden_network_is_404(api_as, world):
    hidden = api_as(world.stranger).get("/networks/secret/pseudonym-suggestion")
    missing = api_as(world.stranger).get("/networks/nope/pseudonym-suggestion")
    assert hidden.status_code == 404
    assert hidden.content == missing.content


# --- Joining -------------------------------------------------------------------------------------
def test_join_open_network_records_consent(api_as, world):
    response = api_as(world.stranger).post(
        "/networks/diabetes/join", {"display_name": "Hibou Calme", "consent": True}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["role"], body["network"]) == ("active", "member", "diabetes")
    assert world.stranger.consents.filter(network=world.diabetes).exists()


def test_join_approval_network_waits_for_a_moderator(api_as, world):
    response = api_as(world.stranger).post(
        "/networks/chu/join", {"display_name": "Patient Patient", "consent": True, "message": "Suivi au CHU"}
    )
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    membership = Membership.objects.get(user=world.stranger)
    assert (membership.status, membership.request_message) == ("pending", "Suivi au CHU")


def test_join_as_relative_where_allowed(api_as, world):
    response = api_as(world.stranger).post(
        "/networks/breast/join",
        {"display_name": "Mésange Présente", "consent": True, "member_type": "relative"},
    )
    assert response.status_code == 201
    assert response.json()["member_type"] == "relative"


def test_verified_professional_joins_with_badge(api_as, world):
    user = f.UserFactory()
    f.qualification_factory(user, profession_code="10", specialty_code="SM04")
    response = api_as(user).post("/networks/cardio/join", {"display_name": "Dr Nouvelle"})
    assert response.status_code == 201, response.content
    assert response.json()["badge"]


@pytest.mark.parametrize(
    ("slug", "body", "status", "code"),
    [
        ("diabetes", {"display_name": "Hibou Calme"}, 400, "consent_required"),
        ("diabetes", {"display_name": "Hibou Calme", "consent": False}, 400, "consent_required"),
        ("breast", {"display_name": "Rose des Vents", "consent": True}, 400, "display_name_taken"),
        ("breast", {"display_name": "rose DES vents", "consent": True}, 400, "display_name_taken"),
        ("cardio", {"display_name": "Dr Nouveau"}, 403, "not_eligible"),
        ("secret", {"display_name": "Invité", "consent": True}, 404, "not_found"),
        ("nope", {"display_name": "Invité", "consent": True}, 404, "not_found"),
        ("diabetes", {"display_name": "x", "consent": True}, 400, "invalid_display_name"),
        ("diabetes", {"display_name": "a@b.fr", "consent": True}, 400, "invalid_display_name"),
        ("diabetes", {"display_name": "Hibou", "consent": True, "member_type": "relative"}, 400, "invalid_member_type"),
        ("diabetes", {"display_name": "Hibou", "consent": True, "invitation_token": "bogus"}, 404, "invalid_invitation"),
        ("diabetes", {"display_name": "Hibou", "consent": True, "role": "admin"}, 422, "invalid_input"),
    ],
)  # fmt: skip
def test_join_refusals_are_json_and_change_nothing(api_as, world, slug, body, status, code):
    response = api_as(world.stranger).post(f"/networks/{slug}/join", body)
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["message"]
    assert not Membership.objects.filter(user=world.stranger).exists()
    assert not world.stranger.consents.exists()


def test_unverified_professional_is_not_eligible(api_as, world):
    response = api_as(world.unverified).post("/networks/cardio/join", {"display_name": "Dr Pas Encore"})
    assert (response.status_code, response.json()["code"]) == (403, "not_eligible")
    assert not Membership.objects.filter(user=world.unverified).exists()


def test_joining_twice_is_a_conflict(api_as, world):
    before = Membership.objects.filter(network=world.breast).count()
    response = api_as(world.patient.user).post(
        "/networks/breast/join", {"display_name": "Autre Nom", "consent": True}
    )
    assert (response.status_code, response.json()["code"]) == (409, "already_member")
    pending = api_as(world.pending.user).post(
        "/networks/chu/join", {"display_name": "Encore", "consent": True}
    )
    assert (pending.status_code, pending.json()["code"]) == (409, "request_pending")
    assert Membership.objects.filter(network=world.breast).count() == before
    world.patient.refresh_from_db()
    assert world.patient.display_name == "Rose des Vents"


def test_invitation_token_opens_invite_only_network(api_as, world):
    admin = Membership.objects.get(network=world.secret, role="admin")
    _invitation, token = services.create_invitation(admin)
    response = api_as(world.stranger).post(
        "/networks/secret/join",
        {"display_name": "Invité Discret", "consent": True, "invitation_token": token},
    )
    assert response.status_code == 201
    assert response.json()["status"] == "active"


def test_invitation_of_another_network_is_refused(api_as, world):
    admin = Membership.objects.get(network=world.secret, role="admin")
    _invitation, token = services.create_invitation(admin)
    response = api_as(world.stranger).post(
        "/networks/diabetes/join",
        {"display_name": "Invité Égaré", "consent": True, "invitation_token": token},
    )
    assert (response.status_code, response.json()["code"]) == (404, "invalid_invitation")
    assert not Membership.objects.filter(user=world.stranger).exists()


def test_used_up_invitation_is_refused(api_as, world):
    admin = Membership.objects.get(network=world.secret, role="admin")
    _invitation, token = services.create_invitation(admin, max_uses=1)
    first = api_as(world.stranger).post(
        "/networks/secret/join",
        {"display_name": "Premier Invité", "consent": True, "invitation_token": token},
    )
    assert first.status_code == 201
    latecomer = f.UserFactory()
    second = api_as(latecomer).post(
        "/networks/secret/join", {"display_name": "Second Invité", "consent": True, "invitation_token": token}
    )
    assert (second.status_code, second.json()["code"]) == (410, "invitation_used")
    assert not Membership.objects.filter(user=latecomer).exists()


# --- Leaving -------------------------------------------------------------------------------------
def test_leave_via_api(api_as, world):
    response = api_as(world.patient.user).post("/networks/breast/leave")
    assert response.status_code == 204
    world.patient.refresh_from_db()
    assert world.patient.status == "left"
    assert world.patient.consent is None or world.patient.consent.withdrawn_at is not None


def test_non_member_leaving_gets_404_like_a_missing_network(api_as, world):
    api = api_as(world.outsider.user)
    foreign, missing = api.post("/networks/breast/leave"), api.post("/networks/nope/leave")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content


def test_last_admin_cannot_leave(api_as, world):
    response = api_as(world.admin.user).post("/networks/breast/leave")
    assert (response.status_code, response.json()["code"]) == (409, "last_admin")
    world.admin.refresh_from_db()
    assert (world.admin.status, world.admin.role) == ("active", "admin")


# --- My memberships and persona ------------------------------------------------------------------
def test_my_memberships_lists_every_persona_of_the_caller_only(api_as, world):
    f.member_factory(world.diabetes, user=world.patient.user, display_name="Autre Visage")
    response = api_as(world.patient.user).get("/me/memberships")
    assert response.status_code == 200
    assert {(m["network"], m["display_name"]) for m in response.json()} == {
        ("breast", "Rose des Vents"),
        ("diabetes", "Autre Visage"),
    }


def test_my_memberships_show_the_professional_badge(api_as, world):
    [membership] = api_as(world.cardiologist.user).get("/me/memberships").json()
    assert membership["badge"] and membership["member_type"] == "professional"


def test_get_persona(api_as, world):
    response = api_as(world.patient.user).get("/networks/breast/persona")
    assert response.status_code == 200
    assert response.json()["display_name"] == "Rose des Vents"


def test_persona_of_a_foreign_network_is_404_like_a_missing_one(api_as, world):
    api = api_as(world.outsider.user)
    assert api.get("/networks/breast/persona").content == api.get("/networks/nope/persona").content
    foreign = api.patch("/networks/breast/persona", {"bio": "Intrus"})
    missing = api.patch("/networks/nope/persona", {"bio": "Intrus"})
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content


def test_pending_member_has_no_persona_yet(api_as, world):
    response = api_as(world.breast_pending.user).get("/networks/breast/persona")
    assert response.status_code == 404


@pytest.mark.parametrize("field", ["role", "status", "network_id", "is_staff", "verified", "user", "email"])
def test_persona_patch_refuses_privileged_fields(api_as, world, field):
    response = api_as(world.patient.user).patch(
        "/networks/breast/persona", {"bio": "Nouveau", field: "admin"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    world.patient.refresh_from_db()
    world.patient.user.refresh_from_db()
    assert (world.patient.role, world.patient.status, world.patient.bio, world.patient.network_id) == (
        "member",
        "active",
        "",
        world.breast.pk,
    )
    assert not world.patient.user.is_staff


def test_persona_patch_updates_display_name_and_bio(api_as, world):
    response = api_as(world.patient.user).patch(
        "/networks/breast/persona", {"display_name": "Loutre Nouvelle", "bio": "En traitement."}
    )
    assert response.status_code == 200
    assert (response.json()["display_name"], response.json()["bio"]) == ("Loutre Nouvelle", "En traitement.")
    world.patient.refresh_from_db()
    assert (world.patient.display_name, world.patient.bio) == ("Loutre Nouvelle", "En traitement.")


def test_persona_patch_with_a_taken_name_changes_nothing(api_as, world):
    response = api_as(world.patient.user).patch(
        "/networks/breast/persona", {"display_name": "Frère Attentif", "bio": "Changé"}
    )
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        400,
        "display_name_taken",
        "display_name",
    )
    world.patient.refresh_from_db()
    assert (world.patient.display_name, world.patient.bio) == ("Rose des Vents", "")


def test_persona_bio_over_the_limit_is_refused(api_as, world):
    response = api_as(world.patient.user).patch("/networks/breast/persona", {"bio": "b" * 1001})
    assert (response.status_code, response.json()["code"]) == (400, "bio_too_long")
    world.patient.refresh_from_db()
    assert world.patient.bio == ""


# --- Members -------------------------------------------------------------------------------------
def test_members_list_shows_pseudonyms_never_identity(api_as, world):
    response = api_as(world.patient.user).get("/networks/breast/members")
    assert response.status_code == 200
    raw = response.content.decode()
    names = {item["display_name"] for item in response.json()["items"]}
    assert names == {"Rose des Vents", "Frère Attentif", "Modératrice Douce", "Admin Sereine"}
    for membership in Membership.objects.filter(network=world.breast).select_related("user"):
        user = membership.user
        assert user.email not in raw
        assert user.last_name not in raw
        assert f'"user_id": {user.pk}' not in raw and f'"user": {user.pk}' not in raw
    assert "@" not in raw
    assert set(response.json()["items"][0]) == {
        "id",
        "display_name",
        "role",
        "member_type",
        "badge",
        "joined_at",
    }


def test_members_list_shows_professional_badges(api_as, world):
    [item] = api_as(world.cardiologist.user).get("/networks/cardio/members").json()["items"]
    assert item["badge"] and item["member_type"] == "professional"


def test_foreign_members_list_is_404_like_a_missing_network(api_as, world):
    api = api_as(world.outsider.user)
    foreign, missing = api.get("/networks/breast/members"), api.get("/networks/nope/members")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content


def test_pending_member_cannot_list_members(api_as, world):
    assert api_as(world.breast_pending.user).get("/networks/breast/members").status_code == 404


def test_members_pagination_walks_everyone_once(api_as, world):
    for _ in range(7):
        f.member_factory(world.breast)
    api = api_as(world.patient.user)
    seen, cursor = [], None
    for _page in range(20):
        page = api.get("/networks/breast/members?limit=3" + (f"&cursor={cursor}" if cursor else "")).json()
        assert len(page["items"]) <= 3
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert (
        len(seen)
        == len(set(seen))
        == Membership.objects.filter(network=world.breast, status="active").count()
    )


def test_members_limit_is_capped_at_100(api_as, world):
    for _ in range(105):
        f.member_factory(world.breast)
    page = api_as(world.patient.user).get("/networks/breast/members?limit=500").json()
    assert len(page["items"]) == 100 and page["next_cursor"]


# --- Constant query counts -----------------------------------------------------------------------
@pytest.mark.parametrize("extra", [2, 20])
def test_list_networks_queries_are_constant(api_as, world, django_assert_num_queries, extra):
    for _ in range(extra):
        f.member_factory(f.network_factory(kind="professionals", professions=[f.profession("60")]))
    api = api_as(world.patient.user)
    # token+user, token last-used update, my memberships, networks with member counts (listed ids
    # as a subquery), professions prefetch, specialties prefetch
    with django_assert_num_queries(6):
        response = api.get("/networks")
    assert len(response.json()) == 4 + extra


@pytest.mark.parametrize("extra", [2, 20])
def test_list_networks_queries_are_constant_for_visitors(api_as, world, django_assert_num_queries, extra):
    for _ in range(extra):
        f.network_factory()
    api = api_as(None)
    # networks with member counts, professions prefetch, specialties prefetch
    with django_assert_num_queries(3):
        assert len(api.get("/networks").json()) == 4 + extra


@pytest.mark.parametrize("extra", [2, 20])
def test_my_memberships_queries_are_constant(api_as, world, django_assert_num_queries, extra):
    user = world.patient.user
    for _ in range(extra):
        f.member_factory(f.network_factory(), user=user)
    api = api_as(user)
    # token+user, token last-used update, memberships with networks and qualifications
    with django_assert_num_queries(3):
        assert len(api.get("/me/memberships").json()) == extra + 1


@pytest.mark.parametrize("extra", [2, 40])
def test_members_queries_are_constant(api_as, world, django_assert_num_queries, extra):
    for _ in range(extra):
        f.member_factory(world.breast)
    api = api_as(world.patient.user)
    # token+user, token last-used update, my membership, one page of members with qualifications
    with django_assert_num_queries(4):
        response = api.get("/networks/breast/members")
    assert len(response.json()["items"]) == min(4 + extra, 50)
