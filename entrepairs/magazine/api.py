"""The magazine API: a network's live articles and one article, for its members; and for its editors
(editor or administrator role, two-factor authentication where required) writing: drafts, cover
picture and pictures, tags, sources, reviewer, scheduling, publishing (network-only or public),
unpublishing, the drafts and the editorial calendar. The same services as the writing page, so the
same rules and the same refusals (JSON with a `code`): `publish_in_past`, `reviewer_required`,
`broken_image`, `image_too_large`, `invalid_reviewer`, `public_needs_listed_network`... A member who
is not an editor gets 403 `not_editor` on the editors' operations and 404 for any draft or scheduled
article (it may not know they exist); someone outside the network, 404 everywhere."""

from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import Field, StringConstraints

from entrepairs.api.auth import SIGNED_IN
from entrepairs.api.errors import error_responses
from entrepairs.api.schemas import Moment, PathId
from entrepairs.errors import ActionRefused
from entrepairs.magazine import queries, services
from entrepairs.magazine.models import Article
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
    has_cover: bool = Field(description="Whether a cover picture is set (GET /magazine/covers/{id}/)")


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
        "has_cover": bool(article.cover),
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


# --- Writing (editors) ---------------------------------------------------------------------------
class ArticleIn(Schema):
    """The whole article (PUT replaces every field): what the writing page's form holds."""

    title: str = Field(min_length=1, max_length=services.MAX_TITLE)
    summary: str = Field(min_length=1, max_length=services.MAX_SUMMARY)
    body: str = Field(min_length=1, max_length=services.MAX_BODY, description="Markdown")
    kind: Literal["article", "question"] = Article.Kind.ARTICLE
    answer: str = Field(
        default="", max_length=services.MAX_BODY, description="A question's recommended answer"
    )
    tags: list[Annotated[str, StringConstraints(max_length=40)]] = Field(
        default_factory=list, max_length=50, description=f"At most {services.MAX_TAGS} (400 too_many_tags)"
    )
    sources: str = Field(default="", max_length=10_000, description="One source per line")
    reviewer_id: int | None = Field(
        default=None, ge=1, le=2**53, description="A verified professional of the network"
    )
    visibility: Literal["network", "public"] = Article.Visibility.NETWORK
    sponsored: bool = False
    publish: bool = Field(
        default=False, description="false: save as a draft (a published article goes back to draft)"
    )
    publish_at: Moment | None = Field(
        default=None, description="With publish: empty now, a date to come schedules"
    )


class PublishIn(Schema):
    publish_at: Moment | None = Field(default=None, description="Empty: now; a date to come schedules it")


class EditorArticleOut(ArticleDetailOut):
    body: str = Field(description="The Markdown as written")
    answer: str
    reviewer_id: int | None
    is_live: bool = Field(description="Published and its date passed: readers see it")
    url: str = Field(description="Its page in the network")


class EditorArticleList(Schema):
    items: list[EditorArticleOut]


class ImageOut(Schema):
    id: int
    markdown: str = Field(description="What to paste into the text to show the picture")


class CalendarDay(Schema):
    day: date
    items: list[ArticleOut]


class CalendarOut(Schema):
    start: date
    days: list[CalendarDay]
    drafts: list[ArticleOut]


class CalendarQuery(Schema):
    start: date | None = Field(default=None, description="A day of the first week (default: today)")


def _editor(request, slug: str):
    """The caller's persona, 404 outside the network; refused `not_editor` (403) when not an editor,
    MfaRequired (403) without two-factor authentication where the installation requires it."""
    member = access.get_membership_or_404(request.auth, slug)
    services.require_editor(member)
    return member


def _editor_out(article) -> dict:
    return {
        **_out(article),
        "body_html": article.body_html,
        "answer_html": article.answer_html,
        "sources": article.source_lines,
        "body": article.body,
        "answer": article.answer,
        "reviewer_id": article.reviewer_id,
        "is_live": article.is_live(),
        "url": reverse("magazine:article", args=[article.network.slug, article.pk]),
    }


# A date the calendar and the scheduling accept (beyond, a refusal rather than an overflow).
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


def _when(value: datetime | None) -> datetime | None:
    """The moment (in UTC already: api.schemas.Moment), refused with `invalid_date` outside the years
    the magazine plans for."""
    if value is None:
        return None
    if not EARLIEST <= value.date() <= LATEST:
        raise ActionRefused("invalid_date", _("Choose a date between 2000 and 2100."), field="publish_at")
    return value


def _save(member, article, payload: ArticleIn):
    return services.save_article(
        member,
        article,
        title=payload.title,
        summary=payload.summary,
        body=payload.body,
        kind=payload.kind,
        answer=payload.answer,
        tags=payload.tags,
        sources=payload.sources,
        reviewer_id=payload.reviewer_id,
        visibility=payload.visibility,
        sponsored=payload.sponsored,
        publish=payload.publish,
        publish_at=_when(payload.publish_at),
    )


WRITE_ERRORS = error_responses(413)


@router.post(
    "/networks/{slug}/magazine/articles",
    response={201: EditorArticleOut, **WRITE_ERRORS},
    operation_id="create_article",
    summary="Write an article: a draft, or published / scheduled with `publish`",
)
def create_article(request: HttpRequest, slug: str, payload: ArticleIn):
    """400 `invalid_title`, `invalid_summary`, `invalid_body`, `invalid_kind`, `invalid_visibility`,
    `too_many_tags`, `invalid_reviewer`, `answer_required`, `question_needs_professionals`,
    `public_needs_listed_network`, `publish_in_past`, `reviewer_required` (where the network requires
    a verified reviewer). 403 `not_editor`, `mfa_required`."""
    member = _editor(request, slug)
    return Status(201, _editor_out(_save(member, None, payload)))


@router.put(
    "/networks/{slug}/magazine/articles/{article_id}",
    response={200: EditorArticleOut, **WRITE_ERRORS},
    operation_id="update_article",
    summary="Replace an article's fields (draft, publish or schedule as on creation)",
)
def update_article(request: HttpRequest, slug: str, article_id: PathId, payload: ArticleIn):
    """The same refusals as on creation; 404 for an article this persona may not edit."""
    member = access.get_membership_or_404(request.auth, slug)
    article = queries.get_editable_article_or_404(member, article_id)
    return _editor_out(_save(member, article, payload))


@router.post(
    "/networks/{slug}/magazine/articles/{article_id}/publish",
    response={200: EditorArticleOut, **WRITE_ERRORS},
    operation_id="publish_article",
    summary="Publish an article now, or schedule it",
)
def publish_article(request: HttpRequest, slug: str, article_id: PathId, payload: PublishIn):
    """400 `publish_in_past` (a date gone by), `reviewer_required`, `answer_required`."""
    member = access.get_membership_or_404(request.auth, slug)
    article = queries.get_editable_article_or_404(member, article_id)
    return _editor_out(services.publish(member, article, publish_at=_when(payload.publish_at)))


@router.post(
    "/networks/{slug}/magazine/articles/{article_id}/unpublish",
    response={200: EditorArticleOut, **WRITE_ERRORS},
    operation_id="unpublish_article",
    summary="Take an article back to draft",
)
def unpublish_article(request: HttpRequest, slug: str, article_id: PathId):
    member = access.get_membership_or_404(request.auth, slug)
    article = queries.get_editable_article_or_404(member, article_id)
    return _editor_out(services.unpublish(member, article))


@router.post(
    "/networks/{slug}/magazine/articles/{article_id}/cover",
    response={200: EditorArticleOut, **WRITE_ERRORS},
    operation_id="set_article_cover",
    summary="Set the cover picture (multipart `file`: JPEG, PNG or WebP, under 5 MB)",
)
def set_article_cover(request: HttpRequest, slug: str, article_id: PathId, file: File[UploadedFile]):
    """Re-encoded without any metadata. 400 `broken_image` (not a picture we can read),
    `image_too_large`."""
    member = access.get_membership_or_404(request.auth, slug)
    article = queries.get_editable_article_or_404(member, article_id)
    return _editor_out(services.set_cover(member, article, file))


@router.post(
    "/networks/{slug}/magazine/articles/{article_id}/images",
    response={201: ImageOut, **WRITE_ERRORS},
    operation_id="add_article_image",
    summary="Add a picture for the text (multipart `file`); returns the Markdown to paste",
)
def add_article_image(request: HttpRequest, slug: str, article_id: PathId, file: File[UploadedFile]):
    """400 `broken_image`, `image_too_large`. Only pictures added this way show in the text."""
    member = access.get_membership_or_404(request.auth, slug)
    article = queries.get_editable_article_or_404(member, article_id)
    image = services.add_image(member, article, file)
    return Status(201, {"id": image.pk, "markdown": f"![](/magazine/images/{image.pk}/)"})


@router.get(
    "/networks/{slug}/magazine/drafts",
    response={200: EditorArticleList, **ERRORS},
    operation_id="list_drafts",
    summary="The drafts and the scheduled articles (editors)",
)
def list_drafts(request: HttpRequest, slug: str):
    member = _editor(request, slug)
    articles = queries.editorial_articles(member).exclude(queries.live()).order_by("-updated_at", "-id")
    return {"items": [_editor_out(article) for article in articles.select_related("network")[:PAGE]]}


@router.get(
    "/networks/{slug}/magazine/calendar",
    response={200: CalendarOut, **ERRORS},
    operation_id="editorial_calendar",
    summary="The editorial calendar: five weeks from the Monday of `start`, and the drafts (editors)",
)
def editorial_calendar(request: HttpRequest, slug: str, query: Query[CalendarQuery]):
    member = _editor(request, slug)
    start = query.start or timezone.localdate()
    if not EARLIEST <= start <= LATEST:
        raise ActionRefused("invalid_date", _("Choose a date between 2000 and 2100."), field="start")
    start -= timedelta(days=start.weekday())
    articles = queries.calendar(member, start)
    days = []
    for offset in range(35):
        day = start + timedelta(days=offset)
        items = [
            _out(a)
            for a in articles
            if a.published and a.publish_at and timezone.localdate(a.publish_at) == day
        ]
        days.append({"day": day, "items": items})
    return {"start": start, "days": days, "drafts": [_out(a) for a in articles if not a.published]}
