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
def test_postgres_indexes_hold_each_networks_own_lexemes(db):
    """A GIN index keeps one posting list per word: the word must be the network's word ("17.fatigu")
    for the index to read one network's posts only (the plan on real data: bench/discussions.py)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN "
            "('discussions_post_search', 'discussions_thread_search')"
        )
        definitions = dict(cursor.fetchall())
        cursor.execute("SELECT entrepairs_scoped(17, to_tsvector('french', 'La fatigue du soir'))::text")
        scoped = cursor.fetchone()[0]
    assert len(definitions) == 2
    assert all("USING gin (search_scope)" in text for text in definitions.values())
    assert scoped == "'17.fatigu' '17.soir'"


@postgres_only
def test_postgres_vectors_follow_the_body_and_only_the_body(world):
    thread = _thread(world.patient, "Titre", "La fatigue du soir")

    def vectors():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_scope::text FROM discussions_post WHERE thread_id = %s", [thread.pk]
            )
            post = cursor.fetchone()[0]
            cursor.execute("SELECT search_scope::text FROM discussions_thread WHERE id = %s", [thread.pk])
            return post, cursor.fetchone()[0]

    network = world.patient.network_id
    assert f"'{network}.fatigu'" in vectors()[0] and f"'{network}.titr'" in vectors()[1]
    post = thread.posts.get()
    post.body = "Nausées le matin"
    post.save(update_fields=["body"])
    thread.title = "Sommeil"
    thread.save(update_fields=["title"])
    post_vector, title_vector = vectors()
    assert f"'{network}.nause'" in post_vector and "fatigu" not in post_vector
    assert f"'{network}.sommeil'" in title_vector and "titr" not in title_vector
    # Every word must be found, in any order (the words typed are matched, not a phrase).
    assert len(search.search(world.patient, "matin nausées")) == 1
    assert search.search(world.patient, "matin fatigue") == []


@postgres_only
def test_ranks_a_bounded_number_of_candidates(world, monkeypatch):
    for index in range(6):
        _thread(world.patient, f"Sujet {index}", "La fatigue me pèse")
    assert len(search.search(world.patient, "fatigue")) == 6
    monkeypatch.setattr(search, "CANDIDATES", 2)
    # Two from the bodies, two from the titles' first posts (none here): at most four ranked.
    assert len(search.search(world.patient, "fatigue")) == 2


@postgres_only
def test_the_candidates_ranked_are_the_newest_matches(world, monkeypatch):
    """As Misago: the newest CANDIDATES posts having the words are ranked (found walking the
    network's newest posts for a common word, through the index for a rare one)."""
    from datetime import timedelta

    from django.utils import timezone

    monkeypatch.setattr(search, "CANDIDATES", 2)
    now = timezone.now()
    threads = [_thread(world.patient, f"Sujet {n}", "La fatigue me pèse") for n in range(5)]
    for age, thread in enumerate(threads):
        thread.posts.update(created_at=now - timedelta(days=age))
    found = {r.thread_id for r in search.search(world.patient, "fatigue")}
    assert found == {threads[0].pk, threads[1].pk}


@postgres_only
def test_words_missing_from_the_newest_posts_are_found_in_the_index(world, monkeypatch):
    """The walk over the newest posts finds too few: the words' posting list gives the rest."""
    from datetime import timedelta

    from django.utils import timezone

    monkeypatch.setattr(search, "WALK", 3)
    now = timezone.now()
    old = _thread(world.patient, "Ancien", "Un ornithorynque au jardin")
    old.posts.update(created_at=now - timedelta(days=400))
    for n in range(5):
        _thread(world.patient, f"Récent {n}", "La fatigue me pèse")
    assert [r.thread_id for r in search.search(world.patient, "ornithorynque")] == [old.pk]
    assert len(search.search(world.patient, "fatigue")) == 5


@postgres_only
def test_the_search_statement_runs_without_jit_nor_parallel_workers(db):
    """Both are costed on a branch the statement usually skips: compiling it took 52 ms, starting
    workers 130 ms, for a statement of a few milliseconds."""
    settings_seen = search.run_bounded(
        "SELECT current_setting('jit'), current_setting('max_parallel_workers_per_gather')", []
    )
    assert settings_seen == [("off", "0")]


def test_results_come_a_page_at_a_time(world, monkeypatch):
    """Headlines are computed for the page shown only: PAGE_SIZE rows, and one more when a next
    page exists; pages past MAX_PAGES answer nothing."""
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    for index in range(5):
        _thread(world.patient, f"Sujet {index}", "La fatigue me pèse")
    first, second, third = (search.search(world.patient, "fatigue", page=n) for n in (1, 2, 3))
    assert (len(first), len(second), len(third)) == (3, 3, 1)
    shown = [r.post_id for r in first[:2] + second[:2] + third]
    assert len(set(shown)) == 5
    assert search.search(world.patient, "fatigue", page=search.MAX_PAGES + 1) == []


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


def test_the_search_page_offers_the_next_results(world, client, monkeypatch):
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    for index in range(3):
        _thread(world.patient, f"Sujet {index}", "La fatigue me pèse")
    client.force_login(world.patient.user)
    first = client.get("/n/breast/search/?q=fatigue").content.decode()
    assert first.count('class="card"><h3>') == 2
    assert 'rel="next" href="?q=fatigue&amp;page=2"' in first
    second = client.get("/n/breast/search/?q=fatigue&page=2").content.decode()
    assert second.count('class="card"><h3>') == 1
    assert 'rel="prev"' in second and 'rel="next"' not in second
    # A page number out of range or not a number shows the first page, never an error.
    assert client.get("/n/breast/search/?q=fatigue&page=x").status_code == 200
    assert client.get("/n/breast/search/?q=fatigue&page=99").content.decode().count('class="card"><h3>') == 2
