"""The account pages and the visitors' language switch: private to their owner, refusals that change
nothing, typed values kept."""

import pytest
from django.conf import settings
from django.urls import reverse

from entrepairs.accounts.models import PersonalAccessToken
from entrepairs.accounts.tokens import create_token


@pytest.mark.parametrize("url_name", ["account", "account_tokens"])
def test_account_pages_send_visitors_to_login(client, db, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_visitor_switches_language_from_the_footer(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.url == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Find your peers" in html


def test_language_switch_never_sends_to_another_site(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://elsewhere.example/"})
    assert response.status_code == 302
    assert "elsewhere.example" not in response.url


def test_every_page_offers_the_language_switch(client, world):
    html = client.get(reverse("networks:about", kwargs={"slug": "breast"})).content.decode()
    assert f'action="{reverse("set_language")}"' in html
    assert 'name="next" value="/n/breast/about/"' in html


def test_unknown_language_is_a_form_error_and_nothing_changes(login, world):
    response = login(world.stranger).post(reverse("account"), {"language": "xx"})
    assert response.status_code == 200
    world.stranger.refresh_from_db()
    assert world.stranger.language != "xx"


def test_saving_the_language_also_sets_the_cookie_for_after_sign_out(login, world):
    response = login(world.stranger).post(reverse("account"), {"language": "en"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_account_page_links_allauth_pages_and_my_personas(login, world):
    html = login(world.patient.user).get(reverse("account")).content.decode()
    for url_name in ("account_change_password", "account_email", "mfa_index", "account_tokens"):
        assert reverse(url_name) in html
    assert world.patient.display_name in html
    assert reverse("networks:home", kwargs={"slug": "breast"}) in html


def test_account_page_shows_nobody_elses_personas(login, world):
    html = login(world.patient.user).get(reverse("account")).content.decode()
    assert world.relative.display_name not in html
    assert world.relative.user.email not in html


def test_too_long_token_name_keeps_the_typed_text(login_recently, world):
    name = "Mon script de sauvegarde " * 4
    response = login_recently(world.stranger).post(reverse("account_tokens"), {"name": name})
    assert response.status_code == 200
    assert name.strip() in response.content.decode()
    assert not PersonalAccessToken.objects.filter(user=world.stranger).exists()


def test_token_list_shows_name_hint_and_revoked_state(login, world):
    live, _raw = create_token(world.stranger, "Téléphone")
    dead, _raw = create_token(world.stranger, "Ancien script")
    client = login(world.stranger)
    client.post(reverse("account_token_revoke", kwargs={"token_id": dead.pk}))
    html = client.get(reverse("account_tokens")).content.decode()
    assert "Téléphone" in html and "Ancien script" in html
    assert live.hint in html
    assert reverse("account_token_revoke", kwargs={"token_id": live.pk}) in html
    assert reverse("account_token_revoke", kwargs={"token_id": dead.pk}) not in html


def test_token_list_shows_only_my_tokens(login, world):
    create_token(world.patient.user, "Le jeton de Rose")
    html = login(world.stranger).get(reverse("account_tokens")).content.decode()
    assert "Le jeton de Rose" not in html


def test_revoking_a_missing_token_is_404(login, world):
    assert (
        login(world.stranger).post(reverse("account_token_revoke", kwargs={"token_id": 99999})).status_code
        == 404
    )


def test_revoke_answers_get_with_405_and_keeps_the_token(login, world):
    token, _raw = create_token(world.stranger, "Script")
    response = login(world.stranger).get(reverse("account_token_revoke", kwargs={"token_id": token.pk}))
    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("extra", [3, 15])
def test_token_page_queries_are_constant(login, world, django_assert_num_queries, extra):
    for number in range(extra):  # at most 20 active tokens per account
        create_token(world.stranger, f"Jeton {number}")
    client = login(world.stranger)
    # session, user, my personas (header), my tokens (expiry on the rows: no query of its own)
    with django_assert_num_queries(4):
        assert client.get(reverse("account_tokens")).status_code == 200


@pytest.mark.parametrize("extra", [3, 30])
def test_account_page_queries_are_constant(login, world, django_assert_num_queries, extra):
    from tests import factories as f

    for _ in range(extra):
        f.member_factory(f.network_factory(), user=world.stranger)
    client = login(world.stranger)
    # session, user, my personas (header), my memberships with their networks
    with django_assert_num_queries(4):
        assert client.get(reverse("account")).status_code == 200
