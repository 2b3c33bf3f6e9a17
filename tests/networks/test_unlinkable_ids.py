"""Public identifiers reveal nothing across networks (issue 10, findings 3 and 4; decision 0005).

Before: persona ids came from one sequence for the whole installation and `joined_at` was shown to
the millisecond, so an account joining two networks one after the other showed up as personas 101
and 102, 11 ms apart; and the gap between two thread ids seen in one network counted what every
other network created meanwhile."""

import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from entrepairs.audit.models import AuditEvent
from entrepairs.audit.services import record
from entrepairs.discussions.models import Post, Thread
from entrepairs.messaging import services as messaging
from entrepairs.messaging.models import Message
from entrepairs.networks.models import Membership
from entrepairs.public_ids import HIGHEST, LOWEST, rekey
from tests import factories as f
from tests.api_client import ApiClient
from tests.discussions.factories import thread_factory

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _in_random_range(pk: int) -> bool:
    return LOWEST <= pk < HIGHEST


def test_personas_of_one_account_have_unordered_unrelated_ids(world):
    pairs = []
    for _ in range(30):  # each account joins breast, then diabetes, at once
        user = f.UserFactory()
        first = f.member_factory(world.breast, user=user)
        second = f.member_factory(world.diabetes, user=user)
        pairs.append((first.pk, second.pk))
    assert all(_in_random_range(a) and _in_random_range(b) for a, b in pairs)
    # No order: the later persona's id is sometimes smaller (all 30 the same way: one chance in 2**29).
    later_is_larger = [b > a for a, b in pairs]
    assert any(later_is_larger) and not all(later_is_larger)
    # No neighbourhood either.
    assert min(abs(b - a) for a, b in pairs) > 1000


def test_member_lists_show_two_personas_of_one_account_with_nothing_in_common(world, client):
    user = f.UserFactory()
    first = f.member_factory(world.breast, user=user, display_name="Lune Calme")
    second = f.member_factory(world.diabetes, user=user, display_name="Soleil Franc")
    viewer = f.UserFactory()
    f.member_factory(world.breast, user=viewer)
    f.member_factory(world.diabetes, user=viewer)
    api = ApiClient(client, viewer)

    def listed(slug, member):
        items = api.get(f"/networks/{slug}/members?limit=100").json()["items"]
        return next(item for item in items if item["id"] == member.pk)

    a, b = listed("breast", first), listed("diabetes", second)
    assert DAY.match(a["joined_at"]) and DAY.match(b["joined_at"])
    shared = {key for key in a if a[key] == b[key]} - {"role", "member_type", "badge", "joined_at"}
    assert shared == set()
    # The profile page too shows the month of joining, never a time.
    page = api.client.get(f"/n/breast/members/{first.pk}/").content.decode()
    assert not re.search(r"\d{1,2}:\d{2}", page.split("<main", 1)[-1])


def test_my_memberships_and_join_requests_give_days_only(world, client):
    mine = ApiClient(client, world.patient.user).get("/me/memberships").json()
    assert mine and all(DAY.match(item["joined_at"]) for item in mine)
    requests = ApiClient(client, world.moderator.user).get("/networks/breast/requests").json()["items"]
    assert requests and all(DAY.match(item["requested_at"]) for item in requests)


def test_ids_seen_in_one_network_do_not_count_another_networks_activity(world):
    elsewhere = f.member_factory(world.diabetes)
    first = thread_factory(world.patient)
    for _ in range(20):
        thread_factory(elsewhere, replies=1)
    second = thread_factory(world.patient)
    created = [thread_factory(world.patient).pk for _ in range(12)]

    assert _in_random_range(first.pk) and _in_random_range(second.pk)
    assert abs(second.pk - first.pk) > 10**6  # sequential ids differed by 21: the other network's threads
    assert created != sorted(created)  # not even ordered by creation
    posts = list(Post.objects.filter(thread__in=[first, second]).values_list("pk", flat=True))
    assert all(_in_random_range(pk) for pk in posts)


def _private_messages_on(network):
    network.allow_private_messages = True
    network.save(update_fields=["allow_private_messages"])


def test_conversation_and_message_ids_are_random(world):
    _private_messages_on(world.breast)
    conversation = messaging.start_direct(world.patient, world.relative)
    message, _created = messaging.send_message(world.patient, conversation, body="Bonjour", client_id="c-1")
    assert _in_random_range(conversation.pk) and _in_random_range(message.pk)
    participant_ids = conversation.participants.values_list("pk", flat=True)
    assert all(_in_random_range(pk) for pk in participant_ids)


LABELS = ["networks.Membership", "discussions.Thread", "discussions.Post", "messaging.Message"]


@pytest.mark.django_db(transaction=False)
def test_rekeying_existing_rows_follows_every_reference_and_old_urls_stop_working(world, client):
    """What the migration does to an installation that had sequential ids."""
    thread = thread_factory(world.patient, replies=2, repliers=[world.relative])
    _private_messages_on(world.breast)
    conversation = messaging.start_direct(world.patient, world.relative)
    first, _ = messaging.send_message(world.patient, conversation, body="Bonjour", client_id="c-1")
    reply, _ = messaging.send_message(
        world.relative, conversation, body="Oui", client_id="c-2", reply_to=first.pk
    )
    record(world.moderator.user, "post.read", thread.posts.first())
    old_thread, old_patient = thread.pk, world.patient.pk
    old_posts = set(thread.posts.values_list("pk", flat=True))
    authors_before = sorted(thread.posts.values_list("author__display_name", flat=True))

    rekey(apps, SimpleNamespace(connection=connection), LABELS)
    connection.check_constraints()  # every foreign key still names an existing row

    assert not Thread.objects.filter(pk=old_thread).exists()
    assert not Membership.objects.filter(pk=old_patient).exists()
    moved = Thread.objects.get(title=thread.title, network=world.breast)
    assert set(moved.posts.values_list("pk", flat=True)).isdisjoint(old_posts)
    assert sorted(moved.posts.values_list("author__display_name", flat=True)) == authors_before
    assert Message.objects.get(client_id="c-2").reply_to.body == "Bonjour"
    event = AuditEvent.objects.get(action="post.read")
    assert int(event.object_id) in set(moved.posts.values_list("pk", flat=True))

    client.force_login(world.patient.user)
    assert client.get(f"/n/breast/t/{old_thread}/").status_code == 404
    assert client.get(f"/n/breast/t/{moved.pk}/").status_code == 200
