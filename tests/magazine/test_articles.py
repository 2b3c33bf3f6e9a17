"""Writing the magazine: editors only, drafts, scheduling, reviewers, pictures, bad input."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from entrepairs.errors import ActionRefused
from entrepairs.magazine import markdown, queries, services
from entrepairs.magazine.models import Article, ArticleImage
from tests.images import tiny_png
from tests.magazine.factories import article_factory, verified_reviewer

pytestmark = pytest.mark.django_db

TEXT = {
    "title": "Parler du lymphœdème",
    "summary": "Ce qu'il faut savoir.",
    "body": "## Signes\n\nUn bras **lourd**.",
}


def _png(name="cover.png"):
    return SimpleUploadedFile(name, tiny_png(), content_type="image/png")


def test_editor_saves_a_draft_that_members_do_not_see(world):
    draft = services.save_article(world.admin, **TEXT)
    assert not draft.published and draft.publish_at is None
    assert draft.body_html.startswith("<h2>Signes</h2>")
    assert list(queries.magazine_articles(world.patient)) == []
    with pytest.raises(Exception) as raised:
        queries.get_article_or_404(world.patient, draft.pk)
    assert raised.type.__name__ == "Http404"
    assert queries.get_article_or_404(world.admin, draft.pk) == draft


def test_a_member_is_not_an_editor(world):
    with pytest.raises(ActionRefused) as refused:
        services.save_article(world.patient, **TEXT)
    assert refused.value.code == "not_editor"
    assert not Article.objects.exists()


def test_publishing_needs_a_verified_reviewer_where_the_network_asks(world):
    with pytest.raises(ActionRefused) as refused:
        services.save_article(world.admin, **TEXT, publish=True)
    assert refused.value.code == "reviewer_required" and refused.value.field == "reviewer"
    assert not Article.objects.exists()
    # A member without a verified profession cannot be named reviewer.
    with pytest.raises(ActionRefused) as refused:
        services.save_article(world.admin, **TEXT, publish=True, reviewer_id=world.patient.pk)
    assert refused.value.code == "invalid_reviewer"
    reviewer = verified_reviewer(world.breast)
    article = services.save_article(world.admin, **TEXT, publish=True, reviewer_id=reviewer.pk)
    assert article.is_live() and article.reviewer == reviewer
    assert list(queries.magazine_articles(world.patient)) == [article]


def test_a_reviewer_of_another_network_is_refused(world):
    other = verified_reviewer(world.diabetes)
    with pytest.raises(ActionRefused) as refused:
        services.save_article(world.admin, **TEXT, publish=True, reviewer_id=other.pk)
    assert refused.value.code == "invalid_reviewer"


def test_network_without_reviewer_rule_publishes_at_once(world):
    services.update_settings(world.admin, requires_reviewer=False)
    article = services.save_article(world.admin, **TEXT, publish=True)
    assert article.is_live()


def test_scheduling_in_the_past_is_refused_and_in_the_future_is_held(world):
    services.update_settings(world.admin, requires_reviewer=False)
    with pytest.raises(ActionRefused) as refused:
        services.save_article(
            world.admin, **TEXT, publish=True, publish_at=timezone.now() - timedelta(days=1)
        )
    assert refused.value.code == "publish_in_past" and refused.value.field == "publish_at"
    assert not Article.objects.exists()
    later = timezone.now() + timedelta(days=3)
    article = services.save_article(world.admin, **TEXT, publish=True, publish_at=later)
    assert article.published and not article.is_live()
    assert list(queries.magazine_articles(world.patient)) == []
    assert list(queries.magazine_articles(world.patient, now=later + timedelta(minutes=1))) == [article]


def test_broken_cover_is_refused_with_a_clear_error(world):
    broken = SimpleUploadedFile("cover.jpg", b"not a picture at all", content_type="image/jpeg")
    with pytest.raises(ActionRefused) as refused:
        services.save_article(world.admin, **TEXT, cover=broken)
    assert refused.value.code == "broken_image" and refused.value.field == "cover"
    assert not Article.objects.exists()


def test_cover_and_pictures_are_reencoded_and_served_to_readers_only(world, client):
    services.update_settings(world.admin, requires_reviewer=False)
    article = services.save_article(world.admin, **TEXT, cover=_png(), publish=True)
    image = services.add_image(world.admin, article, _png("inside.png"))
    assert article.cover.name.endswith(".jpg") and ArticleImage.objects.filter(article=article).count() == 1
    client.force_login(world.patient.user)
    assert client.get(reverse("magazine_public:image", args=[image.pk])).status_code == 200
    assert client.get(reverse("magazine_public:cover", args=[article.pk])).status_code == 200
    client.force_login(world.outsider.user)  # another network's member: the picture does not exist
    assert client.get(reverse("magazine_public:image", args=[image.pk])).status_code == 404
    assert client.get(reverse("magazine_public:cover", args=[article.pk])).status_code == 404


def test_markdown_is_sanitised_and_pictures_come_from_the_magazine_only():
    html = markdown.render(
        "<script>alert(1)</script>\n\n![x](https://tracker.example/p.gif) ![y](/magazine/images/5/)"
    )
    assert "<script>" not in html and "tracker.example" not in html
    assert '<img src="/magazine/images/5/" alt="y">' in html


def test_question_of_the_day_only_in_professional_networks_and_opens_a_thread(world):
    with pytest.raises(ActionRefused) as refused:
        services.save_article(world.admin, **TEXT, kind="question", answer="Réponse")
    assert refused.value.code == "question_needs_professionals"
    with pytest.raises(ActionRefused) as refused:
        services.save_article(world.cardiologist, **TEXT, kind="question", answer="")
    assert refused.value.code == "answer_required"
    question = services.save_article(
        world.cardiologist, **TEXT, kind="question", answer="Orienter vers le médecin.",
        publish=True, reviewer_id=world.cardiologist.pk,
    )  # fmt: skip
    assert question.thread_id is not None
    from entrepairs.discussions.models import Thread

    thread = Thread.objects.get(pk=question.thread_id)
    assert thread.network_id == world.cardio.pk and thread.title == TEXT["title"]


def test_invitation_only_network_cannot_publish_publicly(world):
    admin = world.secret.memberships.get(role="admin")
    with pytest.raises(ActionRefused) as refused:
        services.save_article(admin, **TEXT, visibility="public")
    assert refused.value.code == "public_needs_listed_network"


def test_write_page_keeps_what_was_typed_on_refusal(world, client):
    client.force_login(world.admin.user)
    url = reverse("magazine:write", args=[world.breast.slug])
    past = (timezone.localtime() - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url, {**TEXT, "kind": "article", "visibility": "network", "publish_at": past, "publish": "1"}
    )
    assert response.status_code == 200
    assert "Parler du lymphœdème" in response.content.decode()
    assert response.context["form"].errors["publish_at"]
    assert not Article.objects.exists()


def test_member_gets_403_on_the_write_page_and_outsider_404(world, client):
    client.force_login(world.patient.user)
    assert client.get(reverse("magazine:write", args=[world.breast.slug])).status_code == 403
    client.force_login(world.outsider.user)
    assert client.get(reverse("magazine:write", args=[world.breast.slug])).status_code == 404


def test_magazine_page_shows_todays_article_first(world, client, django_assert_max_num_queries):
    older = article_factory(world.breast, title="Hier", days_ago=2)
    today = article_factory(world.breast, title="Aujourd'hui", days_ago=0, tags=("fatigue",))
    article_factory(world.diabetes, title="Ailleurs")
    client.force_login(world.patient.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("magazine:index", args=[world.breast.slug]))
    assert response.context["today"] == today and response.context["articles"] == [older]
    assert "Ailleurs" not in response.content.decode()
    tagged = client.get(reverse("magazine:index", args=[world.breast.slug]) + "?tag=fatigue")
    assert tagged.context["today"] == today and tagged.context["articles"] == []
