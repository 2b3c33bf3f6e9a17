"""The magazine's pages: the question of the day with its thread, the editorial calendar, and the
public side (clean URL, OpenGraph, Atom feed, sitemap: public articles of listed networks only)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from entrepairs.magazine import services
from tests.magazine.factories import article_factory

pytestmark = pytest.mark.django_db


def test_question_of_the_day_shows_the_answer_and_links_its_thread(world, client):
    question = services.save_article(
        world.cardiologist, title="Un patient demande s'il peut arrêter son bêtabloquant",
        summary="La question du comptoir.", body="Que répondre ?", kind="question",
        answer="Ne jamais arrêter **brutalement**.", publish=True, reviewer_id=world.cardiologist.pk,
    )  # fmt: skip
    client.force_login(world.cardiologist.user)
    page = client.get(reverse("magazine:article", args=[world.cardio.slug, question.pk])).content.decode()
    assert "Ne jamais arrêter <strong>brutalement</strong>." in page
    assert reverse("discussions:thread", args=[world.cardio.slug, question.thread_id]) in page
    assert "Dr Cœur" in page  # the "validated by" mention


def test_calendar_shows_scheduled_articles_and_drafts(world, client):
    services.update_settings(world.admin, requires_reviewer=False)
    when = timezone.now() + timedelta(days=2)
    services.save_article(
        world.admin, title="À paraître", summary="s", body="b", publish=True, publish_at=when
    )
    services.save_article(world.admin, title="Brouillon en cours", summary="s", body="b")
    client.force_login(world.admin.user)
    page = client.get(reverse("magazine:calendar", args=[world.breast.slug])).content.decode()
    assert "À paraître" in page and "Brouillon en cours" in page


def test_public_article_has_a_clean_url_and_opengraph_tags(world, client):
    article = article_factory(world.breast, title="Comprendre la mammographie", visibility="public")
    url = reverse("magazine_public:article", args=[world.breast.slug, article.slug])
    assert url == f"/magazine/breast/{article.slug}/"
    page = client.get(url).content.decode()
    assert '<meta property="og:title" content="Comprendre la mammographie">' in page
    assert 'content="index, follow"' in page and "noindex" not in page


def test_network_only_scheduled_and_unlisted_articles_are_not_public(world, client):
    members_only = article_factory(world.breast, title="Réservé aux membres")
    later = article_factory(world.breast, title="Pas encore", visibility="public", days_ago=-2)
    hidden = article_factory(world.secret, title="Réseau secret", visibility="public")
    for article, network in ((members_only, world.breast), (later, world.breast), (hidden, world.secret)):
        url = reverse("magazine_public:article", args=[network.slug, article.slug])
        assert client.get(url).status_code == 404
    feed = client.get(reverse("magazine_public:feed"))
    sitemap = client.get(reverse("magazine_public:sitemap")).content.decode()
    assert feed["Content-Type"].startswith("application/atom+xml")
    for title in ("Réservé aux membres", "Pas encore", "Réseau secret"):
        assert title not in feed.content.decode()
    assert "<urlset" in sitemap and "/magazine/" not in sitemap.split("<urlset")[1].replace(
        "sitemaps.org", ""
    )


def test_feed_and_sitemap_list_public_articles(world, client, django_assert_num_queries):
    article = article_factory(world.breast, title="Comprendre la mammographie", visibility="public")
    with django_assert_num_queries(1):  # the articles with their network (listed ones: a subquery)
        feed = client.get(reverse("magazine_public:feed")).content.decode()
    assert "Comprendre la mammographie" in feed and f"/magazine/breast/{article.slug}/" in feed
    sitemap = client.get(reverse("magazine_public:sitemap")).content.decode()
    assert f"/magazine/breast/{article.slug}/</loc>" in sitemap


def test_demo_gives_professional_networks_a_few_weeks_of_magazine(world):
    from entrepairs.magazine import demo
    from entrepairs.magazine.models import Article

    created = demo.seed_for_demo(world.cardio)
    assert created > 15
    assert demo.seed_for_demo(world.cardio) == 0  # idempotent
    live = Article.objects.filter(network=world.cardio, published=True, publish_at__lte=timezone.now())
    days = {timezone.localdate(article.publish_at) for article in live}
    assert (max(days) - min(days)).days >= 14 and live.filter(kind="question").exists()
