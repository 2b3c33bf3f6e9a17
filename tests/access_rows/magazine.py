from tests.access_rows import ADMINS, MEMBERS, OPERATORS, PUBLIC, Row, statuses

BREAST = lambda world: {"slug": world.breast.slug}  # noqa: E731
BREAST_NETWORK = lambda world: {"network_slug": world.breast.slug}  # noqa: E731
# Editors write the magazine (in the walk, the network's administrator is its editor): members and
# moderators know the network exists (403), everyone else gets 404.
EDITORS = statuses(404, anonymous=302, member=403, moderator=403, admin=200)
EDITORS_POST_ONLY = statuses(404, anonymous=302, member=403, moderator=403, admin=405)
ARTICLE = {
    "title": "Parler du lymphœdème", "summary": "Ce qu'il faut savoir.", "body": "Un bras lourd.",
    "kind": "article", "visibility": "network", "save_draft": "1",
}  # fmt: skip


def _article(world, **options):
    from tests.magazine.factories import article_factory

    return article_factory(world.breast, **options)


def _live(world):
    return {"slug": world.breast.slug, "article_id": _article(world).pk}


def _draft(world):
    return {"slug": world.breast.slug, "article_id": _article(world, published=False).pk}


def _public(world):
    article = _article(world, visibility="public")
    return {"network_slug": world.breast.slug, "article_slug": article.slug}


def _image(world):
    from django.core.files.base import ContentFile

    from entrepairs.magazine.models import ArticleImage
    from tests.images import tiny_png

    article = _article(world)  # members only
    image = ArticleImage(network=world.breast, article=article)
    image.image.save("x.png", ContentFile(tiny_png()), save=True)
    return {"image_id": image.pk}


def _cover(world):
    from django.core.files.base import ContentFile

    from tests.images import tiny_png

    article = _article(world)
    article.cover.save("c.png", ContentFile(tiny_png()), save=True)
    return {"article_id": article.pk}


ONLY_MEMBERS_FILE = statuses(404, member=200, moderator=200, admin=200)

ROWS = {
    "magazine:index": Row(MEMBERS, BREAST),
    "magazine:article": Row(MEMBERS, _live),
    "magazine:write": Row(EDITORS, BREAST, write=ARTICLE),
    "magazine:edit": Row(EDITORS, _draft, write=ARTICLE),
    "magazine:add_image": Row(EDITORS_POST_ONLY, _draft),
    "magazine:delete": Row(EDITORS_POST_ONLY, _draft),
    "magazine:calendar": Row(EDITORS, BREAST),
    "magazine:settings": Row(ADMINS, BREAST, write={"requires_reviewer": "on"}),
    # The public side: public articles of listed networks, for everyone.
    "magazine_public:index": Row(PUBLIC),
    "magazine_public:feed": Row(PUBLIC),
    "magazine_public:sitemap": Row(PUBLIC),
    "magazine_public:article": Row(PUBLIC, _public),
    # Pictures and covers of a members-only article: its network's members only.
    "magazine_public:image": Row(ONLY_MEMBERS_FILE, _image),
    "magazine_public:cover": Row(ONLY_MEMBERS_FILE, _cover),
}


def _unsubscribe(world):
    from entrepairs.magazine.actions import digests

    return {"token": digests.unsubscribe_token(world.patient)}


def _tracking(world):
    from entrepairs.magazine.actions import digests
    from entrepairs.magazine.models import DigestSend

    send = DigestSend.objects.create(network=world.breast, member=world.patient, period="2026-12-06")
    return {"token": digests.tracking_token(send)}


ROWS |= {
    "magazine:digest": Row(MEMBERS, BREAST, write={"digest": "daily"}),
    # Links of the digest email: they work without signing in (the signed token is the proof).
    "magazine_public:unsubscribe": Row(PUBLIC, _unsubscribe),
    "magazine_public:digest_open": Row(PUBLIC, _tracking),
    "magazine_public:digest_click": Row(statuses(302), _tracking),
}


ROWS |= {
    "magazine:analytics": Row(ADMINS, BREAST),
    # Only a sponsor account of the network, once its administrators allow it: nobody in the walk.
    "magazine_public:sponsor_analytics": Row(statuses(404), BREAST_NETWORK),
    "operator_analytics": Row(OPERATORS),
}


API_MEMBERS = statuses(404, anonymous=401, member=200, moderator=200, admin=200)


def _api_article(world):
    return {"slug": world.breast.slug, "article_id": _article(world).pk}


API_ROWS = {
    "api:list_articles": Row(API_MEMBERS, BREAST),
    "api:get_article": Row(API_MEMBERS, _api_article),
}
ROWS.update(API_ROWS)


# Writing through the API (editors). Paths shared with a GET are walked as that GET (create_article
# as list_articles, update_article as get_article); write-only paths answer a GET with 405 for all.
API_EDITORS = statuses(404, anonymous=401, member=403, moderator=403, admin=200)
API_ARTICLE = {"title": "Parler du lymphœdème", "summary": "Ce qu'il faut savoir.", "body": "Un bras lourd."}


def _api_draft(world):
    return {"slug": world.breast.slug, "article_id": _article(world, published=False).pk}


ROWS.update(
    {
        "api:create_article": Row(API_MEMBERS, BREAST, write=API_ARTICLE),
        "api:update_article": Row(API_MEMBERS, _api_article, write=API_ARTICLE),
        "api:publish_article": Row(statuses(405), _api_draft),
        "api:unpublish_article": Row(statuses(405), _api_article),
        "api:set_article_cover": Row(statuses(405), _api_draft),
        "api:add_article_image": Row(statuses(405), _api_draft),
        "api:list_drafts": Row(API_EDITORS, BREAST),
        "api:editorial_calendar": Row(API_EDITORS, BREAST),
    }
)
