"""Sign-up with email verification (allauth) and login throttling."""

import re

from django.urls import reverse

from entrepairs.accounts.models import User
from tests import factories as f


def test_signup_sends_a_verification_email_and_confirming_signs_in(client, db, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "nouvelle@example.test",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@example.test")
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mailoutbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    confirm = client.post(path)
    assert confirm.status_code == 302
    assert user.emailaddress_set.get().verified
    assert client.get(reverse("account")).status_code == 200


def test_unverified_account_cannot_enter(client, db):
    user = f.UserFactory(verified_email=False)
    response = client.post(reverse("account_login"), {"login": user.email, "password": f.PASSWORD})
    assert client.get(reverse("account")).status_code == 302  # still signed out
    assert response.status_code == 302
    assert "confirm-email" in response.headers["Location"] or "verification" in response.headers["Location"]


def test_sixth_failed_login_is_throttled_without_revealing_the_account(client, db):
    user = f.UserFactory()
    statuses = [
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"}).status_code
        for _ in range(6)
    ]
    assert statuses[:5] == [200] * 5
    # Even the right password is refused now: the account is throttled for a while (not locked for good).
    throttled = client.post(reverse("account_login"), {"login": user.email, "password": f.PASSWORD})
    assert "Trop de tentatives de connexion" in throttled.content.decode()
    assert client.get(reverse("account")).status_code == 302
    unknown = client.post(reverse("account_login"), {"login": "nobody@example.test", "password": "x" * 12})
    assert unknown.status_code in (200, 429)


def test_login_gives_a_new_session_id(client, db):
    user = f.UserFactory()
    client.get(reverse("account_login"))
    client.cookies["sessionid"] = "attacker-fixed-session"
    client.post(reverse("account_login"), {"login": user.email, "password": f.PASSWORD})
    assert client.cookies["sessionid"].value != "attacker-fixed-session"
    assert client.get(reverse("account")).status_code == 200
