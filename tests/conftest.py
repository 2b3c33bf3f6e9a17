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

from types import SimpleNamespace

import pytest

from tests import factories as f


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
def _database_pool_closed_before_teardown(django_db_setup, django_db_blocker):
    # With PostgreSQL's pool (settings: DB_POOL), pooled connections would keep the test database
    # open and its teardown would fail to drop it.
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            if getattr(connection, "pool", None) is not None:
                connection.close_pool()


@pytest.fixture(autouse=True)
def _private_media_root(settings, tmp_path):
    # Uploaded files go to a throwaway folder, never into the working tree.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits (allauth, API) live in the cache: no test inherits another's counters.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
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


@pytest.fixture
def login(client):
    """`login(user)` signs the test client in as that account and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
