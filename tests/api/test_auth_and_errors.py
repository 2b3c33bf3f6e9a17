"""Who the API thinks you are (token, session + CSRF, nobody), how it says no (JSON with a stable
code, never a 500), how fast you may call it, and what its schema and docs pages contain."""

import json
import re

import pytest
from django.test import Client

from entrepairs.accounts.tokens import create_token, revoke_token
from entrepairs.networks.models import Membership
from tests.api_client import API, error_of


@pytest.fixture(autouse=True)
def _one_rate_window(monkeypatch):
    """The API's limits count per one-minute window of the clock: two calls a test expects in one
    window must not straddle a minute boundary on a slow machine, so the throttle's clock stands still
    (15 s into a window, so Retry-After is 45)."""
    from types import SimpleNamespace

    from entrepairs.api import auth

    monkeypatch.setattr(auth, "time", SimpleNamespace(time=lambda: 1_800_000_015.0))


# --- Tokens --------------------------------------------------------------------------------------
def test_token_acts_as_its_owner(client, world):
    _token, raw = create_token(world.patient.user, "phone")
    response = client.get(f"{API}/me/memberships", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert [m["display_name"] for m in response.json()] == ["Rose des Vents"]


@pytest.mark.parametrize(
    "header", ["Bearer ep_not-a-token", "Bearer ", "Bearer", "Basic abc", "Token x", "Bearer " + "x" * 5000]
)
def test_bad_tokens_are_401(client, world, header):
    error_of(client.get(f"{API}/me/memberships", HTTP_AUTHORIZATION=header), 401, "unauthorized")


def test_revoked_token_is_401(client, world):
    token, raw = create_token(world.patient.user, "x")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(f"{API}/me/memberships", **headers).status_code == 200
    revoke_token(world.patient.user, token.pk)
    error_of(client.get(f"{API}/me/memberships", **headers), 401, "unauthorized")


def test_token_of_a_deactivated_account_is_401(client, world):
    _token, raw = create_token(world.relative.user, "x")
    world.relative.user.is_active = False
    world.relative.user.save()
    error_of(client.get(f"{API}/me/memberships", HTTP_AUTHORIZATION=f"Bearer {raw}"), 401, "unauthorized")


def test_bad_token_is_401_even_where_visitors_are_welcome(client, world):
    # A dead token must not silently read as a visitor: the client has to learn it is dead.
    error_of(client.get(f"{API}/networks", HTTP_AUTHORIZATION="Bearer ep_revoked"), 401, "unauthorized")
    assert client.get(f"{API}/networks").status_code == 200


def test_bad_token_is_not_rescued_by_a_session(client, world):
    client.force_login(world.patient.user)
    response = client.get(f"{API}/me/memberships", HTTP_AUTHORIZATION="Bearer ep_garbage")
    error_of(response, 401, "unauthorized")


def test_bad_token_on_a_write_is_401_not_a_csrf_403(client, world):
    response = client.patch(
        f"{API}/networks/breast/persona",
        data=json.dumps({"bio": "x"}),
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer ep_garbage",
    )
    error_of(response, 401, "unauthorized")
    world.patient.refresh_from_db()
    assert world.patient.bio == ""


def test_token_writes_need_no_csrf(world):
    client = Client(enforce_csrf_checks=True)
    _token, raw = create_token(world.patient.user, "x")
    response = client.patch(
        f"{API}/networks/breast/persona",
        data=json.dumps({"bio": "Par jeton"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200
    world.patient.refresh_from_db()
    assert world.patient.bio == "Par jeton"


def test_token_cannot_do_more_than_its_owner(client, world):
    _token, raw = create_token(world.patient.user, "x")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    error_of(client.get(f"{API}/networks/breast/requests", **headers), 403, "forbidden")
    error_of(client.get(f"{API}/networks/diabetes/members", **headers), 404, "not_found")


# --- Session -------------------------------------------------------------------------------------
def test_session_reads_work_without_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.patient.user)
    assert client.get(f"{API}/me/memberships").status_code == 200


def test_session_writes_require_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.patient.user)
    refused = client.patch(
        f"{API}/networks/breast/persona", data=json.dumps({"bio": "x"}), content_type="application/json"
    )
    error_of(refused, 403, "csrf_failed")
    world.patient.refresh_from_db()
    assert world.patient.bio == ""

    client.get("/account/")  # any page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.patch(
        f"{API}/networks/breast/persona",
        data=json.dumps({"bio": "x"}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert accepted.status_code == 200
    world.patient.refresh_from_db()
    assert world.patient.bio == "x"


def test_visitor_write_without_csrf_is_401(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{API}/networks/diabetes/join", data="{}", content_type="application/json")
    error_of(response, 401, "unauthorized")


def test_deactivated_account_session_is_401(client, world):
    client.force_login(world.patient.user)
    world.patient.user.is_active = False
    world.patient.user.save()
    error_of(client.get(f"{API}/me/memberships"), 401, "unauthorized")


# --- Bad input is a JSON error, never a 500 ------------------------------------------------------
@pytest.fixture
def stranger_api(api_as, world):
    return api_as(world.stranger)


def test_malformed_json_is_400(stranger_api, world):
    error_of(stranger_api.post("/networks/diabetes/join", "{not json"), 400, "bad_request")
    assert not Membership.objects.filter(user=world.stranger).exists()


@pytest.mark.parametrize("body", ["[]", '"texte"', "42", "null", "{}"])
def test_json_that_is_not_the_expected_object_is_422(stranger_api, world, body):
    error_of(stranger_api.post("/networks/diabetes/join", body), 422, "invalid_input")
    assert not Membership.objects.filter(user=world.stranger).exists()


def test_wrong_types_are_422_with_details(stranger_api, world):
    response = stranger_api.post("/networks/diabetes/join", {"display_name": ["a"], "consent": "maybe"})
    body = error_of(response, 422, "invalid_input")
    assert {tuple(d["loc"][-1:]) for d in body["details"]} == {("display_name",), ("consent",)}
    assert "maybe" not in response.content.decode()  # the input is not echoed back


def test_huge_strings_are_422_not_stored(stranger_api, world):
    body = {"display_name": "A" * 100_000, "consent": True, "message": "m" * 100_000}
    error_of(stranger_api.post("/networks/diabetes/join", body), 422, "invalid_input")
    assert not Membership.objects.filter(user=world.stranger).exists()


def test_nul_characters_are_422(api_as, world):
    response = api_as(world.patient.user).patch("/networks/breast/persona", {"bio": "a\x00b"})
    error_of(response, 422, "invalid_input")


def test_body_over_the_upload_limit_is_413(stranger_api, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = stranger_api.post("/networks/diabetes/join", {"display_name": "x" * 2000})
    error_of(response, 413, "too_large")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/networks/nope"),
        ("get", "/networks/" + "n" * 3000),
        ("get", "/networks/%C3%A9t%C3%A9"),
        # PUT, the route's one method: a GET would be answered 405 before the id is even read.
        ("put", "/networks/breast/members/4611686018427387904/role"),
    ],
)
def test_unknown_things_are_404_json(api_as, world, method, path):
    api = api_as(world.admin.user)
    response = api.get(path) if method == "get" else api.put(path, {"role": "member"})
    error_of(response, 404, "not_found")


def test_ids_beyond_64_bits_are_422_not_500(api_as, world):
    # Refused by the path's type, before any lookup: the same answer for every caller, so it tells
    # nothing about what exists.
    api = api_as(world.admin.user)
    response = api.put("/networks/breast/members/99999999999999999999999999/role", {"role": "member"})
    error_of(response, 422, "invalid_input")
    response = api.post("/networks/breast/requests/9223372036854775808/approve")
    error_of(response, 422, "invalid_input")


def test_non_numeric_ids_are_422(api_as, world):
    error_of(api_as(world.moderator.user).post("/networks/breast/requests/abc/approve"), 422, "invalid_input")


@pytest.mark.parametrize(
    "query", ["limit=abc", "limit=-5", "limit=100000", "cursor=%%%", "cursor=" + "z" * 2000]
)
def test_odd_pagination_parameters_never_500(api_as, world, query):
    response = api_as(world.patient.user).get(f"/networks/breast/members?{query}")
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        assert len(response.json()["items"]) <= 100


def test_errors_are_translated_to_english_on_request(stranger_api, world):
    response = stranger_api.post(
        "/networks/diabetes/join", {"display_name": "Hibou Calme"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json()["message"].startswith("Joining a patient network requires")


# --- Rate limits ---------------------------------------------------------------------------------
def test_rate_limit_is_429_with_retry_after(api_as, world, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    api = api_as(world.patient.user)
    statuses = [api.get("/me/memberships").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    last = error_of(api.get("/me/memberships"), 429, "rate_limited")
    assert last
    assert 1 <= int(api.get("/me/memberships")["Retry-After"]) <= 60


def test_rate_limit_counts_per_account_across_tokens_and_sessions(api_as, client, world, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    assert api_as(world.patient.user).get("/me/memberships").status_code == 200
    assert api_as(world.patient.user).get("/me/memberships").status_code == 200  # a second token
    client.force_login(world.patient.user)
    assert client.get(f"{API}/me/memberships").status_code == 429
    # Another account has its own allowance.
    assert api_as(world.relative.user).get("/me/memberships").status_code == 200


def test_rate_limit_applies_to_writes_and_changes_nothing(api_as, world, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    api = api_as(world.patient.user)
    assert api.get("/me/memberships").status_code == 200
    error_of(api.patch("/networks/breast/persona", {"bio": "trop vite"}), 429, "rate_limited")
    world.patient.refresh_from_db()
    assert world.patient.bio == ""


def test_visitors_are_limited_per_address(client, db, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 4  # visitors get a quarter: 1 call
    assert client.get(f"{API}/networks").status_code == 200
    error_of(client.get(f"{API}/networks"), 429, "rate_limited")


# --- Errors that never reach an operation stay JSON ----------------------------------------------
def test_a_method_the_path_does_not_serve_is_a_json_405_with_allow(api_as, world):
    response = api_as(world.patient.user).delete("/networks")
    body = error_of(response, 405, "method_not_allowed")
    assert body["field"] is None
    assert response["Allow"] == "GET"


def test_an_unknown_api_path_is_a_json_404(api_as, world):
    error_of(api_as(world.patient.user).get("/no-such-thing/here"), 404, "not_found")
    error_of(api_as(None).get("/networks/breast/threads/1/nope"), 404, "not_found")


def test_a_malformed_multipart_body_is_a_json_400(client, world):
    _token, raw = create_token(world.patient.user, "x")
    response = client.post(
        f"{API}/networks/breast/conversations/1/attachments",
        data=b'--xx\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nbroken',
        content_type="multipart/form-data; boundary=xx",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    error_of(response, 422, "invalid_input")  # cut short: read as a form without its file
    response = client.post(
        f"{API}/networks/breast/conversations/1/attachments",
        data=b"whatever",
        content_type="multipart/form-data",  # no boundary at all
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    error_of(response, 400, "bad_request")


# --- Schema and docs -----------------------------------------------------------------------------
def test_openapi_lists_every_operation_with_id_summary_tags_and_errors(client, db):
    response = client.get(f"{API}/openapi.json")
    schema = json.loads(response.content)
    operations = [
        (path, method, op)
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]
    ids = [op["operationId"] for _path, _method, op in operations]
    assert len(ids) == len(set(ids))
    assert {
        "list_networks", "get_network", "suggest_pseudonym", "join_network", "leave_network",
        "my_memberships", "get_persona", "update_persona", "list_members", "list_join_requests",
        "approve_join_request", "refuse_join_request", "list_invitations", "create_invitation",
        "revoke_invitation", "set_member_role",
    } <= set(ids)  # fmt: skip
    for path, method, op in operations:
        where = f"{method.upper()} {path}"
        assert re.fullmatch(r"[a-z][a-z0-9_]*", op["operationId"]), where
        assert op.get("summary"), where
        assert op.get("tags"), where
        assert {"401", "404", "429"} <= set(op["responses"]), where
        if set(op["tags"]) & {"networks", "me", "moderation"}:
            # This module's routers declare the validation error shape too (other apps: their call).
            assert op["responses"]["422"]["content"], where
    error_shape = schema["components"]["schemas"]["ErrorOut"]
    assert set(error_shape["properties"]) == {"code", "message", "field"}


def _no_duplicate_keys(pairs):
    keys = [key for key, _value in pairs]
    duplicated = sorted({key for key in keys if keys.count(key) > 1})
    assert not duplicated, f"duplicated keys: {duplicated}"
    return dict(pairs)


def test_the_served_schema_has_no_duplicate_key(client, db):
    """Swagger UI (a YAML parser) refuses a schema with a key twice ("duplicated mapping key"), as the
    attachment download's 200 once was; json.loads would silently keep the last one."""
    text = client.get(f"{API}/openapi.json").content.decode()
    schema = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    download = schema["paths"]["/api/v1/networks/{slug}/messages/{message_id}/attachment"]["get"]
    assert set(download["responses"]["200"]["content"]) == {"image/png", "application/pdf"}


def test_a_duplicate_key_is_caught():
    with pytest.raises(AssertionError, match="duplicated keys"):
        json.loads('{"200": 1, "200": 2}', object_pairs_hook=_no_duplicate_keys)


def test_operations_declare_their_auth(client, db):
    schema = client.get(f"{API}/openapi.json").json()
    join = schema["paths"]["/api/v1/networks/{slug}/join"]["post"]
    assert {name for entry in join["security"] for name in entry} == {"TokenAuth", "ActiveSessionAuth"}
    assert {} not in join["security"]  # a visitor may not join
    # Visitors may read the directory: the empty requirement says no credentials are needed.
    for path in ("/api/v1/networks", "/api/v1/networks/{slug}"):
        assert {} in schema["paths"][path]["get"]["security"], path


def test_docs_page_loads_nothing_from_outside(client, db):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    assert all(url.startswith("/static/") for url in urls), urls
    assert "/static/ninja/swagger-ui-bundle.js" in html
    # No inline script may run under the CSP: only the JSON settings block, which is data.
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline_scripts == [' type="application/json" id="swagger-settings"']
    settings_json = re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1)
    assert json.loads(settings_json)["validatorUrl"] is None  # no call to validator.swagger.io
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_not_found_from_a_service_reads_like_not_found_from_the_access_layer(rf, db):
    # Services refuse with ActionRefused("not_found") where the access layer raises Http404: the
    # client must not be able to tell which one answered.
    from django.http import Http404
    from django.utils.translation import gettext as _

    from entrepairs.api.api import api
    from entrepairs.errors import ActionRefused

    request = rf.get("/api/v1/networks/x")
    from_access = api.on_exception(request, Http404("Membership matching query does not exist"))
    from_service = api.on_exception(request, ActionRefused("not_found", _("Not found."), status=404))
    assert from_access.status_code == from_service.status_code == 404
    assert from_access.content == from_service.content
    assert b"Membership" not in from_access.content


def test_visitors_cannot_reset_their_limit_with_a_forged_forwarded_header(client, db, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 4
    assert client.get(f"{API}/networks", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 200
    assert client.get(f"{API}/networks", HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 429


def test_behind_the_proxy_the_address_it_appended_is_used(client, db, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 4
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get(f"{API}/networks", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.1").status_code == 200
    assert client.get(f"{API}/networks", HTTP_X_FORWARDED_FOR="2.2.2.2, 203.0.113.1").status_code == 429
    assert client.get(f"{API}/networks", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 200
