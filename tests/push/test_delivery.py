"""Push delivery end to end: a message sent in `cardio` reaches the recipient's device through a
stand-in push service on 127.0.0.1, encrypted; decrypted with the browser's keys it names the kind of
activity and the network, never the sender, the text or anything personal.

Personas (tests/messaging/conftest.py `team`): heart (Dr Cœur) writes to rhythm (Dr Rythme), whose
device is registered; valve (Dr Valve) is in the group too."""

import json
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from entrepairs import activity
from entrepairs.messaging import services
from entrepairs.push.actions import delivery
from entrepairs.push.models import NetworkPolicy, Preference, Subscription
from tests.messaging.helpers import say

pytestmark = pytest.mark.django_db
SECRET_TEXT = "Le tracé ECG de Dupont est inquiétant"


def _send(team, conversation, capture, body=SECRET_TEXT):
    with capture(execute=True):
        return say(team.heart, conversation, body)


def _notifications(push_service, keys):
    return [json.loads(keys.decrypt(request.body)) for request in push_service.received]


def test_a_message_reaches_the_device_encrypted_and_reveals_nothing(
    team, vapid, push_service, device, django_capture_on_commit_callbacks
):
    conversation = services.start_direct(team.heart, team.rhythm)
    subscription, keys = device(team.rhythm.user)
    _send(team, conversation, django_capture_on_commit_callbacks)

    [request] = push_service.received
    assert request.path == "/push/phone"
    headers = {name.lower(): value for name, value in request.headers.items()}
    assert headers["content-encoding"] == "aes128gcm"
    assert headers["authorization"].startswith("vapid t=") and f"k={vapid}" in headers["authorization"]
    assert headers["urgency"] == "high" and int(headers["ttl"]) > 0
    # The topic collapses a conversation's notifications at the push service: 32 characters of a
    # keyed hash, no id of this site.
    assert len(headers["topic"]) == 32 and str(conversation.pk) not in headers["topic"]
    # What the push service sees says nothing: the body is ciphertext.
    for visible in (request.body, request.path.encode(), json.dumps(headers).encode()):
        for secret in (b"Dupont", "Cœur".encode(), b"ECG", team.heart.user.email.encode(), b"cardio"):
            assert secret not in visible

    [shown] = _notifications(push_service, keys)
    assert shown["title"] == f"Nouveau message — {team.rhythm.network.name}"
    assert shown["body"] == ""
    assert shown["url"] == f"/n/{team.rhythm.network.slug}/messages/c/{conversation.pk}/"
    assert shown["badge"] == 1  # the unread count, for the app icon (Badging API)
    decrypted = json.dumps(shown, ensure_ascii=False)
    for personal in ("Dupont", "tracé", "ECG", "Cœur", team.heart.display_name, team.heart.user.email,
                     team.rhythm.display_name, team.rhythm.user.email):  # fmt: skip
        assert personal not in decrypted
    subscription.refresh_from_db()
    assert subscription.last_pushed_at is not None


def test_the_sender_shows_only_when_the_member_chose_it_and_the_network_allows_it(
    team, vapid, push_service, device, django_capture_on_commit_callbacks
):
    conversation = services.start_direct(team.heart, team.rhythm)
    _subscription, keys = device(team.rhythm.user)
    Preference.objects.create(network=team.rhythm.network, member=team.rhythm, show_sender=True)
    first = _send(team, conversation, django_capture_on_commit_callbacks)
    assert _notifications(push_service, keys)[-1]["body"] == "De Dr Cœur"

    conversation.refresh_from_db()  # mark_seen goes no further than the conversation as loaded
    services.mark_seen(team.rhythm, conversation, first.sequence, read=True)
    NetworkPolicy.objects.create(network=team.rhythm.network, minimal_only=True)
    _send(team, conversation, django_capture_on_commit_callbacks)
    last = _notifications(push_service, keys)[-1]
    assert (last["title"], last["body"]) == ("Entrepairs", "Nouvelle activité")
    assert team.rhythm.network.name not in json.dumps(last, ensure_ascii=False)


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_subscription_is_removed(
    team, vapid, push_service, device, status, django_capture_on_commit_callbacks
):
    conversation = services.start_direct(team.heart, team.rhythm)
    gone, _keys = device(team.rhythm.user, "old-phone")
    kept, _keys = device(team.rhythm.user, "laptop")
    push_service.status["/push/old-phone"] = status
    _send(team, conversation, django_capture_on_commit_callbacks)
    assert len(push_service.received) == 2
    assert list(Subscription.objects.filter(user=team.rhythm.user)) == [kept]


def test_a_failing_push_service_keeps_the_subscription(
    team, vapid, push_service, device, django_capture_on_commit_callbacks
):
    conversation = services.start_direct(team.heart, team.rhythm)
    subscription, _keys = device(team.rhythm.user)
    push_service.status["/push/phone"] = 503
    _send(team, conversation, django_capture_on_commit_callbacks)
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_a_burst_of_messages_gives_one_notification_until_read(
    team, vapid, push_service, device, django_capture_on_commit_callbacks
):
    conversation = services.start_direct(team.heart, team.rhythm)
    device(team.rhythm.user)
    for _ in range(5):
        last = _send(team, conversation, django_capture_on_commit_callbacks, "Bonjour")
    assert len(push_service.received) == 1
    conversation.refresh_from_db()  # mark_seen goes no further than the conversation as loaded
    services.mark_seen(team.rhythm, conversation, last.sequence, read=True)
    _send(team, conversation, django_capture_on_commit_callbacks, "Encore")
    assert len(push_service.received) == 2


def test_collapse_is_per_conversation(team, vapid, push_service, device, django_capture_on_commit_callbacks):
    direct = services.start_direct(team.heart, team.rhythm)
    group = services.create_group(team.heart, "Staff", [team.rhythm, team.valve])
    device(team.rhythm.user)
    _send(team, direct, django_capture_on_commit_callbacks)
    _send(team, group, django_capture_on_commit_callbacks)
    _send(team, group, django_capture_on_commit_callbacks)
    assert len(push_service.received) == 2
    assert (
        len(
            {
                request.headers.get("Topic") or request.headers.get("topic")
                for request in push_service.received
            }
        )
        == 2
    )


def test_no_push_for_a_message_already_read_on_another_device(
    team, vapid, push_service, device, django_capture_on_commit_callbacks
):
    conversation = services.start_direct(team.heart, team.rhythm)
    device(team.rhythm.user)
    with django_capture_on_commit_callbacks() as callbacks:
        message = say(team.heart, conversation, "Bonjour")
    # Read on the laptop before the task ran (a busy worker):
    conversation.refresh_from_db()  # mark_seen goes no further than the conversation as loaded
    services.mark_seen(team.rhythm, conversation, message.sequence, read=True)
    for callback in callbacks:
        callback()
    assert push_service.received == []


def test_muted_conversations_and_muted_kinds_push_nothing(
    team, vapid, push_service, device, django_capture_on_commit_callbacks
):
    group = services.create_group(team.heart, "Staff", [team.rhythm, team.valve])
    device(team.rhythm.user)
    device(team.valve.user, "valve-phone")
    services.set_muted(team.valve, group, True)
    Preference.objects.create(network=team.rhythm.network, member=team.rhythm, muted_kinds=[activity.MESSAGE])
    _send(team, group, django_capture_on_commit_callbacks)
    assert push_service.received == []


def test_settings_are_per_network(
    world, team, vapid, push_service, device, django_capture_on_commit_callbacks
):
    """The same account in two networks: messages muted in one still push in the other."""
    from tests import factories as f

    breast = world.breast
    breast.allow_private_messages = True
    breast.save(update_fields=["allow_private_messages"])
    mine = f.member_factory(breast, user=team.rhythm.user, display_name="Rose Trémière")
    other = world.patient
    other.network.refresh_from_db()
    device(team.rhythm.user)
    Preference.objects.create(network=team.rhythm.network, member=team.rhythm, muted_kinds=[activity.MESSAGE])
    in_cardio = services.start_direct(team.heart, team.rhythm)
    _send(team, in_cardio, django_capture_on_commit_callbacks)
    assert push_service.received == []
    in_breast = services.start_direct(other, mine)
    with django_capture_on_commit_callbacks(execute=True):
        say(other, in_breast, "Bonjour")
    assert len(push_service.received) == 1


PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(("hour", "pushed"), [(23, 0), (6, 0), (7, 1), (12, 1)])
def test_quiet_hours(team, vapid, push_service, device, settings, hour, pushed):
    settings.TIME_ZONE = "Europe/Paris"
    conversation = services.start_direct(team.heart, team.rhythm)
    device(team.rhythm.user)
    Preference.objects.create(
        network=team.rhythm.network, member=team.rhythm, quiet_from=time(22), quiet_until=time(7)
    )
    message = say(team.heart, conversation, "Bonjour")
    event = activity.Activity(
        kind=activity.MESSAGE, network_id=conversation.network_id, recipients=(team.rhythm.pk,), path="/",
        collapse_key=f"conversation:{conversation.pk}", actor_id=team.heart.pk, position=message.sequence,
        source_id=conversation.pk,
    )  # fmt: skip
    assert delivery.deliver(event, now=datetime(2026, 12, 6, hour, 30, tzinfo=PARIS)) == pushed


def test_nothing_is_pushed_without_vapid_keys(team, push_service, device, django_capture_on_commit_callbacks):
    conversation = services.start_direct(team.heart, team.rhythm)
    device(team.rhythm.user)
    _send(team, conversation, django_capture_on_commit_callbacks)
    assert push_service.received == []


def test_delivery_reads_everything_for_all_recipients_at_once(
    team, vapid, push_service, device, django_assert_num_queries
):
    """The task's statements do not grow with the number of recipients (only one UPDATE per device
    reached): a group of three with two devices each."""
    group = services.create_group(team.heart, "Staff", [team.rhythm, team.valve])
    for member in (team.rhythm, team.valve):
        device(member.user, f"{member.pk}-phone")
        device(member.user, f"{member.pk}-laptop")
    message = say(team.heart, group, "Bonjour")
    event = activity.Activity(
        kind=activity.MESSAGE, network_id=group.network_id, recipients=(team.rhythm.pk, team.valve.pk), path="/",
        collapse_key=f"conversation:{group.pk}", actor_id=team.heart.pk, position=message.sequence, source_id=group.pk,
    )  # fmt: skip
    # 1 network, 2 personas in standing, 3 devices, 4 settings, 5 still unread, 6-10 collapse rows
    # (savepoint, insert, lock, update, release), 11-12 unread counts (messaging, discussions),
    # 13 network policy, then one UPDATE per device reached (4).
    with django_assert_num_queries(13 + 4):
        assert delivery.deliver(event) == 4
