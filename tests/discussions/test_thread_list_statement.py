"""The thread lists' compiled statement (queries.thread_list, entrepairs/prepared.py) answers what the
queryset it replaces answers: the same threads in the same order with the same details, for a member
and a moderator, in a space or the whole network, after a cursor, followed threads only, and it is
compiled once for every later call."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from entrepairs.discussions import queries, services
from entrepairs.discussions.models import Bookmark, Post, Space, Thread, ThreadFollow
from entrepairs.prepared import Prepared
from tests import factories as f
from tests.discussions.factories import thread_factory

DETAILS = ("last_poster_id", "last_poster_name", "last_poster_seed", "followed", "unread_count")


def by_queryset(member, *, limit, space=None, after=None, followed_only=False):
    threads = queries.visible_threads(member)
    if space is not None:
        threads = threads.filter(space=space)
    if followed_only:
        threads = threads.filter(
            Exists(ThreadFollow.objects.filter(thread=OuterRef("pk"), member=member, muted=False)),
            deleted_at__isnull=True,
        )
    if after is not None:
        threads = threads.filter(
            Q(last_activity_at__lt=after[0]) | Q(last_activity_at=after[0], id__lt=after[1])
        )
    return list(queries.with_list_details(member, threads)[:limit])


def described(threads):
    return [
        (
            thread.pk,
            thread.title,
            thread.space.slug,
            thread.author.display_name,
            thread.deleted_at is not None,
            *(getattr(thread, name) for name in DETAILS),
        )
        for thread in threads
    ]


@pytest.fixture
def busy_network(world):
    """Threads in two spaces of `breast` with replies, follows (one muted), unread replies, and
    threads members must not see: deleted, hidden, awaiting approval (the patient's own shows)."""
    services.ensure_default_spaces(world.breast)
    spaces = list(Space.objects.filter(network=world.breast).order_by("position")[:2])
    start = timezone.now() - timedelta(days=3)
    threads = []
    for index in range(14):
        author = (world.patient, world.relative, world.moderator)[index % 3]
        thread = thread_factory(author, title=f"Sujet {index}")
        at = start + timedelta(hours=index)
        Thread.objects.filter(pk=thread.pk).update(space=spaces[index % 2], last_activity_at=at)
        if index % 4 == 0:
            Post.objects.create(network=world.breast, thread=thread, author=world.relative, body="Réponse.",
                                body_html="<p>Réponse.</p>", created_at=at)  # fmt: skip
        threads.append(thread)
    for index in (1, 4, 8):
        ThreadFollow.objects.create(network=world.breast, member=world.patient, thread=threads[index],
                                    last_read_at=start, muted=index == 8)  # fmt: skip
    ThreadFollow.objects.create(network=world.breast, member=world.moderator, thread=threads[4],
                                last_read_at=start)  # fmt: skip
    Thread.objects.filter(pk=threads[2].pk).update(deleted_at=timezone.now())
    Thread.objects.filter(pk=threads[5].pk).update(hidden_at=timezone.now())
    Thread.objects.filter(pk=threads[7].pk).update(approval_pending_since=timezone.now())  # relative's
    Thread.objects.filter(pk=threads[9].pk).update(approval_pending_since=timezone.now())  # patient's
    f.member_factory(world.diabetes)  # another network's threads never show
    return spaces, threads


@pytest.mark.parametrize("who", ["patient", "moderator"])
def test_the_statement_answers_what_the_queryset_answers(world, busy_network, who):
    member = getattr(world, who)
    spaces, threads = busy_network
    everything = by_queryset(member, limit=100)
    assert len(everything) >= 10
    middle = (everything[4].last_activity_at, everything[4].pk)
    cases = [
        {"limit": 31},
        {"limit": 3},
        {"limit": 31, "space": spaces[0]},
        {"limit": 31, "space": spaces[1], "after": middle},
        {"limit": 5, "after": middle},
        {"limit": 6, "followed_only": True},
        {"limit": 6, "followed_only": True, "after": middle},
    ]
    for case in cases:
        expected = described(by_queryset(member, **case))
        assert described(queries.thread_list(member, **case)) == expected, case
    shown = {thread.pk for thread in queries.thread_list(member, limit=100)}
    hidden_from_members = {threads[index].pk for index in (2, 5, 7)}  # deleted, hidden, another's pending
    assert shown >= {thread.pk for thread in threads} - hidden_from_members
    assert (shown & hidden_from_members) == (hidden_from_members if who == "moderator" else set())
    followed = queries.thread_list(member, limit=6, followed_only=True)
    expected = [4, 1] if who == "patient" else [4]  # 8 is muted
    assert [thread.pk for thread in followed] == [threads[index].pk for index in expected]
    assert followed[0].unread_count == 2  # the relative's opening post and reply, since the last read


def test_an_unsaved_default_space_lists_nothing(world):
    unsaved = Space(network=world.cardio, name="Général", slug="general")
    assert queries.thread_list(world.cardiologist, limit=31, space=unsaved) == []


def test_one_query_and_no_compilation_after_the_first(world, busy_network, monkeypatch):
    queries.thread_list(world.patient, limit=31)
    compiled = []
    original = Prepared._compile
    monkeypatch.setattr(Prepared, "_compile", lambda *a: compiled.append(a) or original(*a))
    with CaptureQueriesContext(connection) as captured:
        rows = queries.thread_list(world.relative, limit=31)
    assert len(captured) == 1 and compiled == []
    assert [thread.pk for thread in rows] == [thread.pk for thread in by_queryset(world.relative, limit=31)]


# --- The thread page's statements (get_thread_or_404, thread_page) ------------------------------------
def page_by_queryset(member, thread, *, page, per_page, read_until=None):
    posts = queries.thread_posts(member, thread)
    counts = {"total": Count("id")}
    if read_until is not None:
        counts["read"] = Count("id", filter=Q(created_at__lte=read_until))
    totals = posts.order_by().aggregate(**counts)
    saved = Bookmark.objects.filter(member=member, post=OuterRef("pk"))
    rows = list(posts.annotate(is_saved=Exists(saved))[(page - 1) * per_page : page * per_page])
    return totals, rows


def posts_described(posts):
    return [
        (post.pk, post.body, post.author.display_name, post.is_saved, post.deleted_at is not None,
         getattr(post.author.qualification, "pk", None), getattr(post, "first_unread", False))
        for post in posts
    ]  # fmt: skip


@pytest.mark.parametrize("who", ["patient", "moderator"])
@pytest.mark.parametrize("prepared_pages", [20, 1])  # the compiled statement, and the far pages' queryset
def test_a_thread_page_answers_what_the_querysets_answer(world, who, prepared_pages, monkeypatch):
    monkeypatch.setattr(queries, "PREPARED_PAGES", prepared_pages)
    member = getattr(world, who)
    thread = thread_factory(world.relative, replies=11, repliers=(world.patient, world.moderator))
    posts = list(Post.objects.filter(thread=thread).order_by("created_at", "id"))
    Post.objects.filter(pk=posts[3].pk).update(deleted_at=timezone.now())
    Post.objects.filter(pk=posts[4].pk).update(approval_pending_since=timezone.now())  # the moderator's
    Bookmark.objects.create(network=world.breast, member=member, post=posts[7])
    read_until = posts[6].created_at
    for page in (1, 2, 3, 99):
        for mark in (None, read_until):
            paged = queries.thread_page(member, thread, page=page, per_page=4, read_until=mark)
            totals, rows = page_by_queryset(member, thread, page=min(page, paged["pages"]), per_page=4,
                                            read_until=mark)  # fmt: skip
            assert paged["pages"] == -(-totals["total"] // 4)
            assert posts_described(paged["posts"])[:1] and [row[:6] for row in posts_described(paged["posts"])] == [
                row[:6] for row in posts_described(rows)
            ]  # fmt: skip
            if mark is not None and totals["read"] < totals["total"]:
                assert paged["first_unread_page"] == totals["read"] // 4 + 1
    shown = {
        post.pk
        for page in (1, 2, 3)
        for post in queries.thread_page(member, thread, page=page, per_page=4)["posts"]
    }
    assert (posts[3].pk in shown, posts[4].pk in shown) == (
        (True, True) if who == "moderator" else (False, False)
    )


@pytest.mark.parametrize("who", ["patient", "relative", "moderator"])
def test_a_posts_position_answers_what_its_count_answers(world, who):
    # The page a reply's redirect goes to (queries.position_of_post, compiled): the count of the posts
    # the member sees up to that one, deleted and held posts seen by moderators (and held ones by
    # their author) only, two posts at the same instant told apart by id.
    member = getattr(world, who)
    thread = thread_factory(world.relative, replies=9, repliers=(world.patient, world.moderator))
    posts = list(Post.objects.filter(thread=thread).order_by("created_at", "id"))
    Post.objects.filter(pk=posts[2].pk).update(deleted_at=timezone.now())
    Post.objects.filter(pk=posts[3].pk).update(approval_pending_since=timezone.now())
    Post.objects.filter(pk=posts[6].pk).update(created_at=posts[5].created_at)
    posts = list(Post.objects.filter(thread=thread).order_by("created_at", "id"))
    for post in posts:
        expected = (
            queries.thread_posts(member, thread)
            .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, id__lte=post.pk))
            .count()
        )
        assert queries.position_of_post(member, thread, post) == expected
    assert queries.position_of_post(member, thread, posts[-1]) == (10 if who == "moderator" else 8 + (
        posts[3].author_id == member.pk))  # fmt: skip


@pytest.mark.parametrize("thread_id", ["abc", -1, 0, 2**63, 10**30, None])
def test_a_thread_id_no_row_can_have_answers_not_found(world, thread_id):
    with pytest.raises(Http404):
        queries.get_thread_or_404(world.patient, thread_id)


def test_a_thread_of_another_network_or_hidden_is_not_found_and_a_moderator_sees_deleted(world):
    mine = thread_factory(world.relative, title="Visible")
    elsewhere = thread_factory(world.outsider, title="Ailleurs")
    assert queries.get_thread_or_404(world.patient, mine.pk).pk == mine.pk
    Thread.objects.filter(pk=mine.pk).update(deleted_at=timezone.now())
    for member, thread in ((world.patient, elsewhere), (world.moderator, elsewhere), (world.patient, mine)):
        with pytest.raises(Http404):
            queries.get_thread_or_404(member, thread.pk)
    assert queries.get_thread_or_404(world.moderator, mine.pk).pk == mine.pk


# --- The home's and the list's side panels --------------------------------------------------------
@pytest.mark.parametrize("who", ["patient", "relative", "moderator"])
def test_side_panels_answer_what_their_querysets_answer(world, busy_network, who):
    member = getattr(world, who)
    _spaces, threads = busy_network
    Thread.objects.filter(pk__in=[threads[index].pk for index in (3, 5, 7, 10)]).update(
        kind=Thread.Kind.QUESTION, reply_count=0
    )
    Thread.objects.filter(pk=threads[11].pk).update(reply_count=7)
    for limit in (1, 5):
        expected = list(queries.unanswered_questions(member)[:limit])
        assert described_plain(queries.first_unanswered_questions(member, limit)) == described_plain(expected)
    since = timezone.now() - timedelta(days=30)
    expected = list(
        queries.visible_threads(member)
        .filter(last_activity_at__gte=since, deleted_at__isnull=True, is_welcome__isnull=True)
        .exclude(Exists(ThreadFollow.objects.filter(thread=OuterRef("pk"), member=member)))
        .exclude(author=member)
        .order_by("-reply_count", "-last_activity_at", "-id")[:4]
    )
    assert described_plain(queries.suggested_threads(member)) == described_plain(expected)
    assert expected and all(thread.author_id != member.pk for thread in expected)
    follows = ThreadFollow.objects.filter(
        member=member, muted=False, thread__deleted_at__isnull=True, thread__hidden_at__isnull=True
    ).order_by("-thread__last_activity_at", "-thread_id")
    assert [(t.pk, t.unread) for t in queries.followed_threads(member)] == [
        (follow.thread_id, follow.thread.last_activity_at > follow.last_read_at) for follow in follows[:10]
    ]


def described_plain(threads):
    return [(thread.pk, thread.title, thread.space.slug, thread.author.display_name) for thread in threads]
