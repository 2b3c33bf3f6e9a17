"""Details that identify together (privacy/quasi.py) and the composer's warning about them."""

import pytest
from django.urls import reverse

from entrepairs.privacy import quasi
from tests.privacy.quasi_eval import measure

IDENTIFYING = "J'ai 47 ans, infirmière à Plouha, et on m'a diagnostiqué une maladie de Fabry le 12 mars 2024."


def test_each_detail_is_found_with_what_to_say_instead():
    assessment = quasi.assess(IDENTIFYING, "fr")
    found = {
        detail.kind: (IDENTIFYING[detail.start : detail.end], detail.suggestion)
        for detail in assessment.details
    }
    assert found["AGE"] == ("J'ai 47 ans", "la quarantaine")
    assert found["TOWN"] == ("Plouha", "une petite ville de Bretagne")
    assert found["CONDITION"] == ("maladie de Fabry", "une maladie rare")
    assert found["EVENT_DATE"][1] == "au printemps 2024"
    assert "PROFESSION" in found
    assert assessment.people < 1 and assessment.identifying(50)


@pytest.mark.parametrize(
    "text",
    [
        "J'ai 47 ans et je viens d'être diagnostiquée.",  # one detail is never enough
        "Je vis à Paris et je cherche un bon cardiologue.",
        "Rose a raison, la chimio fatigue.",  # a first name that is also a town, without "à"
        "Nous vivons à Toulouse et je suis aide-soignante.",  # a large city: many people fit
    ],
)
def test_ordinary_posts_are_not_warned(text):
    assert not quasi.assess(text, "fr").identifying(50)


def test_a_town_is_read_after_a_place_word_only_and_the_longest_name_wins():
    details = quasi.find_details("J'habite à Saint-Martin-de-Ré, et Vila m'a écrit.", "fr")
    assert [(detail.kind, detail.population > 0) for detail in details] == [("TOWN", True)]
    assert details[0].suggestion.endswith("de Nouvelle-Aquitaine")


def test_regions_starting_with_a_vowel_read_as_french():
    detail = quasi.find_details("je vis à Étampes", "fr")[0]
    assert detail.suggestion == "une ville d'Île-de-France"


def test_english_posts_get_english_suggestions():
    details = quasi.find_details("I'm 52 and a nurse; my daughter is 4 years old.", "en")
    assert {detail.kind: detail.suggestion for detail in details} == {
        "AGE": "in my fifties", "PROFESSION": "my job", "CHILD_AGE": "my children"
    }  # fmt: skip


def test_the_labeled_set_and_the_ordinary_posts():
    """The figures of docs/privacy.md ("Details that identify together"): every labeled combination
    warned, no labeled ordinary post, and at most 1 % of the ordinary posts of the corpora."""
    figures = measure(50)
    assert figures["identifying_warned"] == figures["identifying"] == 20
    assert figures["ordinary_labeled_warned"] == 0
    assert figures["ordinary_posts_warned"] <= figures["ordinary_posts"] // 100


# --- In the composer -----------------------------------------------------------------------------
def check_url(slug="breast"):
    return reverse("privacy:check", kwargs={"slug": slug})


def test_the_live_check_warns_about_the_combination_and_suggests(login, world):
    client = login(world.patient.user)
    html = client.post(check_url(), {"title": "Mon parcours", "body": IDENTIFYING}).content.decode()
    assert "data-privacy-combination" in html
    assert "ensemble, ces détails pourraient permettre de vous reconnaître" in html.lower()
    assert "une petite ville de Bretagne" in html and "la quarantaine" in html
    assert 'data-privacy-count="0"' in html  # advice: nothing to confirm, nothing blocked


def test_the_threshold_is_the_networks(login, world):
    world.breast.combination_threshold = 0
    world.breast.save(update_fields=["combination_threshold"])
    html = login(world.patient.user).post(check_url(), {"body": IDENTIFYING}).content.decode()
    assert "data-privacy-combination" not in html


def test_ordinary_text_gets_no_warning(login, world):
    html = login(world.patient.user).post(check_url(), {"body": "J'ai 47 ans, la chimio me fatigue."}).content
    assert b"data-privacy-combination" not in html


def test_the_combination_never_blocks_publishing(world):
    from entrepairs.discussions import services as discussions
    from tests.discussions.factories import space_of

    thread = discussions.create_thread(
        world.patient, space_of(world.breast), title="Mon parcours", body=IDENTIFYING
    )
    assert thread.pk


def test_an_administrator_sets_the_threshold_on_the_privacy_page(login, world):
    from entrepairs.audit.models import AuditEvent

    client = login(world.admin.user)
    url = reverse("networks:manage_privacy", kwargs={"slug": "breast"})
    assert 'name="combination_threshold"' in client.get(url).content.decode()
    assert client.post(url, {"combination_threshold": "200"}).status_code == 302
    world.breast.refresh_from_db()
    assert world.breast.combination_threshold == 200
    assert AuditEvent.objects.filter(action="network.combination_threshold").exists()
    client.post(url, {"combination_threshold": "-3"})
    world.breast.refresh_from_db()
    assert world.breast.combination_threshold == 200


def test_a_member_cannot_set_the_threshold(login, world):
    from entrepairs.errors import ActionRefused
    from entrepairs.privacy import services

    with pytest.raises(ActionRefused):
        services.set_combination_threshold(world.patient, 0)
    world.breast.refresh_from_db()
    assert world.breast.combination_threshold == 50


# --- The generated labeled set (tests/privacy/quasi_corpus.py) -----------------------------------
def test_the_generated_set_is_large_varied_and_split():
    from tests.privacy.quasi_corpus import SEEDS, generate

    for part, seed in SEEDS.items():
        posts = generate(seed, part)
        assert len(posts) >= 400
        assert {post.lang for post in posts} == {"fr", "en"}
        assert 100 <= sum(post.risky for post in posts) <= 300
    # Deterministic: the same seed gives the same posts.
    assert [post.text for post in generate(1611, "dev")] == [post.text for post in generate(1611, "dev")]


def test_recall_on_risky_posts_and_warn_rate_on_ordinary_ones_hold():
    from tests.privacy.quasi_corpus import figures

    for part, values in figures().items():
        assert values["recall_on_risky"] >= 0.95, part
        assert values["warn_rate_on_ordinary"] <= 0.02, part


def test_a_capitalised_place_word_starts_a_sentence():
    kinds = {detail.kind for detail in quasi.find_details("Près de Guéret. In Giberville.", "fr")}
    assert kinds == {"TOWN"}
    assert len(quasi.find_details("Près de Guéret. In Giberville.", "fr")) == 2


def test_durations_and_other_people_s_ages_are_not_the_author_s_age():
    for text in (
        "Je suis malade depuis 20 ans.",
        "Il y a 25 ans, j'ai arrêté de fumer.",
        "Mon père a 80 ans.",
        "Ma grand-mère avait 90 ans.",
        "I've been ill for 20 years old",
        "My grandmother was 90 years old.",
    ):
        assert not [d for d in quasi.find_details(text, "fr") if d.kind == "AGE"], text
    assert [d.kind for d in quasi.find_details("J'ai 47 ans.", "fr")] == ["AGE"]
    assert [d.kind for d in quasi.find_details("Nurse, 52 years old.", "en")] == ["AGE"]
