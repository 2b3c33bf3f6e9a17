"""Search costs what the searched network costs (issue 18): the match is made inside the network by
its index, a bounded number of matches is ranked, and a slow statement is stopped with a clear
answer instead of a 500."""

import pytest
from django.db import connection

from entrepairs.discussions import search
from tests.api_client import ApiClient
from tests.discussions.test_search import _thread

postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL's planner and statement timeout"
)


@postgres_only
def test_postgres_indexes_lead_with_the_network(db):
    """One GIN scan intersects the network's entries with the word's (btree_gin): the plan on real
    data is measured in bench/discussions.py; here, that the indexes are built that way."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN "
            "('discussions_post_search', 'discussions_thread_search')"
        )
        definitions = dict(cursor.fetchall())
    assert len(definitions) == 2
    assert all("USING gin (network_id, search_vector)" in text for text in definitions.values())


@postgres_only
def test_ranks_a_bounded_number_of_candidates(world, monkeypatch):
    for index in range(6):
        _thread(world.patient, f"Sujet {index}", "La fatigue me pèse")
    assert len(search.search(world.patient, "fatigue")) == 6
    monkeypatch.setattr(search, "CANDIDATES", 2)
    # Two from the bodies, two from the titles' first posts (none here): at most four ranked.
    assert len(search.search(world.patient, "fatigue")) == 2


@postgres_only
def test_a_statement_past_the_time_limit_is_stopped_with_a_clear_refusal(db, settings):
    settings.SEARCH_TIMEOUT_MS = 20
    with pytest.raises(search.SearchTooSlow) as refused:
        search.run_bounded("SELECT pg_sleep(1)", [])
    assert refused.value.code == "search_too_slow" and refused.value.status == 503
    # The connection is usable afterwards: the limit was local to the search's transaction.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_too_slow_search_answers_json_503_in_the_api(world, client, monkeypatch):
    def too_slow(*args, **kwargs):
        raise search.SearchTooSlow

    monkeypatch.setattr(search, "run_bounded", too_slow)
    response = ApiClient(client, world.patient.user).get("/networks/breast/search?q=fatigue")
    assert response.status_code == 503
    assert response.json()["code"] == "search_too_slow"


def test_sqlite_and_postgres_match_only_the_network_searched(world):
    """The index itself is scoped: a word present only in another network finds nothing, even when
    it is also the network marker's text."""
    _thread(world.outsider, "Glycémie", f"n{world.breast.pk} glycémie")  # diabetes
    assert search.search(world.patient, f"n{world.breast.pk}") == []
    assert search.search(world.patient, "glycémie") == []


def test_too_slow_search_keeps_the_words_and_says_why_on_the_page(world, client, monkeypatch):
    def too_slow(*args, **kwargs):
        raise search.SearchTooSlow

    monkeypatch.setattr(search, "run_bounded", too_slow)
    client.force_login(world.patient.user)
    response = client.get("/n/breast/search/?q=fatigue")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="fatigue"' in page
    assert "trop de temps" in page or "takes too long" in page
