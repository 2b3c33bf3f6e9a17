"""The authentication backends (entrepairs/accounts/backends.py): the account of every signed-in
request read through a compiled statement, the same answers as Django's backend, sessions opened
with the older backends still valid, and a refused sign-in checked by as many backends as before."""

import pytest
from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, backends
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from entrepairs.accounts import backends as ours
from entrepairs.accounts.models import User
from tests import factories as f

OLD_PATHS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
NEW_PATHS = ["entrepairs.accounts.backends.ModelBackend", "entrepairs.accounts.backends.AccountBackend"]


def _session_for(client, user, backend_path):
    """A session written as the sign-in of `backend_path` wrote it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend_path
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


@pytest.mark.parametrize("backend", [ours.ModelBackend(), ours.AccountBackend()])
def test_the_account_read_is_djangos(db, backend):
    user, inactive = f.UserFactory(), f.UserFactory(is_active=False)
    django = backends.ModelBackend()
    for user_id in (user.pk, str(user.pk), inactive.pk, 999_999, "not-an-id", -1, 2**70):
        mine, reference = backend.get_user(user_id), _reference(django, user_id)
        assert mine == reference, user_id
        if mine is not None:
            assert {field.attname: getattr(mine, field.attname) for field in User._meta.concrete_fields} == {
                field.attname: getattr(reference, field.attname) for field in User._meta.concrete_fields
            }


def _reference(django, user_id):
    try:
        return django.get_user(user_id)
    except (ValueError, TypeError, OverflowError):
        return None  # the ORM refuses what no row can be; the compiled statement answers "nobody"


def test_one_query_for_the_account_and_no_compilation_after_the_first(
    db, django_assert_num_queries, monkeypatch
):
    user = f.UserFactory()
    backend = ours.AccountBackend()
    backend.get_user(user.pk)
    from django.db.models.sql import compiler

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(compiler.SQLCompiler, "as_sql", no_compiling)
    with django_assert_num_queries(1):
        assert backend.get_user(user.pk) == user


@pytest.mark.parametrize("path", OLD_PATHS + NEW_PATHS)
def test_a_session_opened_with_any_listed_backend_stays_signed_in(client, db, path):
    user = f.UserFactory()
    assert client.get(reverse("account")).status_code == 302
    assert _session_for(client, user, path).get(reverse("account")).status_code == 200


def test_a_session_naming_an_unlisted_backend_is_signed_out(client, db):
    user = f.UserFactory()
    client = _session_for(client, user, "django.contrib.auth.backends.RemoteUserBackend")
    assert client.get(reverse("account")).status_code == 302


@pytest.mark.parametrize("path", NEW_PATHS)
def test_a_deactivated_account_or_a_changed_password_signs_the_session_out(client, db, path):
    user = f.UserFactory()
    client = _session_for(client, user, path)
    assert client.get(reverse("account")).status_code == 200
    user.set_password("un-autre-mot-de-passe")
    user.save()
    assert client.get(reverse("account")).status_code == 302  # the session's hash no longer matches

    other = f.UserFactory()
    client = _session_for(client, other, path)
    User.objects.filter(pk=other.pk).update(is_active=False)
    assert client.get(reverse("account")).status_code == 302


def test_signing_in_records_the_new_backend(client, db):
    user = f.UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": f.PASSWORD})
    assert response.status_code == 302
    # The account's identifier is its email (USERNAME_FIELD), so Django's backend, first, signs it in.
    assert client.session[BACKEND_SESSION_KEY] == "entrepairs.accounts.backends.ModelBackend"
    assert client.get(reverse("account")).status_code == 200


def test_a_refused_sign_in_never_reaches_the_older_backends(client, db, monkeypatch):
    """They stay listed for old sessions only: reaching them would hash the password again."""
    tried = []
    for cls in (backends.ModelBackend, AuthenticationBackend):
        original = cls.authenticate

        def spy(self, request, *args, _original=original, **credentials):
            tried.append(f"{type(self).__module__}.{type(self).__name__}")
            return _original(self, request, *args, **credentials)

        monkeypatch.setattr(cls, "authenticate", spy)
    user = f.UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "pas-le-bon"})
    assert response.status_code == 200  # the form again, with its error
    assert tried and set(tried) <= set(NEW_PATHS), tried
    assert client.get(reverse("account")).status_code == 302


def test_the_admins_sign_in_form_still_authenticates(client, db):
    """The admin's form passes the account's identifier as `username` (USERNAME_FIELD: the email)."""
    from django.contrib.auth import authenticate

    operator = f.UserFactory(is_staff=True, is_superuser=True)
    found = authenticate(None, username=operator.email, password=f.PASSWORD)
    assert found == operator and found.backend == "entrepairs.accounts.backends.ModelBackend"
    assert authenticate(None, username=operator.email, password="pas-le-bon") is None


def test_an_inactive_account_with_the_right_password_is_told_so_not_signed_in(client, db):
    """allauth learns of it through the account its backend set aside before refusing (unchanged by
    AccountBackend ending the search)."""
    user = f.UserFactory(is_active=False)
    response = client.post(reverse("account_login"), {"login": user.email, "password": f.PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("account_inactive")
    assert client.get(reverse("account")).status_code == 302
