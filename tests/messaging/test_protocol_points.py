"""What a client written from docs/messaging-protocol.md alone relies on, one test per point: opening
the socket with a one-time ticket (API token holders), the error code for a bad client id, the echo
to the sender after its ack, the scope of a client id, the REST send's answer, the frame limit in
UTF-8 bytes, the close code 1009 past the server's limit, and resync_required without subscribed.

Personas (tests/messaging/conftest.py): heart (Dr Cœur) and rhythm (Dr Rythme) in `cardio`."""

import asyncio
import json

import pytest
from asgiref.sync import async_to_sync
from django.core.cache import cache
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from entrepairs.messaging import protocol, queries, services, tickets
from entrepairs.messaging.models import Message
from tests.api_client import ApiClient
from tests.messaging.helpers import say
from tests.messaging.sockets import (
    WebsocketCommunicator,
    application,
    db,
    frames_until,
    next_frame,
    open_socket,
    session_cookie,
    uvicorn_server,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_professions", "fresh_channel_layer"),
]


def run(coroutine_function):
    return async_to_sync(coroutine_function)()


def _ticket(client, user, network="cardio"):
    response = ApiClient(client, user).post("/realtime/ticket", {"network": network})
    return response


async def _open_with_ticket(path: str, *, origin: bytes | None = None, cookie: bytes | None = None):
    headers = [(b"origin", origin)] if origin else []
    if cookie:
        headers.append((b"cookie", cookie))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await communicator.connect(timeout=3)
    return communicator, connected, code


# --- Tickets -------------------------------------------------------------------------------------
def test_a_token_holder_opens_the_socket_with_a_one_time_ticket_and_no_origin(team, client):
    response = _ticket(client, team.heart.user)
    assert response.status_code == 201
    body = response.json()
    assert body["expires_in"] == 30 and body["socket"] == f"/ws/n/cardio/messages/?ticket={body['ticket']}"

    async def scenario():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        socket, connected, _code = await _open_with_ticket(body["socket"])
        assert connected
        await socket.send_json_to({"type": "subscribe", "conversation": conversation.pk})
        assert (await frames_until(socket, "subscribed"))[-1]["conversation"] == conversation.pk
        await socket.disconnect()
        # Used once: the same ticket again opens nothing.
        _again, connected, code = await _open_with_ticket(body["socket"])
        assert (connected, code) == (False, 4401)

    run(scenario)


def test_a_ticket_is_bound_to_its_network_and_refused_once_expired(team, world, client):
    # Issued for a network the account is not in: 404, as for a network that does not exist.
    assert _ticket(client, team.heart.user, network=world.breast.slug).status_code == 404
    assert _ticket(client, team.heart.user, network="no-such-network").status_code == 404
    for_cardio = _ticket(client, team.heart.user).json()["ticket"]
    expiring = _ticket(client, team.heart.user).json()["ticket"]

    async def scenario():
        # A cardio ticket does not open another network's socket (where the account is not a member
        # anyway: it is spent and the handshake refused).
        _socket, connected, code = await _open_with_ticket(
            f"/ws/n/{world.breast.slug}/messages/?ticket={for_cardio}"
        )
        assert (connected, code) == (False, 4401)
        cache.delete(tickets._key(expiring))  # what the cache does after 30 s
        _socket, connected, code = await _open_with_ticket(f"/ws/n/cardio/messages/?ticket={expiring}")
        assert (connected, code) == (False, 4401)

    run(scenario)


def test_tickets_live_thirty_seconds_and_only_their_hash_is_stored(team, client, monkeypatch):
    stored = []
    monkeypatch.setattr(
        tickets.cache, "set", lambda key, value, timeout: stored.append((key, value, timeout))
    )
    ticket = _ticket(client, team.heart.user).json()["ticket"]
    [(key, value, timeout)] = stored
    assert timeout == 30 and ticket not in key and ticket not in value
    assert value == f"{team.heart.user.pk}:cardio"


def test_without_origin_nor_ticket_the_handshake_is_refused_even_with_a_session(team):
    async def scenario():
        await open_socket(team.heart.user, "cardio", origin=None, expect=False)

    run(scenario)


def test_a_foreign_origin_is_refused_even_with_a_ticket(team, client):
    path = _ticket(client, team.heart.user).json()["socket"]

    async def scenario():
        _socket, connected, _code = await _open_with_ticket(path, origin=b"https://evil.example")
        assert not connected

    run(scenario)


def test_without_origin_the_ticket_alone_authenticates(team, world, client):
    """A session cookie sent along a ticket without Origin is ignored: an invalid ticket is refused."""

    async def scenario():
        cookie = await db(session_cookie)(team.heart.user)
        _socket, connected, code = await _open_with_ticket(
            "/ws/n/cardio/messages/?ticket=forged", cookie=cookie
        )
        assert (connected, code) == (False, 4401)

    run(scenario)


# --- Frames --------------------------------------------------------------------------------------
def test_a_bad_client_id_is_invalid_client_id_as_documented(team):
    async def scenario():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        heart = await open_socket(team.heart.user, "cardio")
        for client_id in ("bad id!", "", "x" * 65):
            await heart.send_json_to({"type": "send", "conversation": conversation.pk, "client_id": client_id,
                                      "body": "Bonjour", "ref": 3})  # fmt: skip
            frame = await next_frame(heart)
            assert (frame["code"], frame["ref"]) == ("invalid_client_id", 3)
        assert not await db(Message.objects.exists)()

    run(scenario)


def test_the_sender_gets_the_ack_then_its_own_message_and_its_other_sockets_the_message(team):
    async def scenario():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        heart, heart_other_tab = (
            await open_socket(team.heart.user, "cardio"),
            await open_socket(team.heart.user, "cardio"),
        )
        for socket in (heart, heart_other_tab):
            await socket.send_json_to({"type": "subscribe", "conversation": conversation.pk})
            await frames_until(socket, "subscribed")
        await heart.send_json_to(
            {"type": "send", "conversation": conversation.pk, "client_id": "c1", "body": "Salut"}
        )
        first, second = await next_frame(heart), await next_frame(heart)
        assert (first["type"], second["type"]) == ("ack", "message")
        assert first["id"] == second["id"] and second["client_id"] == "c1"
        other = await next_frame(heart_other_tab)
        assert (other["type"], other["client_id"]) == ("message", "c1")

    run(scenario)


def test_a_client_id_is_unique_per_sender_and_conversation(team):
    direct = services.start_direct(team.heart, team.rhythm)
    group = services.create_group(team.heart, "Staff", [team.rhythm])
    one, created_one = services.send_message(team.heart, direct, body="a", client_id="same")
    other_conversation, created_two = services.send_message(team.heart, group, body="b", client_id="same")
    other_sender, created_three = services.send_message(team.rhythm, direct, body="c", client_id="same")
    again, created_again = services.send_message(team.heart, direct, body="changed", client_id="same")
    assert (created_one, created_two, created_three, created_again) == (True, True, True, False)
    assert len({one.pk, other_conversation.pk, other_sender.pk}) == 3
    assert again.pk == one.pk and again.body == "a"  # the first send's text: a retry changes nothing


def test_the_rest_send_answers_the_message_and_duplicate(team, client):
    conversation = services.start_direct(team.heart, team.rhythm)
    api = ApiClient(client, team.heart.user, f"/api/v1/networks/cardio/conversations/{conversation.pk}")
    first = api.post("/messages", {"client_id": "r1", "body": "Bonjour"})
    second = api.post("/messages", {"client_id": "r1", "body": "Bonjour"})
    assert (first.status_code, second.status_code) == (201, 200)
    assert set(first.json()) == {"message", "duplicate", "support_resources"}
    assert (first.json()["duplicate"], second.json()["duplicate"]) == (False, True)
    message = first.json()["message"]
    assert message["client_id"] == "r1" and message["id"] == second.json()["message"]["id"]
    # The socket's message frame without `type`, field for field (an attachment URL points at the API).
    assert set(message) == set(protocol.message_frame(Message.objects.get(), "cardio")) - {"type"}


def test_the_frame_limit_counts_utf8_bytes():
    euros = json.dumps({"type": "ping", "ref": "€" * 22_000}, ensure_ascii=False)  # 22,000 characters
    assert len(euros) < protocol.MAX_FRAME_BYTES < len(euros.encode())
    with pytest.raises(protocol.FrameError) as refused:
        protocol.parse(euros)
    assert refused.value.code == "frame_too_large"
    ascii_text = json.dumps({"type": "ping", "ref": "e" * 60_000})
    assert protocol.parse(ascii_text).ref == "e" * 60_000  # fewer bytes than the limit: parsed


def test_resync_required_is_not_followed_by_subscribed(team, monkeypatch):
    monkeypatch.setattr(queries.changes_after, "__defaults__", (3,))  # replay at most 3 changes

    async def scenario():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        for number in range(5):
            await db(say)(team.heart, conversation, f"m{number}")
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await rhythm.send_json_to({"type": "subscribe", "conversation": conversation.pk, "ref": "s"})
        frame = await next_frame(rhythm)
        assert frame == {
            "type": "resync_required",
            "conversation": conversation.pk,
            "sequence": 5,
            "ref": "s",
        }
        await rhythm.send_json_to({"type": "ping", "ref": "after"})
        assert await next_frame(rhythm) == {"type": "pong", "ref": "after"}  # no subscribed in between
        # Live changes still arrive: resume from `sequence` after fetching the history.
        await rhythm.send_json_to({"type": "resume", "conversation": conversation.pk, "last_sequence": 5})
        assert (await next_frame(rhythm))["type"] == "subscribed"

    run(scenario)


@pytest.mark.live_server_ws
def test_a_frame_over_the_servers_limit_closes_the_socket_with_1009(team):
    async def scenario(address):
        cookie = (await db(session_cookie)(team.heart.user)).decode()
        async with connect(
            f"ws://{address}/ws/n/cardio/messages/",
            origin="http://127.0.0.1",
            additional_headers={"Cookie": cookie},
        ) as socket:
            await socket.send("x" * 100_000)  # over 64 KiB, under the server's limit: an error frame
            assert json.loads(await asyncio.wait_for(socket.recv(), 5))["code"] == "frame_too_large"
            await socket.send("x" * 300_000)  # over the server's limit
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(socket.recv(), 5)
            assert closed.value.rcvd.code == 1009

    with uvicorn_server(ws_max_size=256 * 1024) as address:
        async_to_sync(scenario)(address)
