"""Walk every URL pattern of the project with every actor and check the status of a GET.

Rows live in tests/access_rows/<app>.py. A URL pattern with no row fails `test_every_url_has_rows`,
so no page or API route can ship without its access expectations."""

import importlib
import pkgutil

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.access_rows as rows_package
from tests.access_rows import ACTORS, Row

# Third-party URL trees (Django admin, allauth) hold no network content; their gates are their own
# and tested upstream. Representative pages of them still have rows in access_rows/accounts.py.
THIRD_PARTY_ROUTES = ("admin/", "accounts/")


def _walk(patterns, name_prefix="", route_prefix=""):
    for entry in patterns:
        route = route_prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            namespace = f"{name_prefix}{entry.namespace}:" if entry.namespace else name_prefix
            yield from _walk(entry.url_patterns, namespace, route)
        elif isinstance(entry, URLPattern):
            yield (f"{name_prefix}{entry.name}" if entry.name else None), route


def project_patterns():
    return [
        (name, route)
        for name, route in _walk(get_resolver().url_patterns)
        if not route.startswith(THIRD_PARTY_ROUTES)
    ]


def all_url_names():
    return sorted({name for name, route in _walk(get_resolver().url_patterns) if name})


def load_rows() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for module_info in pkgutil.iter_modules(rows_package.__path__):
        module = importlib.import_module(f"{rows_package.__name__}.{module_info.name}")
        for name, row in getattr(module, "ROWS", {}).items():
            assert name not in rows, f"{name} has rows in two modules"
            rows[name] = row
    return rows


ROWS = load_rows()


def test_every_url_has_rows():
    missing = sorted({name for name, route in project_patterns() if name and name not in ROWS})
    assert missing == [], f"URLs without access-walk rows: {missing}"


def test_every_route_is_named():
    unnamed = [route for name, route in project_patterns() if not name]
    assert unnamed == [], f"unnamed routes cannot be walked: {unnamed}"


def test_rows_name_existing_urls():
    names = set(all_url_names())
    assert sorted(set(ROWS) - names) == []


def actor_user(world, actor):
    return {
        "anonymous": None,
        "stranger": world.stranger,
        "outsider": world.outsider.user,
        "pending": world.breast_pending.user,
        "member": world.patient.user,
        "moderator": world.moderator.user,
        "admin": world.admin.user,
        "other_admin": world.cardiologist.user,
        "operator": world.operator,
    }[actor]


# Built once: the actors' sessions for the module, each row's objects (a thread, a conversation, a
# photo) for its nine actors. Every test still runs in its own savepoint (tests/conftest.py).
def sign_in_actors(world) -> dict[str, str | None]:
    """The session key of each actor (None for visitors)."""
    sessions = {}
    for actor in ACTORS:
        user = actor_user(world, actor)
        if user is None:
            sessions[actor] = None
        else:
            signing_in = Client()
            signing_in.force_login(user)
            sessions[actor] = signing_in.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


def signed_in_client(sessions, actor) -> Client:
    client = Client()
    if sessions[actor] is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[actor]
    return client


@pytest.fixture(scope="module")
def _walk_media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("walk-media")


@pytest.fixture
def _private_media_root(settings, _walk_media_root):
    # A row's files (a logo, a photo, a proof) are saved once for its nine actors: one folder for the
    # module, not one per test.
    settings.MEDIA_ROOT = _walk_media_root


@pytest.fixture
def world_group(name):
    return [("sessions", sign_in_actors), (name, lambda world, sessions: ROWS[name].kwargs(world))]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_access(world, group_objects, name, actor):
    sessions, kwargs = group_objects
    row = ROWS[name]
    url = reverse(name, kwargs=kwargs) + row.query
    response = signed_in_client(sessions, actor).get(url)
    expected = row.expect[actor]
    assert response.status_code == expected, (
        f"GET {url} as {actor}: {response.status_code}, expected {expected}"
    )
