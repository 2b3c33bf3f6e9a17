"""Messaging personas, on top of the shared `world` (tests/conftest.py).

Most tests run in `cardio` (professionals: private messages always on):
  heart   = world.cardiologist (Dr Cœur)   rhythm = Dr Rythme   valve = Dr Valve
In `breast` (patients) private messages are off by default; `breast_on` turns them on.
world.outsider (diabetes) must learn nothing about any of these conversations."""

from types import SimpleNamespace

import pytest

from tests import factories as f


def pytest_configure(config):
    config.addinivalue_line("markers", "live_server_ws: runs a real uvicorn server on 127.0.0.1 (quick)")


def _cardiologist(world, name):
    user = f.UserFactory()
    qualification = f.qualification_factory(user, profession_code="10", specialty_code="SM04")
    return f.member_factory(world.cardio, user=user, qualification=qualification, display_name=name)


@pytest.fixture
def team(world):
    rhythm, valve = (_cardiologist(world, name) for name in ("Dr Rythme", "Dr Valve"))
    return SimpleNamespace(world=world, heart=world.cardiologist, rhythm=rhythm, valve=valve)


@pytest.fixture
def breast_on(world):
    world.breast.allow_private_messages = True
    world.breast.save(update_fields=["allow_private_messages"])
    for name in ("patient", "relative", "moderator", "admin"):
        getattr(world, name).network.refresh_from_db()
    return world


@pytest.fixture
def reference_professions(transactional_db):
    """Transactional tests run in flushed tables: put back the reference professions first."""
    from entrepairs.professionals import reference

    reference.load()


@pytest.fixture
def fresh_channel_layer():
    """Each test gets its own layer: the in-memory one keeps groups and is bound to an event loop."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()
