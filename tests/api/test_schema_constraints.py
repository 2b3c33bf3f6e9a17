"""What the schema states, the server enforces, and the other way round: the notable defects the API
fuzz test found (docs/decisions/0007), each pinned by one focused test."""

import pytest

from entrepairs.discussions.models import Reaction, Thread
from tests.api_client import error_of
from tests.discussions.factories import thread_factory


def _schema(client):
    return client.get("/api/v1/openapi.json").json()


def _body_schema(schema, path, method):
    ref = schema["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


@pytest.mark.parametrize("kind", ["case", "poll", "annonce"])
def test_a_thread_of_another_kind_than_discussion_or_question_is_refused(api_as, world, kind):
    # A case or a poll has its own operation, which creates its case or its poll with it.
    response = api_as(world.patient.user).post(
        "/networks/breast/threads", {"space": "traitements", "title": "Titre", "body": "Texte", "kind": kind}
    )
    error_of(response, 422, "invalid_input")
    assert not Thread.objects.exists()


def test_enforced_values_are_enums_in_the_schema(client, db):
    schema = _schema(client)
    thread = _body_schema(schema, "/api/v1/networks/{slug}/threads", "post")
    assert thread["properties"]["kind"]["enum"] == ["discussion", "question"]
    reaction = _body_schema(schema, "/api/v1/networks/{slug}/posts/{post_id}/reactions", "post")
    assert reaction["properties"]["kind"]["enum"] == list(Reaction.Kind.values)
    invitation = _body_schema(schema, "/api/v1/networks/{slug}/invitations", "post")
    assert (
        invitation["properties"]["max_uses"]["minimum"],
        invitation["properties"]["max_uses"]["maximum"],
    ) == (
        1,
        500,
    )
    persona = _body_schema(schema, "/api/v1/networks/{slug}/persona", "patch")
    assert persona["properties"]["bio"]["anyOf"][0]["pattern"] == "^[^\\x00]*$"


@pytest.mark.parametrize("body", [{"follow": True, "muted": 0}, {"follow": 1}, {"follow": "yes"}])
def test_booleans_are_true_or_false_only(api_as, world, body):
    thread = thread_factory(world.patient)
    response = api_as(world.patient.user).put(f"/networks/breast/threads/{thread.pk}/follow", body)
    error_of(response, 422, "invalid_input")


def test_numbers_are_json_numbers_and_integral_floats_count(api_as, world):
    client = api_as(world.relative.user)
    error_of(
        client.post("/networks/breast/blocks", {"member_id": str(world.patient.pk)}), 422, "invalid_input"
    )
    assert client.post("/networks/breast/blocks", {"member_id": float(world.patient.pk)}).status_code == 201


def test_text_with_nul_is_invalid_input_everywhere_text_is_published(api_as, world):
    response = api_as(world.patient.user).post(
        "/networks/breast/threads", {"space": "traitements", "title": "Titre", "body": "nul \x00 ici"}
    )
    error_of(response, 422, "invalid_input")
