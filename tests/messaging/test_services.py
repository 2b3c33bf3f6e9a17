"""Operations on conversations: what each persona may do, and that refusals change nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from PIL import Image

from entrepairs.errors import ActionRefused
from entrepairs.messaging import attachments, consumers, protocol, queries, services
from entrepairs.messaging.models import Block, Conversation, Message, Participant
from tests.factories import suspension_factory
from tests.images import jpeg_with_gps
from tests.messaging.helpers import say


def test_messages_get_strictly_increasing_sequences(team):
    conversation = services.start_direct(team.heart, team.rhythm)
    sequences = [say(team.heart if i % 2 else team.rhythm, conversation, f"m{i}").sequence for i in range(5)]
    assert sequences == [1, 2, 3, 4, 5]
    conversation.refresh_from_db()
    assert conversation.next_sequence == 6


def test_same_client_id_twice_stores_one_message_and_returns_it(team):
    conversation = services.start_direct(team.heart, team.rhythm)
    first, created = services.send_message(team.heart, conversation, body="Avis ECG ?", client_id="tab1-7")
    again, created_again = services.send_message(
        team.heart, conversation, body="Avis ECG ?", client_id="tab1-7"
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk and again.sequence == first.sequence
    assert Message.objects.filter(conversation=conversation).count() == 1


def test_client_ids_are_per_sender(team):
    conversation = services.start_direct(team.heart, team.rhythm)
    say(team.heart, conversation, client_id="same")
    say(team.rhythm, conversation, client_id="same")
    assert Message.objects.filter(conversation=conversation).count() == 2


def test_start_direct_is_one_conversation_per_pair(team):
    first = services.start_direct(team.heart, team.rhythm)
    assert services.start_direct(team.rhythm, team.heart).pk == first.pk
    assert Conversation.objects.filter(kind="direct").count() == 1


def test_direct_conversation_with_another_network_is_refused_as_not_found(team):
    with pytest.raises(ActionRefused) as refused:
        services.start_direct(team.heart, team.world.outsider)
    assert refused.value.status == 404
    assert not Conversation.objects.exists()


def test_patient_network_refuses_private_messages_until_allowed(world):
    with pytest.raises(ActionRefused) as refused:
        services.start_direct(world.patient, world.relative)
    assert refused.value.code == "private_messages_off"
    assert not Conversation.objects.exists()
    world.breast.allow_private_messages = True
    world.breast.save()
    world.patient.network.refresh_from_db()
    assert services.start_direct(world.patient, world.relative).kind == "direct"


def test_professional_networks_always_allow_private_messages(world):
    assert world.cardio.allow_private_messages is False
    assert world.cardio.private_messages_enabled is True
    assert world.breast.private_messages_enabled is False


def test_blocked_member_cannot_start_or_write_a_direct_conversation(team):
    conversation = services.start_direct(team.heart, team.rhythm)
    services.block(team.rhythm, team.heart)
    with pytest.raises(ActionRefused) as refused:
        say(team.heart, conversation, "Tu es là ?")
    assert refused.value.code == "blocked"
    with pytest.raises(ActionRefused) as refused:
        services.start_direct(team.heart, team.rhythm)
    assert refused.value.code == "blocked"
    assert not Message.objects.exists()
    services.unblock(team.rhythm, team.heart)
    assert say(team.heart, conversation, "Tu es là ?").sequence == 1


def test_a_member_who_blocked_you_cannot_be_added_to_your_group(team):
    services.block(team.valve, team.heart)
    with pytest.raises(ActionRefused) as refused:
        services.create_group(team.heart, "Staff", [team.rhythm, team.valve])
    assert refused.value.code == "blocked"
    assert not Conversation.objects.exists()


def test_group_admin_adds_and_removes_members_others_cannot(team):
    group = services.create_group(team.heart, "Staff écho", [team.rhythm])
    with pytest.raises(ActionRefused) as refused:
        services.add_participants(team.rhythm, group, [team.valve])
    assert (refused.value.status, refused.value.code) == (403, "forbidden")
    assert not Participant.objects.filter(conversation=group, member=team.valve).exists()
    services.add_participants(team.heart, group, [team.valve])
    assert queries.get_participant_or_404(team.valve, group.pk).role == "member"
    services.remove_participant(team.heart, group, team.valve)
    with pytest.raises(Http404):
        queries.get_participant_or_404(team.valve, group.pk)


def test_removed_member_reads_nothing_written_after_removal(team):
    group = services.create_group(team.heart, "Staff", [team.rhythm, team.valve])
    say(team.heart, group, "avant")
    services.remove_participant(team.heart, group, team.valve)
    say(team.heart, group, "après")
    with pytest.raises(Http404):
        queries.changes_after(team.valve, group.pk, 0)
    after = Message.objects.get(body="après")
    with pytest.raises(Http404):
        queries.get_message_or_404(team.valve, after.pk)


def test_member_added_later_sees_only_what_follows(team):
    group = services.create_group(team.heart, "Staff", [team.rhythm])
    before = say(team.heart, group, "historique privé")
    services.add_participants(team.heart, group, [team.valve])
    after = say(team.heart, group, "bienvenue")
    participant = queries.get_participant_or_404(team.valve, group.pk)
    bodies = [m.body for m in queries.history_page(participant, before=None, limit=50)[0] if m.kind == "text"]
    assert bodies == ["bienvenue"]
    with pytest.raises(Http404):
        queries.get_message_or_404(team.valve, before.pk)
    assert queries.get_message_or_404(team.valve, after.pk) == after


def test_last_admin_leaving_hands_the_group_over(team):
    group = services.create_group(team.heart, "Staff", [team.rhythm, team.valve])
    services.leave_group(team.heart, group)
    assert queries.get_participant_or_404(team.rhythm, group.pk).role == "admin"
    with pytest.raises(Http404):
        queries.get_participant_or_404(team.heart, group.pk)


def test_direct_conversations_cannot_be_left(team):
    conversation = services.start_direct(team.heart, team.rhythm)
    with pytest.raises(ActionRefused) as refused:
        services.leave_group(team.heart, conversation)
    assert refused.value.code == "not_a_group"
    assert queries.get_participant_or_404(team.heart, conversation.pk).left_at is None


def test_edit_and_delete_are_for_the_author_only(team):
    conversation = services.start_direct(team.heart, team.rhythm)
    message = say(team.heart, conversation, "Rdv 14h")
    with pytest.raises(ActionRefused) as refused:
        services.edit_message(team.rhythm, message, "Rdv 15h")
    assert refused.value.code == "not_author"
    with pytest.raises(ActionRefused) as refused:
        services.delete_message(team.rhythm, message)
    assert refused.value.code == "not_author"
    message.refresh_from_db()
    assert (message.body, message.edited_at, message.deleted_at) == ("Rdv 14h", None, None)
    services.edit_message(team.heart, message, "Rdv 15h")
    message.refresh_from_db()
    assert message.body == "Rdv 15h" and message.edited_at and message.change_sequence == 2
    services.delete_message(team.heart, message)
    message.refresh_from_db()
    assert (
        message.body == "" and message.deleted_at and message.change_sequence == 3 and message.sequence == 1
    )


def test_too_long_message_is_refused_and_nothing_stored(team):
    conversation = services.start_direct(team.heart, team.rhythm)
    with pytest.raises(ActionRefused) as refused:
        say(team.heart, conversation, "x" * (services.MAX_BODY_CHARS + 1))
    assert refused.value.code == "message_too_long"
    conversation.refresh_from_db()
    assert not Message.objects.exists() and conversation.next_sequence == 1


def test_unread_counts_follow_read_markers_and_ignore_muted(team):
    direct = services.start_direct(team.heart, team.rhythm)
    group = services.create_group(team.rhythm, "Staff", [team.heart])
    for _ in range(3):
        say(team.rhythm, direct)
    say(team.rhythm, group)
    say(team.heart, direct, "ma réponse")  # your own messages are never unread
    assert queries.unread_total(team.heart) == 4 - 3  # sending marks what came before as read
    say(team.rhythm, direct)
    assert queries.unread_total(team.heart) == 2
    services.set_muted(team.heart, group, True)
    assert queries.unread_total(team.heart) == 1
    direct.refresh_from_db()
    services.mark_seen(team.heart, direct, 999, read=True)
    assert queries.unread_total(team.heart) == 0
    participant = queries.get_participant_or_404(team.heart, direct.pk)
    assert participant.last_read_sequence == 5  # clamped to the last sequence handed out


def test_changes_are_published_only_after_commit(team, django_capture_on_commit_callbacks, monkeypatch):
    published = []
    monkeypatch.setattr(
        "entrepairs.realtime.publish_many",
        lambda messages: published.extend(
            (group, event["type"], event.get("unread_for")) for group, event in messages
        ),
    )
    conversation = services.start_direct(team.heart, team.rhythm)
    with django_capture_on_commit_callbacks() as callbacks:
        say(team.heart, conversation)
        assert published == []
    for callback in callbacks:
        callback()
    # One event for every participant's sockets; for the recipient it is a new unread message.
    assert published == [
        (f"messaging.conversation.{conversation.pk}", "conversation.change", [team.rhythm.pk])
    ]


def test_a_websocket_send_takes_seven_statements(team, django_assert_num_queries):
    """The hot path of the messaging bench (bench/messaging.py): every query here is paid per message."""
    group = services.create_group(team.heart, "Staff", [team.rhythm, team.valve])
    frame = protocol.Send(type="send", conversation=group.pk, client_id="q1", body="Bonjour")
    # Five statements and the transaction around four of them (a savepoint pair here; in production
    # BEGIN/COMMIT, which Django does not count): 1 participant and conversation, 2 SAVEPOINT, 3 the
    # next sequence and last activity in one UPDATE that locks the row, 4 INSERT unless this client id
    # is stored, 5 the sender's read marker if it was inserted, 6 the recipients, 7 RELEASE.
    with django_assert_num_queries(7):
        message, created = consumers._send(team.heart, group.pk, frame)
    assert created and message.sequence == 2
    group.refresh_from_db()
    assert (group.next_sequence, group.last_message_at) == (3, message.created_at)


def test_a_retry_is_found_under_the_lock_and_gives_its_sequence_back(team):
    """A retry (the same client id) meets its original under the conversation's lock, where its insert
    does nothing: it returns the original, and the sequence it took is rolled back, so none is
    skipped."""
    group = services.create_group(team.heart, "Staff", [team.rhythm])
    original = say(team.heart, group, "un", client_id="r1")
    message, created = services.send_message(team.heart, group, body="un", client_id="r1")
    assert (created, message.pk) == (False, original.pk)
    assert say(team.heart, group, "deux").sequence == original.sequence + 1


def test_a_retry_that_would_now_be_refused_still_gets_its_message(team):
    """What refuses a new message (here a suspension since the original was stored) does not refuse
    its retry: the sender learns it was stored, and nothing is stored twice."""
    group = services.create_group(team.heart, "Staff", [team.rhythm])
    original = say(team.heart, group, "un", client_id="r2")
    stored = group.messages.count()
    suspension_factory(team.heart, team.rhythm, days=3)
    message, created = services.send_message(team.heart, group, body="un", client_id="r2")
    assert (created, message.pk) == (False, original.pk)
    with pytest.raises(ActionRefused) as refused:
        services.send_message(team.heart, group, body="deux", client_id="r3")
    assert refused.value.code == "suspended"
    assert group.messages.count() == stored


# --- Attachments ---------------------------------------------------------------------------------
def _upload(content: bytes, name: str, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_image_attachment_loses_exif_and_gps(team):
    conversation = services.start_direct(team.heart, team.rhythm)
    original = Image.open(io.BytesIO(jpeg_with_gps()))
    assert original.getexif().get_ifd(0x8825)  # the upload really carries a GPS position
    message = say(
        team.heart, conversation, "", attachment=_upload(jpeg_with_gps(), "photo.jpg", "image/jpeg")
    )
    assert message.attachment_type == "image/png"
    with message.attachment.open("rb") as stored:
        data = stored.read()
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert not image.getexif()
    assert not image.getexif().get_ifd(0x8825)
    assert b"Fabricant" not in data and b"Exif" not in data


def test_pdf_attachment_is_kept_as_is(team):
    conversation = services.start_direct(team.heart, team.rhythm)
    pdf = b"%PDF-1.4\n%synthetic\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    message = say(
        team.heart, conversation, "CR", attachment=_upload(pdf, "compte-rendu.pdf", "application/pdf")
    )
    assert message.attachment_type == "application/pdf" and message.attachment_name == "compte-rendu.pdf"


def test_file_whose_content_is_not_its_type_is_refused_and_nothing_stored(team):
    conversation = services.start_direct(team.heart, team.rhythm)
    with pytest.raises(ActionRefused) as refused:
        say(
            team.heart,
            conversation,
            "",
            attachment=_upload(b"MZ\x90\x00 not a pdf", "rapport.pdf", "application/pdf"),
        )
    assert refused.value.code == "attachment_type"
    assert not Message.objects.exists()


def test_oversized_attachment_is_refused(team, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_BYTES", 10)
    conversation = services.start_direct(team.heart, team.rhythm)
    with pytest.raises(ActionRefused) as refused:
        say(team.heart, conversation, "", attachment=_upload(b"%PDF-" + b"0" * 20, "a.pdf"))
    assert refused.value.code == "attachment_too_large"
    assert not Message.objects.exists()


def test_blocks_are_per_network_members_only(team):
    with pytest.raises(ActionRefused) as refused:
        services.block(team.heart, team.world.outsider)
    assert refused.value.code == "not_found"
    with pytest.raises(ActionRefused) as refused:
        services.block(team.heart, team.heart)
    assert refused.value.code == "self_block"
    assert not Block.objects.exists()
    other = team.valve
    services.block(team.heart, other)
    services.block(team.heart, other)  # twice is once
    assert queries.blocked_ids(team.heart) == {other.pk}
