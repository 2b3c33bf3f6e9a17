"""The REST API: auth (session + CSRF, tokens), JSON errors with codes, 404 parity, mass assignment,
rate limits and constant query counts."""

import json

import pytest
from django.test import Client

from entrepairs.accounts.tokens import create_token
from entrepairs.networks import services
from entrepairs.networks.models import Membership
from tests import factories as f

API = "/api/v1"


def bearer(user):
    _token, raw = create_token(user, "tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_visitors_list_open_networks_only(client, world):
    response = client.get(f"{API}/networks")
    assert response.status_code == 200
    slugs = {n["slug"] for n in response.json()}
    assert {"breast", "cardio", "chu", "diabetes"} <= slugs
    assert "secret" not in slugs


def test_members_see_their_own_invitation_only_network_and_membership(client, world):
    admin = Membership.objects.get(network=world.secret, role="admin")
    response = client.get(f"{API}/networks", **bearer(admin.user))
    by_slug = {n["slug"]: n for n in response.json()}
    assert by_slug["secret"]["my_membership"] == {"status": "active", "role": "admin"}
    assert by_slug["breast"]["my_membership"] is None


def test_professional_network_lists_its_specialties(client, world):
    cardio = client.get(f"{API}/networks/cardio").json()
    assert cardio["kind"] == "professionals"
    assert [s["code"] for s in cardio["specialties"]] == ["SM04"]


def test_unknown_and_hidden_networks_read_the_same(client, world):
    hidden = client.get(f"{API}/networks/secret", **bearer(world.stranger))
    missing = client.get(f"{API}/networks/nope", **bearer(world.stranger))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert hidden.json()["code"] == "not_found"


def test_foreign_members_list_is_404_like_a_missing_network(client, world):
    headers = bearer(world.outsider.user)
    foreign = client.get(f"{API}/networks/breast/members", **headers)
    missing = client.get(f"{API}/networks/nope/members", **headers)
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content


def test_members_list_shows_pseudonyms_never_identity(client, world):
    response = client.get(f"{API}/networks/breast/members", **bearer(world.patient.user))
    assert response.status_code == 200
    raw = response.content.decode()
    names = {item["display_name"] for item in response.json()["items"]}
    assert "Rose des Vents" in names
    assert "En Attente" not in names and "Demande en Cours" not in names  # pending requests are not members
    for membership in Membership.objects.filter(network=world.breast).select_related("user"):
        assert membership.user.email not in raw
        assert membership.user.last_name not in raw
    assert "user" not in response.json()["items"][0]


def test_members_pagination_walks_everyone_once(client, world):
    for _ in range(7):
        f.member_factory(world.breast)
    headers = bearer(world.patient.user)
    seen, cursor = [], None
    for _page in range(20):
        url = f"{API}/networks/breast/members?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(url, **headers).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert (
        len(seen)
        == len(set(seen))
        == Membership.objects.filter(network=world.breast, status="active").count()
    )


def test_join_with_token_auth_records_consent(client, world):
    response = client.post(
        f"{API}/networks/diabetes/join",
        data=json.dumps({"display_name": "Hibou Calme", "consent": True}),
        content_type="application/json",
        **bearer(world.stranger),
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "active"
    assert world.stranger.consents.filter(network=world.diabetes).exists()


@pytest.mark.parametrize(
    ("slug", "body", "status", "code"),
    [
        ("diabetes", {"display_name": "Hibou Calme"}, 400, "consent_required"),
        ("breast", {"display_name": "Rose des Vents", "consent": True}, 400, "display_name_taken"),
        ("cardio", {"display_name": "Dr Nouveau"}, 403, "not_eligible"),
        ("secret", {"display_name": "Invité", "consent": True}, 404, "not_found"),
        ("diabetes", {"display_name": "x", "consent": True}, 400, "invalid_display_name"),
        (
            "diabetes",
            {"display_name": "Hibou", "consent": True, "invitation_token": "bogus"},
            404,
            "invalid_invitation",
        ),
    ],
)
def test_join_refusals_are_json_and_change_nothing(client, world, slug, body, status, code):
    response = client.post(
        f"{API}/networks/{slug}/join",
        data=json.dumps(body),
        content_type="application/json",
        **bearer(world.stranger),
    )
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["message"]
    assert not Membership.objects.filter(user=world.stranger).exists()


def test_invitation_token_opens_invite_only_network(client, world):
    admin = Membership.objects.get(network=world.secret, role="admin")
    _invitation, token = services.create_invitation(admin)
    response = client.post(
        f"{API}/networks/secret/join",
        data=json.dumps({"display_name": "Invité Discret", "consent": True, "invitation_token": token}),
        content_type="application/json",
        **bearer(world.stranger),
    )
    assert response.status_code == 201


def test_malformed_json_is_a_clear_error_not_a_500(client, world):
    response = client.post(
        f"{API}/networks/diabetes/join",
        data="{not json",
        content_type="application/json",
        **bearer(world.stranger),
    )
    assert response.status_code in (400, 422)
    assert response.json()["code"] in ("bad_request", "invalid_input")


def test_wrong_types_are_422_with_details(client, world):
    response = client.post(
        f"{API}/networks/diabetes/join",
        data=json.dumps({"display_name": ["a"], "consent": "maybe"}),
        content_type="application/json",
        **bearer(world.stranger),
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert response.json()["details"]


@pytest.mark.parametrize("field", ["role", "status", "network_id", "is_staff", "verified", "user", "email"])
def test_persona_patch_refuses_privileged_fields(client, world, field):
    response = client.patch(
        f"{API}/networks/breast/persona",
        data=json.dumps({"bio": "Nouveau", field: "admin"}),
        content_type="application/json",
        **bearer(world.patient.user),
    )
    assert response.status_code == 422
    world.patient.refresh_from_db()
    assert (world.patient.role, world.patient.bio, world.patient.network_id) == (
        "member",
        "",
        world.breast.pk,
    )


def test_persona_patch_updates_display_name(client, world):
    response = client.patch(
        f"{API}/networks/breast/persona",
        data=json.dumps({"display_name": "Rose Nouvelle"}),
        content_type="application/json",
        **bearer(world.patient.user),
    )
    assert response.status_code == 200
    assert response.json()["display_name"] == "Rose Nouvelle"


def test_leave_via_api(client, world):
    response = client.post(f"{API}/networks/breast/leave", **bearer(world.patient.user))
    assert response.status_code == 204
    world.patient.refresh_from_db()
    assert world.patient.status == "left"


def test_session_auth_requires_csrf_on_writes(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.patient.user)
    refused = client.patch(
        f"{API}/networks/breast/persona", data=json.dumps({"bio": "x"}), content_type="application/json"
    )
    assert refused.status_code in (401, 403)
    world.patient.refresh_from_db()
    assert world.patient.bio == ""
    client.get("/account/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.patch(
        f"{API}/networks/breast/persona",
        data=json.dumps({"bio": "x"}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert accepted.status_code == 200


@pytest.mark.parametrize("header", ["Bearer ep_not-a-token", "Bearer ", "Basic abc", "Bearer " + "x" * 5000])
def test_bad_tokens_are_401(client, world, header):
    response = client.get(f"{API}/me/memberships", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_revoked_token_and_deactivated_account_are_401(client, world):
    token, raw = create_token(world.patient.user, "x")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(f"{API}/me/memberships", **headers).status_code == 200
    from entrepairs.accounts.tokens import revoke_token

    revoke_token(world.patient.user, token.pk)
    assert client.get(f"{API}/me/memberships", **headers).status_code == 401
    other = bearer(world.relative.user)
    world.relative.user.is_active = False
    world.relative.user.save()
    assert client.get(f"{API}/me/memberships", **other).status_code == 401


def test_rate_limit_is_429_with_retry_after(client, world, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    headers = bearer(world.patient.user)
    statuses = [client.get(f"{API}/me/memberships", **headers).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    last = client.get(f"{API}/me/memberships", **headers)
    assert last.json()["code"] == "rate_limited"
    assert 1 <= int(last.headers["Retry-After"]) <= 60


def test_openapi_lists_every_operation(client, db):
    schema = client.get(f"{API}/openapi.json").json()
    operation_ids = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert {
        "list_networks", "get_network", "suggest_pseudonym", "join_network", "leave_network",
        "my_memberships", "get_persona", "update_persona", "list_members",
    } <= operation_ids  # fmt: skip


def test_docs_page_loads_no_external_resource(client, db):
    html = client.get(f"{API}/docs").content.decode()
    assert "cdn" not in html.lower()
    assert "/static/ninja/swagger-ui-bundle.js" in html


# --- Constant query counts -----------------------------------------------------------------------


@pytest.mark.parametrize("extra", [2, 20])
def test_list_networks_queries_are_constant(client, world, django_assert_num_queries, extra):
    for _ in range(extra):
        f.member_factory(f.network_factory(kind="professionals", professions=[f.profession("60")]))
    headers = bearer(world.patient.user)
    # token+user, token last-used update, my memberships, listed ids (subquery inlined) + networks
    # with counts, professions prefetch, specialties prefetch
    with django_assert_num_queries(6):
        assert client.get(f"{API}/networks", **headers).status_code == 200


@pytest.mark.parametrize("extra", [2, 20])
def test_my_memberships_queries_are_constant(client, world, django_assert_num_queries, extra):
    user = world.patient.user
    for _ in range(extra):
        f.member_factory(f.network_factory(), user=user)
    headers = bearer(user)
    # token+user, token last-used update, memberships with networks and qualifications
    with django_assert_num_queries(3):
        assert len(client.get(f"{API}/me/memberships", **headers).json()) == extra + 1


@pytest.mark.parametrize("extra", [2, 40])
def test_members_queries_are_constant(client, world, django_assert_num_queries, extra):
    for _ in range(extra):
        f.member_factory(world.breast)
    headers = bearer(world.patient.user)
    # token+user, token last-used update, my membership, one page of members
    with django_assert_num_queries(4):
        assert client.get(f"{API}/networks/breast/members", **headers).status_code == 200
