"""Saved posts, followed spaces and the welcome thread: small writes that make a network feel like
one's own. Each takes the acting member; the objects come from queries (so from the member's network).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entrepairs.discussions import markdown
from entrepairs.discussions.models import Bookmark, Post, Space, SpaceFollow, Thread
from entrepairs.errors import ActionRefused
from entrepairs.networks.models import Membership, Network


def _same_network(member: Membership, item) -> None:
    if item.network_id != member.network_id:
        raise ActionRefused("not_found", _("Not found."), status=404)


def save_post(member: Membership, post: Post, *, saved: bool) -> bool:
    """Save (bookmark) or unsave a post for the member. Idempotent; returns whether it is saved."""
    _same_network(member, post)
    if not saved:
        Bookmark.objects.filter(member=member, post=post).delete()
        return False
    try:
        with transaction.atomic():
            Bookmark.objects.get_or_create(
                member=member, post=post, defaults={"network_id": member.network_id}
            )
    except IntegrityError:  # saved twice at once: it is saved
        pass
    return True


def follow_space(member: Membership, space: Space, *, following: bool) -> bool:
    """Follow a space (its new threads show on the network's home) or stop. Idempotent."""
    _same_network(member, space)
    if not following:
        SpaceFollow.objects.filter(member=member, space=space).delete()
        return False
    try:
        with transaction.atomic():
            SpaceFollow.objects.get_or_create(
                member=member, space=space, defaults={"network_id": member.network_id}
            )
    except IntegrityError:
        pass
    return True


WELCOME_TEXT = {
    "fr": (
        "Bienvenue dans {network} !",
        "Bienvenue ! Ce fil est fait pour se présenter : dites-nous ce qui vous amène, ce que vous "
        "cherchez ici, et ce que vous avez envie de partager. Inutile de donner votre nom ou des détails "
        "qui vous identifient : votre pseudonyme suffit.\n\nPensez à lire le code de conduite, et "
        "n'hésitez pas à poser votre première question.",
    ),
    "en": (
        "Welcome to {network}!",
        "Welcome! This thread is where newcomers introduce themselves: tell us what brings you here, "
        "what you are looking for and what you would like to share. No need for your name or details "
        "that identify you: your pseudonym is enough.\n\nPlease read the code of conduct, and feel free "
        "to ask your first question.",
    ),
}


def ensure_welcome_thread(network: Network, *, author: Membership) -> Thread:
    """The network's welcome thread (one per network), created once in the network's language.
    `author`: who signs it, the network's first administrator when there is one (see
    `welcome_author`)."""
    found = Thread.objects.filter(network=network, is_welcome=True).first()
    if found is not None:
        return found
    from entrepairs.discussions.services import ensure_default_spaces

    ensure_default_spaces(network)
    space = Space.objects.filter(network=network).order_by("position", "id").first()
    title, body = WELCOME_TEXT.get(network.language, WELCOME_TEXT["fr"])
    title = title.format(network=network.name)[:160]
    now = timezone.now()
    try:
        with transaction.atomic():
            thread = Thread.objects.create(
                network=network, space=space, author=author, title=title, is_welcome=True,
                created_at=now, last_activity_at=now,
            )  # fmt: skip
            Post.objects.create(
                network=network, thread=thread, author=author, body=body,
                body_html=markdown.render(body), is_first=True, created_at=now,
            )  # fmt: skip
    except IntegrityError:  # created a moment ago by another newcomer
        return Thread.objects.get(network=network, is_welcome=True)
    return thread


def welcome_author(member: Membership) -> Membership:
    """The network's first administrator (else its first moderator, else the member)."""
    staff = (
        Membership.objects.filter(
            network_id=member.network_id,
            status=Membership.Status.ACTIVE,
            role__in=[Membership.Role.ADMIN, Membership.Role.MODERATOR],
        )
        .order_by("role", "joined_at", "id")  # "admin" sorts before "moderator"
        .first()
    )
    return staff or member
