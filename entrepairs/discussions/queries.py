"""Reads of discussions, always scoped by a membership obtained from networks.access."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Window
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify

from entrepairs.discussions.models import (
    DEFAULT_SPACES,
    Bookmark,
    Notification,
    Poll,
    PollVote,
    Post,
    PostRevision,
    Reaction,
    Space,
    SpaceFollow,
    Thread,
    ThreadFollow,
)
from entrepairs.errors import NOT_FOUND
from entrepairs.networks import access
from entrepairs.networks.access import count_subquery
from entrepairs.networks.models import Membership
from entrepairs.prepared import Prepared, as_row_id


def spaces(member: Membership) -> list[Space]:
    """The network's spaces, in order (one query). A network has none until the first write that
    needs one (services.get_space_for_writing creates them): until then its default spaces, unsaved,
    so that reading a new network's pages writes nothing and still offers where to write."""
    found = _spaces_statement.all(member.network_id)
    return found or default_spaces(member.network)


def _space_rows(network_id) -> QuerySet[Space]:
    return Space.objects.filter(network_id=network_id).order_by("position", "name")


_spaces_statement = Prepared(_space_rows, ("int",))  # every thread list and composer reads them


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


def _unanswered_rows(member_id, network_id, *, variant) -> QuerySet[Thread]:
    moderator, limit = variant
    return unanswered_questions(access.stand_in_member(member_id, network_id, moderator=moderator))[:limit]


_unanswered_statement = Prepared(_unanswered_rows, ("int", "int"))


def first_unanswered_questions(member: Membership, limit: int) -> list[Thread]:
    """`unanswered_questions(member)[:limit]` through a statement compiled once (the thread list and
    the home show them on every view)."""
    return _unanswered_statement.all(member.pk, member.network_id, variant=(member.is_moderator, limit))


def _thread_row(member_id, network_id, thread_id, *, variant) -> QuerySet[Thread]:
    return (
        visible_threads(access.stand_in_member(member_id, network_id, moderator=variant))
        .select_related("case")
        .filter(pk=thread_id)
    )


# The thread page, its replies and every action on a thread start here (entrepairs/prepared.py).
_thread_statement = Prepared(_thread_row, ("int", "int", "int"))


def get_thread_or_404(member: Membership, thread_id: int) -> Thread:
    thread_id = as_row_id(thread_id)
    if thread_id is None:
        raise Http404(NOT_FOUND)
    thread = _thread_statement.first(member.pk, member.network_id, thread_id, variant=member.is_moderator)
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


def _post_counts(member_id, network_id, thread_id, read_until, *, variant) -> QuerySet[Post]:
    """The posts of a thread the member sees, counted (all, and read before `read_until`)."""
    moderator, with_read = variant
    member = access.stand_in_member(member_id, network_id, moderator=moderator)
    counts = {"total": Count("id")}
    if with_read:
        counts["read"] = Count("id", filter=Q(created_at__lte=read_until))
    thread = Thread(pk=thread_id, network_id=network_id)
    return thread_posts(member, thread).order_by().values("thread_id").annotate(**counts).values(*counts)


def _page_posts(member_id, network_id, thread_id, *, variant) -> QuerySet[Post]:
    """One page of a thread's posts, each with `is_saved` (the member saved it): whether the member
    saved each post rides on the page's query (no query of its own)."""
    moderator, offset, per_page = variant
    member = access.stand_in_member(member_id, network_id, moderator=moderator)
    saved = Bookmark.objects.filter(member_id=member_id, post=OuterRef("pk"))
    posts = thread_posts(member, Thread(pk=thread_id, network_id=network_id)).annotate(is_saved=Exists(saved))
    return posts.only(*PAGE_POST_FIELDS)[offset : offset + per_page]


# What a thread page prints of a post and of its author (the markup, not the Markdown it came from;
# the name, picture and badges, not the membership's history): 33 of the 57 columns the joins bring,
# a third of them dates parsed for every row. Anything else read from these rows would be one query
# per post: the thread page's query-count tests count them.
PAGE_POST_FIELDS = (
    *("network_id", "thread_id", "author_id", "body_html", "is_first", "created_at", "edited_at"),
    *("deleted_at", "hidden_at", "approval_pending_since", "author_hidden_at"),
    *(f"author__{name}" for name in ("network_id", "display_name", "avatar_seed", "avatar", "avatar_review")),
    *(f"author__{name}" for name in ("role", "status", "member_type", "qualification")),
    "author__qualification__profession__name_fr",
    "author__qualification__profession__name_en",
    "author__qualification__specialty__practitioner_fr",
    "author__qualification__specialty__practitioner_en",
)


# A thread page's two queries, compiled once per shape (entrepairs/prepared.py); the offset is part of
# the SQL, so only the first pages get a statement each.
_post_count_statement = Prepared(_post_counts, ("int", "int", "int", "datetime"))
_posts_statement = Prepared(_page_posts, ("int", "int", "int"))
PREPARED_PAGES = 20


def _posts_up_to(member_id, network_id, thread_id, created_at, post_id, *, variant) -> QuerySet[Post]:
    """The posts of a thread the member sees up to and including one post, counted."""
    member = access.stand_in_member(member_id, network_id, moderator=variant)
    up_to = Q(created_at__lt=created_at) | Q(created_at=created_at, id__lte=post_id)
    posts = thread_posts(member, Thread(pk=thread_id, network_id=network_id)).filter(up_to)
    return posts.order_by().values("thread_id").annotate(position=Count("id")).values("position")


# Every reply's redirect runs it (the page that holds the new post): compiled once per process.
_position_statement = Prepared(_posts_up_to, ("int", "int", "int", "datetime", "int"))


def position_of_post(member: Membership, thread: Thread, post: Post) -> int:
    """How many posts the member sees in `thread` up to and including `post` (one COUNT): the
    page holding it is (position - 1) // per_page + 1."""
    row = _position_statement.first_values(
        member.pk, member.network_id, thread.pk, post.created_at, post.pk, variant=member.is_moderator
    )
    return row["position"] if row else 0


def thread_page(member: Membership, thread: Thread, *, page: int, per_page: int, read_until=None) -> dict:
    """One numbered page of a thread's posts: {"posts", "page", "pages", "first_unread_page"}.

    Two queries whatever the thread's length: one COUNT (the pages and, for a follower with
    something unread, where the first unread post sits, as conditional counts of the same scan) and
    the page's posts, each with `is_saved` (the member saved it). A page past the end reads as the last page (a bookmark to a thread that shrank).
    `read_until`: the follower's read mark before this visit, None for non-followers."""
    arguments = (member.pk, member.network_id, thread.pk, read_until)
    totals = _post_count_statement.first_values(
        *arguments, variant=(member.is_moderator, read_until is not None)
    )
    total = totals["total"] if totals else 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    window = (member.is_moderator, (page - 1) * per_page, per_page)
    if page <= PREPARED_PAGES:
        posts = _posts_statement.all(*arguments[:3], variant=window)
    else:  # a long thread's far pages: not worth a compiled statement each
        posts = list(_page_posts(*arguments[:3], variant=window))
    first_unread_page = None
    if read_until is not None and totals["read"] < total:
        first_unread_page = totals["read"] // per_page + 1
        for post in posts:
            if post.created_at > read_until:
                post.first_unread = True
                break
    return {"posts": posts, "page": page, "pages": pages, "first_unread_page": first_unread_page}


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


def may_see_post(member: Membership, post: Post) -> bool:
    """`get_post_or_404` for a post already loaded with its thread checked."""
    return member.is_moderator or _shown(member, post)


def _shown(member: Membership, item) -> bool:
    """`_shown_to_members` for one loaded post or thread."""
    if item.deleted_at or item.hidden_at:
        return False
    return item.approval_pending_since is None or item.author_id == member.pk


def _reaction_rows(member_id, post_ids) -> QuerySet[Reaction]:
    return (
        Reaction.objects.filter(post_id__in=post_ids)
        .values_list("post_id", "kind")
        .annotate(count=Count("id"), mine=Count("id", filter=Q(member_id=member_id)))
        .order_by()
    )


# Every thread page reads both for its posts: compiled once per number of posts (entrepairs/prepared.py);
# building them with 50 ids cost more CPU than the thread's own statements (1.5 and 2 ms a page).
_reaction_statement = Prepared(_reaction_rows, ("int", "ints"))


def reaction_summary(member: Membership, posts: list[Post]) -> dict[int, dict]:
    """{post_id: {kind: {"count": n, "mine": bool}}} for a page of posts, in one query (none when the
    page has no post)."""
    ids = [post.pk for post in posts]
    summary: dict[int, dict] = defaultdict(dict)
    if not ids:
        return summary
    for post_id, kind, count, mine in _reaction_statement.rows(member.pk, ids):
        summary[post_id][kind] = {"count": count, "mine": bool(mine)}
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


def unread_notification_threads(member: Membership) -> QuerySet[Thread]:
    """The bell's figure: threads with something unread for the member, so that twelve replies in
    one thread ring once ("12 new replies in …" on the notifications page), as a queryset the
    header counts in its one SELECT (web/header.py)."""
    return Thread.objects.filter(pk__in=unread_notifications(member).values("thread_id"))


def get_notification_or_404(member: Membership, notification_id: int) -> Notification:
    found = (
        Notification.objects.filter(pk=notification_id, recipient=member, network_id=member.network_id)
        .select_related("post")
        .first()
    )
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def grouped_notifications(items: list[Notification]) -> list[dict]:
    """A page of notifications (newest first) as groups of the same kind in the same thread, read
    or unread apart: {"kind", "thread", "count", "unread", "actors" (up to three pseudonyms,
    newest first), "others" (how many more), "latest", "open" (the group's oldest notification,
    where reading starts)}. In the order of each group's newest notification."""
    groups: dict[tuple, dict] = {}
    for item in items:
        key = (item.thread_id, item.kind, item.read_at is None)
        group = groups.get(key)
        if group is None:
            group = groups[key] = {
                "kind": item.kind, "thread": item.thread, "count": 0, "unread": item.read_at is None,
                "actors": [], "latest": item.created_at, "open": item,
            }  # fmt: skip
        group["count"] += 1
        group["open"] = item  # newest first: the last one seen is the oldest
        name = item.actor.display_name
        if name not in group["actors"]:
            group["actors"].append(name)
    for group in groups.values():
        group["others"] = max(0, len(group["actors"]) - 3)
        group["actors"] = group["actors"][:3]
    return list(groups.values())


def unread_notification_count(member: Membership) -> int:
    return unread_notifications(member).count()


def _my_follow_row(member_id, thread_id) -> QuerySet[ThreadFollow]:
    return ThreadFollow.objects.filter(member_id=member_id, thread_id=thread_id).order_by("pk")[:1]


_my_follow_statement = Prepared(_my_follow_row, ("int", "int"))  # every thread page reads it


def my_follow(member: Membership, thread: Thread) -> ThreadFollow | None:
    return _my_follow_statement.first(member.pk, thread.pk)


def _follow_rows(member_id, *, variant) -> QuerySet[ThreadFollow]:
    return (
        ThreadFollow.objects.filter(
            member_id=member_id, muted=False, thread__deleted_at__isnull=True, thread__hidden_at__isnull=True
        )
        .select_related("thread")
        .order_by("-thread__last_activity_at", "-thread_id")[:variant]
    )


_follows_statement = Prepared(_follow_rows, ("int",))


def followed_threads(member: Membership, limit: int = 10) -> list[Thread]:
    """Threads the member follows (not muted), newest activity first, each with `unread` set when
    something happened since the member last opened it."""
    threads = []
    for follow in _follows_statement.all(member.pk, variant=limit):
        follow.thread.unread = follow.thread.last_activity_at > follow.last_read_at
        threads.append(follow.thread)
    return threads


def author_hidden_texts(member: Membership, posts: list[Post]) -> dict[int, object]:
    """{post_id: AuthorHiddenText} of the page's posts hidden by their author that `member` may
    read: every one for a moderator (the caller audits it), the member's own otherwise (to know what
    they hid). One query, and none when no post of the page is hidden by its author."""
    from entrepairs.discussions.models import AuthorHiddenText

    ids = [
        post.pk
        for post in posts
        if post.author_hidden_at and (member.is_moderator or post.author_id == member.pk)
    ]
    if not ids:
        return {}
    rows = AuthorHiddenText.objects.filter(post_id__in=ids, network_id=member.network_id)
    return {row.post_id: row for row in rows}


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


def post_text_for_moderator(post: Post) -> str:
    """A reported post's text as a moderator judges it, its author's hidden text included."""
    if post.author_hidden_at:
        hidden = getattr(post, "author_hidden_text", None)
        return hidden.body if hidden is not None else ""
    return post.body


def thread_text(thread: Thread) -> str:
    """A thread's whole text as a moderator judges it: title, the case's fields, the first post."""
    first = Post.objects.filter(thread=thread, is_first=True).first()
    if first is not None and first.author_hidden_at:
        hidden = getattr(first, "author_hidden_text", None)
        if hidden is not None:  # hidden by its author (actions/hide_old_posts.py)
            return "\n\n".join(
                part for part in [hidden.thread_title, *hidden.case_text.values(), hidden.body] if part
            )
    parts = [thread.title]
    case = getattr(thread, "case", None) if thread.kind == Thread.Kind.CASE else None
    if case is not None:
        parts += [case.context, case.history, case.examinations, case.question]
    if first is not None:
        parts.append(first.body)
    return "\n\n".join(part for part in parts if part)


def _expert_note_rows(network_id, post_ids) -> QuerySet:
    from entrepairs.discussions.models import ExpertNote

    return (
        ExpertNote.objects.filter(post_id__in=post_ids, network_id=network_id)
        .select_related("author__qualification__profession", "author__qualification__specialty")
        .order_by("created_at", "id")
    )


_expert_note_statement = Prepared(_expert_note_rows, ("int", "ints"))  # see _reaction_statement


def expert_notes(member: Membership, posts: list[Post]) -> dict[int, list]:
    """{post_id: [notes]} for a page of posts, oldest first, in one query (none when the page has no
    post)."""
    ids = [post.pk for post in posts]
    notes: dict[int, list] = defaultdict(list)
    if not ids:
        return notes
    for note in _expert_note_statement.all(member.network_id, ids):
        notes[note.post_id].append(note)
    return notes


# --- Living pages: thread lists' details, the home's panels, saved posts, my posts ---------------
def with_list_details(member: Membership, threads: QuerySet[Thread]) -> QuerySet[Thread]:
    """Each thread of a list with its last reply's author (`last_poster_name`, `last_poster_id`,
    `last_poster_seed`) and, for the threads the member follows, `unread_count`: the replies of others
    since the member last opened it. Scalar subqueries on the page's rows (a page is at most
    THREADS_PER_PAGE), so a list costs the same one query however long its threads are: each walks the
    (thread, created_at, id) index from its end."""
    shown = Q() if member.is_moderator else _shown_to_members(member)
    last_reply = (
        Post.objects.filter(shown, thread=OuterRef("pk"), is_first=False)
        .order_by("-created_at", "-id")
        .values("author")[:1]
    )
    follow = ThreadFollow.objects.filter(thread=OuterRef("pk"), member=member, muted=False)
    unread = Post.objects.filter(
        shown, thread=OuterRef("pk"), created_at__gt=OuterRef("my_last_read")
    ).exclude(author=member)
    last_poster = Membership.objects.filter(pk=OuterRef("last_poster_id"))
    return threads.annotate(
        last_poster_id=Subquery(last_reply), my_last_read=Subquery(follow.values("last_read_at")[:1])
    ).annotate(
        last_poster_name=Subquery(last_poster.values("display_name")[:1]),
        last_poster_seed=Subquery(last_poster.values("avatar_seed")[:1]),
        followed=Exists(follow),
        unread_count=count_subquery(unread),
    )


def _list_rows(member_id, network_id, before_at, before_id, space_id, *, variant) -> QuerySet[Thread]:
    """The query of a thread list (with_list_details of visible_threads), for `_list_statement`.
    `variant`: (the member is a moderator, one space only, after a cursor, followed threads only,
    how many rows)."""
    moderator, in_space, after_cursor, followed_only, limit = variant
    member = access.stand_in_member(member_id, network_id, moderator=moderator)
    threads = visible_threads(member)
    if in_space:
        threads = threads.filter(space_id=space_id)
    if followed_only:
        threads = threads.filter(
            Exists(ThreadFollow.objects.filter(thread=OuterRef("pk"), member=member, muted=False)),
            deleted_at__isnull=True,
        )
    if after_cursor:  # web/pagination.py's keyset condition, newest first
        threads = threads.filter(
            Q(last_activity_at__lt=before_at) | Q(last_activity_at=before_at, id__lt=before_id)
        )
    return with_list_details(member, threads)[:limit]


# Thread lists are the most read pages: their query, with four subqueries a row, cost more to build
# and compile than to run (entrepairs/prepared.py); it is compiled once per shape.
_list_statement = Prepared(_list_rows, ("int", "int", "datetime", "int", "int"))


def thread_list(
    member: Membership, *, limit: int, space: Space | None = None, after=None, followed_only=False
) -> list[Thread]:
    """`with_list_details(member, visible_threads(member))`, newest activity first: `limit` rows,
    of one space if given, after the keyset position `after` ((last_activity_at, id)) if given,
    of the threads the member follows (not muted, not deleted) if `followed_only`."""
    if space is not None and space._state.adding:
        return []  # an unsaved default space holds nothing yet
    variant = (member.is_moderator, space is not None, after is not None, followed_only, limit)
    before_at, before_id = after if after is not None else (None, None)
    space_id = space.pk if space is not None else None
    return _list_statement.all(member.pk, member.network_id, before_at, before_id, space_id, variant=variant)


def latest_activity(member: Membership, limit: int = 8) -> list[Thread]:
    return thread_list(member, limit=limit)


def followed_with_unread(member: Membership, limit: int = 6) -> list[Thread]:
    """The threads the member follows, newest activity first, with their unread counts (one query)."""
    return thread_list(member, limit=limit, followed_only=True)


def _suggested_rows(member_id, network_id, since, *, variant) -> QuerySet[Thread]:
    moderator, limit = variant
    member = access.stand_in_member(member_id, network_id, moderator=moderator)
    order = ("-reply_count", "-last_activity_at", "-id")
    # Chosen on the thread table alone, then joined to their authors and spaces: in one statement,
    # PostgreSQL joined every thread of the month before keeping four (2.5 ms of the network home's
    # database time for 317 threads at 1,000,000 posts; 0.9 ms this way, most of it reading the month).
    chosen = (
        visible_threads(member)
        .filter(last_activity_at__gte=since, deleted_at__isnull=True, is_welcome__isnull=True)
        .exclude(Exists(ThreadFollow.objects.filter(thread=OuterRef("pk"), member=member)))
        .exclude(author=member)
        .order_by(*order)[:limit]
    )
    return visible_threads(member).filter(pk__in=chosen.values("pk")).order_by(*order)


_suggested_statement = Prepared(_suggested_rows, ("int", "int", "datetime"))


def suggested_threads(member: Membership, limit: int = 4) -> list[Thread]:
    """Lively threads of the last month the member does not follow yet (most replies first)."""
    since = timezone.now() - timedelta(days=30)
    return _suggested_statement.all(member.pk, member.network_id, since, variant=(member.is_moderator, limit))


def welcome_thread(member: Membership) -> Thread | None:
    return visible_threads(member).filter(is_welcome=True).first()


def followed_space_ids(member: Membership) -> set[int]:
    return set(SpaceFollow.objects.filter(member=member).values_list("space_id", flat=True))


def my_bookmarks(member: Membership) -> QuerySet[Bookmark]:
    """The member's saved posts that they may still read, newest saved first (keyset on created_at)."""
    shown = (
        Q()
        if member.is_moderator
        else _shown_to_members(member, "post__") & _shown_to_members(member, "post__thread__")
    )
    return (
        Bookmark.objects.filter(shown, member=member, network_id=member.network_id)
        .select_related("post__thread", "post__author")
        .order_by("-created_at", "-id")
    )


def my_posts(member: Membership) -> QuerySet[Post]:
    """What the member wrote in this network and may still read, newest first (pending ones too)."""
    return (
        Post.objects.filter(
            network_id=member.network_id,
            author=member,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            thread__deleted_at__isnull=True,
        )
        .select_related("thread")
        .order_by("-created_at", "-id")
    )


def contributions(viewer: Membership, shown: Membership, limit: int = 5) -> dict:
    """A member's public contributions in this network for their profile: the number of their posts
    the viewer may read and the latest few (one query: the count is a window over the same rows,
    computed before the LIMIT)."""
    posts = (
        Post.objects.filter(network_id=viewer.network_id, author=shown)
        .filter(_shown_to_members(viewer) & _shown_to_members(viewer, "thread__"))
        .select_related("thread")
        .order_by("-created_at", "-id")
    )
    latest = list(posts.annotate(total=Window(Count("id")))[:limit])
    return {"count": latest[0].total if latest else 0, "latest": latest}


# --- First steps (web.panels): each a queryset that exists once the step is done -----------------
def introductions_by(member: Membership) -> QuerySet[Post]:
    """The member's replies in the network's welcome thread."""
    return Post.objects.filter(
        author=member, network_id=member.network_id, thread__is_welcome=True, is_first=False,
        deleted_at__isnull=True,
    )  # fmt: skip


def space_follows_of(member: Membership) -> QuerySet[SpaceFollow]:
    return SpaceFollow.objects.filter(member=member, network_id=member.network_id)


def recent_posts_for_privacy_review(moderator: Membership, *, before: int | None, limit: int) -> list[Post]:
    """The network's posts, newest first, as moderators see them (hidden and held ones included:
    moderators see those too); `before` a post id to continue from. For the guard run over existing
    content (discussions/privacy_review.py)."""
    posts = Post.objects.filter(
        network_id=moderator.network_id, deleted_at__isnull=True, thread__deleted_at__isnull=True
    )
    if before is not None:
        posts = posts.filter(id__lt=before)
    return list(posts.select_related("thread", "author").order_by("-id")[:limit])


def shown_threads(network_id) -> QuerySet[Thread]:
    """Threads every member of the network sees (not deleted, hidden or awaiting approval): what a
    digest may list, computed once for all the network's digests of a run."""
    return Thread.objects.filter(
        network_id=network_id,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
        approval_pending_since__isnull=True,
    )
