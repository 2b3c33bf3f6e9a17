"""What a socket's catch-up costs (the heartbeat's, every ~45 s per socket, and a gap fill's): with
nothing new since the socket's last sequence, one statement, which still checks the participation
and the membership; with something new, the changes in order. A subscribe's answer alone carries
the receipts."""

import pytest
from asgiref.sync import async_to_sync
from django.http import Http404

from entrepairs.messaging import consumers, queries, services
from tests.messaging.helpers import say
from tests.messaging.sockets import db, frames_until, open_socket
from tests.messaging.test_socket_authorisation import set_status


def _latest(conversation) -> int:
    conversation.refresh_from_db()
    return conversation.next_sequence - 1


@pytest.mark.django_db
def test_a_catch_up_with_nothing_new_takes_one_statement(team, django_assert_num_queries):
    group = services.create_group(team.heart, "Staff", [team.rhythm, team.valve])
    say(team.heart, group, "bonjour")
    latest = _latest(group)
    with django_assert_num_queries(1):
        found = consumers._changes(team.valve, group.pk, latest, "cardio")
    assert (found["changes"], found["frames"], found["latest"]) == ([], [], latest)
    assert "receipts" not in found


@pytest.mark.django_db
def test_a_catch_up_reads_what_is_new_in_order_without_receipts(team):
    group = services.create_group(team.heart, "Staff", [team.rhythm, team.valve])
    seen = _latest(group)
    for text in ("un", "deux"):
        say(team.heart, group, text)
    found = consumers._changes(team.valve, group.pk, seen, "cardio")
    assert [frame["body"] for frame in found["frames"]] == ["un", "deux"]
    assert found["latest"] == _latest(group)
    assert "receipts" not in found


@pytest.mark.django_db
def test_a_catch_up_with_nothing_new_still_refuses_a_removed_participant(team):
    group = services.create_group(team.heart, "Staff", [team.rhythm, team.valve])
    latest = _latest(group)
    services.remove_participant(team.heart, group, team.valve)
    with pytest.raises(Http404):
        queries.changes_after(team.valve, group.pk, latest + 10)


@pytest.mark.django_db
def test_a_catch_up_with_nothing_new_still_refuses_an_ended_membership(team):
    group = services.create_group(team.heart, "Staff", [team.rhythm, team.valve])
    latest = _latest(group)
    set_status(team.valve, "banned")
    with pytest.raises(consumers.MembershipEnded):
        consumers._changes(team.valve, group.pk, latest, "cardio")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_professions", "fresh_channel_layer")
def test_subscribed_carries_everyones_receipts(team):
    async def body():
        group = await db(services.create_group)(team.heart, "Staff", [team.rhythm])
        message = await db(say)(team.heart, group, "bonjour")
        socket = await open_socket(team.rhythm.user, "cardio")
        await socket.send_json_to({"type": "subscribe", "conversation": group.pk})
        subscribed = (await frames_until(socket, "subscribed"))[-1]
        assert {row["member"]: row["read_sequence"] for row in subscribed["receipts"]} == {
            team.heart.pk: message.sequence,
            team.rhythm.pk: 0,
        }
        await socket.disconnect()

    async_to_sync(body)()
