"""entrepairs/accounts/sessions.py: Django's database sessions read with a statement compiled once
per process answer as Django's own store does (live, expired, unknown and missing keys)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from entrepairs.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_the_site_uses_it():
    assert settings.SESSION_ENGINE == "entrepairs.accounts.sessions"


def test_live_expired_unknown_and_missing_keys_read_as_with_django():
    live, expired = SessionStore(), SessionStore()
    live["member"] = 1
    live.create()
    expired["member"] = 2
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    for key in (live.session_key, expired.session_key, "x" * 32, None):
        ours, django = SessionStore(key), DjangoStore(key)
        assert ours.load() == django.load(), key
        assert ours.session_key == django.session_key, key
    assert SessionStore(live.session_key).load() == {"member": 1}
    assert SessionStore(expired.session_key).load() == {}


def test_a_deleted_session_is_gone_at_once():
    """Signing out everywhere deletes the rows: the next request must not find them (no cache)."""
    session = SessionStore()
    session["member"] = 1
    session.create()
    key = session.session_key
    assert SessionStore(key).load() == {"member": 1}
    Session.objects.filter(session_key=key).delete()
    assert SessionStore(key).load() == {}
