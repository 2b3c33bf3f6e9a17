"""What the magazine does for the members' rights (registered in apps.py with rights.registry).

Articles are the network's editorial content, not a member's words about themselves: when an
editor's persona is erased (or withdraws consent), its articles stay, signed by the network's
"deleted member"; an erased reviewer's mention goes (the article no longer says who validated it).
Digest records hold no words (counts and dates): they go with the persona."""

from entrepairs.magazine.models import Article, DigestSend
from entrepairs.networks.models import Membership
from entrepairs.outbox import services as outbox
from entrepairs.rights.registry import ExportPart


def end_membership(member: Membership) -> None:
    """A digest decided for the persona and not sent yet goes when its membership ends (leaving,
    removal, consent withdrawal): nothing more about the network reaches a former member."""
    outbox.forget_pending(f"digest:{member.pk}:")


def erase_member(member: Membership, ghost: Membership, *, keep_posts: bool) -> None:
    Article.objects.filter(network_id=member.network_id, author=member).update(author=ghost)
    Article.objects.filter(network_id=member.network_id, reviewer=member).update(reviewer=None)
    DigestSend.objects.filter(network_id=member.network_id, member=member).delete()


def export_member(user) -> ExportPart:
    """The articles the account wrote or validated, in each of its networks."""
    part = ExportPart()
    articles = (
        Article.objects.filter(author__user=user) | Article.objects.filter(reviewer__user=user)
    ).select_related("network")
    part.sections["magazine.articles"] = [
        {
            "network": article.network.name,
            "id": article.pk,
            "title": article.title,
            "summary": article.summary,
            "body": article.body,
            "role": "author" if article.author_id and article.author.user_id == user.pk else "reviewer",
            "published": article.published,
            "publish_at": article.publish_at.isoformat() if article.publish_at else None,
        }
        for article in articles.order_by("created_at", "id").distinct()
    ]
    return part
