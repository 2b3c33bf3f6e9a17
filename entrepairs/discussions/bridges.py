"""What discussions offers the other features through networks.bridges (they never import it):
a linked thread for the magazine's question of the day, and the discussions' part of the email
digest. Everything is read through discussions' own access rules (queries.visible_threads)."""

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


def _item(thread: Thread) -> DigestItem:
    replies = ngettext("%(count)d reply", "%(count)d replies", thread.reply_count) % {
        "count": thread.reply_count
    }
    return DigestItem(thread.title, thread_path(thread.network.slug, thread.pk), replies)


def useful_threads(member: Membership, since, limit: int = 5) -> list[DigestItem]:
    """The threads with the most replies and reactions since `since` (the member's own excluded)."""
    threads = (
        queries.visible_threads(member)
        .filter(deleted_at__isnull=True, last_activity_at__gte=since, reply_count__gt=0)
        .exclude(author=member)
        .select_related("network")
        .annotate(reactions=Count("posts__reactions"))
        .order_by("-reply_count", "-reactions", "-last_activity_at")[:limit]
    )
    return [_item(thread) for thread in threads]


def unanswered_questions(member: Membership, since, limit: int = 5) -> list[DigestItem]:
    """Questions without any reply that the member could answer (not their own), newest first."""
    threads = (
        queries.unanswered_questions(member)
        .exclude(author=member)
        .select_related("network")
        .order_by("-created_at")[:limit]
    )
    return [
        DigestItem(thread.title, thread_path(thread.network.slug, thread.pk), _("no reply yet"))
        for thread in threads
    ]


def unread_notifications_count(member: Membership, since, limit: int = 0) -> int:
    return queries.unread_notification_count(member)
