"""Members' rights in the magazine: an erased editor's articles stay, signed by the network's deleted
member; an erased reviewer's mention goes; digest records go with the persona; export lists articles."""

import pytest

from entrepairs.magazine.actions import rights
from entrepairs.magazine.models import Article, DigestSend
from tests import factories as f
from tests.magazine.factories import article_factory, verified_reviewer

pytestmark = pytest.mark.django_db


def test_erasure_keeps_articles_and_drops_the_mention(world):
    reviewer = verified_reviewer(world.breast)
    article = article_factory(world.breast, author=world.admin, reviewer=reviewer)
    DigestSend.objects.create(network=world.breast, member=reviewer, period="2026-12-06")
    ghost = f.member_factory(world.breast, display_name="Membre supprimé")
    rights.erase_member(world.admin, ghost, keep_posts=False)
    rights.erase_member(reviewer, ghost, keep_posts=False)
    article.refresh_from_db()
    assert article.author == ghost and article.reviewer is None
    assert not DigestSend.objects.filter(member=reviewer).exists()


def test_export_lists_the_accounts_articles(world):
    article_factory(world.breast, author=world.admin, title="Mon article")
    article_factory(world.diabetes, title="Pas le mien")
    part = rights.export_member(world.admin.user)
    assert [row["title"] for row in part.sections["magazine.articles"]] == ["Mon article"]
    assert Article.objects.count() == 2
