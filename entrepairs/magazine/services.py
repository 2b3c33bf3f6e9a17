"""Writing the magazine: editors (the network's editors and administrators) save drafts, schedule
and publish articles, upload pictures; administrators set the network's editorial settings.
Each function takes the acting member, validates, changes state and refuses with ActionRefused."""

import re
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from entrepairs.accounts.mfa import require_mfa_for_role
from entrepairs.errors import ActionRefused
from entrepairs.magazine import markdown, queries
from entrepairs.magazine.models import Article, ArticleImage, MagazineSettings
from entrepairs.networks import bridges
from entrepairs.networks.models import Membership, Network
from entrepairs.privacy.images import UnreadableImage, size_refusal, strip_metadata
from entrepairs.privacy.published_images import refuse_written_personal_data

MAX_TITLE = 160
MAX_SUMMARY = 300
MAX_BODY = 60_000
MAX_TAGS = 8
IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_SIDE = 1600
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")
# A publication date a few seconds in the past is "now" (the form was filled a moment ago).
PAST_TOLERANCE = timedelta(minutes=2)


def is_editor(member: Membership) -> bool:
    return member.is_active and member.role in {Membership.Role.EDITOR, Membership.Role.ADMIN}


def require_editor(member: Membership) -> None:
    """Editors publish health content, sometimes to everyone: like moderators, they act with
    two-factor authentication (MfaRequired otherwise; the page gates answer it)."""
    if not is_editor(member):
        raise ActionRefused("not_editor", _("Only the network's editors write its magazine."), status=403)
    require_mfa_for_role(member)


def settings_of(network: Network) -> MagazineSettings:
    return MagazineSettings.objects.get_or_create(network=network)[0]


def parse_tags(raw: str | list[str]) -> list[str]:
    words = raw if isinstance(raw, list) else re.split(r"[,;]", raw or "")
    tags: list[str] = []
    for word in words:
        tag = " ".join(str(word).split()).lower()[:40]
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ActionRefused("too_many_tags", _("At most %(max)d tags.") % {"max": MAX_TAGS}, field="tags")
    return tags


def _clean_cover(upload, field: str = "cover"):
    if upload.size > IMAGE_MAX_BYTES:
        raise ActionRefused("image_too_large", _("A picture must be smaller than 5 MB."), field=field)
    try:
        clean = strip_metadata(
            upload, output_format="JPEG", formats=IMAGE_FORMATS, max_side=IMAGE_MAX_SIDE, name="picture"
        )
    except UnreadableImage as unreadable:
        too_large = size_refusal(unreadable, code="image_too_large", field=field)
        if too_large:
            raise too_large from None
        raise ActionRefused(
            "broken_image",
            _("This file is not a picture we can read (use a JPEG, PNG or WebP image)."),
            field=field,
        ) from None
    # Articles can be public: a photographed document's names and numbers never reach them.
    refuse_written_personal_data(clean, field=field)
    return clean


def _unique_slug(network: Network, title: str, article: Article | None) -> str:
    base = slugify(title)[:70] or "article"
    slug, number = base, 2
    while queries.slug_taken(network, slug, exclude=article):
        slug, number = f"{base}-{number}", number + 1
    return slug


def _check_reviewer(editor: Membership, reviewer_id) -> Membership | None:
    if not reviewer_id:
        return None
    reviewer = queries.reviewers(editor).filter(pk=reviewer_id).first()
    if reviewer is None:
        raise ActionRefused(
            "invalid_reviewer",
            _("The reviewer must be a member of this network whose profession is verified."),
            field="reviewer",
        )
    return reviewer


def save_article(
    editor: Membership,
    article: Article | None = None,
    *,
    title: str,
    summary: str,
    body: str,
    kind: str = Article.Kind.ARTICLE,
    answer: str = "",
    tags: str | list[str] = "",
    sources: str = "",
    reviewer_id=None,
    visibility: str = Article.Visibility.NETWORK,
    sponsored: bool = False,
    cover=None,
    publish: bool = False,
    publish_at: datetime | None = None,
    now: datetime | None = None,
) -> Article:
    """Create or update an article. `publish`: published at `publish_at` (now if None; a date in
    the past is refused); otherwise saved as a draft (a published article goes back to draft).
    Publishing needs a reviewer where the network's settings ask for one; a question of the day
    (professional networks) needs its recommended answer and opens its discussion thread."""
    require_editor(editor)
    network = editor.network
    if article is not None and article.network_id != editor.network_id:
        raise ActionRefused("not_found", _("Not found."), status=404)
    now = now or timezone.now()
    title = " ".join((title or "").split())
    if not 3 <= len(title) <= MAX_TITLE:
        raise ActionRefused(
            "invalid_title",
            _("A title has between 3 and %(max)d characters.") % {"max": MAX_TITLE},
            field="title",
        )
    summary = " ".join((summary or "").split())
    if not summary or len(summary) > MAX_SUMMARY:
        raise ActionRefused(
            "invalid_summary",
            _("Write a summary of at most %(max)d characters.") % {"max": MAX_SUMMARY},
            field="summary",
        )
    body = (body or "").strip()
    if not body or len(body) > MAX_BODY:
        raise ActionRefused("invalid_body", _("The article needs a text."), field="body")
    if kind not in Article.Kind.values:
        raise ActionRefused("invalid_kind", _("Unknown format."), field="kind")
    if kind == Article.Kind.QUESTION:
        if network.kind != Network.Kind.PROFESSIONALS:
            raise ActionRefused(
                "question_needs_professionals",
                _("The question of the day is a format of professional networks."),
                field="kind",
            )
        if not (answer or "").strip():
            raise ActionRefused("answer_required", _("Give the recommended answer."), field="answer")
    if visibility not in Article.Visibility.values:
        raise ActionRefused("invalid_visibility", _("Unknown readership."), field="visibility")
    if visibility == Article.Visibility.PUBLIC and not network.is_listed:
        raise ActionRefused(
            "public_needs_listed_network",
            _("A network open by invitation only publishes for its members only."),
            field="visibility",
        )
    tag_list = parse_tags(tags)
    reviewer = _check_reviewer(editor, reviewer_id)
    if publish:
        if publish_at is None:
            publish_at = now
        elif publish_at < now - PAST_TOLERANCE:
            raise ActionRefused(
                "publish_in_past",
                _("The publication date is in the past: choose a date to come, or publish now."),
                field="publish_at",
            )
        if reviewer is None and settings_of(network).requires_reviewer:
            raise ActionRefused(
                "reviewer_required",
                _(
                    "This network publishes only articles validated by a verified professional: choose the reviewer."
                ),
                field="reviewer",
            )
    cover_file = _clean_cover(cover) if cover else None
    with transaction.atomic():
        if article is None:
            article = Article(network=network, author=editor, created_at=now)
        article.kind = kind
        if not article.slug or not article.published:
            article.slug = _unique_slug(network, title, article if article.pk else None)
        article.title, article.summary, article.body = title, summary, body
        article.body_html = markdown.render(body)
        article.answer = (answer or "").strip() if kind == Article.Kind.QUESTION else ""
        article.answer_html = markdown.render(article.answer) if article.answer else ""
        article.tags, article.sources, article.reviewer = tag_list, (sources or "").strip(), reviewer
        article.visibility, article.sponsored = visibility, bool(sponsored)
        article.published = publish
        article.publish_at = publish_at if publish else article.publish_at if article.pk else None
        article.updated_at = now
        if cover_file is not None:
            article.cover.save(cover_file.name, cover_file, save=False)
        article.save()
        if publish and kind == Article.Kind.QUESTION and article.thread_id is None:
            thread_body = _("Question of the day: %(title)s\n\n%(summary)s") % {
                "title": title,
                "summary": summary,
            }
            article.thread_id = bridges.start_thread(editor, title, thread_body)
            article.save(update_fields=["thread_id"])
    return article


def publish(editor: Membership, article: Article, *, publish_at: datetime | None = None, now=None) -> Article:
    """Publish (now, or schedule at `publish_at`) an article as it is saved: the same checks as the
    writing page (a date in the past, a reviewer where the network requires one...)."""
    return save_article(
        editor,
        article,
        title=article.title,
        summary=article.summary,
        body=article.body,
        kind=article.kind,
        answer=article.answer,
        tags=list(article.tags),
        sources=article.sources,
        reviewer_id=article.reviewer_id,
        visibility=article.visibility,
        sponsored=article.sponsored,
        publish=True,
        publish_at=publish_at,
        now=now,
    )


def unpublish(editor: Membership, article: Article) -> Article:
    """Back to draft: readers no longer see it (public page, feed, sitemap, digests included)."""
    require_editor(editor)
    if article.network_id != editor.network_id:
        raise ActionRefused("not_found", _("Not found."), status=404)
    article.published = False
    article.updated_at = timezone.now()
    article.save(update_fields=["published", "updated_at"])
    return article


def set_cover(editor: Membership, article: Article, upload) -> Article:
    """A new cover picture (re-encoded without metadata); the article's state does not change."""
    require_editor(editor)
    if article.network_id != editor.network_id:
        raise ActionRefused("not_found", _("Not found."), status=404)
    if upload is None:
        raise ActionRefused("image_required", _("Choose a picture."), field="cover")
    clean = _clean_cover(upload)
    old = article.cover.name if article.cover else ""
    article.cover.save(clean.name, clean, save=False)
    article.updated_at = timezone.now()
    article.save(update_fields=["cover", "updated_at"])
    if old and old != article.cover.name:
        article.cover.storage.delete(old)
    return article


def add_image(editor: Membership, article: Article, upload) -> ArticleImage:
    """A picture for the article's text; returns it (its Markdown is `![...](/magazine/images/<id>/)`)."""
    require_editor(editor)
    if article.network_id != editor.network_id:
        raise ActionRefused("not_found", _("Not found."), status=404)
    if upload is None:
        raise ActionRefused("image_required", _("Choose a picture."), field="image")
    clean = _clean_cover(upload, field="image")
    image = ArticleImage(network_id=article.network_id, article=article)
    image.image.save(clean.name, clean, save=False)
    image.save()
    return image


def delete_article(editor: Membership, article: Article) -> None:
    require_editor(editor)
    if article.network_id != editor.network_id:
        raise ActionRefused("not_found", _("Not found."), status=404)
    for image in article.images.all():
        image.image.delete(save=False)
    if article.cover:
        article.cover.delete(save=False)
    article.delete()


def update_settings(admin: Membership, **values) -> MagazineSettings:
    if not admin.is_admin:
        raise ActionRefused("not_admin", _("Only the network's administrators change this."), status=403)
    require_mfa_for_role(admin)
    found = settings_of(admin.network)
    for name, value in values.items():
        setattr(found, name, bool(value))
    found.save()
    return found
