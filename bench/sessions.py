"""Signed-in sessions for benchmark members, written in bulk as the login view would write them."""

import secrets
from datetime import timedelta


def sign_in(users) -> list[str]:
    """One session per user (in the session table, as the login view writes it); returns the
    session keys, in the users' order."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    store, keys = SessionStore(), [secrets.token_hex(16) for _ in users]
    expires = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    Session.objects.bulk_create(
        (
            Session(
                session_key=key,
                session_data=store.encode(
                    {
                        SESSION_KEY: str(user.pk),
                        BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
                        HASH_SESSION_KEY: user.get_session_auth_hash(),
                    }
                ),
                expire_date=expires,
            )
            for key, user in zip(keys, users, strict=True)
        ),
        batch_size=2000,
    )
    return keys
