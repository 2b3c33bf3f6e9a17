"""Every kind of activity reaches the devices, saying only its kind and network: a reply in a
followed thread, a mention, a report (the network's moderators), a moderators' decision. In
`breast`: world.patient writes, world.relative follows and is mentioned, world.moderator moderates."""

import json

import pytest

from entrepairs.discussions import services as discussions
from entrepairs.moderation import services as moderation
from tests.discussions.factories import thread_factory

pytestmark = pytest.mark.django_db


def _shown(push_service, keys):
    return [json.loads(keys.decrypt(request.body))["title"] for request in push_service.received]


def test_a_reply_in_a_followed_thread_and_a_mention(
    world, vapid, push_service, device, django_capture_on_commit_callbacks
):
    thread = thread_factory(world.patient)
    discussions.follow_thread(world.relative, thread)
    _sub, keys = device(world.relative.user)
    with django_capture_on_commit_callbacks(execute=True):
        discussions.post_reply(world.patient, thread, body="Merci pour vos conseils sur la fatigue")
    with django_capture_on_commit_callbacks(execute=True):
        discussions.post_reply(
            world.patient, thread, body=f"@[{world.relative.display_name}] qu'en pensez-vous ?"
        )
    assert _shown(push_service, keys) == [
        f"Nouvelle réponse — {world.breast.name}",
        f"Vous êtes mentionné·e — {world.breast.name}",
    ]
    for request in push_service.received:
        text = keys.decrypt(request.body).decode()
        assert "fatigue" not in text and world.patient.display_name not in text


def test_a_report_reaches_the_moderators_and_the_decision_the_author(
    world, vapid, push_service, device, django_capture_on_commit_callbacks
):

    thread = thread_factory(world.relative)
    _sub, moderator_keys = device(world.moderator.user, "moderator")
    _sub, author_keys = device(world.relative.user, "author")
    with django_capture_on_commit_callbacks(execute=True):
        report = moderation.report(world.patient, "post", thread.posts.get().pk, reason="spam")
    [to_moderator] = [r for r in push_service.received if r.path == "/push/moderator"]
    assert (
        json.loads(moderator_keys.decrypt(to_moderator.body))["title"]
        == f"Nouveau signalement — {world.breast.name}"
    )
    assert not [
        r for r in push_service.received if r.path == "/push/author"
    ]  # the author is not told of reports
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(world.moderator, report, action="hide", reason="Hors charte", confirmed=True)
    [to_author] = [r for r in push_service.received if r.path == "/push/author"]
    shown = json.loads(author_keys.decrypt(to_author.body))
    assert shown["title"] == f"De la part des modérateurs — {world.breast.name}"
    assert "Hors charte" not in json.dumps(shown, ensure_ascii=False)
