"""The analytics' daily roll-up: past days rolled up once (back-fill on the first run, idempotent),
the pages reading the roll-up plus today's live part in a fixed number of queries, distinct active
counts and cohorts kept exact through the activity days, which are pruned after 35 days."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from entrepairs.discussions.models import Post, Thread
from entrepairs.magazine.actions import analytics, rollup
from entrepairs.magazine.models import ActiveMember, DigestSend, NetworkDay
from entrepairs.networks.models import Network
from tests.discussions.factories import thread_factory

pytestmark = pytest.mark.django_db


def _at(thread, moment, reply_moments=()):
    """Move a thread (and its posts, in order) to `moment`; its replies to `reply_moments`."""
    Thread.objects.filter(pk=thread.pk).update(created_at=moment)
    posts = list(thread.posts.order_by("is_first", "created_at"))  # replies first, then the opening
    first = [post for post in posts if post.is_first][0]
    Post.objects.filter(pk=first.pk).update(created_at=moment)
    for post, when in zip([post for post in posts if not post.is_first], reply_moments, strict=True):
        Post.objects.filter(pk=post.pk).update(created_at=when)


@pytest.fixture
def history(world):
    """breast, 40 days old: a question 10 days ago answered 24 hours later, the patient writing again
    3 days ago, a digest sent 5 days ago and opened 4 days ago; the diabetes network quiet."""
    now = timezone.now()
    Network.objects.filter(pk__in=[world.breast.pk, world.diabetes.pk]).update(
        created_at=now - timedelta(days=40)
    )
    world.breast.refresh_from_db()
    world.diabetes.refresh_from_db()
    question = thread_factory(
        world.patient, kind="question", title="Crème ?", replies=1, repliers=[world.relative]
    )
    _at(question, now - timedelta(days=10), [now - timedelta(days=9)])
    again = thread_factory(world.patient, title="Marche du jeudi")
    _at(again, now - timedelta(days=3))
    DigestSend.objects.create(
        network=world.breast,
        member=world.patient,
        period="p1",
        created_at=now - timedelta(days=5),
        opened_at=now - timedelta(days=4),
    )
    return now


def test_first_run_back_fills_then_nothing_to_do(world, history):
    rows = rollup.roll_up(history)
    assert (
        rows >= 2 * 40
    )  # breast and diabetes from their creation to yesterday (and the others since theirs)
    today = timezone.localdate(history)
    day = lambda days: NetworkDay.objects.get(network=world.breast, day=today - timedelta(days=days))  # noqa: E731
    assert (day(10).threads, day(10).questions_asked, day(10).active_members) == (1, 1, 1)
    assert (day(9).replies, day(9).questions_answered) == (1, 1)
    assert day(9).answer_hours == [24.0]
    assert day(5).digests_sent == 1 and day(4).digests_opened == 1
    assert sum(day(10).spaces.values()) == 1
    assert rollup.roll_up(history) == 0  # idempotent: every day is there
    assert NetworkDay.objects.filter(network=world.breast).count() == 40


def test_report_reads_the_roll_up_and_counts_distinct_members(world, history):
    rollup.roll_up(history)
    # The rolled-up days are what the report reads: the posts themselves are no longer consulted.
    Post.objects.filter(network=world.breast, created_at__lt=history - timedelta(days=1)).delete()
    thread_factory(world.admin, title="Aujourd'hui")  # today: live
    report = analytics.network_report(world.breast, history)
    assert sum(day["threads"] for day in report.days) == 3 and sum(day["replies"] for day in report.days) == 1
    assert report.questions == {"asked": 1, "answered": 1, "median_hours": 24.0}
    # The patient wrote on two days: one member. Active this week: the patient (3 days ago), the admin.
    assert (report.dau, report.wau, report.mau) == (1, 2, 3)
    assert report.digests["sent"] == 1 and report.digests["open_rate"] == 100
    assert report.rolled_until == timezone.localdate(history) - timedelta(days=1)
    cohort = report.cohorts[-1]
    assert cohort["joined"] == 4 and cohort["active"] == 3  # patient, relative (9 days ago), admin (today)


def test_queries_stay_the_same_with_a_long_history(world, history, django_assert_num_queries):
    from django.core.cache import cache

    rollup.roll_up(history)
    thread_factory(world.admin, title="Aujourd'hui", replies=2, repliers=[world.patient])
    with django_assert_num_queries(16):  # as with no history at all (test_analytics.py)
        analytics.network_report(world.breast, history)
    with django_assert_num_queries(4):  # today's live part and the cohorts kept a minute: rolled-up reads
        again = analytics.network_report(world.breast, history)
    assert again.dau == 2 and sum(day["replies"] for day in again.days) == 3
    # The patient wrote today and 3 days ago: counted once over the week and the month.
    assert (again.wau, again.mau) == (2, 3)
    networks = list(Network.objects.order_by("pk"))
    cache.clear()
    with django_assert_num_queries(15) as captured:
        analytics.side_by_side(networks[:1], history)
    cache.clear()
    with django_assert_num_queries(len(captured.captured_queries)):  # whatever the number of networks
        analytics.side_by_side(networks, history)


def test_side_by_side_reads_the_roll_up(world, history):
    rollup.roll_up(history)
    Post.objects.filter(network=world.breast).delete()
    rows = {
        row["network"].slug: row for row in analytics.side_by_side([world.breast, world.diabetes], history)
    }
    assert rows["breast"]["posts_30"] == 3 and rows["breast"]["answered"] == 100
    assert rows["breast"]["mau"] == 2 and rows["diabetes"]["posts_30"] == 0


def test_a_missed_night_is_caught_up_by_the_page_a_long_gap_is_not(world, history):
    rollup.roll_up(history - timedelta(days=3))  # rolled up to 4 days ago
    today = timezone.localdate(history)
    report = analytics.network_report(world.breast, history)
    assert report.rolled_until == today - timedelta(days=1)
    assert NetworkDay.objects.filter(network=world.breast, day=today - timedelta(days=3)).get().threads == 1
    NetworkDay.objects.filter(network=world.breast, day__gte=today - timedelta(days=20)).delete()
    report = analytics.network_report(world.breast, history)  # 20 days missing: left to the task
    assert report.rolled_until == today - timedelta(days=21)
    assert not NetworkDay.objects.filter(network=world.breast, day=today - timedelta(days=3)).exists()


def test_the_page_says_when_the_roll_up_is_behind(world, history, client):
    from django.urls import reverse

    client.force_login(world.admin.user)
    url = reverse("magazine:analytics", args=[world.breast.slug])
    rollup.roll_up(history - timedelta(days=20))
    assert "data-rollup-behind" in client.get(url).content.decode()
    rollup.roll_up(history)
    assert "data-rollup-behind" not in client.get(url).content.decode()


def test_last_activity_days_are_pruned_after_35_days(world, history):
    rollup.roll_up(history)
    today = timezone.localdate(history)
    assert ActiveMember.objects.get(member=world.patient).last_day == today - timedelta(days=3)
    rollup.roll_up(history + timedelta(days=36))
    assert not ActiveMember.objects.filter(network=world.breast).exists()
    # The daily figures stay: aggregates only.
    assert (
        NetworkDay.objects.get(
            network=world.breast, day=timezone.localdate(history) - timedelta(days=10)
        ).threads
        == 1
    )


def test_the_command_rolls_up(world, history, capsys):
    call_command("rollup_analytics")
    assert "Network days rolled up:" in capsys.readouterr().out
    assert NetworkDay.objects.filter(network=world.breast).exists()


def test_a_patient_networks_small_counts_stay_hidden_on_the_page(world, history, client):
    from django.urls import reverse

    rollup.roll_up(history)
    client.force_login(world.admin.user)
    page = client.get(reverse("magazine:analytics", args=[world.breast.slug])).content.decode()
    assert "&lt; 5" in page and "Crème ?" not in page and "Rose des Vents" not in page


def test_content_older_than_the_network_record_is_rolled_up_from_its_first_post(world):
    # Imports and demo data: the network's record is today, its first thread 20 days old.
    now = timezone.now()
    old = thread_factory(world.patient, title="Ancien fil")
    _at(old, now - timedelta(days=20))
    rollup.roll_up(now, networks=[Network.objects.get(pk=world.breast.pk)])
    today = timezone.localdate(now)
    assert NetworkDay.objects.filter(network=world.breast).count() == 20
    assert NetworkDay.objects.get(network=world.breast, day=today - timedelta(days=20)).threads == 1
    assert rollup.roll_up_for_demo(Network.objects.get(pk=world.breast.pk)) == 0  # already done
