"""The Redis channel layer (production): the settings' own layer against the real Redis at REDIS_URL
(.ci/run sets it in its PostgreSQL pass), and a Redis of the test's own (redis-server on a free port,
tests/own_redis.py) that is killed and started again. Skipped, with the reason, when there is no Redis
to test against."""

import asyncio
import copy
import os
import time

import pytest
from asgiref.sync import async_to_sync

from entrepairs.messaging import services
from entrepairs.messaging.models import Message
from tests.messaging.helpers import say
from tests.messaging.sockets import db, next_frame, open_socket

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_professions", "fresh_channel_layer"),
]
needs_redis_url = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: no Redis to test against"
)


def production_layer(redis_url: str) -> dict:
    """The channel layer the settings module configures when REDIS_URL is set, on `redis_url`, with
    a prefix of this test run's own (group names are small ids that other runs use too)."""
    from entrepairs import settings as project_settings

    layer = copy.deepcopy(project_settings.redis_channel_layer(redis_url))
    layer["CONFIG"]["prefix"] += f"test-{os.getpid()}-"
    return layer


@needs_redis_url
def test_delivery_and_resume_through_redis(team, settings):
    settings.CHANNEL_LAYERS = {"default": production_layer(os.environ["REDIS_URL"])}

    async def body():
        from channels.layers import get_channel_layer

        assert type(get_channel_layer()).__name__ == "ResilientRedisPubSubLayer"
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await rhythm.send_json_to({"type": "subscribe", "conversation": conversation.pk})
        assert (await next_frame(rhythm))["type"] == "subscribed"
        await db(say)(team.heart, conversation, "via Redis")
        assert (await next_frame(rhythm))["body"] == "via Redis"
        await rhythm.disconnect()
        await db(say)(team.heart, conversation, "pendant la coupure")
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await rhythm.send_json_to({"type": "resume", "conversation": conversation.pk, "last_sequence": 1})
        assert (await next_frame(rhythm))["body"] == "pendant la coupure"
        assert (await next_frame(rhythm))["type"] == "subscribed"
        await rhythm.disconnect()

    async_to_sync(body)()


def test_while_redis_is_down_messages_are_stored_and_acked_and_caught_up_when_it_is_back(
    team, settings, own_redis
):
    stop_redis, start_redis = own_redis.stop, own_redis.start
    settings.CHANNEL_LAYERS = {"default": production_layer(own_redis.url())}

    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        heart = await open_socket(team.heart.user, "cardio")
        rhythm = await open_socket(team.rhythm.user, "cardio")
        for communicator in (heart, rhythm):
            await communicator.send_json_to({"type": "subscribe", "conversation": conversation.pk})
            assert (await next_frame(communicator))["type"] == "subscribed"

        stop_redis()
        await heart.send_json_to(
            {
                "type": "send",
                "conversation": conversation.pk,
                "client_id": "pendant",
                "body": "Redis est arrêté",
            }
        )
        ack = await next_frame(heart)
        assert (ack["type"], ack["sequence"], ack["duplicate"]) == ("ack", 1, False)
        assert await db(Message.objects.filter(client_id="pendant").exists)()
        assert await rhythm.receive_nothing(timeout=0.3)  # the publication was lost with Redis

        start_redis()
        # The next message is published once the layer has reconnected; the socket sees a gap and
        # reads the missed one from the database first.
        deadline = time.monotonic() + 15
        number = 0
        while True:
            number += 1
            await heart.send_json_to(
                {
                    "type": "send",
                    "conversation": conversation.pk,
                    "client_id": f"apres-{number}",
                    "body": f"Redis est revenu {number}",
                }
            )
            reply = await next_frame(heart)
            assert reply["type"] == "ack", reply
            # (receive_nothing rather than a timeout, which would cancel the communicator's application)
            if not await rhythm.receive_nothing(timeout=0.5, interval=0.05):
                first = await next_frame(rhythm)
                break
            assert time.monotonic() < deadline, "no delivery after Redis came back"
        assert (first["sequence"], first["body"]) == (1, "Redis est arrêté")
        later = [first["sequence"]]
        while later[-1] < number + 1:
            later.append((await next_frame(rhythm))["sequence"])
        assert later == list(range(1, number + 2))  # every message once, in order
        await heart.disconnect()
        await rhythm.disconnect()

    async_to_sync(body)()


def test_installations_on_separate_redis_databases_never_hear_each_other(own_redis):
    """Redis shares publish/subscribe channels between its databases; the layer's prefix does not."""
    from channels_redis.pubsub import RedisPubSubChannelLayer

    from entrepairs import settings as project_settings

    first, second = (
        RedisPubSubChannelLayer(**project_settings.redis_channel_layer(own_redis.url(n))["CONFIG"])
        for n in (0, 1)
    )

    async def body():
        mine, theirs = await first.new_channel(), await second.new_channel()
        await first.group_add("messaging.conversation.1", mine)
        await second.group_add("messaging.conversation.1", theirs)
        await first.group_send("messaging.conversation.1", {"type": "conversation.change", "sequence": 1})
        assert (await asyncio.wait_for(first.receive(mine), 3))["sequence"] == 1
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(second.receive(theirs), 0.3)
        for layer in (first, second):
            await layer.flush()

    async_to_sync(body)()
