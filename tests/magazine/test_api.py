"""The magazine's read-only API: members read their network's live articles; drafts only editors."""

import pytest

from tests.magazine.factories import article_factory, verified_reviewer

pytestmark = pytest.mark.django_db


def test_member_lists_live_articles_with_the_reviewer(world, api_as):
    reviewer = verified_reviewer(world.breast)
    live = article_factory(world.breast, title="Publié", reviewer=reviewer, tags=("fatigue",))
    draft = article_factory(world.breast, title="Brouillon", published=False)
    response = api_as(world.patient.user).get(f"/networks/{world.breast.slug}/magazine/articles")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [live.pk]
    assert response.json()["items"][0]["validated_by"] == "Dr Relecture"
    assert api_as(world.patient.user).get(f"/networks/breast/magazine/articles/{draft.pk}").status_code == 404
    assert api_as(world.admin.user).get(f"/networks/breast/magazine/articles/{draft.pk}").status_code == 200
    tagged = api_as(world.patient.user).get("/networks/breast/magazine/articles?tag=autre")
    assert tagged.json()["items"] == []


def test_outsider_gets_404(world, api_as):
    article = article_factory(world.breast)
    assert (
        api_as(world.outsider.user).get(f"/networks/breast/magazine/articles/{article.pk}").status_code == 404
    )
    assert api_as(world.outsider.user).get("/networks/breast/magazine/articles").status_code == 404
