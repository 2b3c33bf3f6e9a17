"""Reading a thread marks it read without writing on every view: the mark moves only when the
thread had activity the member had not seen, and never past what the page showed."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entrepairs.discussions import queries, services
from entrepairs.discussions.models import ThreadFollow
from tests.discussions.factories import thread_factory

WRITES = ("INSERT", "UPDATE", "DELETE")


def _writes(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]


def _unread(member) -> dict[int, bool]:
    return {thread.pk: thread.unread for thread in queries.followed_threads(member)}


def _url(thread) -> str:
    return reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk})


def test_first_view_of_new_activity_marks_read_and_a_second_view_writes_nothing(login, world):
    thread = thread_factory(world.patient)
    services.follow_thread(world.patient, thread)
    services.post_reply(world.relative, thread, body="Je comprends, courage à vous.")
    assert _unread(world.patient) == {thread.pk: True}
    client = login(world.patient.user)

    with CaptureQueriesContext(connection) as first:
        assert client.get(_url(thread)).status_code == 200
    assert len(_writes(first)) == 1  # the read mark moves to the reply
    assert _unread(world.patient) == {thread.pk: False}

    with CaptureQueriesContext(connection) as second:
        assert client.get(_url(thread)).status_code == 200
    assert _writes(second) == []  # already read: a plain view writes nothing
    assert _unread(world.patient) == {thread.pk: False}


def test_a_reply_after_reading_makes_the_thread_unread_again(login, world):
    thread = thread_factory(world.patient)
    services.follow_thread(world.patient, thread)
    client = login(world.patient.user)
    client.get(_url(thread))
    services.post_reply(world.relative, thread, body="Une nouvelle réponse.")
    assert _unread(world.patient) == {thread.pk: True}
    client.get(_url(thread))
    assert _unread(world.patient) == {thread.pk: False}


def test_a_non_follower_reading_writes_nothing(login, world):
    thread = thread_factory(world.patient, replies=3)
    client = login(world.relative.user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(_url(thread)).status_code == 200
    assert _writes(captured) == []
    assert not ThreadFollow.objects.filter(member=world.relative).exists()


def test_a_reply_arriving_while_the_page_renders_stays_unread(world):
    """The mark moves to the activity the page loaded, not to 'now'."""
    services.follow_thread(world.patient, thread := thread_factory(world.patient))
    loaded = queries.get_thread_or_404(world.patient, thread.pk)
    follow = queries.my_follow(world.patient, loaded)
    services.post_reply(world.relative, thread, body="Arrivée pendant l'affichage.")
    services.mark_thread_read(world.patient, loaded, follow)
    assert _unread(world.patient) == {thread.pk: True}


def test_an_older_page_never_moves_the_mark_back(world):
    services.follow_thread(world.patient, thread := thread_factory(world.patient))
    stale = queries.get_thread_or_404(world.patient, thread.pk)
    stale_follow = queries.my_follow(world.patient, stale)
    services.post_reply(world.relative, thread, body="Une réponse.")
    fresh = queries.get_thread_or_404(world.patient, thread.pk)
    services.mark_thread_read(world.patient, fresh, queries.my_follow(world.patient, fresh))
    stale_follow.last_read_at = stale.last_activity_at.replace(year=2000)  # as loaded long ago
    stale.last_activity_at = stale.last_activity_at.replace(year=2001)
    services.mark_thread_read(world.patient, stale, stale_follow)  # the other tab, loaded earlier
    assert (
        ThreadFollow.objects.get(member=world.patient, thread=thread).last_read_at == fresh.last_activity_at
    )


def test_my_follow_is_the_members_own_follow_of_that_thread_only(world):
    """queries.my_follow runs a statement compiled once (every thread page reads it): the same answer
    as the queryset it replaced, for the member, another member and another thread."""
    thread = thread_factory(world.patient)
    other = thread_factory(world.patient)
    assert queries.my_follow(world.relative, thread) is None
    services.follow_thread(world.relative, thread)
    mine = queries.my_follow(world.relative, thread)
    assert mine == ThreadFollow.objects.get(member=world.relative, thread=thread)
    assert (mine.thread_id, mine.member_id, mine.muted) == (thread.pk, world.relative.pk, False)
    assert queries.my_follow(world.relative, other) is None
    assert queries.my_follow(world.moderator, thread) is None  # another member's follow is not theirs
    with CaptureQueriesContext(connection) as captured:
        queries.my_follow(world.relative, thread)
    assert len(captured) == 1
