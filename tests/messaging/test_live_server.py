"""A real uvicorn server on 127.0.0.1 (random free port) and real clients from the `websockets`
library: the full stack a browser or a mobile app meets (HTTP upgrade, Origin, session cookie).
Quick (about a second); runs in the normal suite."""

import asyncio
import json

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from entrepairs.messaging import services
from entrepairs.messaging.models import Message
from tests.messaging.sockets import session_cookie, uvicorn_server

pytestmark = [
    pytest.mark.live_server_ws,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_professions", "fresh_channel_layer"),
]


@pytest.fixture
def server_url():
    with uvicorn_server() as address:
        yield f"ws://{address}"


def _client(url, user, origin="http://127.0.0.1"):
    cookie = session_cookie(user).decode()
    return connect(f"{url}/ws/n/cardio/messages/", origin=origin, additional_headers={"Cookie": cookie})


async def _until(websocket, frame_type):
    while True:
        frame = json.loads(await asyncio.wait_for(websocket.recv(), timeout=5))
        if frame["type"] == frame_type:
            return frame


def test_two_members_chat_through_a_real_server_and_resume_after_a_cut(team, server_url):
    conversation = services.start_direct(team.heart, team.rhythm)
    heart_client, rhythm_client = _client(server_url, team.heart.user), _client(server_url, team.rhythm.user)
    rhythm_again = _client(server_url, team.rhythm.user)

    async def chat():
        async with heart_client as heart, rhythm_client as rhythm:
            for websocket in (heart, rhythm):
                await websocket.send(json.dumps({"type": "subscribe", "conversation": conversation.pk}))
                await _until(websocket, "subscribed")
            await heart.send(json.dumps({"type": "send", "conversation": conversation.pk, "client_id": "a1",
                                         "body": "Bonjour, avis sur cet ECG ?"}))  # fmt: skip
            ack = await _until(heart, "ack")
            received = await _until(rhythm, "message")
            assert (received["id"], received["body"]) == (ack["id"], "Bonjour, avis sur cet ECG ?")
        # Rhythm is offline while Heart writes twice more; on reconnection, exactly those two arrive.
        async with heart_client as heart:
            for index in (2, 3):
                await heart.send(json.dumps({"type": "send", "conversation": conversation.pk,
                                             "client_id": f"a{index}", "body": f"relance {index}"}))  # fmt: skip
                await _until(heart, "ack")
        async with rhythm_again as rhythm:
            await rhythm.send(
                json.dumps({"type": "resume", "conversation": conversation.pk, "last_sequence": 1})
            )
            replay = [json.loads(await asyncio.wait_for(rhythm.recv(), timeout=5)) for _ in range(3)]
        assert [(f["type"], f.get("body")) for f in replay] == [
            ("message", "relance 2"), ("message", "relance 3"), ("subscribed", None)
        ]  # fmt: skip

    asyncio.run(chat())
    assert Message.objects.filter(conversation=conversation).count() == 3


def test_real_server_refuses_foreign_origin_and_anonymous_handshakes(team, server_url):
    foreign_client = _client(server_url, team.heart.user, origin="https://evil.example.test")

    async def refused():
        with pytest.raises(InvalidStatus) as foreign:
            async with foreign_client:
                pass
        assert foreign.value.response.status_code == 403
        with pytest.raises(InvalidStatus) as anonymous:
            async with connect(f"{server_url}/ws/n/cardio/messages/", origin="http://127.0.0.1"):
                pass
        assert anonymous.value.response.status_code == 403

    asyncio.run(refused())
