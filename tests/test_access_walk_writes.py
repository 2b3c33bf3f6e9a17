"""The write walk: every URL pattern of the project, sent unsafe requests (POST, PUT, PATCH, DELETE).

1. Gates: every /n/<slug>/ view and every operator page declares its gate (web/gates.py), apart from
   the discoverable pages listed in UNGATED_NETWORK_PAGES.
2. Outsiders: a member of another network and a signed-in stranger get, for every unsafe request, the
   same answer as for a missing object (same status; for the API, the same JSON), and nothing changes
   in any network-owned table.
3. Two-factor: a moderator and an administrator without two-factor authentication change nothing on
   any page or route (settings.REQUIRE_MFA_FOR_ROLES); the moderation pages send them to the setup page
   and the API answers 403 `mfa_required`.

Everything is generated from the URL patterns and the rows of tests/access_rows/: a new route is walked
as soon as it has its row (test_access_walk.test_every_url_has_rows makes sure it has one)."""

import functools
import json
import re

import pytest
from django.apps import apps
from django.db import connection
from django.urls import get_resolver, reverse

from entrepairs.networks.models import Network
from tests.access_rows import ACTORS
from tests.api_client import bearer
from tests.test_access_walk import (  # noqa: F401 (the last two are fixtures: one media folder)
    ROWS,
    THIRD_PARTY_ROUTES,
    _private_media_root,
    _walk,
    _walk_media_root,
    actor_user,
    sign_in_actors,
    signed_in_client,
)

UNSAFE_METHODS = ("post", "put", "patch", "delete")
NETWORK_PREFIX = "n/<slug:slug>/"

# Discoverable pages: listed networks show them to everyone (their own gate is
# access.get_discoverable_network_or_404), so they cannot require a membership.
UNGATED_NETWORK_PAGES = {
    "networks:about": "a listed network's presentation, for visitors",
    "networks:join": "the join form, for people who are not members yet",
    "networks:logo": "shown wherever the about page is",
}

# Routes whose unsafe requests are open to non-members on purpose: the answer for an existing object
# may differ from a missing one (a join form versus 404). They must still change nothing when sent
# an empty form, which the walk checks.
OPEN_TO_NON_MEMBERS = {
    "magazine_public:unsubscribe": "the digest's one-click unsubscribe: the signed link is the proof, no sign-in",
    "networks:about": "discoverable: a listed network's page answers everyone",
    "networks:join": "joining a listed network is what it is for",
    "networks:logo": "discoverable, like the about page",
    "api:get_network": "discoverable, like the about page",
    "api:join_network": "joining a listed network is what it is for",
    "api:suggest_pseudonym": "part of joining",
    "invitation": "an invitation link is for people who are not members yet",
}

# Routes without any object in their address: the account's own pages and the directories. There is no
# "missing object" to compare with; the walk still checks that non-members change nothing there.
NO_OBJECT = {
    "home": "the directory of listed networks",
    "healthz": "the process answers (load balancers); reads and writes nothing",
    "readyz": "the database and Redis answer; reads and writes nothing",
    "metrics": "counters for a scraper holding METRICS_TOKEN; reads and writes nothing",
    "operator": "operator page (404 for everyone else; its gate is checked)",
    "set_language": "the language switch: a cookie, and the signed-in account's own language",
    "account": "the account's own page",
    "account_tokens": "the account's own tokens",
    "push:manifest": "the installable app's manifest, the same for everyone",
    "push:service_worker": "the service worker, the same for everyone",
    "push:offline": "the offline page, the same for everyone",
    "push:devices": "the account's own devices",
    "push:subscribe": "registers the signed-in account's own browser",
    "push:unsubscribe": "forgets the signed-in account's own browser",
    "account_login": "allauth's sign-in",
    "account_signup": "allauth's sign-up",
    "professionals:mine": "the account's own professions",
    "reviews:queue": "operator page (404 for everyone else; its gate is checked)",
    "api:api-root": "ninja's root (404)",
    "api_unknown_path": "a path the API does not have (a JSON 404 for every method)",
    "api:openapi-json": "the schema",
    "api:openapi-view": "the schema viewer",
    "api:list_networks": "the directory of listed networks",
    "api:my_memberships": "the account's own memberships",
    "api:my_qualifications": "the account's own professions",
    "api:verify_by_directory": "the account's own verification",
    "account_delete": "the account's own erasure (password and confirmation required)",
    "erasure_requested": "a static notice after asking for erasure",
    "api:request_erasure": "the account's own erasure (password required)",
    "api:cancel_erasure": "the emailed token is the object; a wrong one cancels nothing",
    "data_export": "the account's own exports",
    "api:request_export": "the account's own exports",
    "consents": "the account's own consents",
    "operator_audit": "operator page (404 for everyone else; its gate is checked)",
    "api:operator_audit": "operators only (404 for everyone else); read-only",
    "api:my_consents": "the account's own consents",
    "api:create_realtime_ticket": "a ticket for the account's own socket (the network in the body: 404 for non-members)",
    "operator_analytics": "operator page (404 for everyone else; its gate is checked)",
    "magazine_public:index": "the public articles of listed networks (read-only)",
    "magazine_public:feed": "the feed of public articles (read-only)",
    "magazine_public:sitemap": "the sitemap of public articles (read-only)",
}

# What a moderator or administrator may still do without two-factor authentication: what any member
# does for themselves. Everything else must change nothing.
OWN_MEMBER_ACTIONS = {
    "networks:leave": "leaving is every member's right",
    "api:leave_network": "leaving is every member's right",
    "networks:persona": "one's own persona",
    "discussions:follow": "following a thread for oneself",
    "discussions:follow_space": "following a space for oneself",
    "discussions:save_post": "saving a post for oneself",
    "discussions:welcome": "going to the welcome thread to introduce oneself (made once, by any member)",
    "api:set_follow": "following a thread for oneself",
    "api:update_persona": "one's own persona",
    "account_login": "allauth's sign-in",
    "moderation:report": "reporting is every member's right",
    "moderation:notices": "reading one's own notices",
    "magazine:digest": "one's own digest frequency",
    "api:create_report": "reporting is every member's right",
    "api:mark_notices_read": "reading one's own notices",
    "health:log_symptom": "one's own health profile",
    "health:delete_symptom": "one's own health profile",
    "health:add_condition": "one's own health profile",
    "health:delete_condition": "one's own health profile",
    "health:add_treatment": "one's own health profile",
    "health:edit_treatment": "one's own health profile",
    "health:delete_treatment": "one's own health profile",
    "health:settings": "one's own health profile",
    "surveys:survey": "answering a survey is every member's right",
    "api:update_health_profile": "one's own health profile",
    "api:add_condition": "one's own health profile",
    "api:remove_condition": "one's own health profile",
    "api:add_treatment": "one's own health profile",
    "api:update_treatment": "one's own health profile",
    "api:remove_treatment": "one's own health profile",
    "api:log_symptom": "one's own health profile",
    "api:list_symptoms": "one's own health profile (same path as log_symptom)",
    "api:get_health_profile": "one's own health profile (same path as update_health_profile)",
    "api:remove_symptom": "one's own health profile",
    "api:answer_survey": "answering a survey is every member's right",
    "discussions:hide_old_posts": "hiding one's own old posts",
    "api:hide_old_posts": "hiding one's own old posts",
    "api:restore_hidden_posts": "showing one's own hidden posts again",
    "networks:picture_review": "one's own picture",
    "push:preferences": "one's own notification settings (the network policy on that page needs two-factor)",
}

MISSING_INT = 2_000_000_000


def _patterns():
    seen = set()
    for name, route in _walk(get_resolver().url_patterns):
        if name and name in ROWS and name not in seen:
            seen.add(name)
            yield name, route


PATTERNS = dict(_patterns())


def _callback(name):
    for entry_name, entry in _entries(get_resolver().url_patterns):
        if entry_name == name:
            return entry.callback
    raise LookupError(name)


def _entries(patterns, prefix=""):
    from django.urls import URLPattern, URLResolver

    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _entries(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


# --- 1. Gates ------------------------------------------------------------------------------------
def test_every_network_page_declares_its_gate():
    ungated = sorted(
        name
        for name, route in _walk(get_resolver().url_patterns)
        if name
        and route.startswith(NETWORK_PREFIX)
        and name not in UNGATED_NETWORK_PAGES
        and not hasattr(_callback(name), "gate")
    )
    assert ungated == [], f"network pages without a gate from web/gates.py: {ungated}"


def test_every_operator_page_declares_the_operator_gate():
    from entrepairs.web.gates import operator_page

    pages = [
        name for name, route in _walk(get_resolver().url_patterns) if name and route.startswith("operator")
    ]
    assert pages, "no operator page found"
    assert [name for name in pages if getattr(_callback(name), "gate", None) is not operator_page] == []


def test_ungated_pages_are_network_pages():
    network_pages = {name for name, route in PATTERNS.items() if route.startswith(NETWORK_PREFIX)}
    assert set(UNGATED_NETWORK_PAGES) <= network_pages


def test_every_route_without_an_object_is_classified():
    unclassified = sorted(
        name for name, route in PATTERNS.items() if not re.search(r"<[^>]+>", route) and name not in NO_OBJECT
    )
    assert unclassified == [], (
        f"routes with no object in their address need a NO_OBJECT reason: {unclassified}"
    )


# --- Helpers -------------------------------------------------------------------------------------
@functools.cache
def _snapshot_queries() -> tuple[tuple[str, str, tuple], ...]:
    """Per network-owned table (and networks, accounts' MFA): its label and the SQL that selects all
    its rows in pk order. Built by the ORM once, then run as plain SQL: building the querysets again
    for every snapshot took most of the walk's time."""
    from allauth.mfa.models import Authenticator

    models = {Network, Authenticator}
    for model in apps.get_models():
        if any(getattr(f, "related_model", None) is Network and f.many_to_one for f in model._meta.fields):
            models.add(model)

    def rows(model):
        # Audit rows outside any network (an account exporting its own data) are the account's own
        # business, not a change in a network.
        if model._meta.label == "audit.AuditEvent":
            return model.objects.filter(network__isnull=False)
        return model.objects.all()

    return tuple(
        (model._meta.label, *rows(model).order_by("pk").values_list().query.sql_with_params())
        for model in sorted(models, key=lambda model: model._meta.label)
    )


def network_owned_snapshot() -> dict[str, list]:
    """Every row of every network-owned table, to compare before/after."""
    snapshot = {}
    with connection.cursor() as cursor:
        for label, sql, params in _snapshot_queries():
            cursor.execute(sql, params)
            snapshot[label] = cursor.fetchall()
    return snapshot


def _missing_kwargs(kwargs: dict) -> dict:
    missing = {}
    for key, value in kwargs.items():
        if key == "slug":
            missing[key] = "missing-network"
        elif isinstance(value, int):
            missing[key] = MISSING_INT
        elif key == "token":
            missing[key] = "missing-token"
        else:
            missing[key] = value
    return missing


def _lazy_defaults(world):
    """What the first visit of anyone creates (the default spaces): done before the snapshot, so that
    it is not taken for the actor's write."""
    from entrepairs.discussions.services import ensure_default_spaces

    ensure_default_spaces(world.breast)


def _is_api(route: str) -> bool:
    return route.startswith("api/")


def _send(client, method, url, *, api, payload, headers):
    if api:
        return getattr(client, method)(
            url, data=json.dumps(payload), content_type="application/json", **headers
        )
    if method == "post":
        return client.post(url, payload)
    return getattr(client, method)(url)


WRITERS = ("outsider", "stranger", "moderator", "admin")


def sign_in_writers(world) -> dict[str, tuple[str, dict]]:
    """Per actor of this walk: a session key for the pages, request headers for the API."""
    sessions = sign_in_actors(world)
    return {actor: (sessions[actor], bearer(actor_user(world, actor))) for actor in WRITERS}


@pytest.fixture
def world_group(name):
    """The actors signed in once for the module; each row's objects built once for its actors."""

    def build_row(world, _writers):
        kwargs = ROWS[name].kwargs(world)
        _lazy_defaults(world)
        return kwargs

    return [("writers", sign_in_writers), (name, build_row)]


def _client_and_headers(writers, actor, api):
    session, headers = writers[actor]
    if api:
        return signed_in_client({actor: None}, actor), headers
    return signed_in_client({actor: session}, actor), {}


def _answer(response, api):
    if api and response.get("Content-Type", "").startswith("application/json"):
        return response.status_code, response.json()
    return response.status_code, None


# --- 2. Outsiders --------------------------------------------------------------------------------
@pytest.mark.parametrize("actor", ["outsider", "stranger"])
@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_outsider_write_is_answered_as_missing_and_changes_nothing(world, group_objects, name, actor):
    row, route = ROWS[name], PATTERNS[name]
    if route.startswith(THIRD_PARTY_ROUTES):
        pytest.skip("third-party tree")
    writers, kwargs = group_objects
    api = _is_api(route)
    client, headers = _client_and_headers(writers, actor, api)
    url = reverse(name, kwargs=kwargs)
    missing_url = reverse(name, kwargs=_missing_kwargs(kwargs))
    compare = bool(kwargs) and name not in OPEN_TO_NON_MEMBERS
    before = network_owned_snapshot()  # unchanged after each request, or the test stops there
    for method in UNSAFE_METHODS:
        response = _send(client, method, url, api=api, payload=row.write, headers=headers)
        assert network_owned_snapshot() == before, f"{method.upper()} {url} as {actor} changed the database"
        if compare:
            missing = _send(client, method, missing_url, api=api, payload=row.write, headers=headers)
            assert _answer(response, api) == _answer(missing, api), (
                f"{method.upper()} {url} as {actor}: {response.status_code}, "
                f"but {missing.status_code} for a missing object"
            )


# --- 3. Two-factor -------------------------------------------------------------------------------
def _role_route(row) -> bool:
    """A moderation page or route: plain members are refused (403) where moderators get in."""
    return row.expect["member"] == 403 and 200 in (row.expect["moderator"], row.expect["admin"])


@pytest.mark.parametrize("actor", ["moderator", "admin"])
@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_role_without_two_factor_changes_nothing(world, group_objects, settings, name, actor):
    from allauth.mfa.models import Authenticator

    row, route = ROWS[name], PATTERNS[name]
    if name in OWN_MEMBER_ACTIONS:
        pytest.skip(OWN_MEMBER_ACTIONS[name])
    settings.REQUIRE_MFA_FOR_ROLES = True
    writers, kwargs = group_objects
    api = _is_api(route)
    url = reverse(name, kwargs=kwargs) + row.query
    # The role, without two-factor authentication.
    Authenticator.objects.filter(user=actor_user(world, actor)).delete()
    client, headers = _client_and_headers(writers, actor, api)
    before = network_owned_snapshot()  # unchanged after each request, or the test stops there
    for method in UNSAFE_METHODS:
        response = _send(client, method, url, api=api, payload=row.write, headers=headers)
        assert network_owned_snapshot() == before, (
            f"{method.upper()} {url} as {actor} without two-factor changed the database"
        )
        if _role_route(row) and row.expect[actor] != 403:
            if api:
                assert response.status_code == 405 or (
                    response.status_code == 403 and response.json()["code"] == "mfa_required"
                ), f"{method.upper()} {url} as {actor}: {response.status_code}"
            else:
                assert response.status_code == 302 and response["Location"] == reverse("mfa_index"), (
                    f"{method.upper()} {url} as {actor}: {response.status_code}"
                )


def test_walk_covers_every_actor_it_names():
    assert {"outsider", "stranger", "moderator", "admin"} <= set(ACTORS)
