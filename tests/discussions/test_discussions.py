"""Threads, replies, edits, deletion, reactions and accepted answers: services and pages."""

import re

import pytest
from django.urls import reverse

from entrepairs.discussions import markdown, services
from entrepairs.discussions.models import Post, PostRevision, Reaction, Thread
from entrepairs.errors import ActionRefused
from tests import factories as f
from tests.discussions.factories import space_of, thread_factory
from tests.helpers import page_body


# --- Markdown is sanitized ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "[clic](javascript:alert(1))",
        '<img src=x onerror="alert(1)">',
        "<iframe src='https://example.test'></iframe>",
        '<a href="https://example.test" onclick="steal()">lien</a>',
    ],
)
def test_markdown_never_lets_html_or_scripts_through(attack):
    elements = _elements(markdown.render(attack))
    assert {tag for tag, _attrs in elements} <= markdown.ALLOWED_TAGS
    for _tag, attrs in elements:
        for name, value in attrs:
            assert not name.startswith("on")
            assert not (value or "").strip().lower().startswith("javascript:")


def _elements(html: str) -> list[tuple[str, list]]:
    """The real elements of an HTML fragment (escaped text such as "&lt;script&gt;" is not one)."""
    from html.parser import HTMLParser

    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


def test_markdown_keeps_formatting_and_makes_links_safe():
    html = markdown.render("**Courage** à toutes\n\n> citation\n\n[source](https://example.test/article)")
    assert "<strong>Courage</strong>" in html
    assert "<blockquote>" in html
    assert 'rel="nofollow noopener noreferrer"' in html


# --- Services ----------------------------------------------------------------------------------
def test_thread_and_reply_update_counters(world):
    thread = services.create_thread(
        world.patient, space_of(world.breast), title="Fatigue", body="Comment faites-vous ?"
    )
    services.post_reply(world.relative, thread, body="Je fais la sieste.")
    thread.refresh_from_db()
    assert thread.reply_count == 1
    assert thread.posts.count() == 2


@pytest.mark.parametrize(
    ("title", "body", "code"),
    [
        ("Ok titre", "   ", "empty_body"),
        ("Ok titre", "x" * 20_001, "body_too_long"),
        ("x", "Bonjour", "invalid_title"),
    ],
)
def test_bad_threads_are_refused_and_nothing_saved(world, title, body, code):
    with pytest.raises(ActionRefused) as refused:
        services.create_thread(world.patient, space_of(world.breast), title=title, body=body)
    assert refused.value.code == code
    assert not Thread.objects.exists()


def test_posting_too_fast_is_refused_with_the_wait(world, monkeypatch):
    from datetime import UTC, datetime

    from entrepairs import throttles

    # A fixed clock: the limit counts per minute, and the test must not straddle two minutes.
    fixed = datetime(2026, 11, 28, 10, 0, 15, tzinfo=UTC).timestamp()
    monkeypatch.setattr(throttles, "_now", lambda: fixed)
    thread = thread_factory(world.patient)
    for _ in range(services.POSTS_PER_MINUTE):
        services.post_reply(world.patient, thread, body="encore")
    with pytest.raises(ActionRefused) as refused:
        services.post_reply(world.patient, thread, body="une de trop")
    assert refused.value.code == "rate_limited"
    assert "45" in refused.value.message  # seconds left in the minute
    assert not Post.objects.filter(body="une de trop").exists()


def test_reply_to_deleted_thread_is_refused(world):
    thread = thread_factory(world.patient)
    services.delete_thread(world.patient, thread)
    thread.refresh_from_db()
    with pytest.raises(ActionRefused) as refused:
        services.post_reply(world.relative, thread, body="Bonjour")
    assert refused.value.code == "thread_deleted"


def test_edit_keeps_history_and_only_author_edits(world):
    thread = thread_factory(world.patient)
    post = thread.posts.get(is_first=True)
    services.edit_post(world.patient, post, body="Texte corrigé")
    assert PostRevision.objects.get(post=post).body == "Premier message."
    with pytest.raises(ActionRefused) as refused:
        services.edit_post(world.moderator, post, body="Réécrit par un autre")
    assert refused.value.code == "forbidden"
    post.refresh_from_db()
    assert post.body == "Texte corrigé"


def test_members_cannot_delete_others_posts_but_moderators_can(world):
    thread = thread_factory(world.patient, replies=1, repliers=[world.relative])
    reply = thread.posts.get(is_first=False)
    with pytest.raises(ActionRefused) as refused:
        services.delete_post(world.patient, reply)
    assert refused.value.code == "forbidden"
    reply.refresh_from_db()
    assert reply.deleted_at is None
    services.delete_post(world.moderator, reply, reason="Hors sujet", confirmed=True)
    reply.refresh_from_db()
    assert reply.deleted_at is not None


def test_accepted_answer_by_asker_or_moderator_only(world):
    thread = thread_factory(world.patient, kind="question", replies=1, repliers=[world.relative])
    answer = thread.posts.get(is_first=False)
    with pytest.raises(ActionRefused) as refused:
        services.accept_answer(world.relative, answer)
    assert refused.value.code == "forbidden"
    thread.refresh_from_db()
    assert thread.accepted_answer is None
    services.accept_answer(world.patient, answer)
    thread.refresh_from_db()
    assert thread.accepted_answer == answer


def test_reaction_toggles(world):
    thread = thread_factory(world.patient)
    post = thread.posts.get()
    assert services.toggle_reaction(world.relative, post, "courage") is True
    assert Reaction.objects.filter(post=post, kind="courage").count() == 1
    assert services.toggle_reaction(world.relative, post, "courage") is False
    assert not Reaction.objects.exists()
    with pytest.raises(ActionRefused) as refused:
        services.toggle_reaction(world.relative, post, "like")
    assert refused.value.code == "invalid_reaction"


# --- Pages -------------------------------------------------------------------------------------
def test_member_writes_a_thread_and_reply(login, world):
    client = login(world.patient.user)
    response = client.post(
        reverse("discussions:new_thread", kwargs={"slug": "breast"}),
        {
            "space": space_of(world.breast).slug,
            "kind": "question",
            "title": "Perruque ou foulard ?",
            "body": "Vos avis ?",
        },
    )
    thread = Thread.objects.get(title="Perruque ou foulard ?")
    assert response.status_code == 302
    reply = login(world.relative.user).post(
        reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk}),
        {"body": "Foulard !"},
    )
    assert reply.status_code == 302
    page = client.get(reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk}))
    assert "Foulard !" in page.content.decode()


def test_rejected_thread_keeps_the_draft(login, world):
    client = login(world.patient.user)
    response = client.post(
        reverse("discussions:new_thread", kwargs={"slug": "breast"}),
        {
            "space": space_of(world.breast).slug,
            "kind": "discussion",
            "title": "x",
            "body": "Mon long brouillon",
        },
    )
    assert response.status_code == 200
    assert "Mon long brouillon" in response.content.decode()
    assert not Thread.objects.exists()


def test_other_networks_thread_reads_like_a_missing_one(login, world):
    thread = thread_factory(world.outsider)  # in diabetes
    client = login(world.patient.user)
    foreign = client.get(reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk}))
    missing = client.get(reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": 999999}))
    assert foreign.status_code == missing.status_code == 404
    assert page_body(foreign) == page_body(missing)
    wrong_slug = client.get(
        reverse("discussions:thread", kwargs={"slug": "diabetes", "thread_id": thread.pk})
    )
    assert wrong_slug.status_code == 404


def test_reply_into_another_network_changes_nothing(login, world):
    thread = thread_factory(world.outsider)
    response = login(world.patient.user).post(
        reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk}),
        {"body": "intrusion"},
    )
    assert response.status_code == 404
    assert not Post.objects.filter(body="intrusion").exists()


def test_deleted_post_vanishes_for_members_and_stays_for_moderators(login, world, client):
    thread = thread_factory(world.patient, replies=1, repliers=[world.relative])
    reply = thread.posts.get(is_first=False)
    services.delete_post(world.relative, reply)
    url = reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk})
    assert "Réponse 0" not in login(world.patient.user).get(url).content.decode()
    assert "Réponse 0" in login(world.moderator.user).get(url).content.decode()


# --- Constant query counts ---------------------------------------------------------------------
@pytest.mark.parametrize("threads", [3, 30])
def test_discussion_index_queries_are_constant(login, world, django_assert_num_queries, threads):
    for _ in range(threads):
        thread_factory(world.patient)
    client = login(world.patient.user)
    # session, user, membership (among my personas, the header's), threads page (with space and authors), spaces, unanswered
    # questions, followed threads, unread notifications (bell). No "do the
    # default spaces exist?": a read writes nothing (services.get_space_for_writing creates them).
    with django_assert_num_queries(8):
        assert client.get(reverse("discussions:index", kwargs={"slug": "breast"})).status_code == 200


@pytest.mark.parametrize("replies", [5, 50])
def test_thread_page_queries_are_constant(login, world, django_assert_num_queries, replies):
    others = [f.member_factory(world.breast) for _ in range(5)]
    thread = thread_factory(world.patient, replies=replies, repliers=others)
    for post in thread.posts.all()[:5]:
        services.toggle_reaction(world.relative, post, "merci")
    client = login(world.patient.user)
    # session, user, membership (among my personas, the header's), thread (space, author), my follow, posts count (the pages), posts
    # page (authors, badges), reactions summary, unread notifications (bell), the network's moderation
    # settings (does it admit expert notes?), the page's expert notes (saved or not rides on the posts' query). No write: nothing to mark read
    # for a thread the member does not follow (tests/discussions/test_read_marks.py).
    with django_assert_num_queries(11):
        response = client.get(
            reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk})
        )
    assert response.status_code == 200


def test_thread_pages_through_every_post_once(login, world):
    thread = thread_factory(world.patient, replies=120)
    client = login(world.patient.user)
    url = reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk})
    seen, next_url = [], url
    for _page in range(10):
        html = client.get(next_url).content.decode()
        seen += [int(chunk.split('"')[0]) for chunk in html.split('id="post-')[1:]]
        if 'rel="next"' not in html:
            break
        next_url = url + "?page=" + html.split('rel="next" href="?page=')[1].split('"')[0]
    assert len(seen) == len(set(seen)) == 121


def test_quote_prefills_the_reply_with_the_attributed_text(login, world):
    thread = thread_factory(world.patient, replies=1, repliers=[world.relative])
    reply = thread.posts.get(is_first=False)
    url = reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk})
    html = login(world.patient.user).get(f"{url}?quote={reply.pk}").content.decode()
    assert "**Frère Attentif** :\n&gt; Réponse 0" in html


def test_quote_of_another_networks_post_is_404(login, world):
    thread = thread_factory(world.patient)
    foreign = thread_factory(world.outsider).posts.get()
    url = reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk})
    assert login(world.patient.user).get(f"{url}?quote={foreign.pk}").status_code == 404


def test_followed_thread_shows_new_activity_until_opened(login, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.create_thread(world.patient, space_of(world.breast), title="Suivi", body="Premier")
    index = reverse("discussions:index", kwargs={"slug": "breast"})
    client = login(world.patient.user)
    assert 'badge-warn">Nouveau' not in client.get(index).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(world.relative, thread, body="Du nouveau")
    assert 'badge-warn">Nouveau' in client.get(index).content.decode()
    client.get(reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk}))
    assert 'badge-warn">Nouveau' not in client.get(index).content.decode()


def test_edit_history_is_shown_to_moderators_only(login, world, client):
    thread = thread_factory(world.patient)
    services.edit_post(world.patient, thread.posts.get(), body="Nouvelle version")
    url = reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk})
    assert "Premier message." not in login(world.relative.user).get(url).content.decode()
    assert "Premier message." in login(world.moderator.user).get(url).content.decode()


def test_thread_page_shows_reactions_links_and_badges_of_every_post(login, world):
    """The page builds reaction buttons, action links and badges once per page or per persona
    (web/links.py, discussion_tags): each post still gets its own."""
    thread = thread_factory(world.patient, replies=3, repliers=[world.moderator, world.relative])
    posts = list(thread.posts.order_by("created_at", "id"))
    services.toggle_reaction(world.patient, posts[1], "merci")
    services.toggle_reaction(world.relative, posts[1], "merci")
    page = login(world.patient.user).get(
        reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk})
    )
    html = page.content.decode()
    assert html.count('aria-pressed="true"') == 1  # the patient's own reaction, on one post only
    assert 'value="merci" class="reaction is-mine" aria-pressed="true">Merci · 2</button>' in html
    for post in posts:
        react = reverse("discussions:react", kwargs={"slug": "breast", "post_id": post.pk})
        assert f'action="{react}"' in html
    own = [post for post in posts if post.author_id == world.patient.pk]
    for post in own:
        assert reverse("discussions:edit_post", kwargs={"slug": "breast", "post_id": post.pk}) in html
    assert html.count(">Modérateur</span>") == 2  # the moderator wrote two of the replies


def test_reaction_buttons_escape_their_kind_and_label():
    from types import SimpleNamespace

    from entrepairs.discussions.templatetags.discussion_tags import reaction_buttons

    post = SimpleNamespace(reaction_buttons=[('a"b', "<b>Merci</b>", 3, True), ("utile", "Utile", 0, False)])
    html = reaction_buttons(post)
    assert (
        'value="a&quot;b" class="reaction is-mine" aria-pressed="true">&lt;b&gt;Merci&lt;/b&gt; · 3</button>'
        in html
    )
    assert 'value="utile" class="reaction" aria-pressed="false">Utile</button>' in html


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        (
            "fr",
            {"discussion": "Discussion", "question": "Question", "case": "Cas clinique", "poll": "Sondage"},
        ),
        ("en", {"discussion": "Discussion", "question": "Question", "case": "Clinical case", "poll": "Poll"}),
    ],
)
def test_each_row_of_a_thread_list_names_its_kind_in_the_members_language(world, login, language, labels):
    """The kind's badge is the thread's own label (what `get_kind_display` says), translated."""
    for kind in labels:
        thread_factory(world.cardiologist, kind=kind, title=f"Sujet {kind}")
    world.cardiologist.user.language = language
    world.cardiologist.user.save(update_fields=["language"])
    html = login(world.cardiologist.user).get(reverse("discussions:index", args=["cardio"])).content.decode()
    for kind, label in labels.items():
        row = re.search(
            rf'<span class="badge[^"]*">([^<]+)</span>(?:(?!data-thread).)*?Sujet {kind}<', html, re.S
        )
        assert row and row.group(1) == label, (kind, row and row.group(1))
