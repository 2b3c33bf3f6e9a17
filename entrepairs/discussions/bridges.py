"""What discussions offers the other features through networks.bridges (they never import it):
a linked thread for the magazine's question of the day, and the discussions' part of the email
digest. Everything is read through discussions' own access rules (queries.visible_threads)."""

from django.core.cache import cache
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from entrepairs.discussions import queries, services
from entrepairs.discussions.models import Thread
from entrepairs.networks.bridges import DigestItem
from entrepairs.networks.models import Membership


def start_linked_thread(member: Membership, title: str, body: str) -> int:
    """A thread in the network's first space, started by `member` (an editor publishing a question
    of the day). The usual checks of a new thread apply (privacy, watched words, rate)."""
    services.ensure_default_spaces(member.network)
    space = queries.spaces(member)[0]
    space = services.get_space_for_writing(member, space.slug)
    return services.create_thread(member, space, title=title[:160], body=body, kind=Thread.Kind.QUESTION).pk


def thread_path(network_slug: str, thread_id: int) -> str:
    return reverse("discussions:thread", kwargs={"slug": network_slug, "thread_id": thread_id})


# A digest run asks the same network's lists for thousands of members: computed once per network
# and day (a few minutes in the cache), then each member's own threads are left out.
CACHE_SECONDS = 600


def _network_lists(network_id, network_slug, since, limit):
    key = f"digest:threads:{network_id}:{since.date().isoformat()}:{limit}"
    found = cache.get(key)
    if found is None:
        threads = queries.shown_threads(network_id)
        useful = (
            threads.filter(last_activity_at__gte=since, reply_count__gt=0)
            .annotate(reactions=Count("posts__reactions"))
            .order_by("-reply_count", "-reactions", "-last_activity_at")
            .values_list("pk", "title", "reply_count", "author_id")[: limit * 3]
        )
        unanswered = (
            threads.filter(kind=Thread.Kind.QUESTION, reply_count=0)
            .order_by("-created_at")
            .values_list("pk", "title", "reply_count", "author_id")[: limit * 3]
        )
        found = (list(useful), list(unanswered))
        cache.set(key, found, CACHE_SECONDS)
    return found


def _items(rows, member: Membership, limit: int, detail) -> list[DigestItem]:
    slug = member.network.slug
    return [
        DigestItem(title, thread_path(slug, pk), detail(replies))
        for pk, title, replies, author_id in rows
        if author_id != member.pk
    ][:limit]


def _replies(count: int) -> str:
    return ngettext("%(count)d reply", "%(count)d replies", count) % {"count": count}


def useful_threads(member: Membership, since, limit: int = 5) -> list[DigestItem]:
    """The threads with the most replies and reactions since `since` (the member's own left out)."""
    useful, _unanswered = _network_lists(member.network_id, member.network.slug, since, limit)
    return _items(useful, member, limit, _replies)


def unanswered_questions(member: Membership, since, limit: int = 5) -> list[DigestItem]:
    """Questions without any reply that the member could answer (not their own), newest first."""
    _useful, unanswered = _network_lists(member.network_id, member.network.slug, since, limit)
    return _items(unanswered, member, limit, lambda count: _("no reply yet"))


def unread_notifications_count(member: Membership, since, limit: int = 0) -> int:
    return queries.unread_notification_count(member)
