"""The Redis channel layer (production), against the real Redis at REDIS_URL (.ci/run sets it in its
PostgreSQL pass). Skipped, with the reason, when REDIS_URL is not set."""

import os

import pytest
from asgiref.sync import async_to_sync

from entrepairs.messaging import services
from tests.messaging.helpers import say
from tests.messaging.sockets import db, next_frame, open_socket

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: no Redis to test against"
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_professions", "fresh_channel_layer"),
]


@pytest.fixture(autouse=True)
def redis_layer(settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [os.environ["REDIS_URL"]], "prefix": f"test-messaging-{os.getpid()}"},
        }
    }


def test_delivery_and_resume_through_redis(team):
    async def body():
        from channels.layers import get_channel_layer

        assert type(get_channel_layer()).__name__ == "RedisChannelLayer"
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
