"""The magazine's public side: public articles (the only health content open to anyone) with clean
URLs and OpenGraph tags, their Atom feed and sitemap, and the pictures (served to whoever may read
the article that shows them, 404 to anyone else)."""

from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from entrepairs.magazine import queries
from entrepairs.magazine.actions import digests

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


# --- The digest's links: one-click unsubscribe, opens and clicks -----------------------------------
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


@csrf_exempt  # the signed token is the proof; mail providers POST here without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET: a page with the button (link scanners must not unsubscribe anyone by visiting it);
    POST: done, at once, without signing in (List-Unsubscribe-Post: List-Unsubscribe=One-Click)."""
    member = digests.member_for_unsubscribe(token)
    if member is None:
        return render(request, "magazine/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    # RFC 8058: the one-click POST carries exactly "List-Unsubscribe=One-Click" (so does our button);
    # any other POST changes nothing and shows the button again.
    if request.method == "POST" and request.POST.get("List-Unsubscribe") == "One-Click":
        digests.unsubscribe(token)
        done = True
    return render(request, "magazine/unsubscribe.html", {"network_public": member.network, "done": done})


@require_GET
def digest_open(request, token):
    digests.record(token, click=False)
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def digest_click(request, token):
    """Counts the click, then goes to the page, which must be on this site (no open redirect)."""
    target = request.GET.get("to", "/")
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = "/"
    digests.record(token, click=True)
    return HttpResponseRedirect(target)
