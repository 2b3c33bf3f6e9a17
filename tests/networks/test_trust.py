"""Trust levels (entrepairs/networks/trust.py): new members are limited, the limits relax with time
and posts; moderators are trusted; a network may tighten, never loosen. Refusals keep the draft
(a form error on pages) and are JSON with a code on the API, 429 with Retry-After when counted."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from entrepairs.discussions.models import Post
from entrepairs.errors import ActionRefused
from entrepairs.messaging import services as messaging
from entrepairs.messaging.models import Conversation, Message
from entrepairs.networks import trust
from tests import factories as f
from tests.api_client import API, bearer, error_of
from tests.discussions.factories import thread_factory
from tests.images import tiny_png

LEVELS = {"new_days": 3, "new_posts": 3, "trusted_days": 30, "trusted_posts": 30}


@pytest.fixture
def levels(settings):
    settings.TRUST_LEVELS = dict(LEVELS)
    return settings


def _joined(member, days_ago: int):
    member.joined_at = timezone.now() - timedelta(days=days_ago)
    member.save(update_fields=["joined_at"])
    return member


def _posts(member, count: int):
    """`count` posts by `member`: a thread and its replies."""
    return thread_factory(member, replies=max(count - 1, 0))


def test_levels_follow_age_posts_and_standing(world, levels):
    patient = world.patient
    assert trust.level(patient) == trust.NEW  # joined a moment ago
    _joined(patient, 10)
    assert trust.level(patient) == trust.NEW  # no post yet
    _posts(patient, 3)
    assert trust.level(patient) == trust.MEMBER
    _joined(patient, 40)
    assert trust.level(patient) == trust.MEMBER  # 3 posts: not yet 30
    _posts(patient, 27)
    assert trust.level(patient) == trust.TRUSTED
    patient.banned_until = timezone.now() - timedelta(days=1)  # came back after a ban: not trusted
    assert trust.level(patient) == trust.MEMBER
    assert trust.level(world.moderator) == trust.TRUSTED  # joined a moment ago, but a moderator


def test_a_new_members_posts_an_hour_are_limited_and_the_page_keeps_the_draft(login, world, levels):
    levels.TRUST_LIMITS = {**levels.TRUST_LIMITS, "new": {**levels.TRUST_LIMITS["new"], "posts_per_hour": 2}}
    thread = thread_factory(world.moderator)
    client = login(world.patient.user)
    url = reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk})
    assert [client.post(url, {"body": f"Réponse {n}"}).status_code for n in range(2)] == [302, 302]
    refused = client.post(url, {"body": "Mon brouillon précieux"})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Mon brouillon précieux" in page  # the draft is kept in the form
    assert "posts for this hour" in page or "publications de cette heure" in page
    assert not Post.objects.filter(body="Mon brouillon précieux").exists()


def test_the_api_answers_429_with_the_limits_code_and_retry_after(client, world, levels):
    levels.TRUST_LIMITS = {**levels.TRUST_LIMITS, "new": {**levels.TRUST_LIMITS["new"], "posts_per_hour": 1}}
    thread = thread_factory(world.moderator)
    headers = {**bearer(world.patient.user), "content_type": "application/json"}
    url = f"{API}/networks/breast/threads/{thread.pk}/replies"
    assert client.post(url, {"body": "Une"}, **headers).status_code == 201
    refused = client.post(url, {"body": "Deux"}, **headers)
    error_of(refused, 429, "limit_posts_per_hour")
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert not Post.objects.filter(body="Deux").exists()


def test_links_in_a_post_are_limited_for_new_members_only(client, world, levels):
    thread = thread_factory(world.moderator)
    body = "Voir https://exemple.test/a et https://exemple.test/b et www.exemple.test/c"
    headers = {**bearer(world.patient.user), "content_type": "application/json"}
    url = f"{API}/networks/breast/threads/{thread.pk}/replies"
    error_of(client.post(url, {"body": body}, **headers), 400, "too_many_links")
    assert not Post.objects.filter(body=body).exists()
    _joined(world.patient, 10)
    _posts(world.patient, 3)
    assert client.post(url, {"body": body}, **headers).status_code == 201  # a member: 10 links


def test_a_network_may_tighten_its_limits_but_not_loosen_them(world, levels):
    _joined(world.patient, 10)
    _posts(world.patient, 3)
    network = world.patient.network
    network.trust_limits = {"member": {"links_per_post": 0, "posts_per_hour": 1000}}
    network.full_clean(exclude=["logo"])
    network.save(update_fields=["trust_limits"])
    limits = trust.limits_for(world.patient)
    assert limits["links_per_post"] == 0
    assert limits["posts_per_hour"] == levels.TRUST_LIMITS["member"]["posts_per_hour"]  # not loosened
    with pytest.raises(ActionRefused) as refused:
        trust.check_post(world.patient, "Un lien : https://exemple.test")
    assert refused.value.code == "too_many_links"


@pytest.mark.parametrize(
    "value",
    [
        [],
        {"novice": {}},
        {"new": {"posts_per_hour": -1}},
        {"new": {"speed": 3}},
        {"new": {"links_per_post": "2"}},
    ],
)
def test_bad_network_limits_are_refused(value):
    with pytest.raises(ValidationError):
        trust.validate_trust_limits(value)


def _colleagues(world, count):
    people = []
    for _ in range(count):
        user = f.UserFactory()
        qualification = f.qualification_factory(user, profession_code="10", specialty_code="SM04")
        people.append(f.member_factory(world.cardio, user=user, qualification=qualification))
    return people


def test_new_conversations_a_day_are_limited_and_an_existing_one_does_not_count(world, levels):
    newcomer, *others = _colleagues(world, 5)
    levels.TRUST_LIMITS = {**levels.TRUST_LIMITS,
                           "new": {**levels.TRUST_LIMITS["new"], "conversations_per_day": 2}}  # fmt: skip
    first = messaging.start_direct(newcomer, others[0])
    messaging.start_direct(newcomer, others[1])
    assert messaging.start_direct(newcomer, others[0]) == first  # already there: not counted
    with pytest.raises(ActionRefused) as refused:
        messaging.start_direct(newcomer, others[2])
    assert (refused.value.code, refused.value.status) == ("limit_conversations_per_day", 429)
    assert refused.value.retry_after <= 86400
    with pytest.raises(ActionRefused):
        messaging.create_group(newcomer, "Groupe", [others[2], others[3]])
    assert Conversation.objects.filter(created_by=newcomer).count() == 2


def test_images_a_day_are_limited_on_message_attachments(client, world, levels):
    newcomer, other = _colleagues(world, 2)
    levels.TRUST_LIMITS = {**levels.TRUST_LIMITS, "new": {**levels.TRUST_LIMITS["new"], "images_per_day": 1}}
    conversation = messaging.start_direct(newcomer, other)
    url = f"{API}/networks/cardio/conversations/{conversation.pk}/attachments"
    headers = bearer(newcomer.user)

    def send(client_id):
        upload = SimpleUploadedFile("photo.png", tiny_png(), content_type="image/png")
        return client.post(url, {"client_id": client_id, "file": upload}, **headers)

    assert send("image-1").status_code == 201
    refused = send("image-2")
    error_of(refused, 429, "limit_images_per_day")
    assert int(refused["Retry-After"]) >= 1
    assert not Message.objects.filter(client_id="image-2").exists()
