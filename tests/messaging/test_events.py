"""Publishing (entrepairs/realtime.py, which messaging/realtime.py uses): handed to the event loop when sync code runs for one
(a consumer's database call, an ASGI view), sent before returning elsewhere (Celery, commands)."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer

from entrepairs import realtime

pytestmark = pytest.mark.usefixtures("fresh_channel_layer")


@pytest.fixture(autouse=True)
def in_memory_layer(settings):
    """How publishing hands over and orders its sends, whatever the layer. These tests subscribe and
    receive on different event loops, which only a layer held in this process's memory allows (the
    Redis publish/subscribe layer delivers to the loop that subscribed)."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "entrepairs.messaging.layers.InMemoryChannelLayer"}}


def _ping(number):
    return {"type": "member.unread", "conversation": number}


def test_without_an_event_loop_publishing_is_done_when_it_returns():
    layer = get_channel_layer()

    async def listen():
        channel = await layer.new_channel()
        await layer.group_add(realtime.member_group(7), channel)
        return channel

    channel = async_to_sync(listen)()
    realtime.publish(realtime.member_group(7), _ping(1))  # as from a Celery task: no loop waits on us
    assert async_to_sync(layer.receive)(channel) == _ping(1)


def test_handed_to_the_loop_publications_arrive_in_the_order_they_were_committed():
    layer = get_channel_layer()

    async def body():
        channel = await layer.new_channel()
        await layer.group_add(realtime.member_group(7), channel)
        for number in range(1, 21):  # each from the database thread, as on_commit runs them
            await sync_to_async(realtime.publish_many)(
                [(realtime.member_group(7), _ping(number)), (realtime.member_group(8), _ping(number))]
            )
        return [(await layer.receive(channel))["conversation"] for _ in range(20)]

    assert async_to_sync(body)() == list(range(1, 21))
