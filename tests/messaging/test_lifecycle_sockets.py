"""Every way a membership ends closes that persona's open websockets with its documented code
(4404 ended, 4410 verification lapsed), whoever ends it: a moderator, the Django admin, a command.
Rejoining starts fresh on the socket too: a resume from 0 replays nothing written while away."""

from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from entrepairs.messaging import services
from entrepairs.networks import lifecycle
from entrepairs.networks import services as network_services
from entrepairs.networks.models import Membership
from entrepairs.professionals.models import Qualification
from tests.messaging.helpers import say
from tests.messaging.sockets import db, frames_until, open_socket

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_professions", "fresh_channel_layer"),
]
REASON = "Sollicitations commerciales"


def _expired(member):
    Qualification.objects.filter(pk=member.qualification_id).update(
        verified_until=timezone.now() - timedelta(days=1)
    )
    return member


def run(coroutine_function):
    return async_to_sync(coroutine_function)()


async def closed_with(communicator) -> int:
    """The close code, skipping the frames the server sent before closing (removed, unread...)."""
    while True:
        output = await communicator.receive_output(timeout=3)
        if output["type"] == "websocket.close":
            return output["code"]


@pytest.mark.parametrize(
    ("end", "code"),
    [
        (lambda team: lifecycle.remove_member(team.heart, team.rhythm, reason=REASON), 4404),
        (lambda team: lifecycle.ban_member(team.heart, team.rhythm, reason=REASON), 4404),
        (lambda team: lifecycle.remove_member(team.world.operator, team.rhythm, reason=REASON), 4404),
        (lambda team: lifecycle.lapse_verification(_expired(team.rhythm)), 4410),
    ],
    ids=["remove", "ban", "operator-remove", "lapse"],
)
def test_each_ending_closes_the_personas_sockets_with_its_code(team, end, code):
    async def body():
        ended = await open_socket(team.rhythm.user, "cardio")
        colleague = await open_socket(team.heart.user, "cardio")
        await db(end)(team)
        assert await closed_with(ended) == code
        await colleague.send_json_to({"type": "ping"})
        assert (await frames_until(colleague, "pong"))[-1]["type"] == "pong"
        await colleague.disconnect()
        await open_socket(team.rhythm.user, "cardio", expect=False)

    run(body)


def test_the_admin_action_closes_the_sockets(team, client):
    client.force_login(team.world.operator)
    url = reverse("admin:networks_membership_changelist")

    async def body():
        socket = await open_socket(team.rhythm.user, "cardio")
        response = await db(client.post)(
            url,
            {
                "action": "remove_members",
                "_selected_action": [team.rhythm.pk],
                "reason": REASON,
                "apply": "1",
            },
        )
        assert response.status_code == 302
        assert await closed_with(socket) == 4404

    run(body)
    membership = Membership.objects.get(pk=team.rhythm.pk)
    assert membership.status == Membership.Status.REMOVED and membership.ended_by is None


def test_the_command_closes_the_sockets(team):
    async def body():
        socket = await open_socket(team.rhythm.user, "cardio")
        await db(call_command)(
            "end_membership", "cardio", str(team.rhythm.pk), "ban", "--reason", REASON,
            "--operator", team.world.operator.email,
        )  # fmt: skip
        assert await closed_with(socket) == 4404

    run(body)
    assert Membership.objects.get(pk=team.rhythm.pk).status == Membership.Status.BANNED


def test_rejoining_resumes_nothing_written_while_away(team):
    async def body():
        direct = await db(services.start_direct)(team.heart, team.rhythm)
        group = await db(services.create_group)(team.heart, "Staff", [team.rhythm, team.valve])
        await db(say)(team.heart, direct, "avant")
        await db(network_services.leave_network)(team.rhythm)
        await db(say)(team.heart, group, "pendant l'absence")

        def rejoin():
            network_services.join_network(team.rhythm.user, team.rhythm.network, display_name="Dr Rythme")
            return services.start_direct(team.rhythm, team.heart)

        assert (await db(rejoin)()).pk == direct.pk
        socket = await open_socket(team.rhythm.user, "cardio")
        for conversation, expected in ((direct, "subscribed"), (group, "error")):
            await socket.send_json_to({"type": "resume", "conversation": conversation.pk, "last_sequence": 0})
            frames = await frames_until(socket, expected)
            assert not [frame for frame in frames if frame["type"] == "message"]
        await socket.disconnect()

    run(body)
