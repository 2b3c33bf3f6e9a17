"""What the schema states, the server enforces, and the other way round: the notable defects the API
fuzz test found (docs/decisions/0007), each pinned by one focused test."""

from datetime import UTC, datetime

import pytest

from entrepairs.discussions.models import Poll, Reaction, Thread
from entrepairs.web.pagination import encode_cursor
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


# --- Moments and bookmarks from outside -------------------------------------------------------------
def _poll(api, closes_at):
    return api.post(
        "/networks/breast/polls",
        {"space": "traitements", "title": "Quel horaire ?", "body": "Pour la réunion.", "options": ["Matin", "Soir"],
         "closes_at": closes_at},
    )  # fmt: skip


def test_a_moment_with_any_offset_under_a_day_is_stored_as_the_same_instant(api_as, world):
    # PostgreSQL refuses offsets past ±15:59 (a 500 before): the moment arrives in UTC.
    response = _poll(api_as(world.patient.user), "2031-05-13T09:09:34-19:42")
    assert response.status_code == 201, response.content
    poll = Poll.objects.get(thread_id=response.json()["id"])
    assert poll.closes_at == datetime(2031, 5, 14, 4, 51, 34, tzinfo=UTC)


@pytest.mark.parametrize("closes_at", ["9999-12-31T23:00:00-19:42", "0001-01-01T01:00:00+19:42"])
def test_a_moment_utc_cannot_hold_is_invalid_input(api_as, world, closes_at):
    error_of(_poll(api_as(world.patient.user), closes_at), 422, "invalid_input")
    assert not Poll.objects.exists()


@pytest.mark.parametrize(
    "sort_value, pk",
    [
        ("2031-05-13T09:09:34-19:42", 5),
        ("0001-01-01T00:00:00+15:00", 5),
        ("2031-05-13T09:09:34+00:00", 2**70),
    ],
    ids=["offset_postgresql_refuses", "before_year_one_in_utc", "id_past_64_bits"],
)
def test_an_edited_bookmark_reads_as_the_first_page(api_as, world, sort_value, pk):
    """A page's cursor is only a bookmark, and anyone can edit one: a moment or an id the database
    cannot compare is the first page, not a 500."""
    thread_factory(world.patient)
    api = api_as(world.patient.user)
    first = api.get("/networks/breast/threads").json()["items"]
    response = api.get(f"/networks/breast/threads?cursor={encode_cursor(sort_value, pk)}")
    assert response.status_code == 200, response.content
    assert response.json()["items"] == first
