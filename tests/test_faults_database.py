"""A database that is away or full answers 503 with Retry-After, never a 500, and writes nothing
half-way (issue 18)."""

import pytest
from django.db import OperationalError
from django.test import Client

from entrepairs.discussions import queries
from entrepairs.discussions.models import Post, ThreadFollow
from entrepairs.networks import access
from entrepairs.web.errors import database_unavailable
from tests.api_client import bearer
from tests.discussions.factories import thread_factory


def _refuse(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


@pytest.fixture
def browser(world):
    client = Client(raise_request_exception=False)  # as in production: the handler answers
    client.force_login(world.patient.user)
    return client


def test_pages_answer_a_friendly_503_while_the_database_is_away(browser, monkeypatch):
    monkeypatch.setattr(queries, "thread_list", _refuse)  # the thread list's one statement
    response = browser.get("/n/breast/d/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Rien de ce que vous avez écrit n'a été publié" in response.content.decode()


def test_the_api_answers_json_503_while_the_database_is_away(world, monkeypatch):
    client = Client(raise_request_exception=False)
    monkeypatch.setattr(access, "get_membership_or_404", _refuse)
    response = client.get("/api/v1/networks/breast/threads", **bearer(world.patient.user))
    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"
    assert response["Retry-After"] == "5"


def test_a_reply_cut_by_the_database_leaves_no_half_written_post(world, browser, monkeypatch):
    thread = thread_factory(world.patient)
    posts_before = Post.objects.count()
    # The follow is written after the post, in the same transaction: failing there must undo the post.
    monkeypatch.setattr(ThreadFollow.objects, "bulk_create", _refuse)
    response = browser.post(f"/n/breast/t/{thread.pk}/", {"body": "Ma réponse qui ne passera pas"})
    assert response.status_code == 503
    assert Post.objects.count() == posts_before


def test_other_errors_stay_500(world, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(world.patient.user)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(queries, "thread_list", broken)
    assert client.get("/n/breast/d/").status_code == 500


def test_a_pool_timeout_counts_as_the_database_being_away():
    """psycopg_pool raises PoolTimeout (a psycopg OperationalError) when no connection frees up in
    DB_POOL_TIMEOUT_SECONDS; Django hands it over as django.db.OperationalError."""
    from django.db import connection
    from django.db.utils import DatabaseErrorWrapper

    psycopg_pool = pytest.importorskip("psycopg_pool")
    if connection.vendor != "postgresql":
        pytest.skip("the pool is PostgreSQL's")
    try:
        with DatabaseErrorWrapper(connection):
            raise psycopg_pool.PoolTimeout("couldn't get a connection after 5.00 sec")
    except OperationalError as wrapped:
        assert database_unavailable(wrapped)
    else:
        pytest.fail("not wrapped")


@pytest.mark.django_db(transaction=True)  # the request's own commits and its own connection
def test_a_real_connection_cut_in_the_middle_of_a_reply_leaves_nothing_and_the_next_request_recovers(
    monkeypatch,
):
    """PostgreSQL: the server ends the request's connection between the post's INSERT and the
    follow's, as a restart or a failover would. The API answers JSON 503, no post is left half-way,
    and the next request, on a new connection, goes through without anything being restarted."""
    from django.db import connection

    from tests import factories as f
    from tests.api_client import ApiClient

    if connection.vendor != "postgresql":
        pytest.skip("cuts a real PostgreSQL connection (the monkeypatched tests above cover SQLite)")
    import psycopg

    network = f.network_factory()
    author, replier = f.member_factory(network), f.member_factory(network)
    thread = thread_factory(author)
    api = ApiClient(Client(raise_request_exception=False), replier.user)
    real_bulk_create = ThreadFollow.objects.bulk_create
    settings_dict = connection.settings_dict

    def cut_then_continue(*args, **kwargs):
        with psycopg.connect(
            host=settings_dict["HOST"], port=settings_dict["PORT"] or 5432, user=settings_dict["USER"],
            password=settings_dict["PASSWORD"] or None, dbname=settings_dict["NAME"], autocommit=True,
        ) as other:  # fmt: skip
            other.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
        return real_bulk_create(*args, **kwargs)

    monkeypatch.setattr(ThreadFollow.objects, "bulk_create", cut_then_continue)
    response = api.post(f"/networks/{network.slug}/threads/{thread.pk}/replies", {"body": "Coupée en route"})
    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"
    assert response["Retry-After"] == "5"
    monkeypatch.undo()
    assert not Post.objects.filter(thread=thread, body="Coupée en route").exists()

    response = api.post(f"/networks/{network.slug}/threads/{thread.pk}/replies", {"body": "Après la coupure"})
    assert response.status_code == 201
    assert Post.objects.filter(thread=thread, is_first=False).count() == 1


def test_pages_recover_alone_once_the_database_answers_again(browser, monkeypatch):
    monkeypatch.setattr(queries, "thread_list", _refuse)  # the thread list's one statement
    assert browser.get("/n/breast/d/").status_code == 503
    monkeypatch.undo()
    assert browser.get("/n/breast/d/").status_code == 200
