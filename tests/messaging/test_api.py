"""Messaging through /api/v1/: every operation's happy path, refusals that change nothing, 404 bodies
identical for "not yours" and "does not exist", exact query counts, and the OpenAPI schema.

Personas (tests/messaging/conftest.py): in `cardio`, heart (Dr Cœur, administrator of the network),
rhythm and valve; world.outsider is a member of `diabetes` only. Attachments: test_api_attachments.py."""

import json

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from entrepairs.messaging import events, protocol, queries, services
from entrepairs.messaging.models import Block, Conversation, Message, Participant
from tests import factories as f
from tests.api_client import error_of
from tests.messaging.helpers import say

UNKNOWN = 999_999


def _sent(response, status=201) -> dict:
    assert response.status_code == status, response.content
    return response.json()["message"]


# --- Conversations -------------------------------------------------------------------------------
def test_start_direct_opens_one_conversation_per_pair(api_for, team):
    response = api_for(team.heart).post("/conversations/direct", {"member_id": team.rhythm.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["title"], body["with_member"]) == (
        "direct", "Dr Rythme", {"id": team.rhythm.pk, "name": "Dr Rythme"},
    )  # fmt: skip
    again = api_for(team.rhythm).post("/conversations/direct", {"member_id": team.heart.pk})
    assert again.json()["id"] == body["id"]
    assert Conversation.objects.count() == 1


def test_start_direct_with_a_member_of_another_network_reads_like_an_unknown_id(api_for, team):
    api = api_for(team.heart)
    foreign = api.post("/conversations/direct", {"member_id": team.world.outsider.pk})
    unknown = api.post("/conversations/direct", {"member_id": UNKNOWN})
    error_of(foreign, 404, "not_found")
    assert foreign.content == unknown.content
    assert not Conversation.objects.exists()


def test_start_direct_with_myself_is_refused(api_for, team):
    error_of(
        api_for(team.heart).post("/conversations/direct", {"member_id": team.heart.pk}),
        400,
        "self_conversation",
    )
    assert not Conversation.objects.exists()


def test_private_messages_off_in_a_patient_network_is_403_and_creates_nothing(api_for, world):
    response = api_for(world.patient).post("/conversations/direct", {"member_id": world.relative.pk})
    error_of(response, 403, "private_messages_off")
    assert not Conversation.objects.exists()


def test_create_group_makes_me_its_administrator(api_for, team):
    response = api_for(team.heart).post(
        "/conversations/groups", {"name": "Staff écho", "member_ids": [team.rhythm.pk, team.valve.pk]}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["title"], body["my_role"], body["latest_sequence"]) == (
        "group",
        "Staff écho",
        "admin",
        1,
    )
    roles = {p["member"]["name"]: p["role"] for p in body["participants"]}
    assert roles == {"Dr Cœur": "admin", "Dr Rythme": "member", "Dr Valve": "member"}
    assert all(p["badge"] for p in body["participants"])  # verified cardiologists


def test_create_group_with_a_foreign_member_is_404_and_creates_nothing(api_for, team):
    response = api_for(team.heart).post(
        "/conversations/groups", {"name": "Fuite", "member_ids": [team.rhythm.pk, team.world.outsider.pk]}
    )
    error_of(response, 404, "not_found")
    assert not Conversation.objects.exists()


@pytest.mark.parametrize("extra", [2, 25])
def test_conversation_list_pages_with_a_cursor_in_constant_queries(
    api_for, team, django_assert_num_queries, extra
):
    for index in range(extra):
        services.create_group(team.valve, f"Groupe {index}", [team.heart])
    direct = services.start_direct(team.heart, team.rhythm)
    say(team.rhythm, direct, "un")
    say(team.rhythm, direct, "deux")  # the latest activity: first in the list
    api = api_for(team.heart)
    # token + account, token last-used update, membership (+ network, qualification), one page of
    # participant rows with conversations and unread counts, names of the other members of directs
    with django_assert_num_queries(5):
        first = api.get("/conversations?limit=10")
    assert first.status_code == 200, first.content
    page = first.json()
    assert len(page["items"]) == min(10, extra + 1)
    seen = [item["id"] for item in page["items"]]
    while page["next_cursor"]:
        # token + account (used this minute: no update), membership, one page (groups only: no names)
        with django_assert_num_queries(3):
            page = api.get(f"/conversations?limit=10&cursor={page['next_cursor']}").json()
        seen += [item["id"] for item in page["items"]]
    assert len(seen) == len(set(seen)) == extra + 1
    rows = {item["title"]: item for item in api.get("/conversations?limit=100").json()["items"]}
    assert seen[0] == direct.pk
    assert rows["Dr Rythme"]["unread"] == 2 and rows["Dr Rythme"]["latest_sequence"] == 2
    assert rows["Groupe 0"]["unread"] == 0 and rows["Groupe 0"]["my_role"] == "member"


def test_conversation_detail_lists_participants_and_read_markers(api_for, team):
    group = services.create_group(team.heart, "Staff", [team.rhythm])
    say(team.rhythm, group, "bonjour")
    body = api_for(team.heart).get(f"/conversations/{group.pk}").json()
    markers = {p["member"]["id"]: p["read_sequence"] for p in body["participants"]}
    assert markers == {team.heart.pk: 0, team.rhythm.pk: 2}
    assert body["unread"] == 1


def test_unread_count_and_read_marker(api_for, team):
    direct = services.start_direct(team.heart, team.rhythm)
    for body in ("un", "deux", "trois"):
        say(team.rhythm, direct, body)
    api = api_for(team.heart)
    assert api.get("/conversations/unread").json() == {"unread": 3}
    assert api.post(f"/conversations/{direct.pk}/read", {"sequence": 2}).status_code == 204
    assert api.get("/conversations/unread").json() == {"unread": 1}
    # Never backwards, never past the last sequence.
    assert api.post(f"/conversations/{direct.pk}/read", {"sequence": 1}).status_code == 204
    assert api.post(f"/conversations/{direct.pk}/read", {"sequence": 99}).status_code == 204
    assert queries.get_participant_or_404(team.heart, direct.pk).last_read_sequence == 3


def test_mute_and_unmute(api_for, team):
    direct = services.start_direct(team.heart, team.rhythm)
    say(team.rhythm, direct)
    api = api_for(team.heart)
    response = api.put(f"/conversations/{direct.pk}/mute", {"muted": True})
    assert response.status_code == 200 and response.json()["muted"] is True
    assert api.get("/conversations/unread").json() == {"unread": 0}
    assert api.put(f"/conversations/{direct.pk}/mute", {"muted": False}).json()["muted"] is False
    assert api.get("/conversations/unread").json() == {"unread": 1}


# --- History and changes -------------------------------------------------------------------------
@pytest.mark.parametrize("count", [3, 60])
def test_history_in_constant_queries(api_for, team, django_assert_num_queries, count):
    direct = services.start_direct(team.heart, team.rhythm)
    first = say(team.rhythm, direct, "premier")
    for index in range(count - 1):
        say(team.heart, direct, f"m{index}", reply_to=first.pk)
    api = api_for(team.heart)
    # token + account, token last-used update, membership, participant (+ conversation), one page of
    # messages (+ senders, subjects, replied messages)
    with django_assert_num_queries(5):
        response = api.get(f"/conversations/{direct.pk}/messages")
    assert response.status_code == 200
    assert len(response.json()["items"]) == min(count, 50)


def test_history_pages_backwards_with_before_and_forwards_with_after(api_for, team):
    direct = services.start_direct(team.heart, team.rhythm)
    for index in range(1, 8):
        say(team.heart, direct, f"m{index}")
    api = api_for(team.rhythm)
    latest = api.get(f"/conversations/{direct.pk}/messages?limit=3").json()
    assert [m["body"] for m in latest["items"]] == ["m5", "m6", "m7"]
    assert (latest["older_before"], latest["newer_after"], latest["latest_sequence"]) == (5, None, 7)
    older = api.get(f"/conversations/{direct.pk}/messages?limit=3&before=5").json()
    assert [m["sequence"] for m in older["items"]] == [2, 3, 4] and older["older_before"] == 2
    oldest = api.get(f"/conversations/{direct.pk}/messages?limit=3&before=2").json()
    assert [m["sequence"] for m in oldest["items"]] == [1] and oldest["older_before"] is None
    newer = api.get(f"/conversations/{direct.pk}/messages?limit=3&after=1").json()
    assert [m["sequence"] for m in newer["items"]] == [2, 3, 4] and newer["newer_after"] == 4
    rest = api.get(f"/conversations/{direct.pk}/messages?limit=3&after=4").json()
    assert [m["sequence"] for m in rest["items"]] == [5, 6, 7] and rest["newer_after"] is None
    # A rule between two parameters, which the schema cannot state: a refusal with its code.
    error_of(api.get(f"/conversations/{direct.pk}/messages?before=5&after=1"), 400, "before_and_after")


def test_changes_after_a_sequence_include_edits_and_deletions(api_for, team):
    direct = services.start_direct(team.heart, team.rhythm)
    first, second = say(team.heart, direct, "un"), say(team.heart, direct, "deux")
    services.edit_message(team.heart, first, "un, corrigé")
    services.delete_message(team.heart, second)
    body = api_for(team.rhythm).get(f"/conversations/{direct.pk}/changes?after=2").json()
    assert [(m["id"], m["body"], m["edited"], m["deleted"]) for m in body["items"]] == [
        (first.pk, "un, corrigé", True, False), (second.pk, "", False, True),
    ]  # fmt: skip
    assert (body["latest_sequence"], body["resync_required"]) == (4, False)


def test_changes_name_no_quote_from_before_one_joined(api_for, team):
    group = services.create_group(team.heart, "Staff", [team.rhythm])
    old = say(team.heart, group, "avant")
    services.add_participants(team.heart, group, [team.valve])
    reply = say(team.rhythm, group, "réponse", reply_to=old.pk)
    replies = {
        persona: [
            m["reply_to"]
            for m in api_for(persona).get(f"/conversations/{group.pk}/changes?after=0").json()["items"]
            if m["id"] == reply.pk
        ]
        for persona in (team.valve, team.rhythm)
    }
    assert replies == {team.valve: [None], team.rhythm: [old.pk]}


# --- Sending -------------------------------------------------------------------------------------
def test_send_is_stored_then_broadcast_like_the_socket(
    api_for, team, fresh_channel_layer, django_capture_on_commit_callbacks, settings
):
    # Subscribed and received on separate event loops: the in-memory layer (tests/messaging/test_events.py).
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "entrepairs.messaging.layers.InMemoryChannelLayer"}}
    direct = services.start_direct(team.heart, team.rhythm)
    layer = get_channel_layer()
    watching = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(events.conversation_group(direct.pk), watching)
    with django_capture_on_commit_callbacks() as callbacks:
        response = api_for(team.heart).post(
            f"/conversations/{direct.pk}/messages", {"client_id": "phone-1", "body": "Avis ECG ?"}
        )
        # Nothing announced before the transaction commits: only a callback waiting for it.
        assert Message.objects.filter(client_id="phone-1").exists()
    sent = _sent(response)
    assert (sent["sequence"], sent["body"], sent["sender"]["name"]) == (1, "Avis ECG ?", "Dr Cœur")
    for callback in callbacks:
        callback()
    event = async_to_sync(layer.receive)(watching)
    stored = Message.objects.select_related("sender").get(pk=sent["id"])
    assert event["type"] == "conversation.change" and event["sequence"] == 1
    assert json.loads(event["text"]) == protocol.message_frame(stored, "cardio")  # the socket's very frame
    assert event["unread_for"] == [team.rhythm.pk]


def test_same_client_id_again_returns_the_same_message(api_for, team):
    direct = services.start_direct(team.heart, team.rhythm)
    api = api_for(team.heart)
    payload = {"client_id": "phone-7", "body": "Tu es là ?"}
    first = _sent(api.post(f"/conversations/{direct.pk}/messages", payload))
    retry = api.post(f"/conversations/{direct.pk}/messages", payload)
    assert retry.status_code == 200 and retry.json()["duplicate"] is True
    assert retry.json()["message"] == first
    assert Message.objects.filter(conversation=direct).count() == 1


def test_reply_to_a_message(api_for, team):
    direct = services.start_direct(team.heart, team.rhythm)
    question = say(team.rhythm, direct, "Avis ?")
    reply = _sent(
        api_for(team.heart).post(
            f"/conversations/{direct.pk}/messages",
            {"client_id": "r-1", "body": "Oui", "reply_to": question.pk},
        )
    )
    assert reply["reply_to"] == question.pk


def test_reply_to_a_message_of_another_conversation_is_refused(api_for, team):
    direct = services.start_direct(team.heart, team.rhythm)
    elsewhere = say(team.valve, services.start_direct(team.valve, team.rhythm), "privé")
    response = api_for(team.heart).post(
        f"/conversations/{direct.pk}/messages", {"client_id": "r-2", "body": "Oui", "reply_to": elsewhere.pk}
    )
    error_of(response, 400, "invalid_reply")
    assert not Message.objects.filter(conversation=direct).exists()


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"client_id": "x-1", "body": "a" * 10_001}, 422, "message_too_long"),
        ({"client_id": "x-2", "body": "   "}, 400, "empty_message"),
        ({"client_id": "pas un id !", "body": "Bonjour"}, 422, "invalid_input"),
        ({"client_id": "x-3", "body": "nul \x00"}, 422, "invalid_input"),
        ({"client_id": "x-4", "body": "Bonjour", "sender": 1}, 422, "invalid_input"),
    ],
)
def test_refused_messages_store_nothing(api_for, team, payload, status, code):
    direct = services.start_direct(team.heart, team.rhythm)
    response = api_for(team.heart).post(f"/conversations/{direct.pk}/messages", payload)
    body = error_of(response, status, code)
    if status == 422:
        # The documented shape of every 422 (ValidationErrorOut), message_too_long included.
        assert set(body) == {"code", "message", "field", "details"}
    assert "a" * 100 not in response.content.decode()  # the input is never echoed back
    direct.refresh_from_db()
    assert direct.next_sequence == 1 and not Message.objects.exists()


def test_body_over_the_upload_limit_is_413(api_for, team, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    direct = services.start_direct(team.heart, team.rhythm)
    response = api_for(team.heart).post(
        f"/conversations/{direct.pk}/messages", {"client_id": "big", "body": "a" * 2000}
    )
    error_of(response, 413, "too_large")
    assert not Message.objects.exists()


# --- Edit and delete -----------------------------------------------------------------------------
def test_edit_my_message(api_for, team):
    direct = services.start_direct(team.heart, team.rhythm)
    message = say(team.heart, direct, "Bonjuor")
    response = api_for(team.heart).patch(f"/messages/{message.pk}", {"body": "Bonjour"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["body"], body["edited"], body["sequence"], body["change_sequence"]) == (
        "Bonjour",
        True,
        1,
        2,
    )


def test_editing_someone_elses_message_is_403_and_changes_nothing(api_for, team):
    direct = services.start_direct(team.heart, team.rhythm)
    message = say(team.rhythm, direct, "original")
    error_of(api_for(team.heart).patch(f"/messages/{message.pk}", {"body": "réécrit"}), 403, "not_author")
    message.refresh_from_db()
    assert (message.body, message.edited_at, message.change_sequence) == ("original", None, 1)


def test_delete_my_message_keeps_its_place_as_deleted(api_for, team):
    direct = services.start_direct(team.heart, team.rhythm)
    message = say(team.heart, direct, "oups")
    api = api_for(team.heart)
    deleted = api.delete(f"/messages/{message.pk}").json()
    assert (deleted["deleted"], deleted["body"]) == (True, "")
    history = api_for(team.rhythm).get(f"/conversations/{direct.pk}/messages").json()["items"]
    assert [(m["id"], m["deleted"], m["body"]) for m in history] == [(message.pk, True, "")]
    error_of(api.delete(f"/messages/{message.pk}"), 409, "deleted")
    error_of(api.patch(f"/messages/{message.pk}", {"body": "retour"}), 409, "deleted")


def test_deleting_someone_elses_message_is_403_and_changes_nothing(api_for, team):
    direct = services.start_direct(team.heart, team.rhythm)
    message = say(team.rhythm, direct, "à moi")
    error_of(api_for(team.heart).delete(f"/messages/{message.pk}"), 403, "not_author")
    message.refresh_from_db()
    assert (message.body, message.deleted_at) == ("à moi", None)


# --- Groups --------------------------------------------------------------------------------------
def test_group_admin_adds_and_removes_members(api_for, team):
    group = services.create_group(team.heart, "Staff", [team.rhythm])
    api = api_for(team.heart)
    added = api.post(f"/conversations/{group.pk}/members", {"member_ids": [team.valve.pk]})
    assert added.status_code == 200, added.content
    assert {p["member"]["name"] for p in added.json()["participants"]} == {"Dr Cœur", "Dr Rythme", "Dr Valve"}
    assert api.delete(f"/conversations/{group.pk}/members/{team.rhythm.pk}").status_code == 204
    events_ = [m["event"] for m in api.get(f"/conversations/{group.pk}/messages").json()["items"]]
    assert events_ == ["created", "added", "removed"]


def test_members_who_are_not_group_admins_cannot_manage_members(api_for, team):
    group = services.create_group(team.heart, "Staff", [team.rhythm])
    api = api_for(team.rhythm)
    error_of(
        api.post(f"/conversations/{group.pk}/members", {"member_ids": [team.valve.pk]}), 403, "forbidden"
    )
    error_of(api.delete(f"/conversations/{group.pk}/members/{team.heart.pk}"), 403, "forbidden")
    assert Participant.objects.filter(conversation=group, left_at__isnull=True).count() == 2
    assert not Participant.objects.filter(member=team.valve).exists()


def test_removed_member_cannot_read_later_messages_through_the_api(api_for, team):
    group = services.create_group(team.heart, "Staff", [team.rhythm, team.valve])
    say(team.heart, group, "avant")
    assert api_for(team.heart).delete(f"/conversations/{group.pk}/members/{team.valve.pk}").status_code == 204
    later = say(team.heart, group, "après", attachment=_pdf())
    api = api_for(team.valve)
    unknown = api.get(f"/conversations/{UNKNOWN}/messages")
    error_of(unknown, 404, "not_found")
    for path in (
        f"/conversations/{group.pk}/messages",
        f"/conversations/{group.pk}/messages?after=0",
        f"/conversations/{group.pk}/changes?after=0",
        f"/conversations/{group.pk}",
        f"/messages/{later.pk}/attachment",
    ):
        assert api.get(path).content == unknown.content, path
    assert group.pk not in [item["id"] for item in api.get("/conversations").json()["items"]]
    error_of(
        api.post(f"/conversations/{group.pk}/messages", {"client_id": "v-1", "body": "encore"}),
        404,
        "not_found",
    )
    assert not Message.objects.filter(sender=team.valve).exists()


def test_leave_a_group(api_for, team):
    group = services.create_group(team.heart, "Staff", [team.rhythm])
    api = api_for(team.heart)
    assert api.post(f"/conversations/{group.pk}/leave").status_code == 204
    error_of(api.get(f"/conversations/{group.pk}"), 404, "not_found")
    # The group keeps an administrator.
    assert api_for(team.rhythm).get(f"/conversations/{group.pk}").json()["my_role"] == "admin"


def test_a_direct_conversation_cannot_be_left(api_for, team):
    direct = services.start_direct(team.heart, team.rhythm)
    error_of(api_for(team.heart).post(f"/conversations/{direct.pk}/leave"), 409, "not_a_group")
    assert Participant.objects.filter(conversation=direct, left_at__isnull=True).count() == 2


# --- Blocks --------------------------------------------------------------------------------------
def test_block_list_and_unblock(api_for, team):
    api = api_for(team.rhythm)
    response = api.post("/blocks", {"member_id": team.heart.pk})
    assert response.status_code == 201 and response.json()["member"] == {
        "id": team.heart.pk,
        "name": "Dr Cœur",
    }
    assert api.post("/blocks", {"member_id": team.heart.pk}).status_code == 201  # blocking twice: once
    assert [b["member"]["name"] for b in api.get("/blocks").json()["items"]] == ["Dr Cœur"]
    assert api.delete(f"/blocks/{team.heart.pk}").status_code == 204
    assert api.get("/blocks").json()["items"] == []
    error_of(api.delete(f"/blocks/{team.heart.pk}"), 404, "not_found")


def test_blocked_member_cannot_write(api_for, team):
    direct = services.start_direct(team.heart, team.rhythm)
    assert api_for(team.rhythm).post("/blocks", {"member_id": team.heart.pk}).status_code == 201
    api = api_for(team.heart)
    error_of(
        api.post(f"/conversations/{direct.pk}/messages", {"client_id": "b-1", "body": "Allô ?"}),
        403,
        "blocked",
    )
    error_of(api.post("/conversations/direct", {"member_id": team.rhythm.pk}), 403, "blocked")
    assert not Message.objects.exists()
    assert api_for(team.rhythm).delete(f"/blocks/{team.heart.pk}").status_code == 204
    assert (
        api.post(f"/conversations/{direct.pk}/messages", {"client_id": "b-2", "body": "Allô ?"}).status_code
        == 201
    )


@pytest.mark.parametrize("extra", [2, 30])
def test_block_list_pages_in_constant_queries(api_for, team, django_assert_num_queries, extra):
    for index in range(extra):
        services.block(team.heart, f.member_factory(team.world.cardio, display_name=f"Membre {index:02}"))
    api = api_for(team.heart)
    # token + account, token last-used update, membership, one page of blocks with the blocked personas
    with django_assert_num_queries(4):
        page = api.get("/blocks?limit=20").json()
    names = [b["member"]["name"] for b in page["items"]]
    while page["next_cursor"]:
        page = api.get(f"/blocks?limit=20&cursor={page['next_cursor']}").json()
        names += [b["member"]["name"] for b in page["items"]]
    assert names == [f"Membre {index:02}" for index in range(extra)]
    assert Block.objects.filter(blocker=team.heart).count() == extra


# --- Nobody else learns anything -----------------------------------------------------------------
def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("cr.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def _requests(conversation_id, message_id, member_id):
    return [
        ("get", f"/conversations/{conversation_id}", None),
        ("get", f"/conversations/{conversation_id}/messages", None),
        ("get", f"/conversations/{conversation_id}/changes?after=0", None),
        ("post", f"/conversations/{conversation_id}/messages", {"client_id": "intrus", "body": "coucou"}),
        ("post", f"/conversations/{conversation_id}/read", {"sequence": 1}),
        ("put", f"/conversations/{conversation_id}/mute", {"muted": True}),
        ("post", f"/conversations/{conversation_id}/members", {"member_ids": [member_id]}),
        ("delete", f"/conversations/{conversation_id}/members/{member_id}", None),
        ("post", f"/conversations/{conversation_id}/leave", None),
        ("patch", f"/messages/{message_id}", {"body": "réécrit"}),
        ("delete", f"/messages/{message_id}", None),
        ("get", f"/messages/{message_id}/attachment", None),
    ]


def _call(api, method, path, body):
    return getattr(api, method)(path) if body is None else getattr(api, method)(path, body)


@pytest.mark.parametrize("index", range(12))
def test_non_participants_and_other_networks_get_the_body_of_an_unknown_id(api_for, team, index):
    group = services.create_group(team.heart, "Staff", [team.rhythm])
    message = say(team.heart, group, "confidentiel", attachment=_pdf())
    method, path, body = _requests(group.pk, message.pk, team.rhythm.pk)[index]
    _method, unknown_path, _body = _requests(UNKNOWN, UNKNOWN, team.rhythm.pk)[index]
    outsider = team.world.outsider
    for api in (
        api_for(team.valve),  # same network, not in the group
        api_for(outsider),  # their own network's URL, another network's ids
        api_for(outsider, slug="cardio"),  # not a member of that network at all
    ):
        expected = _call(api, method, unknown_path, body)
        response = _call(api, method, path, body)
        error_of(response, 404, "not_found")
        assert response.content == expected.content, (method, path)
    message.refresh_from_db()
    assert (message.body, message.deleted_at, message.edited_at) == ("confidentiel", None, None)
    assert Message.objects.filter(conversation=group).count() == 2
    assert Participant.objects.filter(conversation=group, left_at__isnull=True, muted=False).count() == 2


HUGE = 10**30  # more than any 64-bit column holds


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", f"/conversations/{HUGE}/messages", None),
        ("get", f"/messages/{HUGE}/attachment", None),
        ("delete", f"/conversations/1/members/{HUGE}", None),
        ("post", "/conversations/direct", {"member_id": HUGE}),
        ("post", "/conversations/groups", {"name": "Grand", "member_ids": [HUGE]}),
        ("post", "/blocks", {"member_id": HUGE}),
        ("get", f"/conversations/1/messages?before={HUGE}", None),
    ],
)
def test_ids_beyond_64_bits_are_422_not_a_server_error(api_for, team, method, path, body):
    error_of(_call(api_for(team.heart), method, path, body), 422, "invalid_input")


def test_visitors_get_401(client, team):
    direct = services.start_direct(team.heart, team.rhythm)
    response = client.get(f"/api/v1/networks/cardio/conversations/{direct.pk}/messages")
    error_of(response, 401, "unauthorized")


# --- Schema --------------------------------------------------------------------------------------
MESSAGING_OPERATIONS = {
    "list_conversations", "unread_messages", "start_direct", "create_group", "get_conversation",
    "mute_conversation", "mark_conversation_read", "add_group_members", "remove_group_member", "leave_group",
    "list_messages", "list_changes", "send_message", "send_attachment", "edit_message", "delete_message",
    "download_attachment", "list_blocks", "block_member", "unblock_member", "create_realtime_ticket",
}  # fmt: skip


def test_openapi_documents_the_messaging_operations(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operations = {
        op["operationId"]: op
        for methods in schema["paths"].values()
        for op in methods.values()
        if "messaging" in op.get("tags", [])
    }
    assert set(operations) == MESSAGING_OPERATIONS
    for name, op in operations.items():
        assert op["summary"] and {"401", "403", "404", "429"} <= set(op["responses"]), name
        assert op["responses"]["404"]["content"], name
        if op.get("requestBody") or [p for p in op.get("parameters", []) if p["name"] != "slug"]:
            assert op["responses"]["422"]["content"], name
    assert {"409"} <= set(operations["send_message"]["responses"])
    assert {"409"} <= set(operations["remove_group_member"]["responses"])
    upload = operations["send_attachment"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert {"file", "client_id"} <= set(upload["required"])
    download = operations["download_attachment"]["responses"]["200"]["content"]
    assert set(download) == {"image/png", "application/pdf"}
    send = schema["components"]["schemas"]["SendIn"]
    assert send["properties"]["body"]["maxLength"] == 10_000
    assert send["additionalProperties"] is False


def test_a_rest_send_reads_the_sender_once_as_the_websocket_does(api_for, team, django_assert_num_queries):
    """The REST send reads the sender's row, with moderation's answers for a send, in the statement
    that finds the conversation (as the websocket does): then only the send's own statements."""
    group = services.create_group(team.heart, "Staff", [team.rhythm, team.valve])
    api = api_for(team.heart)
    api.get("/conversations?limit=1")  # the token's last-used update, once a minute: not this request
    # token with its account, membership, participant and conversation (standing, suspension,
    # watched words), SAVEPOINT, the next sequence, INSERT, the sender's read marker, the recipients,
    # RELEASE. It was twelve: the conversation, then the sender's row, its suspension, watched words.
    with django_assert_num_queries(9):
        response = api.post(
            f"/conversations/{group.pk}/messages", {"body": "Bonjour à tous", "client_id": "rest-1"}
        )
    assert _sent(response)["body"] == "Bonjour à tous"
    assert Message.objects.get(conversation=group, client_id="rest-1").sender_id == team.heart.pk
