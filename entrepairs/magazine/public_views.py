"""The magazine's public side: public articles (the only health content open to anyone) with clean
URLs and OpenGraph tags, their Atom feed and sitemap, and the pictures (served to whoever may read
the article that shows them, 404 to anyone else)."""

from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from entrepairs.magazine import queries

FEED_ITEMS = 50
SITEMAP_ITEMS = 5000


@require_GET
def public_index(request):
    return render(
        request, "magazine/public_index.html", {"articles": list(queries.public_articles()[:FEED_ITEMS])}
    )


@require_GET
def public_article(request, network_slug, article_slug):
    found = queries.get_public_article_or_404(network_slug, article_slug)
    return render(
        request,
        "magazine/public_article.html",
        {
            "article": found,
            "network_public": found.network,
            "canonical": request.build_absolute_uri(
                reverse("magazine_public:article", args=[network_slug, article_slug])
            ),
            "cover_url": request.build_absolute_uri(reverse("magazine_public:cover", args=[found.pk]))
            if found.cover
            else "",
        },
    )


@require_GET
def feed(request):
    """Atom feed of the public articles, newest first."""
    atom = Atom1Feed(
        title=_("Entrepairs magazine"),
        link=request.build_absolute_uri(reverse("magazine_public:index")),
        description=_("Public articles of the networks, validated by professionals."),
        language="fr",
        feed_url=request.build_absolute_uri(reverse("magazine_public:feed")),
    )
    for article in queries.public_articles()[:FEED_ITEMS]:
        link = request.build_absolute_uri(
            reverse("magazine_public:article", args=[article.network.slug, article.slug])
        )
        atom.add_item(
            title=article.title,
            link=link,
            description=article.summary,
            unique_id=link,
            pubdate=article.publish_at,
            updateddate=article.updated_at,
            categories=article.tags,
            author_name=article.network.name,
        )
    return HttpResponse(atom.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")


@require_GET
def sitemap(request):
    articles = [
        (
            request.build_absolute_uri(
                reverse("magazine_public:article", args=[article.network.slug, article.slug])
            ),
            article.updated_at,
        )
        for article in queries.public_articles()[:SITEMAP_ITEMS]
    ]
    body = render_to_string("magazine/sitemap.xml", {"articles": articles})
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


def _file_response(field):
    response = FileResponse(field.open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@cache_control(private=True, max_age=3600)
def image(request, image_id):
    return _file_response(queries.get_image_or_404(request.user, image_id).image)


@require_GET
@cache_control(private=True, max_age=3600)
def cover(request, article_id):
    return _file_response(queries.get_cover_or_404(request.user, article_id).cover)
