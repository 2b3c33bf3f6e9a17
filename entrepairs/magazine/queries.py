"""Reading the magazine, through the access layer.

Members read the live articles of their network (published, `publish_at` passed); editors also see
drafts and scheduled ones. Visitors read only public articles of listed, active networks: the only
health content of the platform open to anyone. Anything else is Http404, as for an id that does not
exist."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from entrepairs.errors import NOT_FOUND
from entrepairs.magazine.models import Article, ArticleImage
from entrepairs.networks import access
from entrepairs.networks.models import Membership, Network


def _is_editor(member: Membership) -> bool:
    return member.is_active and member.role in {Membership.Role.EDITOR, Membership.Role.ADMIN}


def slug_taken(network: Network, slug: str, exclude: Article | None = None) -> bool:
    found = Article.objects.filter(network=network, slug=slug)
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return found.exists()


def live(now=None) -> Q:
    return Q(published=True, publish_at__lte=now or timezone.now())


def magazine_articles(member: Membership, now=None) -> QuerySet[Article]:
    """The live articles of the member's network, newest first (the reviewer's name comes along)."""
    return (
        Article.objects.filter(live(now), network_id=member.network_id)
        .select_related("reviewer", "reviewer__qualification__profession")
        .order_by("-publish_at", "-id")
    )


def editorial_articles(editor: Membership) -> QuerySet[Article]:
    """Every article of the network, drafts and scheduled ones included (the editors' view)."""
    if not _is_editor(editor):
        return Article.objects.none()
    return Article.objects.filter(network_id=editor.network_id).select_related("reviewer", "author")


def get_article_or_404(member: Membership, article_id: int) -> Article:
    articles = editorial_articles(member) if _is_editor(member) else magazine_articles(member)
    found = articles.filter(pk=article_id).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def get_editable_article_or_404(editor: Membership, article_id: int) -> Article:
    found = editorial_articles(editor).filter(pk=article_id).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def reviewers(member: Membership) -> QuerySet[Membership]:
    """Members of the network who may validate an article: active, with a verified profession valid
    now (in any network: a patient network's professionals are members too)."""
    now = timezone.now()
    return (
        Membership.objects.filter(
            network_id=member.network_id,
            status=Membership.Status.ACTIVE,
            user__is_active=True,
            qualification__status="verified",
        )
        .filter(Q(qualification__verified_until__isnull=True) | Q(qualification__verified_until__gt=now))
        .select_related("qualification__profession")
        .order_by("display_name")
    )


def public_articles(now=None) -> QuerySet[Article]:
    """Public, live articles of listed, active networks (the feed, the sitemap, the public pages)."""
    listed = access.listed_networks().values("pk")
    return (
        Article.objects.filter(live(now), visibility=Article.Visibility.PUBLIC, network_id__in=listed)
        .select_related("network", "reviewer", "reviewer__qualification__profession")
        .order_by("-publish_at", "-id")
    )


def get_public_article_or_404(network_slug: str, article_slug: str) -> Article:
    found = public_articles().filter(network__slug=network_slug, slug=article_slug).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def _readable_article_ids(user) -> Q:
    """Articles `user` may see: public live ones, and for each network it is an active member of,
    the live ones (every one if it is an editor there)."""
    condition = Q(pk__in=public_articles().values("pk"))
    for member in access.my_active_memberships(user):
        if _is_editor(member):
            condition |= Q(network_id=member.network_id)
        else:
            condition |= Q(live(), network_id=member.network_id)
    return condition


def get_image_or_404(user, image_id: int) -> ArticleImage:
    found = ArticleImage.objects.filter(pk=image_id).select_related("article").first()
    if found is None or not Article.objects.filter(_readable_article_ids(user), pk=found.article_id).exists():
        raise Http404(NOT_FOUND)
    return found


def get_cover_or_404(user, article_id: int) -> Article:
    found = Article.objects.filter(_readable_article_ids(user), pk=article_id).first()
    if found is None or not found.cover:
        raise Http404(NOT_FOUND)
    return found


def todays_article(articles: list[Article], now=None) -> Article | None:
    """Today's article: the first one published today (the list is newest first), else None."""
    today = timezone.localdate(now)
    for article in articles:
        if timezone.localdate(article.publish_at) == today:
            return article
    return None


def all_tags(member: Membership) -> list[str]:
    tags: set[str] = set()
    for article_tags in magazine_articles(member).values_list("tags", flat=True)[:500]:
        tags.update(article_tags or [])
    return sorted(tags)


def calendar(editor: Membership, start, days: int = 35) -> list[Article]:
    """What comes out from `start` (a date) for `days` days, and the drafts (no date)."""
    end = start + timezone.timedelta(days=days)
    return list(
        editorial_articles(editor)
        .filter(Q(publish_at__date__gte=start, publish_at__date__lt=end) | Q(published=False))
        .order_by("publish_at", "created_at")
    )


def get_sponsored_network_or_404(user, network_slug: str) -> Network:
    """The network whose sponsor account `user` holds, if its administrators let the sponsor see
    the analytics; Http404 otherwise (as for a network that does not exist)."""
    from entrepairs.magazine.models import MagazineSettings, SponsorAccess

    if not (user and user.is_authenticated and user.is_active):
        raise Http404(NOT_FOUND)
    access_row = (
        SponsorAccess.objects.filter(user=user, network__slug=network_slug, network__is_active=True)
        .select_related("network")
        .first()
    )
    if (
        access_row is None
        or not MagazineSettings.objects.filter(
            network=access_row.network, sponsor_sees_analytics=True
        ).exists()
    ):
        raise Http404(NOT_FOUND)
    return access_row.network
