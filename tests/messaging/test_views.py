"""Messaging pages: members only, constant queries, refusals keep the typed text and store nothing."""

from django.urls import reverse

from entrepairs.messaging import queries, services
from entrepairs.messaging.models import Block, Conversation, Message
from tests.helpers import page_body
from tests.images import jpeg_with_gps
from tests.messaging.helpers import say


def _conversation_url(conversation, slug="cardio"):
    return reverse("messaging:conversation", kwargs={"slug": slug, "conversation_id": conversation.pk})


def test_conversation_list_shows_unread_counts_in_constant_queries(team, login, django_assert_num_queries):
    client = login(team.heart.user)
    url = reverse("messaging:index", kwargs={"slug": "cardio"})

    def page():
        # session, account, membership among the personas (+ network, qualification), conversations
        # with unread counts, names of the other members of direct conversations, header: both badges
        # (one query)
        with django_assert_num_queries(6):
            return client.get(url)

    direct = services.start_direct(team.heart, team.rhythm)
    say(team.rhythm, direct, "un")
    say(team.rhythm, direct, "deux")
    services.create_group(team.valve, "Staff écho", [team.heart])
    response = page()
    assert response.status_code == 200
    rows = {row.title: row.unread for row in response.context["rows"]}
    assert rows == {"Dr Rythme": 2, "Staff écho": 0}
    for index in range(8):  # more conversations, same queries
        services.create_group(team.rhythm, f"Groupe {index}", [team.heart, team.valve])
    assert len(page().context["rows"]) == 10


def test_conversation_page_in_constant_queries_and_marks_read(team, login, django_assert_num_queries):
    conversation = services.start_direct(team.heart, team.rhythm)
    first = say(team.rhythm, conversation, "premier")
    say(team.rhythm, conversation, "réponse", reply_to=first.pk)
    client = login(team.heart.user)

    def page():
        # session, account, membership (among my personas, the header's), participant (+ conversation), messages (+ senders, replies),
        # read marker update, participants, header: both badges (one query)
        with django_assert_num_queries(8):
            return client.get(_conversation_url(conversation))

    assert queries.unread_total(team.heart) == 2
    response = page()
    assert [m.body for m in response.context["items"]] == ["premier", "réponse"]
    assert queries.unread_total(team.heart) == 0
    for index in range(30):
        say(team.rhythm, conversation, f"m{index}")
    assert len(page().context["items"]) == 32


def test_history_scrolls_back_by_sequence(team, login):
    conversation = services.start_direct(team.heart, team.rhythm)
    for index in range(60):
        say(team.rhythm, conversation, f"m{index}")
    client = login(team.heart.user)
    latest = client.get(_conversation_url(conversation)).context
    assert [m.sequence for m in latest["items"]] == list(range(11, 61))
    older = client.get(_conversation_url(conversation) + f"?before={latest['older']}").context
    assert [m.sequence for m in older["items"]] == list(range(1, 11)) and older["older"] is None


def test_sending_from_the_page_without_javascript(team, login):
    conversation = services.start_direct(team.heart, team.rhythm)
    client = login(team.heart.user)
    data = {"body": "Bonjour", "client_id": "form-1"}
    response = client.post(_conversation_url(conversation), data)
    assert response.status_code == 302
    client.post(_conversation_url(conversation), data)  # a double submission sends once
    assert list(Message.objects.values_list("body", flat=True)) == ["Bonjour"]


def test_refused_message_keeps_the_typed_text_and_stores_nothing(team, login):
    conversation = services.start_direct(team.heart, team.rhythm)
    services.block(team.rhythm, team.heart)
    response = login(team.heart.user).post(
        _conversation_url(conversation), {"body": "Texte long à ne pas perdre", "client_id": "form-2"}
    )
    assert response.status_code == 200
    assert "Texte long à ne pas perdre" in response.content.decode()
    assert "Vous ne pouvez pas écrire à ce membre." in response.content.decode()
    assert not Message.objects.exists()


def test_non_participant_admin_gets_404_like_a_missing_conversation(team, login):
    group = services.create_group(team.rhythm, "Entre nous", [team.valve])
    client = login(team.heart.user)  # administrator of cardio, not in the group
    hidden = client.get(_conversation_url(group))
    missing = client.get(
        reverse("messaging:conversation", kwargs={"slug": "cardio", "conversation_id": 987654})
    )
    assert hidden.status_code == missing.status_code == 404
    assert page_body(hidden) == page_body(missing)


def test_attachment_is_served_after_the_access_check_with_safe_headers(team, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    conversation = services.start_direct(team.heart, team.rhythm)
    message = say(team.heart, conversation, "photo", attachment=SimpleUploadedFile("p.jpg", jpeg_with_gps()))
    url = reverse("messaging:file", kwargs={"slug": "cardio", "message_id": message.pk})
    response = login(team.rhythm.user).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert b"GPS" not in b"".join(response.streaming_content)
    assert login(team.valve.user).get(url).status_code == 404


def test_new_direct_by_name_and_unknown_name_keeps_the_input(team, login):
    client = login(team.heart.user)
    url = reverse("messaging:new_direct", kwargs={"slug": "cardio"})
    response = client.post(url, {"member": "Dr Inconnu"})
    assert response.status_code == 200 and "Dr Inconnu" in response.content.decode()
    assert not Conversation.objects.exists()
    response = client.post(url, {"member": "dr rythme"})
    assert response.status_code == 302
    assert Conversation.objects.get().direct_key == ":".join(
        sorted([str(team.heart.pk), str(team.rhythm.pk)], key=int)
    )


def test_group_admin_manages_members_from_the_page(team, login):
    client = login(team.heart.user)
    response = client.post(
        reverse("messaging:new_group", kwargs={"slug": "cardio"}), {"name": "Staff", "members": "Dr Rythme"}
    )
    group = Conversation.objects.get(kind="group")
    assert response.status_code == 302
    members_url = reverse("messaging:members", kwargs={"slug": "cardio", "conversation_id": group.pk})
    client.post(members_url, {"members": "Dr Valve"})
    assert queries.get_participant_or_404(team.valve, group.pk)
    client.post(members_url, {"remove": team.valve.pk})
    assert not queries.participants(group).filter(member=team.valve).exists()
    # A plain member cannot remove anyone.
    response = login(team.rhythm.user).post(members_url, {"remove": team.heart.pk})
    assert response.status_code == 403
    assert queries.participants(group).filter(member=team.heart).exists()


def test_block_and_unblock_from_the_page(team, login):
    client = login(team.heart.user)
    url = reverse("messaging:blocks", kwargs={"slug": "cardio"})
    client.post(url, {"member": "Dr Rythme"})
    assert Block.objects.filter(blocker=team.heart, blocked=team.rhythm).exists()
    client.post(url, {"unblock": team.rhythm.pk})
    assert not Block.objects.exists()


def test_patient_network_admin_turns_private_messages_on(world, login):
    url = reverse("messaging:settings", kwargs={"slug": "breast"})
    assert login(world.patient.user).post(url, {"allow_private_messages": "on"}).status_code == 403
    world.breast.refresh_from_db()
    assert world.breast.allow_private_messages is False
    login(world.admin.user).post(url, {"allow_private_messages": "on"})
    world.breast.refresh_from_db()
    assert world.breast.allow_private_messages is True
