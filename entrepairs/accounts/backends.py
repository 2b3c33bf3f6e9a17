"""The authentication backends: Django's and allauth's, reading the signed-in account of every request
through a statement compiled once per process (entrepairs/prepared.py).

Every request from a signed-in member asks its session's backend for the account
(`django.contrib.auth.get_user`), and Django's `ModelBackend.get_user` builds that ORM query anew
each time: about 5 % of the server's CPU under the mixed load (py-spy, 7 December 2026), more than
PostgreSQL spends answering it. Django checks the session's hash, activity and backend exactly as
before; only the read of the account is compiled once.

A session names the backend that signed it in (its dotted path), and Django refuses a session whose
backend is no longer listed in settings.AUTHENTICATION_BACKENDS. Sessions opened before these classes
name Django's and allauth's own, which stay listed after them so that nobody is signed out; signing
in never reaches them (`AccountBackend` ends the search when it refuses, as the last of the two did)."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import backends, get_user_model
from django.core.exceptions import PermissionDenied

from entrepairs.prepared import Prepared, as_row_id


def _account(user_id: int):
    return get_user_model()._default_manager.filter(pk=user_id)[:1]


_account_statement = Prepared(_account, ("int",))


def _active_account(backend, user_id):
    """What ModelBackend.get_user answers: the account if it exists and may sign in, else None."""
    user_id = as_row_id(user_id)
    user = None if user_id is None else _account_statement.first(user_id)
    return user if user is not None and backend.user_can_authenticate(user) else None


class ModelBackend(backends.ModelBackend):
    """Django's: username and password (the operator's `createsuperuser` account, the admin)."""

    def get_user(self, user_id):
        return _active_account(self, user_id)


class AccountBackend(AuthenticationBackend):
    """allauth's: email or username and password, and what allauth signs in without a password
    (after sign-up, email confirmation, a passkey)."""

    def get_user(self, user_id):
        return _active_account(self, user_id)

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is None and credentials.get("password") is not None:
            # The last backend that checks passwords has refused: stop here, so that the older
            # classes listed after it for old sessions' sake do not hash the password again.
            raise PermissionDenied
        return user
