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


@pytest.fixture
def team(world):
    rhythm = f.member_factory(world.cardio, display_name="Dr Rythme")
    valve = f.member_factory(world.cardio, display_name="Dr Valve")
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
