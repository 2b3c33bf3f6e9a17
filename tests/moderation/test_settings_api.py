"""The network's watched words and moderation settings through the API: administrators with two-factor
authentication, as on the pages; others change nothing."""

import pytest
from allauth.mfa.models import Authenticator

from entrepairs.audit.models import AuditEvent
from entrepairs.moderation.models import ModerationSettings, WatchedWord

WORDS = "/networks/breast/moderation/watched-words"
SETTINGS = "/networks/breast/moderation/settings"


def test_admins_list_add_and_remove_watched_words(api_as, world):
    api = api_as(world.admin.user)
    added = api.post(WORDS, {"word": "  Remède   Miracle ", "action": "replace", "replacement": "***"})
    assert added.status_code == 201, added.content
    assert added.json() | {"id": 0} == {
        "id": 0,
        "word": "remède miracle",
        "action": "replace",
        "replacement": "***",
    }
    assert api.get(WORDS).json()["items"] == [added.json()]
    assert AuditEvent.objects.filter(action="moderation.watched_word.add").exists()
    again = api.post(WORDS, {"word": "remède miracle", "action": "flag"})
    assert again.status_code == 400 and again.json()["code"] == "word_exists"
    missing = api.post(WORDS, {"word": "arnaque", "action": "replace"})
    assert missing.status_code == 400 and missing.json()["code"] == "replacement_required"
    assert api.delete(f"{WORDS}/{added.json()['id']}").status_code == 204
    assert not WatchedWord.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"word": "a", "action": "flag"},
        {"word": "arnaque", "action": "shout"},
        {"word": "arnaque", "action": "flag", "network": "diabetes"},
        {"word": "x" * 81, "action": "flag"},
    ],
)
def test_a_watched_word_outside_the_schema_is_a_422(api_as, world, body):
    assert api_as(world.admin.user).post(WORDS, body).status_code == 422
    assert not WatchedWord.objects.exists()


def test_moderators_members_and_outsiders_cannot_touch_the_words(api_as, world):
    word = WatchedWord.objects.create(network=world.breast, word="arnaque", action="flag")
    for user, status in [(world.moderator.user, 403), (world.patient.user, 403), (world.outsider.user, 404)]:
        api = api_as(user)
        assert api.get(WORDS).status_code == status
        assert api.post(WORDS, {"word": "escroc", "action": "block"}).status_code == status
        assert api.delete(f"{WORDS}/{word.pk}").status_code == status
    # Another network's word, through breast's address: the same answer as for a word that does not exist.
    theirs = WatchedWord.objects.create(network=world.diabetes, word="escroc", action="flag")
    admin = api_as(world.admin.user)
    assert admin.delete(f"{WORDS}/{theirs.pk}").json() == admin.delete(f"{WORDS}/2000000000").json()
    assert admin.delete(f"{WORDS}/{theirs.pk}").status_code == 404
    assert set(WatchedWord.objects.values_list("word", flat=True)) == {"arnaque", "escroc"}


def test_an_admin_without_two_factor_cannot_act(api_as, world, settings):
    settings.REQUIRE_MFA_FOR_ROLES = True
    Authenticator.objects.filter(user=world.admin.user).delete()
    api = api_as(world.admin.user)
    for response in [
        api.get(WORDS),
        api.post(WORDS, {"word": "escroc", "action": "block"}),
        api.patch(SETTINGS, {"first_posts_needing_approval": 3}),
    ]:
        assert response.status_code == 403 and response.json()["code"] == "mfa_required"
    assert not WatchedWord.objects.exists() and not ModerationSettings.objects.exists()


def test_admins_read_the_defaults_then_change_only_what_they_send(api_as, world):
    api = api_as(world.admin.user)
    shown = api.get(SETTINGS).json()
    assert shown["code_of_conduct_is_default"] and "3114" in shown["code_of_conduct"]
    assert shown["first_posts_needing_approval"] == 0 and shown["country"] == "FR"
    assert not ModerationSettings.objects.exists()  # reading writes nothing
    changed = api.patch(SETTINGS, {"first_posts_needing_approval": 2, "country": "BE", "admit_experts": True})
    assert changed.status_code == 200, changed.content
    assert changed.json()["support_lines"][0].startswith("0800 32 123")
    changed = api.patch(
        SETTINGS, {"crisis_resources": "Ligne du réseau : 0800 000 000\n", "code_of_conduct": "Respect."}
    )
    saved = ModerationSettings.objects.get(network=world.breast)
    assert (saved.first_posts_needing_approval, saved.country, saved.admit_experts) == (2, "BE", True)
    assert changed.json()["support_lines"] == ["Ligne du réseau : 0800 000 000"]
    assert (
        changed.json()["code_of_conduct"] == "Respect." and not changed.json()["code_of_conduct_is_default"]
    )
    back = api.patch(SETTINGS, {"code_of_conduct": ""}).json()
    assert back["code_of_conduct_is_default"] and "3114" in back["code_of_conduct"]
    assert AuditEvent.objects.filter(action="moderation.settings").count() == 3


@pytest.mark.parametrize(
    "body",
    [
        {"first_posts_needing_approval": 21},
        {"first_posts_needing_approval": -1},
        {"first_posts_needing_approval": "2"},
        {"admit_experts": 1},
        {"country": "ZZ"},
        {"code_of_conduct": "x" * 10_001},
        {"network_id": 1},
    ],
)
def test_settings_outside_the_schema_are_a_422_and_change_nothing(api_as, world, body):
    assert api_as(world.admin.user).patch(SETTINGS, body).status_code == 422
    assert not ModerationSettings.objects.exists()


def test_moderators_and_outsiders_cannot_change_the_settings(api_as, world):
    assert (
        api_as(world.moderator.user).patch(SETTINGS, {"first_posts_needing_approval": 3}).status_code == 403
    )
    assert api_as(world.moderator.user).get(SETTINGS).status_code == 403
    outsider = api_as(world.outsider.user).patch(SETTINGS, {"first_posts_needing_approval": 3})
    assert outsider.status_code == 404 and outsider.json()["code"] == "not_found"
    assert not ModerationSettings.objects.exists()


def test_settings_read_back_are_the_networks_own_or_unsaved_defaults(world):
    """moderation.queries.settings_for runs a statement compiled once (every thread page and every
    post read it): a network's own row, never another's; the defaults, unsaved, where it has none."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from entrepairs.moderation.queries import settings_for
    from entrepairs.networks.models import Network

    ModerationSettings.objects.filter(network__in=[world.breast, world.cardio]).delete()
    defaults = settings_for(world.breast)
    assert defaults._state.adding and defaults.network_id == world.breast.pk  # ids are given at creation
    ModerationSettings.objects.create(network=world.cardio, first_posts_needing_approval=4)
    assert settings_for(world.breast)._state.adding  # the other network's row is not this one's
    own = settings_for(world.cardio)
    assert not own._state.adding
    assert (own.network_id, own.first_posts_needing_approval) == (world.cardio.pk, 4)
    with CaptureQueriesContext(connection) as captured:
        assert settings_for(Network(kind=world.breast.kind))._state.adding  # an unsaved network reads nothing
    assert len(captured) == 0
