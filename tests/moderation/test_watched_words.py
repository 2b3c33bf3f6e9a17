"""Watched words (block, require approval, flag, replace) and the approval of a new member's first
posts, as members and moderators see them."""

import pytest
from django.urls import reverse

from entrepairs.discussions import queries as discussions
from entrepairs.discussions import services as posting
from entrepairs.discussions.models import Post, Thread
from entrepairs.errors import ActionRefused
from entrepairs.moderation import services
from entrepairs.moderation.models import ModerationSettings, Notice, Report, WatchedWord
from tests.discussions.factories import space_of, thread_factory


def _watch(world, word, action, replacement=""):
    return services.add_watched_word(world.admin, word=word, action=action, replacement=replacement)


def test_a_blocked_word_refuses_the_text_and_the_page_keeps_the_draft(world, login):
    _watch(world, "Arnaque", "block")
    thread = thread_factory(world.relative)
    client = login(world.patient.user)
    url = reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk})
    answer = client.post(url, {"body": "C'est une ARNAQUE ce labo, lisez bien tout"})
    body = answer.content.decode()
    assert answer.status_code == 200 and "lisez bien tout" in body and "arnaque" in body.lower()
    assert not Post.objects.filter(body__contains="lisez").exists()


def test_a_replaced_word_is_replaced_accents_and_case_ignored(world):
    _watch(world, "crétin", "replace", "***")
    post = posting.post_reply(world.patient, thread_factory(world.relative), body="Quel Cretin, vraiment.")
    assert post.body == "Quel ***, vraiment."


def test_a_flagged_word_publishes_and_fills_the_queue(world):
    _watch(world, "remède miracle", "flag")
    post = posting.post_reply(world.patient, thread_factory(world.relative), body="Un remede  miracle existe")
    report = Report.objects.get()
    assert (report.kind, report.object_id, report.source) == ("post", post.pk, "watched_word")
    assert post.approval_pending_since is None


def test_a_word_requiring_approval_holds_the_post_for_its_author_only(world):
    _watch(world, "ordonnance", "approve")
    thread = thread_factory(world.relative)
    post = posting.post_reply(world.patient, thread, body="Je peux vous donner mon ordonnance")
    assert post.approval_pending_since is not None
    assert post.pk in [p.pk for p in discussions.thread_posts(world.patient, thread)]  # the author
    assert post.pk not in [p.pk for p in discussions.thread_posts(world.relative, thread)]
    assert post.pk in [p.pk for p in discussions.thread_posts(world.moderator, thread)]
    report = Report.objects.get(source="watched_word")
    assert Notice.objects.filter(recipient=world.patient, kind="pending").exists()
    services.decide(world.moderator, report, action="approve")
    assert post.pk in [p.pk for p in discussions.thread_posts(world.relative, thread)]


def test_first_posts_wait_for_approval_when_the_network_asks(world):
    ModerationSettings.objects.create(network=world.breast, first_posts_needing_approval=1)
    thread = posting.create_thread(
        world.patient, space_of(world.breast), title="Bonjour à tous", body="Je suis nouvelle"
    )
    assert thread.approval_pending_since is not None
    assert thread.pk not in [t.pk for t in discussions.visible_threads(world.relative)]
    assert thread.pk in [t.pk for t in discussions.visible_threads(world.patient)]
    report = Report.objects.get(kind="thread", object_id=thread.pk)
    assert report.source == "approval"
    services.decide(world.moderator, report, action="approve")
    assert Thread.objects.get(pk=thread.pk).approval_pending_since is None
    # Her first post is made: the next one is published at once.
    reply = posting.post_reply(world.patient, thread, body="Merci pour l'accueil")
    assert reply.approval_pending_since is None


def test_watched_words_are_the_admins_and_per_network(world):
    with pytest.raises(ActionRefused) as refused:
        services.add_watched_word(world.moderator, word="arnaque", action="block")
    assert refused.value.status == 403
    services.add_watched_word(world.cardiologist, word="arnaque", action="block")  # cardio's word
    post = posting.post_reply(world.patient, thread_factory(world.relative), body="arnaque")
    assert post.body == "arnaque"  # breast does not watch it
    assert WatchedWord.objects.get().network == world.cardio


def test_the_websocket_send_path_applies_suspensions_and_watched_words(world):
    """consumers._send reads both in the participant's statement (publishing_annotations)."""
    from entrepairs.messaging import consumers, protocol
    from entrepairs.messaging import services as messaging
    from tests.factories import suspension_factory

    world.breast.allow_private_messages = True
    world.breast.save(update_fields=["allow_private_messages"])
    for member in (world.patient, world.relative):
        member.network.refresh_from_db()
    conversation = messaging.start_direct(world.patient, world.relative)

    def send(client_id, body):
        frame = protocol.Send(type="send", conversation=conversation.pk, client_id=client_id, body=body)
        return consumers._send(world.patient, conversation.pk, frame)

    _watch(world, "arnaque", "block")
    _watch(world, "idiot", "replace", "***")
    with pytest.raises(ActionRefused) as refused:
        send("w1", "Quelle arnaque")
    assert refused.value.code == "watched_word_blocked"
    message, _created = send("w2", "Quel idiot")
    assert message.body == "Quel ***"
    suspension_factory(world.patient, world.moderator)
    with pytest.raises(ActionRefused) as refused:
        send("w3", "Bonjour")
    assert refused.value.code == "suspended"
