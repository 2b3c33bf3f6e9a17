"""The crisis detector on the labeled list (tests/data/crisis_sentences.tsv: 176 synthetic sentences,
French and English, half suggesting suicidal intent or self-harm, half not: idioms such as "ce
traitement me tue", "je suis mort de rire", "dying to try it", negations, information about risk).

Thresholds, and why:
- recall >= 0.95: a missed crisis costs the most (no support resources shown, no priority alert);
  reports by members ("someone in distress") are the second net, not the first.
- precision >= 0.90: a false alarm costs a moderator's minute and shows support lines to someone
  who did not need them, which is harmless; but a queue full of false alarms teaches moderators to
  ignore the priority flag.
The list was written together with the rules, so these figures hold the rules to what the list says
(a regression test), not a measure of real-world accuracy."""

from bench.crisis import evaluate, load
from entrepairs.moderation.crisis import normalise, suggests_crisis

RECALL_AT_LEAST = 0.95
PRECISION_AT_LEAST = 0.90


def test_recall_and_precision_on_the_labeled_list():
    rows = load()
    assert len(rows) >= 150
    assert {language for _expected, language, _sentence in rows} == {"fr", "en"}
    counts = evaluate(rows)
    for key in ("all", "fr", "en"):
        c = counts[key]
        print(
            f"{key}: recall {c.recall:.3f} precision {c.precision:.3f} misses {c.misses} false alarms {c.false_alarms}"
        )
    assert counts["all"].recall >= RECALL_AT_LEAST
    assert counts["all"].precision >= PRECISION_AT_LEAST
    for language in ("fr", "en"):  # neither language carries the other
        assert counts[language].recall >= RECALL_AT_LEAST - 0.05


def test_named_idioms_and_negations_are_not_crises():
    for sentence in (
        "ce traitement me tue",
        "dying to try it",
        "je suis mort de rire",
        "Je n'ai pas envie de mourir",
        "I would never kill myself",
        "le risque suicidaire de ce médicament",
    ):
        assert not suggests_crisis(sentence), sentence


def test_negation_does_not_cross_into_the_next_phrase():
    assert suggests_crisis("Je ne dors plus. Je veux mourir.")
    assert suggests_crisis("La vie n'a plus de sens, je veux disparaître pour toujours.")


def test_accents_and_apostrophes_do_not_matter():
    assert normalise("J’ai ENVIE de mourir") == "j'ai envie de mourir"
    assert suggests_crisis("jai envie de mourir") and suggests_crisis("J’ai envie de me foutre en l’air")


# --- Crisis response when publishing ---------------------------------------------------------------
def test_a_reply_suggesting_distress_is_published_and_flagged_with_priority(world, login):
    from django.urls import reverse

    from entrepairs.discussions.models import Post
    from entrepairs.moderation.models import Report
    from tests.discussions.factories import thread_factory

    thread = thread_factory(world.relative)
    client = login(world.patient.user)
    url = reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk})
    answer = client.post(url, {"body": "Je n'en peux plus, j'ai envie de mourir."}, follow=True)
    assert answer.status_code == 200
    assert "3114" in answer.content.decode()  # the support lines, at once
    post = Post.objects.get(body__contains="envie de mourir")  # published, not blocked
    report = Report.objects.get()
    assert (report.kind, report.object_id, report.source, report.priority) == (
        "post",
        post.pk,
        "crisis",
        True,
    )
    assert report.reporter is None and report.author == world.patient


def test_an_idiom_is_published_without_a_flag(world):
    from entrepairs.discussions import services
    from entrepairs.moderation.models import Report
    from tests.discussions.factories import thread_factory

    post = services.post_reply(world.patient, thread_factory(world.relative), body="Ce traitement me tue !")
    assert post.support is None and not Report.objects.exists()


def test_the_network_chooses_its_country_and_its_own_lines(world, api_as):
    from entrepairs.moderation.models import ModerationSettings
    from tests.discussions.factories import thread_factory

    ModerationSettings.objects.create(network=world.breast, country="US")
    thread = thread_factory(world.relative)
    answer = api_as(world.patient.user).post(
        f"/networks/breast/threads/{thread.pk}/replies", {"body": "I want to end my life."}
    )
    assert answer.status_code == 201
    assert any("988" in line for line in answer.json()["support_resources"])
    ModerationSettings.objects.filter(network=world.breast).update(
        crisis_resources="Ligne locale : 0800 000 000"
    )
    answer = api_as(world.patient.user).post(
        f"/networks/breast/threads/{thread.pk}/replies", {"body": "Je veux mourir."}
    )
    assert answer.json()["support_resources"] == ["Ligne locale : 0800 000 000"]


def test_a_message_suggesting_distress_reaches_the_queue_first(world, api_as):
    from entrepairs.messaging import services as messaging
    from entrepairs.moderation import queries
    from entrepairs.moderation import services as moderation
    from tests.discussions.factories import thread_factory

    world.breast.allow_private_messages = True
    world.breast.save(update_fields=["allow_private_messages"])
    for member in (world.patient, world.relative):
        member.network.refresh_from_db()
    moderation.report(world.patient, "thread", thread_factory(world.relative).pk, reason="spam")
    conversation = messaging.start_direct(world.patient, world.relative)
    answer = api_as(world.patient.user).post(
        f"/networks/breast/conversations/{conversation.pk}/messages",
        {"body": "I've been cutting myself again.", "client_id": "c1"},
    )
    assert answer.status_code == 201 and answer.json()["support_resources"]
    first = queries.open_reports(world.moderator).first()
    assert (first.kind, first.priority) == ("message", True)
