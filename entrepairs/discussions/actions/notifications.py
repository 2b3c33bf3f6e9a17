"""Who hears about a new post: followers of the thread, mentioned members, the accepted author.

Called from services through transaction.on_commit, so a rolled-back post notifies nobody.
Notifications name the thread and the actor's pseudonym only, never the message text."""

import logging
import re

from django.db.models import OuterRef
from django.urls import reverse
from django.utils import timezone

from entrepairs import activity
from entrepairs.discussions.models import Bookmark, Notification, Post, SpaceFollow, Thread, ThreadFollow
from entrepairs.discussions.tasks import email_new_notifications
from entrepairs.networks import access
from entrepairs.networks.access import count_subquery
from entrepairs.networks.models import Membership
from entrepairs.outbox import services as outbox

logger = logging.getLogger(__name__)
# @[Rose des Vents] for names with spaces, @Rose for one-word names.
MENTION = re.compile(r"@\[([^\]\n]{3,40})\]|@([\w'\-]{3,40})")


def mentioned_names(text: str) -> set[str]:
    return {(bracketed or word).strip().lower() for bracketed, word in MENTION.findall(text or "")}


def mentioned_members(post: Post) -> list[Membership]:
    """The active members of the post's network it mentions ("@[Loutre Paisible 12]" as the
    composer inserts it, or typed "@Loutre Paisible 12"), never its author (one query, none when
    the post mentions nobody)."""
    return [
        person for person in access.mentioned_members(post.author, [post.body]) if person.pk != post.author_id
    ]


def _email(recipient_ids) -> None:
    """Schedule the 'at once' emails. Runs after the post committed: a broker that is away (Redis
    restarting) must not turn a stored post into an error page, which invites posting it again.
    The notifications stay unemailed and go with the member's next email or digest."""
    if not recipient_ids:
        return
    try:
        email_new_notifications.delay(sorted(recipient_ids))
    except Exception:
        logger.exception("discussions: could not schedule notification emails (broker away?)")


def notify_new_post(post_id: int, *, post: Post | None = None) -> None:
    """The thread's followers and the members the post mentions hear of a new post. `post`: the row
    just written, with its author and network, when the caller has them (a reply: reading it again
    with three joins was a third of a reply's work on the server)."""
    if post is None or post.pk != post_id:
        post = Post.objects.select_related("thread", "author", "network").get(pk=post_id)
    mentioned = {member.pk for member in mentioned_members(post)}
    followers = set(
        ThreadFollow.objects.filter(
            thread_id=post.thread_id, muted=False, member__status=Membership.Status.ACTIVE
        )
        .exclude(member_id=post.author_id)
        .values_list("member_id", flat=True)
    )
    now = timezone.now()
    Notification.objects.bulk_create(
        [
            Notification(network_id=post.network_id, recipient_id=recipient, actor_id=post.author_id,
                         kind=Notification.Kind.MENTION, thread_id=post.thread_id, post=post, created_at=now)
            for recipient in mentioned
        ]
        + [
            Notification(network_id=post.network_id, recipient_id=recipient, actor_id=post.author_id,
                         kind=Notification.Kind.REPLY, thread_id=post.thread_id, post=post, created_at=now)
            for recipient in followers - mentioned
        ]
    )  # fmt: skip
    _email(mentioned | followers)
    _announce(activity.MENTION, post, mentioned, f"mention:{post.pk}")
    _announce(activity.REPLY, post, followers - mentioned, f"thread:{post.thread_id}")


def notify_accepted(thread: Thread, actor: Membership) -> None:
    answer = thread.accepted_answer
    if answer is None or answer.author_id == actor.pk:
        return
    Notification.objects.create(
        network_id=thread.network_id, recipient_id=answer.author_id, actor=actor,
        kind=Notification.Kind.ACCEPTED, thread=thread, post=answer,
    )  # fmt: skip
    _email({answer.author_id})
    _announce(activity.ACCEPTED, answer, {answer.author_id}, f"accepted:{thread.pk}", actor_id=actor.pk)


def _announce(kind: str, post: Post, recipients, collapse_key: str, *, actor_id=None) -> None:
    """The members' devices hear of it (push listens to entrepairs.activity): ids and the thread's
    address only."""
    if not recipients:
        return
    activity.announce(
        activity.Activity(
            kind=kind, network_id=post.network_id, recipients=tuple(sorted(recipients)),
            path=reverse("discussions:thread", kwargs={"slug": post.network.slug, "thread_id": post.thread_id})
            + f"#post-{post.pk}",
            collapse_key=collapse_key, actor_id=actor_id or post.author_id, source_id=post.pk,
        )
    )  # fmt: skip


def still_unread(event: activity.Activity, member_ids: list[int]) -> dict[int, None]:
    """Those whose notification about the post is still unread in the bell (read elsewhere: none)."""
    unread = Notification.objects.filter(
        network_id=event.network_id,
        post_id=event.source_id,
        recipient_id__in=member_ids,
        read_at__isnull=True,
    ).values_list("recipient_id", flat=True)
    return dict.fromkeys(unread)


def unread_counts(network_id: int, member_ids: list[int]) -> dict[int, int]:
    """Each persona's unread notifications in the bell, one query."""
    unread = Notification.objects.filter(recipient_id=OuterRef("pk"), read_at__isnull=True)
    rows = (
        Membership.objects.filter(pk__in=member_ids, network_id=network_id)
        .annotate(unread=count_subquery(unread))
        .values_list("pk", "unread")
    )
    return dict(rows)


def forget_member(member: Membership) -> None:
    """A membership that ends leaves every audience: its thread follows and its unread notifications
    go, so no email or digest about this network reaches it afterwards (and rejoining starts with
    none). Read notifications stay: they are history, and the digests skip them anyway."""
    ThreadFollow.objects.filter(member=member, network_id=member.network_id).delete()
    Notification.objects.filter(recipient=member, network_id=member.network_id, read_at__isnull=True).delete()
    # Saved posts and followed spaces end with the membership too: rejoining starts without them.
    Bookmark.objects.filter(member=member, network_id=member.network_id).delete()
    SpaceFollow.objects.filter(member=member, network_id=member.network_id).delete()
    outbox.forget_pending(f"notifications:{member.pk}:")  # decided, not sent yet (actions/emails.py)
