"""A post or thread held for approval is invisible to everyone but its author and the moderators on
every surface (pages, API, search, counts, unread marks, notifications, emails) until a moderator
approves it; then it is counted and announced. A refused one never notified anyone."""

import pytest
from django.urls import reverse

from entrepairs.discussions import queries as discussions
from entrepairs.discussions import search
from entrepairs.discussions import services as posting
from entrepairs.discussions.models import Notification, Thread, ThreadFollow
from entrepairs.errors import ActionRefused
from entrepairs.moderation import services
from entrepairs.moderation.models import ModerationSettings, Report
from entrepairs.outbox.models import OutgoingEmail
from tests.api_client import bearer
from tests.discussions.factories import space_of, thread_factory

API = "/api/v1"
HELD = "Voici mon ordonnance, @[Modératrice Douce] saura"


@pytest.fixture
def held(world, django_capture_on_commit_callbacks):
    """The relative's thread, followed by the admin (who has read it); the patient's reply waits
    for approval (a watched word) and mentions the moderator."""
    services.add_watched_word(world.admin, word="ordonnance", action="approve")
    thread = thread_factory(world.relative, replies=1)
    follow = posting.follow_thread(world.admin, thread)
    posting.mark_thread_read(world.admin, thread, ThreadFollow.objects.get(pk=follow.pk))
    with django_capture_on_commit_callbacks(execute=True):
        post = posting.post_reply(world.patient, thread, body=HELD)
    assert post.approval_pending_since is not None
    return thread, post


def _report(post):
    return Report.objects.get(kind="post", object_id=post.pk, status="open")


def _unread(member, thread):
    return next(t.unread for t in discussions.followed_threads(member) if t.pk == thread.pk)


def test_a_held_reply_is_not_counted_nor_announced(world, held):
    thread, post = held
    saved = Thread.objects.get(pk=thread.pk)
    assert saved.reply_count == 1 and saved.last_activity_at == thread.last_activity_at
    assert not _unread(world.admin, thread)  # the follower's unread mark did not move
    assert not Notification.objects.exists()  # neither the followers nor the mentioned moderator
    assert not OutgoingEmail.objects.exists()
    assert discussions.posts_by(world.patient) == 0  # trust grows with published posts only


def test_a_held_reply_shows_on_no_page_api_or_search_of_other_members(world, held, login, client):
    thread, post = held
    url = reverse("discussions:thread", kwargs={"slug": "breast", "thread_id": thread.pk})
    assert "ordonnance" not in login(world.relative.user).get(url).content.decode()
    assert "ordonnance" in login(world.patient.user).get(url).content.decode()  # its author
    page = client.get(f"{API}/networks/breast/threads/{thread.pk}", **bearer(world.relative.user)).json()
    assert post.pk not in [p["id"] for p in page["items"]]
    listed = client.get(f"{API}/networks/breast/threads", **bearer(world.relative.user)).json()
    assert [t["reply_count"] for t in listed["items"] if t["id"] == thread.pk] == [1]
    found = client.get(f"{API}/networks/breast/search?q=ordonnance", **bearer(world.relative.user))
    assert found.status_code == 200 and found.json() == []
    assert search.search(world.relative, "ordonnance") == []
    assert len(search.search(world.patient, "ordonnance")) == 1


def test_approval_publishes_counts_and_announces_it_then(world, held, django_capture_on_commit_callbacks):
    thread, post = held
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(world.moderator, _report(post), action="approve")
    saved = Thread.objects.get(pk=thread.pk)
    assert saved.reply_count == 2 and saved.last_activity_at > thread.last_activity_at
    assert _unread(world.admin, thread)
    sent = set(Notification.objects.values_list("recipient_id", "kind", "post_id"))
    assert sent == {
        (world.admin.pk, "reply", post.pk),
        (world.moderator.pk, "mention", post.pk),
    }
    assert post.pk in [p.pk for p in discussions.thread_posts(world.relative, thread)]
    assert len(search.search(world.relative, "ordonnance")) == 1
    assert discussions.posts_by(world.patient) == 1


def test_a_refused_held_reply_never_notifies_anyone(world, held, django_capture_on_commit_callbacks):
    thread, post = held
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(world.moderator, _report(post), action="hide", reason="Pas d'ordonnance ici",
                        confirmed=True)  # fmt: skip
    assert not Notification.objects.exists()
    assert Thread.objects.get(pk=thread.pk).reply_count == 1
    assert post.pk not in [p.pk for p in discussions.thread_posts(world.relative, thread)]


def test_dismissing_the_report_of_a_held_reply_publishes_it(world, held, django_capture_on_commit_callbacks):
    """ "Nothing wrong" about an item still held: it is published, not left hidden with no report
    left to bring it back."""
    thread, post = held
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decide(world.moderator, _report(post), action="dismiss")
    assert decision.action == "approve"
    assert post.pk in [p.pk for p in discussions.thread_posts(world.relative, thread)]
    assert Thread.objects.get(pk=thread.pk).reply_count == 2
    assert not Report.objects.filter(kind="post", object_id=post.pk, status="open").exists()


def test_deleting_a_held_reply_leaves_the_count_alone(world, held):
    thread, post = held
    posting.delete_post(world.patient, post)
    assert Thread.objects.get(pk=thread.pk).reply_count == 1


def test_a_held_thread_announces_its_mentions_and_replies_at_approval(
    world, django_capture_on_commit_callbacks
):
    ModerationSettings.objects.create(network=world.breast, first_posts_needing_approval=1)
    with django_capture_on_commit_callbacks(execute=True):
        thread = posting.create_thread(
            world.patient, space_of(world.breast), title="Bonjour à tous", body="Coucou @[Frère Attentif]"
        )
        # A moderator answers inside the held thread: the author hears of it (she sees the thread).
        posting.post_reply(world.moderator, thread, body="Bienvenue @[Admin Sereine] !")
    assert thread.approval_pending_since is not None
    assert not Notification.objects.exclude(recipient=world.patient).exists()
    assert not search.search(world.relative, "coucou")
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            world.moderator, Report.objects.get(kind="thread", object_id=thread.pk), action="approve"
        )
    assert set(Notification.objects.filter(kind="mention").values_list("recipient_id", flat=True)) == {
        world.relative.pk,
        world.admin.pk,
    }
    assert thread.pk in [t.pk for t in discussions.visible_threads(world.relative)]
    # A second approval (another moderator's stale page) announces nothing twice.
    count = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        posting.approve_pending(world.moderator, Thread.objects.get(pk=thread.pk))
    assert Notification.objects.count() == count


def test_a_held_reply_cannot_become_the_accepted_answer(world):
    services.add_watched_word(world.admin, word="ordonnance", action="approve")
    question = thread_factory(world.relative, kind="question")
    post = posting.post_reply(world.patient, question, body="Mon ordonnance dit oui")
    with pytest.raises(ActionRefused) as refused:
        posting.accept_answer(world.relative, post)
    assert refused.value.code == "invalid_answer"
    assert Thread.objects.get(pk=question.pk).accepted_answer_id is None
