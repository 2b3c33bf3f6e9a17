from datetime import timedelta

from django.utils import timezone

from entrepairs.magazine.models import Article
from tests import factories as f


def verified_reviewer(network, *, display_name="Dr Relecture"):
    """A member of `network` whose profession (a physician) is verified: may validate articles."""
    user = f.UserFactory()
    qualification = f.qualification_factory(user, profession_code="10")
    return f.member_factory(
        network, user=user, member_type="professional", qualification=qualification, display_name=display_name
    )


def article_factory(
    network, *, author=None, title="Bien vivre l'hormonothérapie", published=True, days_ago=0,
    visibility="network", tags=("traitement",), kind="article", reviewer=None, sponsored=False,
):  # fmt: skip
    now = timezone.now()
    count = Article.objects.filter(network=network).count()
    return Article.objects.create(
        network=network, author=author, title=title, slug=f"article-{count}-{network.slug}", summary="Résumé.",
        body="Texte **important**.", body_html="<p>Texte <strong>important</strong>.</p>", kind=kind,
        tags=list(tags), published=published, publish_at=now - timedelta(days=days_ago) if published else None,
        visibility=visibility, reviewer=reviewer, sponsored=sponsored,
    )  # fmt: skip
