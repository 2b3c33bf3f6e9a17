"""The magazine API (read-only): a network's live articles and one article, for its members (editors
also read drafts and scheduled ones). Writing stays on the pages for now."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from entrepairs.api.auth import SIGNED_IN
from entrepairs.api.errors import error_responses
from entrepairs.api.schemas import PathId
from entrepairs.magazine import queries
from entrepairs.networks import access

router = Router(tags=["magazine"], auth=SIGNED_IN)
ERRORS = error_responses()
PAGE = 30


class ArticleOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    tags: list[str]
    sponsored: bool
    visibility: str
    published: bool
    publish_at: datetime | None
    validated_by: str | None = Field(description="The reviewer's display name (a verified professional)")


class ArticleDetailOut(ArticleOut):
    body_html: str
    answer_html: str
    sources: list[str]


class ArticleList(Schema):
    items: list[ArticleOut]


class ArticleQuery(Schema):
    tag: str | None = Field(default=None, max_length=40)


def _out(article) -> dict:
    return {
        "id": article.pk,
        "kind": article.kind,
        "title": article.title,
        "summary": article.summary,
        "tags": list(article.tags),
        "sponsored": article.sponsored,
        "visibility": article.visibility,
        "published": article.published,
        "publish_at": article.publish_at,
        "validated_by": article.reviewer.display_name if article.reviewer else None,
    }


@router.get(
    "/networks/{slug}/magazine/articles",
    response={200: ArticleList, **ERRORS},
    operation_id="list_articles",
    summary="The network's published articles, newest first",
)
def list_articles(request: HttpRequest, slug: str, query: Query[ArticleQuery]):
    member = access.get_membership_or_404(request.auth, slug)
    articles = queries.magazine_articles(member)
    if query.tag:
        articles = articles.filter(tags__icontains=f'"{query.tag.strip().lower()}"')
    return {"items": [_out(article) for article in articles[:PAGE]]}


@router.get(
    "/networks/{slug}/magazine/articles/{article_id}",
    response={200: ArticleDetailOut, **ERRORS},
    operation_id="get_article",
    summary="One article, with its text, recommended answer and sources",
)
def get_article(request: HttpRequest, slug: str, article_id: PathId):
    member = access.get_membership_or_404(request.auth, slug)
    article = queries.get_article_or_404(member, article_id)
    return {
        **_out(article),
        "body_html": article.body_html,
        "answer_html": article.answer_html,
        "sources": article.source_lines,
    }
