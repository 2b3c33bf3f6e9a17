"""Search: ranked, accent-insensitive, highlighted, and never outside the member's network."""

from django.urls import reverse

from entrepairs.discussions import search, services
from entrepairs.discussions.models import Post, Thread
from tests.discussions.factories import space_of


def _thread(member, title, body, kind="discussion"):
    thread = Thread.objects.create(network=member.network, space=space_of(member.network), author=member,
                                   kind=kind, title=title)  # fmt: skip
    Post.objects.create(
        network=member.network, thread=thread, author=member, body=body, body_html=body, is_first=True
    )
    return thread


def test_finds_accent_insensitive_and_highlights(world):
    _thread(world.patient, "Sommeil", "Je suis très fatiguée après la séance de radiothérapie")
    results = search.search(world.patient, "fatiguee radiotherapie")
    assert len(results) == 1
    assert "<mark>" in results[0].snippet


def test_never_matches_another_network(world):
    _thread(world.outsider, "Glycémie", "Ma glycémie du matin est instable")  # diabetes
    assert search.search(world.patient, "glycémie") == []
    assert len(search.search(world.outsider, "glycémie")) == 1


def test_deleted_posts_are_found_by_moderators_only(world):
    thread = _thread(world.patient, "Perruque", "Ma perruque synthétique gratte")
    services.delete_post(world.patient, thread.posts.get())
    assert search.search(world.relative, "perruque") == []
    assert len(search.search(world.moderator, "perruque")) == 1


def test_filters_by_kind_and_edits_update_the_index(world):
    question = _thread(world.patient, "Nausées", "Des conseils contre les nausées ?", kind="question")
    _thread(world.relative, "Nausées aussi", "Les nausées reviennent le soir")
    assert {r.thread_id for r in search.search(world.patient, "nausées", kind="question")} == {question.pk}
    services.edit_post(world.patient, question.posts.get(), body="Conseils contre le gingembre ?")
    assert {r.thread_id for r in search.search(world.patient, "gingembre")} == {question.pk}


def test_title_matches_rank_first(world):
    in_body = _thread(world.patient, "Autre sujet", "On parle de sommeil en passant")
    in_title = _thread(world.relative, "Sommeil difficile", "Je me réveille la nuit")
    results = search.search(world.patient, "sommeil")
    assert [r.thread_id for r in results][:1] == [in_title.pk]
    assert in_body.pk in {r.thread_id for r in results}


def test_snippet_escapes_html_from_posts(world):
    _thread(world.patient, "Sujet", "Texte <script>alert(1)</script> fatigue")
    snippet = search.search(world.patient, "fatigue")[0].snippet
    assert "<script" not in snippet  # escaped (SQLite) or dropped by ts_headline (PostgreSQL)
    assert "<mark>fatigue</mark>" in snippet


def test_search_page(login, world):
    _thread(world.patient, "Fatigue chronique", "La fatigue me pèse")
    html = (
        login(world.patient.user)
        .get(reverse("discussions:search", kwargs={"slug": "breast"}) + "?q=fatigue")
        .content.decode()
    )
    assert "<mark>Fatigue</mark> chronique" in html
    assert "<mark>" in html


def test_empty_or_symbol_query_returns_nothing(world):
    assert search.search(world.patient, "") == []
    assert search.search(world.patient, '"*) OR (') == []


def test_a_title_match_returns_the_thread_once(world):
    thread = _thread(world.patient, "Sommeil et fatigue", "Premier message")
    for text in ("Réponse une", "Réponse deux"):
        Post.objects.create(
            network=world.breast, thread=thread, author=world.relative, body=text, body_html=text
        )
    assert [r.thread_id for r in search.search(world.patient, "sommeil")] == [thread.pk]


def test_french_and_english_stemming(world):
    french = _thread(world.patient, "Repos", "Les patientes fatiguées se reposent")
    english = _thread(world.relative, "Rest", "She was sleeping badly after the treatments")
    assert {r.thread_id for r in search.search(world.patient, "fatigue")} == {french.pk}
    assert {r.thread_id for r in search.search(world.patient, "sleep treatment")} == {english.pk}


def test_filter_by_author_pseudonym(login, world):
    theirs = _thread(world.patient, "Fatigue A", "fatigue du matin")
    mine = _thread(world.relative, "Fatigue B", "fatigue du soir")
    url = reverse("discussions:search", kwargs={"slug": "breast"})
    client = login(world.patient.user)
    html = client.get(url, {"q": "fatigue", "author": "frère attentif"}).content.decode()
    assert f"/t/{mine.pk}/" in html and f"/t/{theirs.pk}/" not in html
    unknown = client.get(
        url, {"q": "fatigue", "author": "Voisin Curieux"}
    ).content.decode()  # another network's
    assert f"/t/{mine.pk}/" not in unknown and f"/t/{theirs.pk}/" not in unknown
