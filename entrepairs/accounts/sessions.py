"""Django's database sessions, with the one statement every signed-in request runs compiled once per
process (entrepairs/prepared.py): building the ORM query cost more CPU than PostgreSQL answering it.
Sessions stay in the database (not the cache): signing out everywhere must hold even while Redis is
away or restarting."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from entrepairs.prepared import Prepared


def _live_session(session_key: str, now):
    return Session.objects.filter(session_key=session_key, expire_date__gt=now)[:1]


_live_session_statement = Prepared(_live_session, ("str", "datetime"))


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        found = _live_session_statement.first(self.session_key, timezone.now())
        if found is None:
            self._session_key = None  # as Django's: an unknown or expired key starts a new session
        return found
