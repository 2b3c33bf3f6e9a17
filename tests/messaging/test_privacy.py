"""Private messages go through the network's privacy policy on every send path (page, API,
websocket) and on edits: the check lives in services.send_message / edit_message. "Visible to N
members" counts the conversation's participants. A refused send stores nothing, so the client sends
again with the same client_id and `confirm_privacy`.

In `cardio` (professionals): a colleague's name is allowed, a phone number asks for confirmation, a
social security number is blocked."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from entrepairs.messaging import services
from entrepairs.messaging.models import Message
from entrepairs.privacy.models import Confirmation
from tests.api_client import error_of
from tests.messaging.helpers import say

PHONE = "06 12 34 56 78"
WITH_PHONE = f"Tu peux m'appeler au {PHONE} ce soir."
WITH_NIR = "Son NIR : 2 84 05 75 112 044 38, pour la déclaration."


def _conversation_url(conversation, slug="cardio"):
    return reverse("messaging:conversation", kwargs={"slug": slug, "conversation_id": conversation.pk})


# --- Services ------------------------------------------------------------------------------------
def test_a_message_naming_a_colleague_is_sent_at_once(team):
    conversation = services.start_direct(team.heart, team.rhythm)
    message = say(team.heart, conversation, "Le Dr Lambert a vu le patient hier.")
    assert message.pk and not Confirmation.objects.exists()


def test_a_group_message_counts_its_participants_as_the_audience(team):
    group = services.create_group(team.heart, "Staff écho", [team.rhythm, team.valve])
    with translation.override("fr"), pytest.raises(services.ActionRefused) as refused:
        say(team.heart, group, WITH_PHONE)
    assert refused.value.client_data["audience"] == 3
    assert "visible par 3 membres" in refused.value.message


def test_an_edit_adding_a_blocked_number_keeps_the_message_as_it_was(team):
    conversation = services.start_direct(team.heart, team.rhythm)
    message = say(team.heart, conversation, "Déclaration faite.")
    with pytest.raises(services.ActionRefused) as refused:
        services.edit_message(team.heart, message, WITH_NIR)
    assert refused.value.code == "privacy_blocked"
    message.refresh_from_db()
    assert (message.body, message.edited_at) == ("Déclaration faite.", None)
    services.edit_message(team.heart, message, WITH_PHONE, confirm_privacy=["PHONE"])
    assert Confirmation.objects.get().target == message


# --- Pages ---------------------------------------------------------------------------------------
def test_page_send_asks_to_confirm_for_the_participants_then_sends(team, login):
    conversation = services.start_direct(team.heart, team.rhythm)
    client = login(team.heart.user)
    data = {"body": WITH_PHONE, "client_id": "form-1"}
    response = client.post(_conversation_url(conversation), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Je sais que ce sera visible par 2 membres" in page
    assert escape(WITH_PHONE) in page
    assert not Message.objects.filter(conversation=conversation).exists()
    response = client.post(_conversation_url(conversation), {**data, "confirm_privacy": "PHONE"})
    assert response.status_code == 302
    message = Message.objects.get(conversation=conversation)
    assert (message.body, message.client_id) == (WITH_PHONE, "form-1")
    assert Confirmation.objects.get().kinds == ["PHONE"]


def test_page_send_of_a_blocked_number_keeps_the_draft_and_stores_nothing(team, login):
    conversation = services.start_direct(team.heart, team.rhythm)
    data = {"body": WITH_NIR, "client_id": "form-2", "confirm_privacy": "NIR"}
    response = login(team.heart.user).post(_conversation_url(conversation), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert escape("Ce réseau n'autorise pas la publication d'un numéro de sécurité sociale") in page
    assert escape(WITH_NIR) in page
    assert not Message.objects.filter(conversation=conversation).exists()


def test_page_edit_asks_to_confirm(team, login):
    conversation = services.start_direct(team.heart, team.rhythm)
    message = say(team.heart, conversation, "Rappelle-moi.")
    url = reverse("messaging:edit_message", kwargs={"slug": "cardio", "message_id": message.pk})
    client = login(team.heart.user)
    assert (
        "Je sais que ce sera visible par 2 membres" in client.post(url, {"body": WITH_PHONE}).content.decode()
    )
    assert client.post(url, {"body": WITH_PHONE, "confirm_privacy": "PHONE"}).status_code == 302
    message.refresh_from_db()
    assert message.body == WITH_PHONE


def test_page_send_speaks_english_to_an_account_in_english(team, login):
    team.heart.user.language = "en"
    team.heart.user.save()
    conversation = services.start_direct(team.heart, team.rhythm)
    client = login(team.heart.user)
    page = client.post(
        _conversation_url(conversation), {"body": WITH_NIR, "client_id": "en-1"}
    ).content.decode()
    assert "A social security number cannot be published in this network" in page
    page = client.post(
        _conversation_url(conversation), {"body": WITH_PHONE, "client_id": "en-1"}
    ).content.decode()
    assert "I know this will be visible to 2 members" in page
    assert not Message.objects.filter(conversation=conversation).exists()


# --- API -----------------------------------------------------------------------------------------
def test_api_send_answers_422_with_kinds_and_offsets_and_the_same_client_id_sends_once_confirmed(
    team, api_for
):
    conversation = services.start_direct(team.heart, team.rhythm)
    api = api_for(team.heart)
    path = f"/conversations/{conversation.pk}/messages"
    body = error_of(
        api.post(path, {"client_id": "api-1", "body": WITH_PHONE}), 422, "privacy_confirm_required"
    )
    start = WITH_PHONE.index(PHONE)
    assert (body["field"], body["kinds"], body["confirm_kinds"], body["audience"]) == (
        "body",
        ["PHONE"],
        ["PHONE"],
        2,
    )
    assert body["findings"] == [
        {"field": "body", "kind": "PHONE", "action": "confirm", "start": start, "end": start + len(PHONE)}
    ]
    assert PHONE not in str(body)
    assert not Message.objects.exists()
    sent = api.post(path, {"client_id": "api-1", "body": WITH_PHONE, "confirm_privacy": ["PHONE"]})
    assert sent.status_code == 201, sent.content
    assert sent.json()["message"]["body"] == WITH_PHONE


def test_api_send_of_a_blocked_number_is_422_privacy_blocked(team, api_for):
    conversation = services.start_direct(team.heart, team.rhythm)
    response = api_for(team.heart).post(
        f"/conversations/{conversation.pk}/messages",
        {"client_id": "api-2", "body": WITH_NIR, "confirm_privacy": ["NIR"]},
    )
    assert error_of(response, 422, "privacy_blocked")["kinds"] == ["NIR"]
    assert not Message.objects.exists()


def test_api_edit_takes_confirm_privacy(team, api_for):
    conversation = services.start_direct(team.heart, team.rhythm)
    message = say(team.heart, conversation, "Rappelle-moi.")
    api = api_for(team.heart)
    error_of(api.patch(f"/messages/{message.pk}", {"body": WITH_PHONE}), 422, "privacy_confirm_required")
    edited = api.patch(f"/messages/{message.pk}", {"body": WITH_PHONE, "confirm_privacy": ["PHONE"]})
    assert edited.status_code == 200 and edited.json()["body"] == WITH_PHONE
