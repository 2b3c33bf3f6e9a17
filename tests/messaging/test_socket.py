"""The messaging websocket with real clients (Channels' WebsocketCommunicator on the project's ASGI
application): handshake refusals, delivery, order, resume, idempotent retries, removal, blocking,
bad frames. Transactional: the consumer reads what services committed, as in production."""

import json
import time

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from entrepairs import realtime
from entrepairs.messaging import consumers, events, queries, services
from entrepairs.messaging.consumers import MessagingConsumer
from entrepairs.messaging.models import Message
from tests.messaging.helpers import say
from tests.messaging.sockets import db, frames_until, next_frame, open_socket

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_professions", "fresh_channel_layer"),
]


def run(coroutine_function):
    """Run an async test body on one event loop (pytest-asyncio is not needed)."""
    return async_to_sync(coroutine_function)()


async def subscribe(communicator, conversation_id, last_sequence=0, kind="subscribe"):
    await communicator.send_json_to(
        {"type": kind, "conversation": conversation_id, "last_sequence": last_sequence}
    )
    return await frames_until(communicator, "subscribed")


def bodies(frames):
    return [frame["body"] for frame in frames if frame["type"] == "message"]


# --- Handshake ------------------------------------------------------------------------------------
def test_anonymous_handshake_is_closed_before_accept(team):
    async def body():
        await open_socket(None, "cardio", expect=False)

    run(body)


def test_foreign_origin_is_refused_even_with_a_valid_session(team):
    async def body():
        await open_socket(team.heart.user, "cardio", origin=b"https://evil.example.test", expect=False)
        await open_socket(team.heart.user, "cardio", origin=None, expect=False)

    run(body)


def test_member_of_another_network_cannot_open_this_networks_socket(team):
    async def body():
        await open_socket(team.world.outsider.user, "cardio", expect=False)
        await open_socket(team.heart.user, "no-such-network", expect=False)

    run(body)


def test_deactivated_account_cannot_connect_and_open_sockets_are_closed(team):
    async def body():
        socket = await open_socket(team.rhythm.user, "cardio")

        def deactivate():
            user = team.rhythm.user
            user.is_active = False
            user.save(update_fields=["is_active"])
            realtime.close_account_sockets(user.pk)  # as accounts.services.close_account, after commit

        await db(deactivate)()
        closed = await socket.receive_output(timeout=3)
        assert closed == {"type": "websocket.close", "code": 4403}
        await open_socket(team.rhythm.user, "cardio", expect=False)

    run(body)


# --- Delivery, order, acknowledgement ------------------------------------------------------------
def test_message_reaches_the_other_member_in_order_and_is_acked_after_commit(team):
    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        heart = await open_socket(team.heart.user, "cardio")
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await subscribe(heart, conversation.pk)
        await subscribe(rhythm, conversation.pk)
        for index in range(5):
            await heart.send_json_to(
                {
                    "type": "send",
                    "conversation": conversation.pk,
                    "client_id": f"c{index}",
                    "body": f"n°{index}",
                }
            )
            frames = await frames_until(heart, "ack")
            ack = frames[-1]
            # Acknowledged means stored: the database holds it with the acknowledged sequence.
            stored = await db(Message.objects.get)(pk=ack["id"])
            assert (stored.sequence, stored.body, ack["sequence"]) == (index + 1, f"n°{index}", index + 1)
        received = [await next_frame(rhythm) for _ in range(5)]
        assert [f["sequence"] for f in received] == [1, 2, 3, 4, 5]
        assert bodies(received) == [f"n°{i}" for i in range(5)]
        assert received[0]["sender"] == {"id": team.heart.pk, "name": "Dr Cœur"}
        assert await rhythm.receive_nothing(timeout=0.1)
        for socket in (heart, rhythm):
            await socket.disconnect()

    run(body)


def test_all_open_tabs_of_a_member_receive_the_message(team):
    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        tabs = [await open_socket(team.rhythm.user, "cardio") for _ in range(3)]
        for tab in tabs:
            await subscribe(tab, conversation.pk)
        await db(say)(team.heart, conversation, "pour tous les onglets")
        for tab in tabs:
            assert (await next_frame(tab))["body"] == "pour tous les onglets"

    run(body)


def test_resume_after_disconnect_replays_exactly_the_missed_messages(team):
    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await subscribe(rhythm, conversation.pk)
        for text in ("un", "deux"):
            await db(say)(team.heart, conversation, text)
        seen = [await next_frame(rhythm) for _ in range(2)]
        last = seen[-1]["change_sequence"]
        await rhythm.disconnect()  # the train enters a tunnel
        for text in ("trois", "quatre", "cinq"):
            await db(say)(team.heart, conversation, text)
        rhythm = await open_socket(team.rhythm.user, "cardio")
        frames = await subscribe(rhythm, conversation.pk, last_sequence=last, kind="resume")
        assert bodies(frames) == ["trois", "quatre", "cinq"]
        assert [f["sequence"] for f in frames[:-1]] == [3, 4, 5]
        assert frames[-1]["sequence"] == 5
        await db(say)(team.heart, conversation, "six")
        assert (await next_frame(rhythm))["body"] == "six"
        assert await rhythm.receive_nothing(timeout=0.1)  # no duplicates of anything

    run(body)


def test_resume_replays_edits_and_deletions_made_while_away(team):
    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        first = await db(say)(team.heart, conversation, "Rdv 14h")
        second = await db(say)(team.heart, conversation, "erreur")
        await db(services.edit_message)(team.heart, first, "Rdv 15h")
        await db(services.delete_message)(team.heart, second)
        rhythm = await open_socket(team.rhythm.user, "cardio")
        frames = await subscribe(rhythm, conversation.pk, last_sequence=2)
        changes = [(f["id"], f["body"], f["edited"], f["deleted"]) for f in frames if f["type"] == "message"]
        assert changes == [(first.pk, "Rdv 15h", True, False), (second.pk, "", False, True)]

    run(body)


def test_retry_with_the_same_client_id_creates_one_message(team):
    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        heart = await open_socket(team.heart.user, "cardio")
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await subscribe(rhythm, conversation.pk)
        frame = {"type": "send", "conversation": conversation.pk, "client_id": "retry-1", "body": "Une fois"}
        await heart.send_json_to(frame)
        first = (await frames_until(heart, "ack"))[-1]
        await heart.disconnect()  # the ack was lost with the connection: the client sends again
        heart = await open_socket(team.heart.user, "cardio")
        await heart.send_json_to(frame)
        second = (await frames_until(heart, "ack"))[-1]
        assert (second["id"], second["sequence"], second["duplicate"]) == (
            first["id"],
            first["sequence"],
            True,
        )
        assert await db(Message.objects.filter(conversation=conversation).count)() == 1
        assert bodies([await next_frame(rhythm)]) == ["Une fois"]
        assert await rhythm.receive_nothing(timeout=0.1)

    run(body)


def test_lost_publications_are_caught_up_from_the_database_in_order(team, monkeypatch):
    """The channel layer went away for two messages: they were stored anyway, and the next event
    (or the heartbeat) makes the socket read the gap from the database, in order, once."""

    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await subscribe(rhythm, conversation.pk)
        layer = get_channel_layer()

        async def broken(group, event):
            raise ConnectionError("redis is restarting")

        monkeypatch.setattr(layer, "group_send", broken)
        for text in ("perdu 1", "perdu 2"):
            await db(say)(team.heart, conversation, text)  # stored although nothing is published
        assert await rhythm.receive_nothing(timeout=0.1)
        monkeypatch.undo()
        assert "group_send" not in vars(layer)  # the layer's own method again
        await db(say)(team.heart, conversation, "retour")
        frames = [await next_frame(rhythm) for _ in range(3)]
        assert bodies(frames) == ["perdu 1", "perdu 2", "retour"]
        assert await rhythm.receive_nothing(timeout=0.1)

    run(body)


async def held_publications(store) -> list:
    """The changes `store()` (sync, run in the database thread) publishes on conversation groups,
    held back instead of sent, so that a test can send them in another order, as two threads or
    processes may. Its other publications (to a persona's group) are lost."""
    held = []

    def hold(group, event):
        if event["type"] == "conversation.change":
            held.append((group, event))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(events, "publish", hold)
        await db(store)()
    return held


def count_gap_reads(monkeypatch) -> list:
    """Each read of a gap from the database (consumers._changes, which a subscribe also runs)."""
    reads = []
    real = consumers._changes

    def counted(*args, **kwargs):
        reads.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(consumers, "_changes", counted)
    return reads


async def watched_with_held_messages(team, monkeypatch, *texts):
    """A direct conversation that rhythm's socket watches, the gap reads counted from now on, and the
    publications of heart's messages `texts`, held."""
    conversation = await db(services.start_direct)(team.heart, team.rhythm)
    rhythm = await open_socket(team.rhythm.user, "cardio")
    await subscribe(rhythm, conversation.pk)
    reads = count_gap_reads(monkeypatch)
    held = await held_publications(lambda: [say(team.heart, conversation, text) for text in texts])
    return conversation, rhythm, reads, held


def test_events_that_overtook_earlier_ones_wait_for_them_without_reading_the_database(team, monkeypatch):
    """Publications of one conversation from several threads or processes can arrive out of order.
    Reading the database for each would make every socket of the group read it at once, under the
    load that makes overtaking common: the later events wait for the earlier ones instead."""

    async def body():
        conversation, rhythm, reads, held = await watched_with_held_messages(
            team, monkeypatch, "un", "deux", "trois"
        )
        layer = get_channel_layer()
        for index in (2, 1, 0):  # the last first
            await layer.group_send(*held[index])
        frames = [await next_frame(rhythm) for _ in range(3)]
        assert bodies(frames) == ["un", "deux", "trois"]
        assert [frame["sequence"] for frame in frames] == sorted(frame["sequence"] for frame in frames)
        assert reads == []
        assert await rhythm.receive_nothing(timeout=0.1)

    run(body)


def test_an_event_that_never_comes_is_read_from_the_database_once_after_the_wait(team, monkeypatch):
    monkeypatch.setattr(MessagingConsumer, "gap_wait_seconds", 0.05)

    async def body():
        conversation, rhythm, reads, held = await watched_with_held_messages(
            team, monkeypatch, "perdu", "deux", "trois"
        )
        layer = get_channel_layer()
        for index in (1, 2):  # the first is lost
            await layer.group_send(*held[index])
        frames = [await next_frame(rhythm) for _ in range(3)]
        assert bodies(frames) == ["perdu", "deux", "trois"]
        assert reads == [conversation.pk]  # one read for the gap, not one per event beyond it
        await layer.group_send(*held[0])  # late after all: already delivered
        assert await rhythm.receive_nothing(timeout=0.2)
        assert reads == [conversation.pk]

    run(body)


def test_a_gap_waits_longer_while_events_arrive_late(team, monkeypatch):
    """When this process receives events late (a server behind), a later event that overtook an
    earlier one waits for it longer than `gap_wait_seconds` instead of making every socket read the
    database: the earlier one is late like the others, not lost."""
    monkeypatch.setattr(MessagingConsumer, "gap_wait_seconds", 0.05)
    monkeypatch.setattr(MessagingConsumer, "lateness", consumers.Lateness())

    async def body():
        conversation, rhythm, reads, held = await watched_with_held_messages(
            team, monkeypatch, "un", "deux", "trois"
        )
        layer = get_channel_layer()
        first = dict(held[0][1], published_at=time.time() - 0.5)  # arrives half a second late
        await layer.group_send(held[0][0], first)
        assert bodies([await next_frame(rhythm)]) == ["un"]
        await layer.group_send(*held[2])
        assert await rhythm.receive_nothing(timeout=0.4)  # held: waits about a second, not 0.05 s
        assert reads == []
        await layer.group_send(*held[1])
        assert bodies([await next_frame(rhythm) for _ in range(2)]) == ["deux", "trois"]
        assert reads == []

    run(body)


def test_lateness_is_the_longest_of_the_last_seconds_and_is_forgotten():
    now = [1000.0]
    lateness = consumers.Lateness(clock=lambda: now[0])
    lateness.observe(0.8)
    lateness.observe(0.1)
    assert lateness.recent() == 0.8
    now[0] += lateness.window_seconds  # the next window still remembers the previous one
    lateness.observe(0.2)
    assert lateness.recent() == 0.8
    now[0] += lateness.window_seconds
    assert lateness.recent() == 0.2
    now[0] += 3 * lateness.window_seconds  # nothing came since: on time again
    assert lateness.recent() == 0.0


def test_an_event_held_behind_a_removal_is_dropped_with_it(team, monkeypatch):
    """The removal (in order) drops the conversation: what was held behind it, which the removed
    member may no longer read, is dropped with it."""
    monkeypatch.setattr(MessagingConsumer, "gap_wait_seconds", 5)

    async def body():
        group = await db(services.create_group)(team.heart, "Staff", [team.rhythm, team.valve])
        valve = await open_socket(team.valve.user, "cardio")
        await subscribe(valve, group.pk)
        before = await db(say)(team.heart, group, "avant")
        assert (await next_frame(valve))["body"] == "avant"

        def remove_then_edit():
            services.remove_participant(team.heart, group, team.valve)
            services.edit_message(team.heart, Message.objects.get(pk=before.pk), "après: modifié")

        held = await held_publications(remove_then_edit)
        assert [event["leaving"] for _group, event in held] == [team.valve.pk, None]
        layer = get_channel_layer()
        await layer.group_send(*held[1])  # the edit, which names no audience, overtakes the removal
        await layer.group_send(*held[0])
        assert await next_frame(valve) == {"type": "removed", "conversation": group.pk}
        assert await valve.receive_nothing(timeout=0.2)

    run(body)


def test_heartbeat_is_sent_and_catches_up(team, monkeypatch):
    monkeypatch.setattr(MessagingConsumer, "heartbeat_seconds", 0.05)

    async def body():
        socket = await open_socket(team.rhythm.user, "cardio")
        assert (await socket.receive_json_from(timeout=2))["type"] == "heartbeat"

    run(body)


# --- Membership, blocking, other networks --------------------------------------------------------
def test_member_removed_from_a_group_stops_receiving_at_once_and_cannot_resume(team):
    async def body():
        group = await db(services.create_group)(team.heart, "Staff", [team.rhythm, team.valve])
        valve = await open_socket(team.valve.user, "cardio")
        await subscribe(valve, group.pk)
        await db(say)(team.heart, group, "avant")
        assert (await next_frame(valve))["body"] == "avant"
        await db(services.remove_participant)(team.heart, group, team.valve)
        removed = await next_frame(valve)
        assert removed == {"type": "removed", "conversation": group.pk}
        await db(say)(team.heart, group, "après: secret")
        assert await valve.receive_nothing(timeout=0.2)
        for kind in ("resume", "subscribe"):
            await valve.send_json_to({"type": kind, "conversation": group.pk, "last_sequence": 0})
            assert (await next_frame(valve))["code"] == "not_found"
        await valve.send_json_to({"type": "send", "conversation": group.pk, "client_id": "x", "body": "?"})
        assert (await next_frame(valve))["code"] == "not_found"
        assert not await db(Message.objects.filter(sender=team.valve).exists)()

    run(body)


def test_removed_member_socket_is_dropped_even_if_the_removal_event_is_late(team):
    """Events from several processes can arrive out of order: a message after the removal reaching
    the removed member's socket first is a gap, read from the database, which refuses them."""

    async def body():
        group = await db(services.create_group)(team.heart, "Staff", [team.rhythm, team.valve])
        valve = await open_socket(team.valve.user, "cardio")
        await subscribe(valve, group.pk)

        def remove_quietly_then_write():
            # The removal is stored but its publication is lost; the next message is published.
            real = events.publish_change
            events.publish_change = lambda *args, **kwargs: None
            try:
                from django.db import transaction

                with transaction.atomic():
                    services.remove_participant(team.heart, group, team.valve)
            finally:
                events.publish_change = real
            say(team.heart, group, "après: secret")

        await db(remove_quietly_then_write)()
        assert await next_frame(valve) == {"type": "removed", "conversation": group.pk}
        assert await valve.receive_nothing(timeout=0.2)

    run(body)


def test_blocked_sender_gets_an_error_and_nothing_is_stored(team):
    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        await db(services.block)(team.rhythm, team.heart)
        heart = await open_socket(team.heart.user, "cardio")
        await heart.send_json_to(
            {"type": "send", "conversation": conversation.pk, "client_id": "b1", "body": "?", "ref": 7}
        )
        error = await next_frame(heart)
        assert (error["type"], error["code"], error["ref"]) == ("error", "blocked", 7)
        assert not await db(Message.objects.exists)()

    run(body)


def test_unknown_and_foreign_conversations_get_the_same_error(team):
    async def body():
        private = await db(services.start_direct)(team.heart, team.rhythm)
        valve = await open_socket(team.valve.user, "cardio")
        answers = []
        for conversation_id in (private.pk, 999_999):
            for frame in (
                {"type": "subscribe", "conversation": conversation_id, "last_sequence": 0},
                {"type": "send", "conversation": conversation_id, "client_id": "z", "body": "?"},
                {"type": "read", "conversation": conversation_id, "sequence": 1},
                {"type": "typing", "conversation": conversation_id},
            ):
                await valve.send_json_to(frame)
                answers.append(await next_frame(valve))
        assert all(answer == answers[0] for answer in answers)
        assert answers[0]["code"] == "not_found"
        assert not await db(Message.objects.exists)()

    run(body)


# --- Bad frames ----------------------------------------------------------------------------------
def test_bad_frames_get_error_frames_and_the_connection_survives(team):
    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        heart = await open_socket(team.heart.user, "cardio")
        cases = [
            ("{not json", "malformed_json"),
            ("[1, 2]", "invalid_frame"),
            (json.dumps({"type": "dance"}), "unknown_type"),
            (json.dumps({"type": "send", "conversation": conversation.pk}), "invalid_frame"),
            (json.dumps({"type": "send", "conversation": "1", "client_id": "a", "body": "x"}), "invalid_frame"),
            (json.dumps({"type": "send", "conversation": conversation.pk, "client_id": "bad id!", "body": "x"}),
             "invalid_client_id"),
            (json.dumps({"type": "send", "conversation": conversation.pk, "client_id": "long",
                         "body": "x" * (services.MAX_BODY_CHARS + 1)}), "message_too_long"),
            (json.dumps({"type": "send", "conversation": conversation.pk, "client_id": "e", "body": "   "}),
             "empty_message"),
            ("x" * 70_000, "frame_too_large"),
        ]  # fmt: skip
        for text, code in cases:
            await heart.send_to(text_data=text)
            frame = await next_frame(heart)
            assert (frame["type"], frame["code"]) == ("error", code), text[:60]
        await heart.send_to(bytes_data=b"\x00\x01")
        assert (await next_frame(heart))["code"] == "binary_frame"
        await heart.send_json_to({"type": "ping", "ref": "still-there"})
        assert await next_frame(heart) == {"type": "pong", "ref": "still-there"}
        assert not await db(Message.objects.exists)()

    run(body)


# --- Typing, receipts, unread pings --------------------------------------------------------------
def test_typing_and_read_receipts_reach_the_other_participant(team):
    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        await db(say)(team.heart, conversation, "tu as vu ?")
        heart = await open_socket(team.heart.user, "cardio")
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await subscribe(heart, conversation.pk)
        await subscribe(rhythm, conversation.pk)
        await rhythm.send_json_to({"type": "typing", "conversation": conversation.pk})
        typing = await next_frame(heart)
        assert typing == {"type": "typing", "conversation": conversation.pk,
                          "member": {"id": team.rhythm.pk, "name": "Dr Rythme"}}  # fmt: skip
        assert await rhythm.receive_nothing(timeout=0.1)  # not echoed to the typist
        assert await db(queries.unread_total)(team.rhythm) == 1
        await rhythm.send_json_to({"type": "read", "conversation": conversation.pk, "sequence": 1})
        receipt = await next_frame(heart, skip=())
        assert (receipt["type"], receipt["member"], receipt["read_sequence"]) == (
            "receipt",
            team.rhythm.pk,
            1,
        )
        assert await db(queries.unread_total)(team.rhythm) == 0

    run(body)


def test_sockets_not_watching_a_conversation_get_an_unread_ping(team):
    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await db(say)(team.heart, conversation, "coucou")
        frame = await rhythm.receive_json_from(timeout=3)
        assert frame == {"type": "unread", "conversation": conversation.pk}  # no text leaves the database

    run(body)


def test_unread_pings_follow_membership_mutes_and_watching(team):
    """Each socket hears of every conversation its persona takes part in, through one event per
    change: the message while it watches, an unread ping otherwise; nothing once muted, nothing to
    the sender's own tabs, nothing after being removed; a conversation one is added to after
    connecting is heard of at once."""

    async def body():
        group = await db(services.create_group)(team.heart, "Staff", [team.rhythm])
        rhythm = await open_socket(team.rhythm.user, "cardio")
        heart_tab = await open_socket(team.heart.user, "cardio")
        valve = await open_socket(team.valve.user, "cardio")
        await db(say)(team.heart, group, "un")
        assert await rhythm.receive_json_from(timeout=3) == {"type": "unread", "conversation": group.pk}
        assert await heart_tab.receive_nothing(timeout=0.1)  # the sender's own tab
        assert await valve.receive_nothing(timeout=0.1)  # not a participant

        await db(services.add_participants)(team.heart, group, [team.valve])
        assert await valve.receive_json_from(timeout=3) == {
            "type": "conversation_added",
            "conversation": group.pk,
        }
        await db(say)(team.heart, group, "deux")
        assert await valve.receive_json_from(timeout=3) == {"type": "unread", "conversation": group.pk}

        await subscribe(rhythm, group.pk)  # replays the history, up to "subscribed"
        await db(say)(team.heart, group, "trois")
        assert (await next_frame(rhythm))["body"] == "trois"  # watching: the message, no ping
        assert await rhythm.receive_nothing(timeout=0.1)
        await rhythm.send_json_to({"type": "unsubscribe", "conversation": group.pk})
        assert (await next_frame(rhythm))["type"] == "unsubscribed"
        await db(say)(team.heart, group, "quatre")
        assert await rhythm.receive_json_from(timeout=3) == {"type": "unread", "conversation": group.pk}
        for _ in ("trois", "quatre"):
            assert await valve.receive_json_from(timeout=3) == {"type": "unread", "conversation": group.pk}

        await db(services.set_muted)(team.rhythm, group, True)
        await db(services.remove_participant)(team.heart, group, team.valve)
        assert await valve.receive_nothing(timeout=0.2)  # was not watching: nothing to stop
        await db(say)(team.heart, group, "cinq")
        assert await rhythm.receive_nothing(timeout=0.2)  # muted
        assert await valve.receive_nothing(timeout=0.2)  # removed
        for socket in (rhythm, heart_tab, valve):
            await socket.disconnect()

    run(body)


def test_a_reply_to_a_message_from_before_one_joined_names_no_quote(team):
    """Live, on resume, and for an edit: a member added later never learns the id of a message from
    before they joined; those who were there see it."""

    async def body():
        group = await db(services.create_group)(team.heart, "Staff", [team.rhythm])
        old = await db(say)(team.heart, group, "avant l'arrivée de valve")
        await db(services.add_participants)(team.heart, group, [team.valve])
        valve = await open_socket(team.valve.user, "cardio")
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await subscribe(valve, group.pk)
        await subscribe(rhythm, group.pk, last_sequence=await db(lambda: old.sequence)())
        reply = await db(say)(team.rhythm, group, "je réponds", reply_to=old.pk)
        live = await next_frame(valve)
        assert (live["body"], live["reply_to"]) == ("je réponds", None)
        assert (await next_frame(rhythm))["reply_to"] == old.pk
        await db(services.edit_message)(team.rhythm, reply, "je réponds (corrigé)")
        edited = await next_frame(valve)
        assert (edited["body"], edited["reply_to"]) == ("je réponds (corrigé)", None)
        assert (await next_frame(rhythm))["reply_to"] == old.pk
        await valve.disconnect()
        valve = await open_socket(team.valve.user, "cardio")
        replayed = [frame for frame in await subscribe(valve, group.pk) if frame["type"] == "message"]
        assert [frame["reply_to"] for frame in replayed if frame["id"] == reply.pk] == [None]
        for communicator in (valve, rhythm):
            await communicator.disconnect()

    run(body)
