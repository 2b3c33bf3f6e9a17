"""The open-websockets gauge (entrepairs/metrics.py) follows the consumer: counted from accept to
disconnect, never for a refused handshake."""

import pytest
from asgiref.sync import async_to_sync

from entrepairs import metrics
from tests.messaging.sockets import open_socket

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_professions", "fresh_channel_layer"),
]


def open_websockets() -> float:
    return metrics.websockets_open._value.get()


def test_open_websockets_counts_accepted_sockets_until_they_close(team):
    start = open_websockets()

    async def body():
        first = await open_socket(team.heart.user, "cardio")
        second = await open_socket(team.rhythm.user, "cardio")
        assert open_websockets() == start + 2
        await open_socket(team.world.outsider.user, "cardio", expect=False)  # refused: not a member
        await open_socket(None, "cardio", expect=False)  # refused: signed out
        assert open_websockets() == start + 2
        await first.disconnect()
        assert open_websockets() == start + 1
        await second.disconnect()

    async_to_sync(body)()
    assert open_websockets() == start
