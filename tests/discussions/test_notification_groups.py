"""Opening a notification reads it (with its group) and lands on the post; twelve replies in one
thread read as one line, "12 nouvelles réponses dans « … »", and ring the bell once."""

import pytest
from django.urls import reverse

from entrepairs.discussions import services
from entrepairs.discussions.models import Notification
from entrepairs.discussions.views import POSTS_PER_PAGE
from tests import factories as f
from tests.discussions.factories import thread_factory


def _replies(world, thread, count, captured):
    others = [f.member_factory(world.breast) for _ in range(4)]
    with captured(execute=True):
        return [
            services.post_reply(others[index % 4], thread, body=f"Réponse numéro {index}.")
            for index in range(count)
        ]


@pytest.fixture
def followed(world):
    thread = thread_factory(world.patient, title="Fatigue le soir")
    services.follow_thread(world.patient, thread)
    return thread


@pytest.fixture(autouse=True)
def _no_posting_limit(monkeypatch):
    monkeypatch.setattr(services, "_check_rate", lambda member, body: None)


def test_twelve_replies_read_as_one_line_and_ring_once(
    login, world, followed, django_capture_on_commit_callbacks
):
    _replies(world, followed, 12, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(recipient=world.patient).count() == 12
    client = login(world.patient.user)
    html = client.get(reverse("discussions:notifications", kwargs={"slug": "breast"})).content.decode()
    assert html.count("data-notification-group") == 1
    assert "12 nouvelles réponses dans «\u202fFatigue le soir\u202f»" in html
    assert "et 1 autre" in html  # four repliers: three named, one more
    bell = html.split('class="bell')[1].split("</a>")[0]
    assert '<span class="count-badge" aria-hidden="true">1</span>' in bell


def test_opening_a_notification_reads_its_group_and_lands_on_the_post(
    login, world, followed, django_capture_on_commit_callbacks
):
    posts = _replies(world, followed, 3, django_capture_on_commit_callbacks)
    other = thread_factory(world.patient, title="Autre sujet")
    services.follow_thread(world.patient, other)
    _replies(world, other, 1, django_capture_on_commit_callbacks)
    first = Notification.objects.get(recipient=world.patient, post=posts[0])
    client = login(world.patient.user)
    response = client.get(
        reverse("discussions:open_notification", kwargs={"slug": "breast", "notification_id": first.pk})
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/t/{followed.pk}/#post-{posts[0].pk}")
    assert not Notification.objects.filter(
        recipient=world.patient, thread=followed, read_at__isnull=True
    ).exists()
    # The other thread's notification is still unread.
    assert (
        Notification.objects.filter(recipient=world.patient, thread=other, read_at__isnull=True).count() == 1
    )


def test_opening_lands_on_the_page_holding_the_post(
    login, world, followed, django_capture_on_commit_callbacks
):
    thread = thread_factory(world.patient, replies=POSTS_PER_PAGE + 5, title="Long fil")
    from datetime import timedelta

    from django.db.models import F

    from entrepairs.discussions.models import Post

    Post.objects.filter(thread=thread).update(created_at=F("created_at") - timedelta(hours=1))
    services.follow_thread(world.patient, thread)
    (post,) = _replies(world, thread, 1, django_capture_on_commit_callbacks)
    notification = Notification.objects.get(recipient=world.patient, post=post)
    response = login(world.patient.user).get(
        reverse(
            "discussions:open_notification", kwargs={"slug": "breast", "notification_id": notification.pk}
        )
    )
    assert response["Location"].endswith(f"?page=2#post-{post.pk}")


def test_someone_elses_notification_is_404_and_stays_unread(
    login, world, followed, django_capture_on_commit_callbacks
):
    _replies(world, followed, 1, django_capture_on_commit_callbacks)
    notification = Notification.objects.get(recipient=world.patient)
    url = reverse(
        "discussions:open_notification", kwargs={"slug": "breast", "notification_id": notification.pk}
    )
    assert login(world.relative.user).get(url).status_code == 404
    assert login(world.outsider.user).get(url).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None
