"""Redis away or restarted while members chat and post (issue 18): sockets open anyway, nothing is
lost or delivered twice, clients resume by sequence, and REST keeps answering JSON.

Everything that uses Redis in production (cache and throttles, channel layer) is pointed at a
redis-server of the test's own (tests/own_redis.py), killed and started again on the same port."""

import os

import pytest
from asgiref.sync import async_to_sync
from django.test import Client

from entrepairs.discussions.models import Post
from entrepairs.messaging import services
from entrepairs.messaging.models import Message
from tests.api_client import bearer
from tests.discussions.factories import thread_factory
from tests.messaging.sockets import db, open_socket

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_professions", "fresh_channel_layer"),
]
NOISE = ("unread", "conversation_added", "receipt", "typing", "heartbeat")


@pytest.fixture
def redis_everywhere(settings, own_redis):
    """Cache, throttles and channel layer on the test's own Redis, as settings.py sets them."""
    from entrepairs import settings as project_settings

    settings.CACHES = {
        "default": {
            "BACKEND": "entrepairs.cache.ResilientRedisCache",
            "LOCATION": own_redis.url(),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    layer = project_settings.redis_channel_layer(own_redis.url())
    layer["CONFIG"]["prefix"] += f"faults-{os.getpid()}-"
    settings.CHANNEL_LAYERS = {"default": layer}
    return own_redis


async def frame(communicator, *, skip=NOISE, timeout=5):
    while True:
        received = await communicator.receive_json_from(timeout=timeout)
        if received["type"] not in skip:
            return received


async def subscribe(communicator, conversation_id, last_sequence=0) -> list[dict]:
    """Subscribe (or resume): the replayed message frames."""
    await communicator.send_json_to(
        {"type": "resume", "conversation": conversation_id, "last_sequence": last_sequence}
    )
    replayed = []
    while (received := await frame(communicator))["type"] != "subscribed":
        replayed.append(received)
    return replayed


async def send(communicator, conversation_id, client_id) -> dict:
    await communicator.send_json_to(
        {
            "type": "send",
            "conversation": conversation_id,
            "client_id": client_id,
            "body": f"Message {client_id}",
        }
    )
    ack = await frame(communicator, skip=(*NOISE, "message"))  # the sender's own copy comes too
    assert ack["type"] == "ack" and ack["duplicate"] is False, ack
    return ack


def test_a_socket_opens_while_redis_is_down_and_catches_up_as_soon_as_it_is_back(team, redis_everywhere):
    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        redis_everywhere.stop()
        # The handshake used to answer 500 here (the layer could not subscribe the new socket).
        heart = await open_socket(team.heart.user, "cardio")
        rhythm = await open_socket(team.rhythm.user, "cardio")
        for communicator in (heart, rhythm):
            assert await subscribe(communicator, conversation.pk) == []
        assert (await send(heart, conversation.pk, "pendant"))["sequence"] == 1  # stored and acked
        assert await rhythm.receive_nothing(timeout=0.3)  # its publication was lost with Redis

        redis_everywhere.start()
        # No new message needed: once subscribed again, the socket reads what it missed.
        caught_up = await frame(rhythm)
        assert (caught_up["type"], caught_up["sequence"], caught_up["body"]) == (
            "message",
            1,
            "Message pendant",
        )
        await send(heart, conversation.pk, "apres")
        live = await frame(rhythm)
        assert (live["sequence"], live["body"]) == (2, "Message apres")
        assert await rhythm.receive_nothing(timeout=0.3)  # and nothing twice
        await heart.disconnect()
        await rhythm.disconnect()

    async_to_sync(body)()


def test_redis_restarted_while_members_chat_and_post(team, redis_everywhere, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 1000
    thread = thread_factory(team.heart)
    rest = Client(raise_request_exception=False)
    token = bearer(team.rhythm.user)
    answers = []  # (status, content type) of every REST call

    def call(method, path, body=None):
        kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
        response = getattr(rest, method)(f"/api/v1/networks/cardio{path}", **kwargs, **token)
        answers.append((response.status_code, response["Content-Type"]))
        return response

    def rest_round(number, conversation_id):
        call("get", "/threads")
        call("post", f"/threads/{thread.pk}/replies", {"body": f"Réponse {number}"})
        # A message sent over REST by the member whose socket is cut: the socket must get it once too.
        call(
            "post",
            f"/conversations/{conversation_id}/messages",
            {"client_id": f"rest-{number}", "body": "REST"},
        )
        call("get", f"/conversations/{conversation_id}")

    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        heart = await open_socket(team.heart.user, "cardio")
        rhythm = await open_socket(team.rhythm.user, "cardio")
        tab = await open_socket(team.rhythm.user, "cardio")  # another tab of rhythm's, never cut
        for communicator in (heart, rhythm, tab):
            await subscribe(communicator, conversation.pk)
        delivered = []  # the sequences rhythm's client saw, over both of its sockets
        in_tab = []

        async def chat(prefix, count):
            for number in range(count):
                await send(heart, conversation.pk, f"{prefix}-{number}")

        await chat("avant", 3)
        await db(rest_round)(1, conversation.pk)
        while len(delivered) < 4:
            delivered.append((await frame(rhythm))["sequence"])

        redis_everywhere.stop()  # killed, as a crash: the connections break
        await chat("pendant", 3)
        await db(rest_round)(2, conversation.pk)
        # The client's socket was cut meanwhile: it reconnects (Redis still down) and resumes.
        await rhythm.disconnect()
        rhythm = await open_socket(team.rhythm.user, "cardio")
        delivered += [
            replayed["sequence"] for replayed in await subscribe(rhythm, conversation.pk, delivered[-1])
        ]

        redis_everywhere.start()
        # The tab open all along catches up as soon as redis-py is connected again, before anything
        # new is sent (it would otherwise wait for the next message's gap, or the heartbeat).
        while len(in_tab) < 8:
            in_tab.append((await frame(tab))["sequence"])
        await chat("apres", 3)
        await db(rest_round)(3, conversation.pk)
        while len(delivered) < 12:
            delivered.append((await frame(rhythm))["sequence"])
        while len(in_tab) < 12:
            in_tab.append((await frame(tab))["sequence"])
        assert await rhythm.receive_nothing(timeout=0.5)
        assert await tab.receive_nothing(timeout=0.1)
        for communicator in (heart, rhythm, tab):
            await communicator.disconnect()
        return delivered, in_tab

    delivered, in_tab = async_to_sync(body)()
    assert delivered == list(range(1, 13))  # every message once, in order, across the resume
    assert in_tab == list(range(1, 13))
    assert Message.objects.filter(conversation__participants__member=team.rhythm).count() == 12
    assert Post.objects.filter(thread=thread, is_first=False).count() == 3
    assert all(kind.startswith("application/json") for _status, kind in answers), answers
    assert {status for status, _kind in answers} <= {200, 201}, answers
