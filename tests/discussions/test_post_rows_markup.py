"""The posts of a thread page and the rows of thread lists are built as Python strings
(discussions/post_rows.py, decision 0027): every word a member typed is escaped wherever it lands
(names, titles, spaces, earlier versions, hidden texts, expert notes), and each state of a post or a
thread shows what it should."""

from datetime import UTC, datetime
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.test import RequestFactory
from django.utils import translation

from entrepairs.discussions import post_rows
from entrepairs.discussions.views import _post_links, _thread_links

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;"
WHEN = datetime(2026, 12, 5, 20, 26, tzinfo=UTC)


def _elements(html: str) -> list[tuple[str, dict]]:
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


def _person(pk: int, name: str = HOSTILE, **extra):
    values = {"pk": pk, "id": pk, "display_name": name, "avatar_seed": f"seed-{pk}", "qualification_id": None,
              "status": "active", "role": "member", "member_type": "patient"}  # fmt: skip
    return SimpleNamespace(**{**values, **extra})


def _post(pk: int, author, **extra):
    values = {"id": pk, "pk": pk, "author": author, "author_id": author.pk, "created_at": WHEN, "edited_at": None,
              "deleted_at": None, "hidden_at": None, "approval_pending_since": None, "author_hidden_at": None,
              "body_html": "<p>Bonjour</p>", "is_first": False, "reaction_buttons": [("merci", "Merci", 2, True)]}  # fmt: skip
    return SimpleNamespace(**{**values, **extra})


def _render_posts(posts, *, member, thread=None, **context):
    values = {
        "network": SimpleNamespace(slug="breast"), "member": member, "posts": posts, "links": _post_links("breast"),
        "thread": thread or SimpleNamespace(accepted_answer_id=None, deleted_at=None), "saved_ids": set(),
        "privacy_confirmed": {}, "author_hidden": {}, "revisions": {}, "notes": {}, "can_accept": False, "may_note": False,
    }  # fmt: skip
    with translation.override("en"):
        return str(post_rows.render_posts(RequestFactory().get("/"), {**values, **context}))


def test_every_word_of_a_post_a_moderator_sees_is_escaped():
    moderator = SimpleNamespace(id=99, pk=99, is_moderator=True)
    author = _person(1)
    post = _post(1, author, edited_at=WHEN, author_hidden_at=WHEN)
    html = _render_posts(
        [post],
        member=moderator,
        privacy_confirmed={1: HOSTILE},
        author_hidden={
            1: SimpleNamespace(
                thread_title=HOSTILE, case_text={"history": HOSTILE, "empty": ""}, body_html="<p>caché</p>"
            )
        },  # fmt: skip
        revisions={1: [SimpleNamespace(replaced_at=WHEN, body=HOSTILE)]},
        notes={1: [SimpleNamespace(author=_person(2), body=HOSTILE, source=HOSTILE)]},
    )
    tags = {tag for tag, _attrs in _elements(html)}
    assert "script" not in tags and not [a for _t, a in _elements(html) if "onerror" in a]
    # The name, the confirmed kinds, the hidden title and case text, the earlier version, the note's
    # author, body and source: eight places.
    assert html.count("&lt;script&gt;") == 8, html
    assert "Text hidden by its author (moderators)" in html and "Earlier versions (moderators)" in html
    assert "<p>caché</p>" in html and "<p>Bonjour</p>" in html  # sanitized when saved, printed as HTML
    assert "data-expert-note" in html and "data-delete-post" in html and "data-add-note" in html


def test_a_members_own_post_and_someone_elses():
    member = SimpleNamespace(id=1, pk=1, is_moderator=False)
    mine, theirs = (
        _post(1, _person(1, "Loutre")),
        _post(2, _person(2, "Héron"), is_first=True, first_unread=True),
    )
    links = _post_links("breast")
    html = _render_posts([mine, theirs], member=member, can_accept=True, saved_ids={2})
    own, other = html.split('id="post-2"')
    assert f'href="{links["edit"](1)}"' in own and f'href="{links["delete"](1)}"' in own
    assert (
        "data-report" not in own and f'action="{links["accept"](1)}"' in own
    )  # offered on every reply but the first
    assert f'href="{links["edit"](2)}"' not in other
    assert f'href="{links["report"](2)}" data-report' in other and "data-delete-post" not in other
    assert f'action="{links["accept"](2)}"' not in other  # the first message is the question
    assert html.index('id="first-unread"') < html.index('id="post-2"')
    assert 'aria-pressed="true" data-save>★ Saved' in other and 'aria-pressed="false" data-save>☆ Save' in own
    assert 'class="reaction is-mine" aria-pressed="true">Merci · 2</button>' in own
    assert html.count('name="csrfmiddlewaretoken"') == 5  # reactions twice, Save twice, Accept once


def test_deleted_held_hidden_and_accepted_posts():
    moderator = SimpleNamespace(id=99, pk=99, is_moderator=True)
    author = _person(1, "Loutre")
    thread = SimpleNamespace(accepted_answer_id=3, deleted_at=WHEN)
    posts = [
        _post(1, author, deleted_at=WHEN),
        _post(2, author, hidden_at=WHEN, approval_pending_since=WHEN),
        _post(3, author),
    ]
    html = _render_posts(posts, member=moderator, thread=thread)
    deleted, held, accepted = html.split("<li ")[1:]
    assert "is-deleted" in deleted and "post-actions" not in deleted and "Deleted message" in deleted
    assert "data-hidden" in held and "data-pending" in held and "?quote=" not in held  # the thread is deleted
    assert "is-accepted" in accepted and "✓ Accepted answer" in accepted


def _thread(pk: int, **extra):
    values = {"id": pk, "pk": pk, "kind": "discussion", "deleted_at": None, "unread_count": 0, "title": HOSTILE,
              "space": SimpleNamespace(slug="vie", name=HOSTILE), "author": _person(pk), "reply_count": 3,
              "accepted_answer_id": None, "last_poster_name": HOSTILE, "last_activity_at": WHEN}  # fmt: skip
    return SimpleNamespace(**{**values, **extra})


def _render_rows(threads):
    with translation.override("en"):
        return str(
            post_rows.render_thread_rows(threads, _thread_links("breast"), SimpleNamespace(slug="breast"))
        )


def test_every_word_of_a_thread_row_is_escaped():
    html = _render_rows([_thread(1, unread_count=2)])
    assert "script" not in {tag for tag, _attrs in _elements(html)}
    assert html.count("&lt;script&gt;") == 4, html  # title, space, author, last reply's author
    assert 'class="card thread-item is-unread"' in html and 'data-unread="2">2 new</span>' in html
    assert (
        "3 replies" in html
        and "data-last-reply" in html
        and '<time datetime="2026-12-05T20:26:00+00:00"' in html
    )


@pytest.mark.parametrize(
    ("extra", "state"),
    [
        ({"accepted_answer_id": 5}, "data-answered"),
        ({}, "data-awaiting-choice"),
        ({"reply_count": 0}, "data-unanswered"),
    ],
)
def test_a_questions_row_says_where_it_stands(extra, state):
    html = _render_rows([_thread(1, kind="question", **extra)])
    assert state in html and 'class="badge badge-warn">Question' in html
    others = {"data-answered", "data-awaiting-choice", "data-unanswered"} - {state}
    assert not any(other in html for other in others)


def test_a_deleted_thread_without_replies_by_others():
    html = _render_rows([_thread(1, deleted_at=WHEN, last_poster_name="", unread_count=0)])
    assert "is-deleted" in html and '<span class="badge">Deleted</span>' in html
    assert "data-last-reply" not in html and "is-unread" not in html and "data-unread" not in html
