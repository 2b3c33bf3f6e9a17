"""Discussions through the API, for a mobile client."""

import json

import pytest

from entrepairs.discussions.models import Post, Thread
from tests.api_client import bearer
from tests.discussions.factories import space_of, thread_factory

API = "/api/v1"


def _post(client, url, body, headers):
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def test_write_thread_reply_react_and_read(client, world, django_capture_on_commit_callbacks):
    headers = bearer(world.patient.user)
    space = space_of(world.breast).slug
    created = _post(client, f"{API}/networks/breast/threads",
                    {"space": space, "kind": "question", "title": "Perruque ?", "body": "Vos avis"}, headers)  # fmt: skip
    assert created.status_code == 201, created.content
    thread_id = created.json()["id"]
    reply = _post(
        client,
        f"{API}/networks/breast/threads/{thread_id}/replies",
        {"body": "Foulard"},
        bearer(world.relative.user),
    )
    assert reply.status_code == 201
    reacted = _post(
        client, f"{API}/networks/breast/posts/{reply.json()['id']}/reactions", {"kind": "merci"}, headers
    )
    assert reacted.json() == {"kind": "merci", "active": True}
    with django_capture_on_commit_callbacks(execute=True):  # notifications are sent after commit
        accepted = _post(client, f"{API}/networks/breast/posts/{reply.json()['id']}/accept", {}, headers)
    assert accepted.json()["accepted_answer_id"] == reply.json()["id"]
    page = client.get(f"{API}/networks/breast/threads/{thread_id}", **headers).json()
    assert [p["body"] for p in page["items"]] == ["Vos avis", "Foulard"]
    assert page["items"][1]["reactions"] == {"merci": 1}
    assert page["items"][1]["my_reactions"] == ["merci"]
    notifications = client.get(f"{API}/networks/breast/notifications", **bearer(world.relative.user)).json()
    assert notifications["unread"] == 1 and notifications["items"][0]["kind"] == "accepted"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"title": "Ok", "body": "Texte"}, 400, "invalid_title"),
        ({"title": "Titre correct", "body": " "}, 400, "empty_body"),
    ],
)
def test_thread_refusals_are_json_and_save_nothing(client, world, body, status, code):
    response = _post(client, f"{API}/networks/breast/threads", {"space": space_of(world.breast).slug, **body},
                     bearer(world.patient.user))  # fmt: skip
    assert response.status_code == status
    assert response.json()["code"] == code
    assert not Thread.objects.exists()


def test_other_networks_thread_is_404_like_a_missing_one(client, world):
    thread = thread_factory(world.outsider)
    headers = bearer(world.patient.user)
    foreign = client.get(f"{API}/networks/breast/threads/{thread.pk}", **headers)
    missing = client.get(f"{API}/networks/breast/threads/999999", **headers)
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content
    reply = _post(client, f"{API}/networks/diabetes/threads/{thread.pk}/replies", {"body": "x"}, headers)
    assert reply.status_code == 404
    assert not Post.objects.filter(body="x").exists()


def test_search_api_is_scoped(client, world):
    thread_factory(world.outsider, title="Glycémie du matin")
    assert client.get(f"{API}/networks/breast/search?q=glycémie", **bearer(world.patient.user)).json() == []
    found = client.get(f"{API}/networks/diabetes/search?q=glycémie", **bearer(world.outsider.user)).json()
    assert found and found[0]["title"] == "Glycémie du matin"


@pytest.mark.parametrize("replies", [5, 50])
def test_thread_api_queries_are_constant(client, world, django_assert_num_queries, replies):
    thread = thread_factory(world.patient, replies=replies)
    headers = bearer(world.patient.user)
    # token+user, token last-used, membership, thread, posts page, reactions summary
    with django_assert_num_queries(6):
        assert client.get(f"{API}/networks/breast/threads/{thread.pk}", **headers).status_code == 200


def test_openapi_lists_discussion_operations(client, db):
    schema = client.get(f"{API}/openapi.json").json()
    operation_ids = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert {"list_threads", "create_thread", "get_thread", "post_reply", "toggle_reaction", "accept_answer",
            "set_follow", "list_notifications", "mark_notifications_read", "search_posts"} <= operation_ids  # fmt: skip


def test_poll_through_the_api(client, world):
    headers = bearer(world.patient.user)
    created = _post(client, f"{API}/networks/breast/polls", {"space": space_of(world.breast).slug, "title": "Suivi ?",
                    "body": "Votre suivi", "options": ["Hôpital", "Ville"]}, headers)  # fmt: skip
    assert created.status_code == 201, created.content
    thread_id = created.json()["id"]
    poll = client.get(f"{API}/networks/breast/threads/{thread_id}/poll", **headers).json()
    assert all("votes" not in option for option in poll["options"])  # hidden before voting
    first = poll["options"][0]["id"]
    assert (
        _post(
            client, f"{API}/networks/breast/threads/{thread_id}/vote", {"options": [first]}, headers
        ).status_code
        == 204
    )
    again = _post(client, f"{API}/networks/breast/threads/{thread_id}/vote", {"options": [first]}, headers)
    assert again.status_code == 409 and again.json()["code"] == "already_voted"
    poll = client.get(f"{API}/networks/breast/threads/{thread_id}/poll", **headers).json()
    assert poll["my_votes"] == [first] and poll["options"][0]["votes"] == 1


def test_case_through_the_api_is_for_professionals(client, world):
    body = {
        "space": "cas-cliniques",
        "title": "Cas",
        "age_band": "50-59",
        "context": "Contexte",
        "question": "Bilan ?",
    }
    ok = _post(client, f"{API}/networks/cardio/cases", body, bearer(world.cardiologist.user))
    assert ok.status_code == 201, ok.content
    refused = _post(client, f"{API}/networks/breast/cases", {**body, "space": space_of(world.breast).slug},
                    bearer(world.patient.user))  # fmt: skip
    assert refused.status_code == 400 and refused.json()["code"] == "cases_for_professionals"
