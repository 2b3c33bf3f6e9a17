"""Shared personas. Each says what it may and may not see; tests name them instead of building users.

world.patient       member of `breast` (patients, open, relatives allowed): sees breast's content only
world.relative      relative/caregiver in `breast`
world.moderator     moderator of `breast`: handles join requests and invitations there, nowhere else
world.admin         administrator of `breast`: gives roles in breast only
world.pending       asked to join `chu` (approval): sees chu's about page, none of its content
world.breast_pending  a pending request in `breast` (what the access walk uses as "pending")
world.cardiologist  verified cardiologist, member of `cardio` (professionals: médecins SM04)
world.unverified    declared but unverified médecin: cannot enter `cardio`
world.outsider      member of `diabetes` only: must get 404 for everything inside breast/cardio/chu
world.operator      platform staff: operator pages and admin; no network content by default
world.stranger      signed-in account with no membership at all
"""

import copy
import sys
from types import SimpleNamespace

import pytest
from django.db import transaction

from tests import factories as f
from tests.api_client import ApiClient, network_api

# The `own_redis` fixture: a redis-server of the test's own, which fault tests kill and start again.
pytest_plugins = ["tests.own_redis"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_inline():
    # Even when REDIS_URL names a broker (the PostgreSQL pass of CI), tests run tasks in-process.
    from entrepairs.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True, scope="session")
def _static_files_looked_up_on_request():
    # WhiteNoise lists every static file of every app (the admin's hundreds) when its middleware is
    # built, and the test client builds the middleware again for every test's client: some 30 ms a
    # test. In autorefresh mode (its development mode) it looks a file up when one is asked for.
    from django.conf import settings

    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True, scope="session")
def _database_pool_closed_before_teardown(django_db_setup, django_db_blocker):
    # With PostgreSQL's pool (settings: DB_POOL), pooled connections would keep the test database
    # open and its teardown would fail to drop it.
    yield
    from django.db import connections

    from entrepairs.messaging import db

    with django_db_blocker.unblock():
        db.close_connections()  # the websocket threads' own (MESSAGING_DB_THREADS)
        for connection in connections.all():
            if getattr(connection, "pool", None) is not None:
                connection.close_pool()


@pytest.fixture(autouse=True)
def _private_media_root(settings, tmp_path):
    # Uploaded files go to a throwaway folder, never into the working tree.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _members_of_long_standing(settings):
    # The personas joined a moment ago, which would make them all "new" members with the lowest
    # limits (3 conversations a day...). Tests act as trusted members unless they test trust levels
    # (tests/networks/test_trust.py), which set TRUST_LEVELS themselves.
    settings.TRUST_LEVELS = {"new_days": 0, "new_posts": 0, "trusted_days": 0, "trusted_posts": 0}


@pytest.fixture(autouse=True)
def _request_lanes_closed():
    # The ASGI handler keeps a thread for each request running at once, for the life of the process,
    # as a WSGI server keeps its threads (web/asgi_handler.py). A test's SQLite database lives in
    # memory and its connection is never closed: left with such a thread, the next test would find
    # it there, database access allowed or not.
    yield
    if (asgi := sys.modules.get("entrepairs.asgi")) is not None:
        asgi.django_application.lanes.close()


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits (allauth, API) live in the cache: no test inherits another's counters.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def build_world() -> SimpleNamespace:
    """The personas above, in a fresh database (inside a transaction the caller rolls back)."""
    breast = f.network_factory(
        name="Cancer du sein — patientes et proches", slug="breast", kind="patients", allow_relatives=True
    )
    diabetes = f.network_factory(name="Diabète de type 1", slug="diabetes", kind="patients")
    chu = f.network_factory(name="Patients du CHU", slug="chu", kind="patients", join_policy="approval")
    cardio = f.network_factory(
        name="Cardiologues",
        slug="cardio",
        kind="professionals",
        professions=[f.profession("10")],
        specialties=[f.specialty("SM04")],
    )
    secret = f.network_factory(
        name="Groupe sur invitation", slug="secret", kind="patients", join_policy="invite"
    )

    patient = f.member_factory(breast, display_name="Rose des Vents")
    relative = f.member_factory(breast, member_type="relative", display_name="Frère Attentif")
    moderator = f.member_factory(breast, role="moderator", display_name="Modératrice Douce")
    admin = f.member_factory(breast, role="admin", display_name="Admin Sereine")
    f.member_factory(chu, role="admin", display_name="Admin CHU")
    f.member_factory(secret, role="admin", display_name="Admin Secret")
    pending = f.member_factory(chu, status="pending", display_name="En Attente")
    breast_pending = f.member_factory(breast, status="pending", display_name="Demande en Cours")

    cardiologist_user = f.UserFactory()
    qualification = f.qualification_factory(cardiologist_user, profession_code="10", specialty_code="SM04")
    cardiologist = f.member_factory(
        cardio, user=cardiologist_user, qualification=qualification, display_name="Dr Cœur", role="admin"
    )
    unverified_user = f.UserFactory()
    f.qualification_factory(unverified_user, profession_code="10", specialty_code="SM04", verified=False)

    outsider = f.member_factory(diabetes, display_name="Voisin Curieux")
    operator = f.UserFactory(is_staff=True, is_superuser=True)
    stranger = f.UserFactory()

    # Roles that reach moderation tools or the admin have two-factor authentication, as required.
    for account in (moderator.user, admin.user, cardiologist_user, operator):
        f.with_totp(account)
    for network in (chu, secret):
        f.with_totp(network.memberships.get(role="admin").user)

    return SimpleNamespace(
        breast=breast,
        diabetes=diabetes,
        chu=chu,
        cardio=cardio,
        secret=secret,
        patient=patient,
        relative=relative,
        moderator=moderator,
        admin=admin,
        pending=pending,
        breast_pending=breast_pending,
        cardiologist=cardiologist,
        unverified=unverified_user,
        outsider=outsider,
        operator=operator,
        stranger=stranger,
    )


# --- Built once per module -------------------------------------------------------------------------
# Building the world costs about 60 ms; the suite asks for it some two thousand times. So the world is
# built once per module, in a transaction opened before the first test that needs it and rolled back
# after the module's last test. Each test still runs in its own savepoint inside it (pytest-django's
# `db`), rolled back after the test, so no test sees another's writes. The Python objects are
# deep-copied for each test (as Django's setUpTestData does): a test that sets an attribute without
# saving does not leak it either.
#
# Only tests that share the world are run in that transaction: pytest_collection_modifyitems puts them
# last in their module. Transactional tests (their own commits, a live server, websocket consumers in
# other threads) and tests marked django_db (whose `db` starts before any fixture of ours could) build
# their world for themselves, as before.
SHARES_WORLD = pytest.StashKey[bool]()


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences") or any(marker.args[:2])
    ):
        return True
    return bool({"transactional_db", "live_server", "django_db_reset_sequences"} & set(item.fixturenames))


def pytest_collection_modifyitems(items):
    for item in items:
        item.stash[SHARES_WORLD] = (
            "world" in getattr(item, "fixturenames", ())
            and item.get_closest_marker("django_db") is None
            and not _transactional(item)
        )
    # Within each run of tests of one module (pytest-django has already put transactional tests
    # after the others), the tests that share the world go last: no other test runs inside its
    # transaction. The sort is stable, so their order is otherwise kept.
    start = 0
    for end in range(1, len(items) + 1):
        if end == len(items) or getattr(items[end], "module", None) is not getattr(
            items[start], "module", None
        ):
            # (Transactional tests stay after them: they flush the tables, reference data included.)
            items[start:end] = sorted(
                items[start:end], key=lambda item: (_transactional(item), item.stash[SHARES_WORLD])
            )
            start = end


class SharedLayers:
    """Savepoints kept open across consecutive tests, outermost first: the module's world, then the
    layers a module adds (`world_group`). A layer is rebuilt, with the layers inside it, when its key
    changes."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.layers: list[tuple[object, object, object]] = []  # (key, atomic, value)

    def enter(self, path):
        """`path` is [(key, build(*outer values) -> value), ...]; returns the values, outermost first.
        A build gets copies of the outer values: what it sets on them in memory stays in its layer."""
        from django.db import connection

        depth = 0
        while depth < min(len(path), len(self.layers)) and self.layers[depth][0] == path[depth][0]:
            depth += 1
        self.close(keep=depth)
        with self.blocker.unblock():
            # Layers are opened before the test's own transaction: if a fixture of the test already
            # opened one, the world would be rolled back with it.
            assert len(connection.atomic_blocks) == len(self.layers), "shared world opened inside a test"
            for key, build in path[depth:]:
                atomic = transaction.atomic()
                atomic.__enter__()
                try:
                    value = build(*copy.deepcopy([layer[2] for layer in self.layers]))
                except BaseException:
                    atomic.__exit__(*sys.exc_info())
                    raise
                self.layers.append((key, atomic, value))
        return [layer[2] for layer in self.layers]

    def close(self, keep=0):
        with self.blocker.unblock():
            while len(self.layers) > keep:
                _key, atomic, _value = self.layers.pop()
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def _shared_layers(django_db_setup, django_db_blocker):
    layers = SharedLayers(django_db_blocker)
    yield layers
    layers.close()


@pytest.fixture
def world_group():
    """Override in a module to build objects once for a group of consecutive tests, after the world:
    return [(key, build(world, ...) -> value), ...], outermost first; `group_objects` gives the test
    a copy of the values. The access walk signs its actors in once per module, and builds each row's
    objects once for its nine actors."""
    return []


@pytest.fixture(autouse=True)
def _shared_world_opened(request, _private_media_root, _fast_password_hashing):
    # Autouse, so that it runs before the test's `db` opens the test's own savepoint.
    if not request.node.stash.get(SHARES_WORLD, False):
        return None
    path = [("world", build_world), *request.getfixturevalue("world_group")]
    return request.getfixturevalue("_shared_layers").enter(path)


@pytest.fixture
def world(_shared_world_opened, db):
    """The personas (see the top of this file), each test with its own copy."""
    if _shared_world_opened is None:
        return build_world()
    return copy.deepcopy(_shared_world_opened[0])


@pytest.fixture
def group_objects(world, _shared_world_opened):
    """A copy of what `world_group` built for this test's group: one value per layer."""
    return copy.deepcopy(_shared_world_opened[1:])


@pytest.fixture
def login(client):
    """`login(user)` signs the test client in as that account and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def login_recently(client):
    """`login_recently(user)`: signed in and just typed the password again (allauth's
    reauthentication), as creating or renewing an API token asks."""

    def _login_recently(user):
        from django.urls import reverse

        client.force_login(user)
        response = client.post(reverse("account_reauthenticate"), {"password": f.PASSWORD})
        assert response.status_code == 302, response.content[:500]
        return client

    return _login_recently


@pytest.fixture
def api_as(client):
    """`api_as(user)` speaks JSON to the API (/api/v1) with that account's token; `api_as(None)` is a
    visitor. See tests/api_client.py."""

    def _api_as(user):
        return ApiClient(client, user)

    return _api_as


@pytest.fixture
def api_for(client):
    """`api_for(membership)` speaks to the API of that persona's network as its account."""

    def _api_for(member, slug=None):
        return network_api(client, member, slug)

    return _api_for
