"""Every websocket frame is authorised, not only the handshake (issue 10).

A membership can end while its socket is open, and the event that would close the socket can be
lost (here: none is sent at all, as when an operator saved a status in the Django admin). Then every
later send, subscribe/resume, read/delivered or typing frame is refused, nothing is stored or
relayed, and the socket closes: 4404 membership ended, 4410 verification lapsed, 4403 account
deactivated. New messages of the others are not delivered to it. The membership condition rides in
the statement each frame runs anyway: a send runs no more queries than before."""

from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from entrepairs.accounts.models import User
from entrepairs.messaging import services
from entrepairs.messaging.consumers import MessagingConsumer
from entrepairs.messaging.models import Message, Participant
from entrepairs.networks.models import Membership
from entrepairs.professionals.models import Qualification
from tests import factories as f
from tests.api_client import error_of
from tests.messaging.helpers import say
from tests.messaging.sockets import db, frames_until, next_frame, open_socket

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_professions", "fresh_channel_layer"),
]

TRANSACTION = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT"}
ENDED = ["refused", "left", "removed", "banned", "pending"]


def run(coroutine_function):
    return async_to_sync(coroutine_function)()


async def subscribe(communicator, conversation_id, last_sequence=0, kind="subscribe"):
    await communicator.send_json_to(
        {"type": kind, "conversation": conversation_id, "last_sequence": last_sequence}
    )
    return await frames_until(communicator, "subscribed")


async def closed_with(communicator) -> int:
    """The close code of the next output, skipping nothing: a refused frame gets no answer but the close."""
    output = await communicator.receive_output(timeout=3)
    assert output["type"] == "websocket.close", output
    return output["code"]


def set_status(member, status):
    # As the Django admin's save did: the row changes, no event is published.
    Membership.objects.filter(pk=member.pk).update(status=status)


def lapse(member):
    Qualification.objects.filter(pk=member.qualification_id).update(
        verified_until=timezone.now() - timedelta(days=1)
    )


def deactivate(member):
    User.objects.filter(pk=member.user_id).update(is_active=False)


def message_count():
    return Message.objects.count()


def send_frame(conversation_id, client_id="after"):
    return {"type": "send", "conversation": conversation_id, "client_id": client_id, "body": "encore là ?"}


# --- send -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("status", ENDED)
def test_send_after_the_membership_ended_is_refused_nothing_stored_and_closes_4404(team, status):
    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await subscribe(rhythm, conversation.pk)
        await db(set_status)(team.rhythm, status)
        before = await db(message_count)()
        await rhythm.send_json_to(send_frame(conversation.pk))
        assert await closed_with(rhythm) == 4404
        assert await db(message_count)() == before
        assert not await db(Message.objects.filter(sender=team.rhythm).exists)()

    run(body)


def test_send_in_a_patient_network_after_removal_closes_4404(breast_on):
    world = breast_on

    async def body():
        conversation = await db(services.start_direct)(world.patient, world.relative)
        patient = await open_socket(world.patient.user, "breast")
        await db(set_status)(world.patient, "removed")
        await patient.send_json_to(send_frame(conversation.pk))
        assert await closed_with(patient) == 4404
        assert not await db(Message.objects.exists)()

    run(body)


def _unverify(member):
    Qualification.objects.filter(pk=member.qualification_id).update(status="rejected")


@pytest.mark.parametrize(
    ("end", "code"),
    [(lapse, 4410), (_unverify, 4410), (deactivate, 4403)],
    ids=["verification_lapsed", "qualification_unverified", "account_deactivated"],
)
def test_send_after_the_standing_ended_is_refused_and_closes_with_its_code(team, end, code):
    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await db(end)(team.rhythm)
        await rhythm.send_json_to(send_frame(conversation.pk))
        assert await closed_with(rhythm) == code
        assert not await db(Message.objects.exists)()

    run(body)


def test_a_lapsed_verification_replaced_by_a_current_one_keeps_the_socket(team):
    """As on entering the network: another verified qualification that the network admits takes the
    lapsed one's place, and the frame goes through."""

    def lapse_and_renew():
        lapse(team.rhythm)
        Qualification.objects.filter(pk=team.rhythm.qualification_id).update(specialty=None)
        return f.qualification_factory(team.rhythm.user, profession_code="10", specialty_code="SM04")

    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        rhythm = await open_socket(team.rhythm.user, "cardio")
        renewed = await db(lapse_and_renew)()
        await rhythm.send_json_to(send_frame(conversation.pk))
        ack = (await frames_until(rhythm, "ack"))[-1]
        assert ack["duplicate"] is False
        assert await db(lambda: Membership.objects.get(pk=team.rhythm.pk).qualification_id)() == renewed.pk
        await rhythm.disconnect()

    run(body)


def test_a_conversation_one_is_not_in_still_answers_not_found_and_stays_open(team):
    """The refusal path tells the two apart: a standing member gets not_found, as before."""

    async def body():
        private = await db(services.start_direct)(team.heart, team.rhythm)
        valve = await open_socket(team.valve.user, "cardio")
        await valve.send_json_to(send_frame(private.pk))
        assert (await next_frame(valve))["code"] == "not_found"
        await valve.send_json_to({"type": "ping"})
        assert (await next_frame(valve))["type"] == "pong"
        await valve.disconnect()

    run(body)


# --- subscribe / resume, read / delivered, typing ---------------------------------------------------
@pytest.mark.parametrize("kind", ["subscribe", "resume"])
def test_subscribe_or_resume_after_removal_is_refused_and_closes_4404(team, kind):
    async def body():
        conversation = await db(services.create_group)(team.heart, "Staff", [team.rhythm, team.valve])
        await db(say)(team.heart, conversation, "avant")
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await db(set_status)(team.rhythm, "removed")
        await db(say)(team.heart, conversation, "après: secret")
        await rhythm.send_json_to({"type": kind, "conversation": conversation.pk, "last_sequence": 0})
        assert await closed_with(rhythm) == 4404  # no replay frame came before the close

    run(body)


def test_resume_after_verification_lapsed_closes_4410(team):
    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await db(lapse)(team.rhythm)
        await rhythm.send_json_to({"type": "resume", "conversation": conversation.pk, "last_sequence": 0})
        assert await closed_with(rhythm) == 4410

    run(body)


@pytest.mark.parametrize("kind", ["read", "delivered"])
def test_receipts_after_removal_are_refused_and_close_4404(team, kind):
    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        await db(say)(team.heart, conversation, "lu ?")
        heart = await open_socket(team.heart.user, "cardio")
        await subscribe(heart, conversation.pk)
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await db(set_status)(team.rhythm, "removed")
        await rhythm.send_json_to({"type": kind, "conversation": conversation.pk, "sequence": 1})
        assert await closed_with(rhythm) == 4404
        row = await db(Participant.objects.get)(conversation=conversation, member=team.rhythm)
        assert (row.last_read_sequence, row.last_delivered_sequence) == (0, 0)
        assert await heart.receive_nothing(timeout=0.2)  # no receipt
        await heart.disconnect()

    run(body)


def test_typing_after_removal_is_refused_and_closes_4404(team, monkeypatch):
    """Typing runs no statement: it checks once the last check is older than `recheck_seconds`
    (45 s, as the heartbeat; 0 here, to need no waiting)."""
    monkeypatch.setattr(MessagingConsumer, "recheck_seconds", 0)

    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        heart = await open_socket(team.heart.user, "cardio")
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await subscribe(heart, conversation.pk)
        await subscribe(rhythm, conversation.pk)
        await db(set_status)(team.rhythm, "removed")
        await rhythm.send_json_to({"type": "typing", "conversation": conversation.pk})
        assert await closed_with(rhythm) == 4404
        assert await heart.receive_nothing(timeout=0.2)  # the others were not told
        await heart.disconnect()

    run(body)


def test_typing_right_after_a_check_is_relayed_without_a_query(team, monkeypatch):
    """The common case: the subscribe just checked the membership, typing runs no query."""

    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        heart = await open_socket(team.heart.user, "cardio")
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await subscribe(heart, conversation.pk)
        await subscribe(rhythm, conversation.pk)
        context = CaptureQueriesContext(connection)
        await db(context.__enter__)()
        await rhythm.send_json_to({"type": "typing", "conversation": conversation.pk})
        assert (await next_frame(heart))["type"] == "typing"
        await db(context.__exit__)(None, None, None)
        assert await db(lambda: len(context))() == 0
        for socket in (heart, rhythm):
            await socket.disconnect()

    run(body)


# --- deliveries -----------------------------------------------------------------------------------
@pytest.mark.parametrize("end", [set_status, lapse, deactivate], ids=["removed", "lapsed", "deactivated"])
def test_a_new_message_is_not_delivered_after_the_membership_ended(team, end):
    """No close event reached the socket: the message's event does not name the persona (it was not
    standing when the message was sent), so the socket asks the database instead of delivering."""
    expected = {set_status: 4404, lapse: 4410, deactivate: 4403}[end]

    async def body():
        conversation = await db(services.create_group)(team.heart, "Staff", [team.rhythm, team.valve])
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await subscribe(rhythm, conversation.pk)
        await db(say)(team.heart, conversation, "avant")
        assert (await next_frame(rhythm))["body"] == "avant"
        if end is set_status:
            await db(set_status)(team.rhythm, "removed")
        else:
            await db(end)(team.rhythm)
        await db(say)(team.heart, conversation, "après: secret")
        assert await closed_with(rhythm) == expected  # the close, and no message frame before it

    run(body)


def test_a_socket_not_watching_gets_no_unread_ping_after_removal_and_closes(team):
    async def body():
        conversation = await db(services.create_group)(team.heart, "Staff", [team.rhythm, team.valve])
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await db(set_status)(team.rhythm, "removed")
        await db(say)(team.heart, conversation, "après: secret")
        assert await closed_with(rhythm) == 4404  # no "unread" before it

    run(body)


def test_the_heartbeat_closes_a_socket_whose_membership_ended(team, monkeypatch):
    """Nothing at all happens in the conversation: the heartbeat's re-check closes the socket, and it
    hears nothing more (here a typing event, which carries no audience)."""
    monkeypatch.setattr(MessagingConsumer, "heartbeat_seconds", 0.2)

    async def body():
        conversation = await db(services.start_direct)(team.heart, team.rhythm)
        heart = await open_socket(team.heart.user, "cardio")
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await subscribe(heart, conversation.pk)
        await subscribe(rhythm, conversation.pk)
        await db(set_status)(team.rhythm, "banned")
        for _beat in range(10):  # a heartbeat or two may come first; then the close (never: 10 beats)
            output = await rhythm.receive_output(timeout=3)
            if output["type"] == "websocket.close":
                break
        assert output == {"type": "websocket.close", "code": 4404}
        await heart.send_json_to({"type": "typing", "conversation": conversation.pk})
        assert await rhythm.receive_nothing(timeout=0.2)
        await heart.disconnect()

    run(body)


def test_other_participants_keep_receiving(team):
    """One persona's membership ending closes only its socket; the others' deliveries go on."""

    async def body():
        group = await db(services.create_group)(team.heart, "Staff", [team.rhythm, team.valve])
        valve = await open_socket(team.valve.user, "cardio")
        rhythm = await open_socket(team.rhythm.user, "cardio")
        await subscribe(valve, group.pk)
        await subscribe(rhythm, group.pk)
        await db(set_status)(team.rhythm, "removed")
        await db(say)(team.heart, group, "pour Valve")
        assert (await next_frame(valve))["body"] == "pour Valve"
        assert await closed_with(rhythm) == 4404
        await valve.disconnect()

    run(body)


# --- cost -----------------------------------------------------------------------------------------
# And BEGIN, COMMIT (docs/messaging-protocol.md, Benchmark); 7 before a retry was met by the insert.
SEND_QUERIES = 5


def test_a_send_frame_runs_as_many_queries_as_before(team, settings, monkeypatch):
    # Counted on the connection of the thread `db` runs in: the consumer's too, with one thread.
    settings.MESSAGING_DB_THREADS = 1
    monkeypatch.setattr("entrepairs.messaging.db._POOL", None)

    async def body():
        conversation = await db(services.create_group)(team.heart, "Staff", [team.rhythm, team.valve])
        heart = await open_socket(team.heart.user, "cardio")
        await heart.send_json_to(send_frame(conversation.pk, "warm-up"))
        await frames_until(heart, "ack")
        context = CaptureQueriesContext(connection)
        await db(context.__enter__)()
        await heart.send_json_to(send_frame(conversation.pk, "counted"))
        await frames_until(heart, "ack")
        await db(context.__exit__)(None, None, None)
        queries = await db(
            lambda: [query["sql"] for query in context.captured_queries if query["sql"] not in TRANSACTION]
        )()
        assert len(queries) == SEND_QUERIES, "\n".join(queries)
        await heart.disconnect()

    run(body)


# --- the API, which shares these queries, answers as before ------------------------------------
@pytest.mark.parametrize("path", ["/conversations/{id}/messages", "/conversations/{id}/changes?after=0"])
def test_the_api_still_answers_404_and_verification_lapsed(api_for, team, path):
    group = services.create_group(team.heart, "Staff", [team.rhythm, team.valve])
    say(team.heart, group, "bonjour")
    url = path.format(id=group.pk)
    assert api_for(team.rhythm).get(url).status_code == 200
    lapse(team.rhythm)
    error_of(api_for(team.rhythm).get(url), 403, "verification_lapsed")
    set_status(team.valve, "removed")
    error_of(api_for(team.valve).get(url), 404, "not_found")
    assert api_for(team.heart).get(url).status_code == 200
