"""Reads of discussions, always scoped by a membership obtained from networks.access."""

from collections import defaultdict

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.text import slugify

from entrepairs.discussions.models import (
    DEFAULT_SPACES,
    Notification,
    Poll,
    PollVote,
    Post,
    PostRevision,
    Reaction,
    Space,
    Thread,
    ThreadFollow,
)
from entrepairs.errors import NOT_FOUND
from entrepairs.networks.models import Membership


def spaces(member: Membership) -> list[Space]:
    """The network's spaces, in order (one query). A network has none until the first write that
    needs one (services.get_space_for_writing creates them): until then its default spaces, unsaved,
    so that reading a new network's pages writes nothing and still offers where to write."""
    found = list(Space.objects.filter(network_id=member.network_id))
    return found or default_spaces(member.network)


def default_spaces(network) -> list[Space]:
    """The spaces a network starts with (DEFAULT_SPACES), as unsaved rows."""
    return [
        Space(network=network, name=name, slug=slugify(name), description=description, position=index)
        for index, (name, description) in enumerate(DEFAULT_SPACES[network.kind])
    ]


def get_space_or_404(member: Membership, space_slug: str) -> Space:
    """For reading: may be an unsaved default space (see `spaces`); writes use
    services.get_space_for_writing."""
    space = next((space for space in spaces(member) if space.slug == space_slug), None)
    if space is None:
        raise Http404(NOT_FOUND)
    return space


def space_threads(member: Membership, space: Space) -> QuerySet[Thread]:
    """The visible threads of one space (none in an unsaved default space)."""
    if space._state.adding:
        return visible_threads(member).none()
    return visible_threads(member).filter(space=space)


def visible_threads(member: Membership) -> QuerySet[Thread]:
    """Threads of the member's network, newest activity first. Moderators also see deleted ones.
    Lists show each thread's author by name only: no badge, so no join to qualifications."""
    threads = Thread.objects.filter(network_id=member.network_id).select_related("space", "author")
    if not member.is_moderator:
        threads = threads.filter(_shown_to_members(member))
    return threads.order_by("-last_activity_at", "-id")


def _shown_to_members(member: Membership, prefix: str = "") -> Q:
    """What members (not moderators) see: not deleted, not hidden by a moderator, and not awaiting
    approval unless they wrote it (their own pending posts show as pending)."""
    return Q(**{f"{prefix}deleted_at__isnull": True, f"{prefix}hidden_at__isnull": True}) & (
        Q(**{f"{prefix}approval_pending_since__isnull": True}) | Q(**{f"{prefix}author": member})
    )


def unanswered_questions(member: Membership) -> QuerySet[Thread]:
    return visible_threads(member).filter(kind=Thread.Kind.QUESTION, reply_count=0, deleted_at__isnull=True)


def get_thread_or_404(member: Membership, thread_id: int) -> Thread:
    thread = visible_threads(member).select_related("case").filter(pk=thread_id).first()
    if thread is None:
        raise Http404(NOT_FOUND)
    return thread


def thread_posts(member: Membership, thread: Thread) -> QuerySet[Post]:
    posts = Post.objects.filter(thread=thread, network_id=member.network_id).select_related(
        "author__qualification__profession", "author__qualification__specialty"
    )
    if not member.is_moderator:
        posts = posts.filter(_shown_to_members(member))
    return posts.order_by("created_at", "id")


def get_post_or_404(member: Membership, post_id: int) -> Post:
    post = (
        Post.objects.filter(pk=post_id, network_id=member.network_id)
        .select_related("thread", "author")
        .first()
    )
    if post is None or (
        not member.is_moderator and not (_shown(member, post) and _shown(member, post.thread))
    ):
        raise Http404(NOT_FOUND)
    return post


def _shown(member: Membership, item) -> bool:
    """`_shown_to_members` for one loaded post or thread."""
    if item.deleted_at or item.hidden_at:
        return False
    return item.approval_pending_since is None or item.author_id == member.pk


def reaction_summary(member: Membership, posts: list[Post]) -> dict[int, dict]:
    """{post_id: {kind: {"count": n, "mine": bool}}} for a page of posts, in one query."""
    ids = [post.pk for post in posts]
    summary: dict[int, dict] = defaultdict(dict)
    rows = (
        Reaction.objects.filter(post_id__in=ids)
        .values("post_id", "kind")
        .annotate(count=Count("id"), mine=Count("id", filter=Q(member_id=member.pk)))
    )
    for row in rows:
        summary[row["post_id"]][row["kind"]] = {"count": row["count"], "mine": bool(row["mine"])}
    return summary


def my_notifications(member: Membership):
    return (
        Notification.objects.filter(recipient=member, network_id=member.network_id)
        .select_related("actor", "thread")
        .order_by("-created_at", "-id")
    )


def unread_notifications(member: Membership):
    """The bell's notifications (the header counts them with unread messages, see web/header.py)."""
    return Notification.objects.filter(recipient=member, read_at__isnull=True)


def unread_notification_count(member: Membership) -> int:
    return unread_notifications(member).count()


def my_follow(member: Membership, thread: Thread):
    return ThreadFollow.objects.filter(member=member, thread=thread).first()


def followed_threads(member: Membership, limit: int = 10) -> list[Thread]:
    """Threads the member follows (not muted), newest activity first, each with `unread` set when
    something happened since the member last opened it."""
    follows = (
        ThreadFollow.objects.filter(
            member=member, muted=False, thread__deleted_at__isnull=True, thread__hidden_at__isnull=True
        )
        .select_related("thread")
        .order_by("-thread__last_activity_at", "-thread_id")[:limit]
    )
    threads = []
    for follow in follows:
        follow.thread.unread = follow.thread.last_activity_at > follow.last_read_at
        threads.append(follow.thread)
    return threads


def revisions_for_moderators(member: Membership, posts: list[Post]) -> dict[int, list]:
    """Earlier versions of edited posts, for moderators only (one query; empty for others)."""
    edited = [post.pk for post in posts if post.edited_at]
    if not member.is_moderator or not edited:
        return {}
    history: dict[int, list] = defaultdict(list)
    for revision in PostRevision.objects.filter(post_id__in=edited).order_by("-replaced_at", "-id"):
        history[revision.post_id].append(revision)
    return history


def poll_state(member: Membership, thread: Thread) -> dict | None:
    """Options, my vote and — when the member may see them — the results (two queries)."""
    poll = Poll.objects.filter(thread=thread, network_id=member.network_id).first()
    if poll is None:
        return None
    options = list(poll.options.annotate(count=Count("votes")))
    mine = set(PollVote.objects.filter(poll=poll, member=member).values_list("option_id", flat=True))
    closed = poll.is_closed()
    show = closed or (poll.results == Poll.Results.VOTERS and bool(mine))
    total = sum(option.count for option in options)
    for option in options:
        option.percent = round(100 * option.count / total) if total else 0
    return {
        "poll": poll,
        "options": options,
        "mine": mine,
        "closed": closed,
        "show_results": show,
        "total": total,
    }


def get_poll_or_404(member: Membership, thread: Thread):
    poll = Poll.objects.filter(thread=thread, network_id=member.network_id).first()
    if poll is None:
        raise Http404(NOT_FOUND)
    return poll


def posts_by(member) -> int:
    """The member's published posts in their network that are still there (trust levels:
    networks/trust.py); a post held for approval counts once a moderator approves it."""
    return Post.objects.filter(
        network_id=member.network_id, author=member, deleted_at__isnull=True,
        approval_pending_since__isnull=True, thread__approval_pending_since__isnull=True,
    ).count()  # fmt: skip


# --- For moderation (entrepairs.moderation.registry, discussions/moderation_kinds.py) -------------
def post_for_moderator(moderator: Membership, post_id: int) -> Post | None:
    """A reported post of the moderator's network, hidden or deleted ones included."""
    return (
        Post.objects.filter(pk=post_id, network_id=moderator.network_id)
        .select_related("thread", "author", "network")
        .first()
    )


def thread_for_moderator(moderator: Membership, thread_id: int) -> Thread | None:
    return (
        Thread.objects.filter(pk=thread_id, network_id=moderator.network_id)
        .select_related("author", "network")
        .first()
    )


def thread_text(thread: Thread) -> str:
    """A thread's whole text as a moderator judges it: title, the case's fields, the first post."""
    first = Post.objects.filter(thread=thread, is_first=True).first()
    parts = [thread.title]
    case = getattr(thread, "case", None) if thread.kind == Thread.Kind.CASE else None
    if case is not None:
        parts += [case.context, case.history, case.examinations, case.question]
    if first is not None:
        parts.append(first.body)
    return "\n\n".join(part for part in parts if part)


def expert_notes(member: Membership, posts: list[Post]) -> dict[int, list]:
    """{post_id: [notes]} for a page of posts, in one query (none when the page has no post)."""
    from entrepairs.discussions.models import ExpertNote

    ids = [post.pk for post in posts]
    notes: dict[int, list] = defaultdict(list)
    if not ids:
        return notes
    for note in ExpertNote.objects.filter(post_id__in=ids, network_id=member.network_id).select_related(
        "author__qualification__profession", "author__qualification__specialty"
    ):
        notes[note.post_id].append(note)
    return notes


def shown_threads(network_id) -> QuerySet[Thread]:
    """Threads every member of the network sees (not deleted, hidden or awaiting approval): what a
    digest may list, computed once for all the network's digests of a run."""
    return Thread.objects.filter(
        network_id=network_id,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
        approval_pending_since__isnull=True,
    )
