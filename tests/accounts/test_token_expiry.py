"""Personal access tokens expire (TOKEN_LIFETIME_DAYS, 90 by default), are listed with their expiry,
can be renewed; creating and renewing ask for the password again (recent authentication)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from entrepairs.accounts.models import PersonalAccessToken
from entrepairs.accounts.tokens import create_token, user_for_token
from tests import factories as f
from tests.api_client import API, error_of


def _expire(token):
    token.expires_at = timezone.now() - timedelta(days=1)
    token.save(update_fields=["expires_at"])


def test_a_new_token_expires_in_90_days_and_the_page_says_when(login, world, settings):
    assert settings.TOKEN_LIFETIME_DAYS == 90
    token, _raw = create_token(world.stranger, "Script")
    days = (token.expires_at - timezone.now()).total_seconds() / 86400
    assert 89.9 < days <= 90
    html = login(world.stranger).get(reverse("account_tokens")).content.decode()
    assert reverse("account_token_renew", kwargs={"token_id": token.pk}) in html
    assert "90" in html


def test_an_expired_token_is_refused_with_a_clear_json_error(client, world, settings):
    token, raw = create_token(world.patient.user, "Ancien")
    _expire(token)
    settings.INVALID_TOKENS_PER_MINUTE_PER_IP = 1
    for _ in range(3):  # an expired token is known: it does not count as guessing
        body = error_of(
            client.get(f"{API}/me/memberships", HTTP_AUTHORIZATION=f"Bearer {raw}"), 401, "token_expired"
        )
    assert "Renew it" in body["message"] or "Renouvelez" in body["message"]
    assert user_for_token("ep_unknown") is None


def test_creating_a_token_asks_for_the_password_again_then_creates_it(login, world):
    client = login(world.stranger)  # signed in, but the password was not typed recently
    asked = client.post(reverse("account_tokens"), {"name": "Mon téléphone"})
    assert asked.status_code == 302 and reverse("account_reauthenticate") in asked["Location"]
    assert not PersonalAccessToken.objects.filter(user=world.stranger).exists()
    # The password again: allauth replays the kept form, and the token is shown once.
    created = client.post(asked["Location"], {"password": f.PASSWORD}, follow=True)
    assert 'class="copy-field"' in created.content.decode()
    assert PersonalAccessToken.objects.filter(user=world.stranger, name="Mon téléphone").count() == 1


def test_a_wrong_password_creates_nothing(login, world):
    client = login(world.stranger)
    asked = client.post(reverse("account_tokens"), {"name": "Mon téléphone"})
    refused = client.post(asked["Location"], {"password": "not-the-password"})
    assert refused.status_code == 200
    assert not PersonalAccessToken.objects.filter(user=world.stranger).exists()


def test_renewing_gives_another_90_days_and_brings_an_expired_token_back(login_recently, client, world):
    token, raw = create_token(world.stranger, "Script")
    _expire(token)
    response = login_recently(world.stranger).post(
        reverse("account_token_renew", kwargs={"token_id": token.pk})
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert (token.expires_at - timezone.now()).days >= 89
    client.logout()
    assert client.get(f"{API}/me/memberships", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_renewing_asks_for_the_password_again(login, world):
    token, _raw = create_token(world.stranger, "Script")
    _expire(token)
    before = PersonalAccessToken.objects.get(pk=token.pk).expires_at
    response = login(world.stranger).post(reverse("account_token_renew", kwargs={"token_id": token.pk}))
    assert response.status_code == 302 and reverse("account_reauthenticate") in response["Location"]
    assert PersonalAccessToken.objects.get(pk=token.pk).expires_at == before


def test_nobody_renews_someone_elses_or_a_revoked_token(login_recently, world):
    theirs, _raw = create_token(world.patient.user, "Le sien")
    mine, _raw = create_token(world.stranger, "Révoqué")
    PersonalAccessToken.objects.filter(pk=mine.pk).update(revoked_at=timezone.now())
    client = login_recently(world.stranger)
    for token in (theirs, mine):
        before = PersonalAccessToken.objects.get(pk=token.pk).expires_at
        assert client.post(reverse("account_token_renew", kwargs={"token_id": token.pk})).status_code == 404
        assert PersonalAccessToken.objects.get(pk=token.pk).expires_at == before


def test_expired_tokens_do_not_count_against_the_active_limit(world, monkeypatch):
    from entrepairs.accounts import tokens

    monkeypatch.setattr(tokens, "MAX_ACTIVE_TOKENS", 1)
    old, _raw = create_token(world.stranger, "Ancien")
    _expire(old)
    create_token(world.stranger, "Nouveau")  # not refused: the old one is dead
