"""The websocket's send goes through the same privacy check as the pages and the API: an error frame
with a stable code, the kinds, the offsets and the audience, never the value; the client sends again
with `confirm_privacy` and the same client_id."""

import pytest
from asgiref.sync import async_to_sync

from entrepairs.messaging import services
from entrepairs.messaging.models import Message
from tests.messaging.sockets import db, frames_until, open_socket

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_professions", "fresh_channel_layer"),
]

PHONE = "06 12 34 56 78"
WITH_PHONE = f"Tu peux m'appeler au {PHONE} ce soir."


def test_unconfirmed_send_is_an_error_frame_then_the_confirmed_resend_is_acked(team):
    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        heart = await open_socket(team.heart.user, "cardio")
        frame = {
            "type": "send",
            "conversation": conversation.pk,
            "client_id": "ws-1",
            "body": WITH_PHONE,
            "ref": "r1",
        }
        await heart.send_json_to(frame)
        error = (await frames_until(heart, "error"))[-1]
        start = WITH_PHONE.index(PHONE)
        assert error == {
            "type": "error", "code": "privacy_confirm_required", "message": error["message"], "ref": "r1",
            "kinds": ["PHONE"], "confirm_kinds": ["PHONE"], "audience": 2,
            "findings": [{"field": "body", "kind": "PHONE", "action": "confirm", "start": start,
                          "end": start + len(PHONE)}],
        }  # fmt: skip
        assert PHONE not in error["message"]
        assert not await db(Message.objects.filter(conversation=conversation).exists)()

        await heart.send_json_to({**frame, "confirm_privacy": ["PHONE"], "ref": "r2"})
        ack = (await frames_until(heart, "ack"))[-1]
        assert (ack["ref"], ack["duplicate"]) == ("r2", False)
        assert await db(Message.objects.filter(conversation=conversation).count)() == 1

        await heart.send_json_to(
            {**frame, "client_id": "ws-2", "confirm_privacy": ["SHOE_SIZE"], "ref": "r3"}
        )
        invalid = (await frames_until(heart, "error"))[-1]
        assert (invalid["code"], invalid["ref"]) == ("invalid_frame", "r3")
        await heart.disconnect()

    async_to_sync(body)()
