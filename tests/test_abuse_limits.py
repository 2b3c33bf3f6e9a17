"""Read limits, scraping flags and Retry-After on every 429 (entrepairs/accounts/read_limits.py,
entrepairs/throttles.py). Limits are lowered per test through settings; counts live in the cache,
which conftest clears around every test."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from entrepairs.accounts.models import ReadFlag
from entrepairs.privacy import images
from tests import factories as f
from tests.api_client import API, bearer, error_of
from tests.discussions.factories import thread_factory
from tests.images import tiny_png


def _retry_after(response) -> int:
    value = int(response["Retry-After"])
    assert 1 <= value <= 3600, value
    return value


def _lower(settings, scope, *, account, ip=1000, seconds=60):
    settings.READ_LIMITS = {**settings.READ_LIMITS, scope: {"account": account, "ip": ip, "seconds": seconds}}


# --- Pages ---------------------------------------------------------------------------------------
def test_searches_past_the_limit_get_a_429_page_with_retry_after(login, world, settings):
    _lower(settings, "search", account=3)
    client = login(world.patient.user)
    url = reverse("discussions:search", kwargs={"slug": "breast"}) + "?q=fatigue"
    statuses = [client.get(url).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    refused = client.get(url)
    _retry_after(refused)
    assert "no-store" in refused["Cache-Control"]
    # Another account has its own allowance; the other pages are not concerned.
    assert login(world.relative.user).get(url).status_code == 200


def test_page_reads_are_limited_per_address_for_everyone_from_it(client, world, settings):
    _lower(settings, "page", account=1000, ip=2)
    assert [client.get(reverse("home")).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(reverse("home"), REMOTE_ADDR="198.51.100.7").status_code == 200
    # Health probes are never counted.
    assert client.get(reverse("healthz")).status_code == 200


def test_posting_is_not_a_read(login, world, settings):
    _lower(settings, "page", account=1, ip=1)
    client = login(world.patient.user)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("home")).status_code == 429
    response = client.post(reverse("networks:persona", kwargs={"slug": "breast"}), {"display_name": ""})
    assert response.status_code != 429


def test_reading_many_profiles_is_slowed_and_flagged_once_to_operators(login, world, settings):
    settings.SCRAPING_LIMITS = {**settings.SCRAPING_LIMITS, "profile": (3, 600)}
    client = login(world.patient.user)
    profile = reverse("networks:member_detail", kwargs={"slug": "breast", "member_id": world.relative.pk})
    statuses = [client.get(profile).status_code for _ in range(6)]
    assert statuses == [200, 200, 200, 429, 429, 429]
    assert _retry_after(client.get(profile)) <= 600
    flag = ReadFlag.objects.get()
    assert (flag.user, flag.kind, flag.views, flag.seconds) == (world.patient.user, "profile", 4, 600)
    # Operators see it on their page.
    page = login(world.operator).get(reverse("operator")).content.decode()
    assert world.patient.user.email in page and "4 profils en 600 s" in page


def test_a_visitor_reading_many_threads_through_the_api_is_flagged_by_address(client, world, settings):
    settings.SCRAPING_LIMITS = {**settings.SCRAPING_LIMITS, "thread": (2, 600)}
    thread = thread_factory(world.patient)
    headers = bearer(world.relative.user)
    url = f"{API}/networks/breast/threads/{thread.pk}"
    assert [client.get(url, **headers).status_code for _ in range(2)] == [200, 200]
    refused = client.get(url, **headers)
    error_of(refused, 429, "rate_limited")
    _retry_after(refused)
    assert ReadFlag.objects.get().user == world.relative.user


def test_api_searches_have_the_search_limit(api_as, world, settings):
    _lower(settings, "search", account=2)
    api = api_as(world.patient.user)
    statuses = [api.get("/networks/breast/search?q=fatigue").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    _retry_after(api.get("/networks/breast/search?q=fatigue"))


def test_api_calls_of_several_accounts_from_one_address_share_its_allowance(client, world, settings):
    _lower(settings, "page", account=1000, ip=2)
    first, second = bearer(world.patient.user), bearer(world.relative.user)
    assert client.get(f"{API}/me/memberships", **first).status_code == 200
    assert client.get(f"{API}/me/memberships", **second).status_code == 200
    refused = client.get(f"{API}/me/memberships", **first)
    error_of(refused, 429, "rate_limited")
    _retry_after(refused)
    assert client.get(f"{API}/me/memberships", REMOTE_ADDR="198.51.100.8", **second).status_code == 200


# --- Bearer tokens ---------------------------------------------------------------------------------
def test_invalid_tokens_are_limited_per_address_then_even_a_valid_one_waits(client, world, settings):
    settings.INVALID_TOKENS_PER_MINUTE_PER_IP = 3
    wrong = {"HTTP_AUTHORIZATION": "Bearer ep_" + "x" * 43}
    statuses = [client.get(f"{API}/me/memberships", **wrong).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    refused = client.get(f"{API}/me/memberships", **bearer(world.patient.user))
    error_of(refused, 429, "rate_limited")
    _retry_after(refused)
    # Another address is not concerned.
    other = client.get(f"{API}/me/memberships", REMOTE_ADDR="198.51.100.9", **bearer(world.patient.user))
    assert other.status_code == 200


# --- Every 429 carries Retry-After ---------------------------------------------------------------
# Every place of the code that answers 429 (`status=429`, or a response built with `request, 429`):
# the test below fails when a new one appears, so that it is added to the walk.
KNOWN_429_SOURCES = {
    "entrepairs/accounts/read_limits.py",  # page and API read limits, scraping
    "entrepairs/api/auth.py",  # invalid tokens
    "entrepairs/api/errors.py",  # the API's per-account limit (ninja Throttled)
    "entrepairs/discussions/services.py",  # posting
    "entrepairs/networks/trust.py",  # trust levels' limits
    "entrepairs/networks/views.py",  # the member suggestions (mentions, member picker)
    "entrepairs/privacy/images.py",  # the decoding budget is full
    "entrepairs/privacy/views.py",  # the privacy live check
    "entrepairs/web/errors.py",  # the 429 page and allauth's limits (handler429)
}


def test_every_place_answering_429_is_walked():
    root = Path(__file__).resolve().parent.parent
    found = {
        str(path.relative_to(root))
        for path in (root / "entrepairs").rglob("*.py")
        if re.search(r"status\s*=\s*429\b|request,\s*429\b", path.read_text())
    }
    assert found == KNOWN_429_SOURCES


def _walk_cases():
    def api_limit(world, client, settings):
        settings.API_RATE_LIMIT_PER_MINUTE = 1
        headers = bearer(world.patient.user)
        client.get(f"{API}/me/memberships", **headers)
        return client.get(f"{API}/me/memberships", **headers)

    def api_posting(world, client, settings, monkeypatch):
        from entrepairs.discussions import services

        monkeypatch.setattr(services, "POSTS_PER_MINUTE", 1)
        thread = thread_factory(world.patient)
        headers = {**bearer(world.patient.user), "content_type": "application/json"}
        url = f"{API}/networks/breast/threads/{thread.pk}/replies"
        client.post(url, {"body": "Première réponse"}, **headers)
        return client.post(url, {"body": "Deuxième réponse"}, **headers)

    def privacy_check(world, client, settings, monkeypatch):
        from entrepairs.privacy import views

        monkeypatch.setattr(views, "CHECKS_PER_MINUTE", 1)
        client.force_login(world.patient.user)
        url = reverse("privacy:check", kwargs={"slug": "breast"})
        client.post(url, {"body": "bonjour"})
        return client.post(url, {"body": "bonjour"})

    def member_suggestions(world, client, settings, monkeypatch):
        from entrepairs.networks import views

        monkeypatch.setattr(views, "SUGGESTIONS_PER_MINUTE", 1)
        client.force_login(world.patient.user)
        url = reverse("networks:member_suggestions", kwargs={"slug": "breast"})
        client.get(url, {"q": "ro"})
        return client.get(url, {"q": "ro"})

    def login_page(world, client, settings):
        settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
        data = {"login": "nobody@example.test", "password": "x" * 12}
        client.post(reverse("account_login"), data)
        return client.post(reverse("account_login"), data)

    def page_reads(world, client, settings):
        _lower(settings, "page", account=1)
        client.force_login(world.patient.user)
        client.get(reverse("home"))
        return client.get(reverse("home"))

    def invalid_token(world, client, settings):
        settings.INVALID_TOKENS_PER_MINUTE_PER_IP = 1
        client.get(f"{API}/me/memberships", HTTP_AUTHORIZATION="Bearer ep_wrong")
        return client.get(f"{API}/me/memberships", HTTP_AUTHORIZATION="Bearer ep_wrong")

    def images_busy(world, client, settings):
        from entrepairs.messaging import services as messaging

        settings.IMAGE_DECODE_WAIT_SECONDS = 0
        colleague_user = f.UserFactory()
        qualification = f.qualification_factory(colleague_user, profession_code="10", specialty_code="SM04")
        colleague = f.member_factory(world.cardio, user=colleague_user, qualification=qualification)
        conversation = messaging.start_direct(world.cardiologist, colleague)
        upload = SimpleUploadedFile("photo.png", tiny_png(), content_type="image/png")
        with images.decoding_budget.reserve(settings.IMAGE_DECODE_PROCESS_MB * images.MIB):
            return client.post(
                f"{API}/networks/cardio/conversations/{conversation.pk}/attachments",
                {"client_id": "busy", "file": upload},
                **bearer(world.cardiologist.user),
            )

    def trust_level(world, client, settings):
        settings.TRUST_LEVELS = {"new_days": 3, "new_posts": 3, "trusted_days": 30, "trusted_posts": 30}
        settings.TRUST_LIMITS = {
            **settings.TRUST_LIMITS,
            "new": {**settings.TRUST_LIMITS["new"], "posts_per_hour": 1},
        }
        thread = thread_factory(world.moderator)
        headers = {**bearer(world.patient.user), "content_type": "application/json"}
        url = f"{API}/networks/breast/threads/{thread.pk}/replies"
        client.post(url, {"body": "Première"}, **headers)
        return client.post(url, {"body": "Deuxième"}, **headers)

    return [
        api_limit,
        api_posting,
        privacy_check,
        member_suggestions,
        login_page,
        page_reads,
        invalid_token,
        images_busy,
        trust_level,
    ]


@pytest.mark.parametrize("case", _walk_cases(), ids=lambda case: case.__name__)
def test_every_429_carries_retry_after(case, world, client, settings, monkeypatch):
    arguments = {"world": world, "client": client, "settings": settings}
    if "monkeypatch" in case.__code__.co_varnames:
        arguments["monkeypatch"] = monkeypatch
    response = case(**arguments)
    assert response.status_code == 429, response.content[:300]
    _retry_after(response)
