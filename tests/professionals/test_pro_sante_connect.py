"""Pro Santé Connect end to end against a real OpenID Connect provider running locally."""

from urllib.parse import parse_qs, urlparse

import pytest

from entrepairs.professionals.models import Qualification
from entrepairs.settings import pro_sante_connect_providers
from tests.factories import PASSWORD
from tests.professionals.oidc_provider import LocalOIDCProvider

LOGIN = "/accounts/oidc/prosanteconnect/login/"
CALLBACK = "/accounts/oidc/prosanteconnect/login/callback/"
USERINFO = {
    "sub": "f:550dc1c8-d97b-4b1e-ac8c-8eb4471cf9dd:ANS-0000001",
    "SubjectNameID": "810900000018",
    "SubjectRefPro": {"exercices": [
        {"codeProfession": "10", "codeSavoirFaire": "SM04", "nomDexercice": "EXEMPLE", "prenomDexercice": "Camille"},
    ]},
}  # fmt: skip


@pytest.fixture
def provider(settings):
    with LocalOIDCProvider("entrepairs-test", "secret-test") as running:
        settings.SOCIALACCOUNT_PROVIDERS = pro_sante_connect_providers(
            running.issuer, "entrepairs-test", "secret-test"
        )
        yield running


def signed_in(client, user):
    """A real sign-in through the form: linking an account asks for a recent authentication."""
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    return client


def _authorize(client, process):
    response = client.post(LOGIN, {"process": process})
    assert response.status_code == 302, response.content[:300]
    query = {k: v[0] for k, v in parse_qs(urlparse(response["Location"]).query).items()}
    return query


def test_linking_pro_sante_connect_verifies_the_profession(client, world, provider):
    signed_in(client, world.stranger)
    query = _authorize(client, "connect")
    assert query["acr_values"] == "eidas1"
    assert set(query["scope"].split()) == {"openid", "scope_all"}
    assert query["code_challenge_method"] == "S256"
    code = provider.approve(query, USERINFO)
    response = client.get(CALLBACK, {"code": code, "state": query["state"]})
    # Linking a sign-in method is sensitive: the account confirms its password first, then the link
    # completes where it stopped.
    assert response["Location"] == "/accounts/reauthenticate/"
    confirmed = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert confirmed.status_code == 302
    qualification = Qualification.objects.get(user=world.stranger)
    assert (qualification.status, qualification.method, qualification.specialty.code) == (
        "verified",
        "psc",
        "SM04",
    )
    assert world.stranger.socialaccount_set.get().uid == USERINFO["sub"]
    identifier = world.stranger.identifiers.get()
    assert (identifier.identifier_type, identifier.value, identifier.verified) == (
        "rpps",
        "10900000018",
        True,
    )


def test_login_with_a_linked_account(world, provider, client):
    signed_in(client, world.stranger)
    query = _authorize(client, "connect")
    client.get(CALLBACK, {"code": provider.approve(query, USERINFO), "state": query["state"]})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert world.stranger.socialaccount_set.exists()
    client.logout()
    query = _authorize(client, "login")
    response = client.get(CALLBACK, {"code": provider.approve(query, USERINFO), "state": query["state"]})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == world.stranger.pk


def test_wrong_state_is_refused_and_saves_nothing(client, world, provider):
    signed_in(client, world.stranger)
    query = _authorize(client, "connect")
    response = client.get(CALLBACK, {"code": provider.approve(query, USERINFO), "state": "forged-state"})
    assert response.status_code == 401  # allauth's "authentication error" page
    assert not Qualification.objects.filter(user=world.stranger).exists()
    assert not world.stranger.socialaccount_set.exists()


def test_wrong_pkce_verifier_is_refused(client, world, provider):
    signed_in(client, world.stranger)
    query = _authorize(client, "connect")
    code = provider.approve({**query, "code_challenge": "not-the-challenge"}, USERINFO)
    response = client.get(CALLBACK, {"code": code, "state": query["state"]})
    assert response.status_code == 401  # allauth's "authentication error" page
    assert not Qualification.objects.filter(user=world.stranger).exists()


def test_profession_page_offers_pro_sante_connect_when_configured(login, world, provider):
    html = login(world.stranger).get("/account/profession/").content.decode()
    assert 'action="/accounts/oidc/prosanteconnect/login/"' in html


def test_profession_page_hides_it_when_not_configured(login, world, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    html = login(world.stranger).get("/account/profession/").content.decode()
    assert "prosanteconnect" not in html


def test_the_nonce_is_sent_and_a_wrong_one_is_refused(client, world, provider):
    signed_in(client, world.stranger)
    query = _authorize(client, "connect")
    assert len(query["nonce"]) >= 20
    response = client.get(
        CALLBACK, {"code": provider.approve(query, USERINFO, nonce="forged"), "state": query["state"]}
    )
    assert response.status_code == 401
    assert not world.stranger.socialaccount_set.exists()
    assert not Qualification.objects.filter(user=world.stranger).exists()


@pytest.mark.parametrize("flaw", ["tamper", "expired"])
def test_a_tampered_or_expired_id_token_is_refused(client, world, provider, flaw):
    signed_in(client, world.stranger)
    setattr(provider, flaw, True)
    query = _authorize(client, "connect")
    response = client.get(CALLBACK, {"code": provider.approve(query, USERINFO), "state": query["state"]})
    assert response.status_code == 401
    assert not Qualification.objects.filter(user=world.stranger).exists()


def test_identifier_held_by_another_account_is_flagged_not_taken(client, world, provider):
    from entrepairs.professionals.models import ProfessionalIdentifier, VerificationAttempt

    ProfessionalIdentifier.objects.create(
        user=world.patient.user, identifier_type="rpps", value="10900000018", verified=True
    )
    signed_in(client, world.stranger)
    query = _authorize(client, "connect")
    client.get(CALLBACK, {"code": provider.approve(query, USERINFO), "state": query["state"]})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert not world.stranger.identifiers.exists()
    flagged = VerificationAttempt.objects.get(user=world.stranger, needs_review=True)
    assert flagged.conflicting_user == world.patient.user
