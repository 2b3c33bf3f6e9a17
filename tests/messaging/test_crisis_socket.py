"""Crisis response on the websocket: a message suggesting distress is stored and broadcast like any
other; the sender's ack carries the support lines; the network's moderators get a priority item."""

import pytest
from asgiref.sync import async_to_sync

from entrepairs.messaging import services
from entrepairs.moderation.models import Report
from tests.messaging.sockets import db, frames_until, open_socket

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_professions", "fresh_channel_layer"),
]


def test_the_ack_carries_support_lines_and_the_queue_a_priority_item(team):
    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        heart = await open_socket(team.heart.user, "cardio")
        frame = {"type": "send", "conversation": conversation.pk, "client_id": "c1", "ref": "r1"}
        await heart.send_json_to({**frame, "body": "Je n'en peux plus, je veux mourir."})
        ack = (await frames_until(heart, "ack"))[-1]
        assert any("3114" in line for line in ack["support"])
        report = await db(Report.objects.get)()
        assert (report.kind, report.source, report.priority) == ("message", "crisis", True)

        await heart.send_json_to({**frame, "client_id": "c2", "ref": "r2", "body": "Ce traitement me tue."})
        ack = (await frames_until(heart, "ack"))[-1]
        assert "support" not in ack
        await heart.disconnect()

    async_to_sync(body)()
