"""Network analytics: aggregates for administrators, operators side by side, CSV, k-anonymity, and the
sponsor's account that never sees a member, a message, a post's author or a health field."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from entrepairs.magazine import charts, services
from entrepairs.magazine.actions import analytics, rollup
from entrepairs.magazine.models import DigestSend, SponsorAccess
from tests import factories as f
from tests.discussions.factories import thread_factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(world):
    """A question answered after 2 hours, a discussion with a reply, an unanswered question."""
    # The network existed the day before: the question, three hours old, falls on yesterday in the
    # small hours, and a report rolls up a network's days from its creation only (rollup.catch_up).
    world.breast.created_at = timezone.now() - timedelta(days=1)
    world.breast.save(update_fields=["created_at"])
    question = thread_factory(world.patient, kind="question", title="Crème pendant la radiothérapie ?")
    question.posts.update(created_at=timezone.now() - timedelta(hours=3))
    question.created_at = timezone.now() - timedelta(hours=3)
    question.save(update_fields=["created_at"])
    from entrepairs.discussions import services as discussions

    reply = discussions.post_reply(world.relative, question, body="Une crème neutre, demandez à l'équipe.")
    reply.created_at = question.created_at + timedelta(hours=2)
    reply.save(update_fields=["created_at"])
    thread_factory(world.moderator, title="Groupe de marche du jeudi", replies=1, repliers=[world.admin])
    thread_factory(world.admin, kind="question", title="Perruque remboursée ?")
    DigestSend.objects.create(
        network=world.breast, member=world.patient, period="x1", opened_at=timezone.now()
    )
    DigestSend.objects.create(network=world.breast, member=world.relative, period="x2")
    return question


def test_network_report_counts(world, activity):
    report = analytics.network_report(world.breast)
    assert report.members == 4 and report.mau == 4  # patient, relative, moderator, admin wrote
    assert report.questions == {"asked": 2, "answered": 1, "median_hours": 2.0}
    assert sum(day["threads"] for day in report.days) == 3
    assert sum(day["replies"] for day in report.days) == 2
    assert report.digests["sent"] == 2 and report.digests["open_rate"] == 50
    assert [row["joined"] for row in report.cohorts] == [4]


def test_report_queries_are_bounded(world, activity, django_assert_num_queries):
    # The roll-up's state, the rolled-up days, today's live figures (11 grouped queries over today),
    # members' totals, distinct active members (one query), cohorts: a fixed
    # number, whatever the network's size or age (tests/magazine/test_rollup.py). Yesterday rolled up
    # first, as the nightly task does (a report catching a missed night up is test_rollup's).
    rollup.catch_up([world.breast], timezone.localdate())
    with django_assert_num_queries(16):
        analytics.network_report(world.breast)


def test_admin_page_and_csv(world, activity, client):
    client.force_login(world.admin.user)
    url = reverse("magazine:analytics", args=[world.breast.slug])
    page = client.get(url).content.decode()
    assert "<svg" in page and "Crème pendant" not in page and "Rose des Vents" not in page
    assert "&lt; 5" in page  # a patient network's small cohorts are hidden
    csv_response = client.get(url + "?format=csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.content.decode().splitlines()
    assert lines[0].startswith("day,new_members,threads,replies,messages")
    assert len(lines) == analytics.DAYS + 2


def test_operator_sees_networks_side_by_side(world, activity, client):
    client.force_login(world.operator)
    page = client.get(reverse("operator_analytics")).content.decode()
    for network in (world.breast, world.diabetes, world.cardio):
        assert network.name in page
    rows = {row["network"].slug: row for row in analytics.side_by_side([world.breast, world.diabetes])}
    assert rows["breast"]["answered"] == 50 and rows["diabetes"]["members"] == 1


def test_members_and_moderators_do_not_see_analytics(world, client):
    client.force_login(world.patient.user)
    assert client.get(reverse("magazine:analytics", args=[world.breast.slug])).status_code == 403
    client.force_login(world.admin.user)
    assert client.get(reverse("operator_analytics")).status_code == 404


def test_sponsor_sees_only_k_anonymous_aggregates_when_allowed(world, activity, client):
    sponsor = f.UserFactory()
    SponsorAccess.objects.create(network=world.breast, user=sponsor)
    client.force_login(sponsor)
    url = reverse("magazine_public:sponsor_analytics", args=[world.breast.slug])
    assert client.get(url).status_code == 404  # the administrators have not allowed it
    services.update_settings(world.admin, sponsor_sees_analytics=True)
    page = client.get(url).content.decode()
    assert "<svg" in page
    members = world.breast.memberships.values_list("display_name", flat=True)
    for name in members:
        assert name not in page
    for words in ("Crème pendant", "Une crème neutre", "Groupe de marche", "Perruque"):
        assert words not in page
    assert "&lt; 5" in page
    # Another network's sponsor page does not exist for this account.
    other = reverse("magazine_public:sponsor_analytics", args=[world.diabetes.slug])
    assert client.get(other).status_code == 404


def test_sponsor_account_is_not_a_member(world, client):
    sponsor = f.UserFactory()
    SponsorAccess.objects.create(network=world.breast, user=sponsor)
    services.update_settings(world.admin, sponsor_sees_analytics=True)
    client.force_login(sponsor)
    for name in ("networks:members", "discussions:index", "magazine:index", "messaging:index"):
        assert client.get(reverse(name, args=[world.breast.slug])).status_code == 404


def test_chart_escapes_labels():
    svg = charts.bar_chart([("<script>", 3), ("b", 0)], title="T & <b>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and 'role="img"' in svg


def test_sponsor_is_named_on_the_about_page_and_the_join_form(world, client):
    world.breast.sponsor_name = "Laboratoire Exemple"
    world.breast.sponsor_statement = "Finance l'hébergement ; ne choisit aucun contenu."
    world.breast.save()
    for name in ("networks:about", "networks:join"):
        client.force_login(world.stranger)
        page = client.get(reverse(name, args=[world.breast.slug])).content.decode()
        assert "Laboratoire Exemple" in page and "ne choisit aucun contenu" in page


def test_sponsored_article_carries_a_label(world, client):
    from tests.magazine.factories import article_factory

    article = article_factory(world.breast, sponsored=True, visibility="public")
    page = client.get(
        reverse("magazine_public:article", args=[world.breast.slug, article.slug])
    ).content.decode()
    assert "badge-sponsored" in page
