"""Aggregates of the discussions for the network analytics (networks.bridges): counts by day and by
network over a bounded window, never a member, a title or a text. Each query reads the
post_by_network_day index over the window only (bench/analytics.py)."""

from statistics import median

from django.db.models import Count, Exists, F, Min, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate

from entrepairs.discussions.models import Post, Thread

SHOWN = Q(deleted_at__isnull=True, hidden_at__isnull=True, approval_pending_since__isnull=True)


def posts_per_day(network_ids, start) -> dict:
    """{(network_id, day): (threads started, replies)}"""
    rows = (
        Post.objects.filter(SHOWN, network_id__in=network_ids, created_at__gte=start)
        .annotate(day=TruncDate("created_at"))
        .values("network_id", "day")
        .annotate(first=Count("id", filter=Q(is_first=True)), replies=Count("id", filter=Q(is_first=False)))
        .order_by()
    )
    return {(row["network_id"], row["day"]): (row["first"], row["replies"]) for row in rows}


def contributors(network_ids, start):
    return (
        Post.objects.filter(SHOWN, network_id__in=network_ids, created_at__gte=start)
        .values_list("network_id", "author_id")
        .order_by()
    )


def questions(network_ids, start) -> dict:
    """Per network: questions asked since `start`, how many got a reply, median hours to the first."""
    first_reply = (
        Post.objects.filter(thread=OuterRef("pk"), is_first=False, deleted_at__isnull=True)
        .order_by()
        .values("thread")
        .annotate(first=Min("created_at"))
        .values("first")
    )
    rows = (
        Thread.objects.filter(
            network_id__in=network_ids,
            kind=Thread.Kind.QUESTION,
            created_at__gte=start,
            deleted_at__isnull=True,
        )
        .annotate(first_reply=Subquery(first_reply))
        .values_list("network_id", "created_at", "first_reply")
        .order_by()
    )
    found: dict = {}
    for network_id, created_at, first_reply in rows:
        entry = found.setdefault(network_id, {"asked": 0, "answered": 0, "delays": []})
        entry["asked"] += 1
        if first_reply is not None:
            entry["answered"] += 1
            entry["delays"].append((first_reply - created_at).total_seconds() / 3600)
    for entry in found.values():
        delays = entry.pop("delays")
        entry["median_hours"] = round(median(delays), 1) if delays else None
    return found


def top_spaces(network_ids, start, limit=5) -> dict:
    """Per network: the spaces with the most posts since `start` (name, posts)."""
    rows = (
        Post.objects.filter(SHOWN, network_id__in=network_ids, created_at__gte=start)
        .values("network_id", name=F("thread__space__name"))
        .annotate(posts=Count("id"))
        .order_by("network_id", "-posts")
    )
    found: dict = {}
    for row in rows:
        spaces = found.setdefault(row["network_id"], [])
        if len(spaces) < limit:
            spaces.append((row["name"], row["posts"]))
    return found


# --- For the magazine's daily roll-up: the same aggregates over a closed range [start, end), by
# network and day, so that a day is read once, the night after, and never again. -----------------
def _in_range(network_ids, start, end):
    return Post.objects.filter(SHOWN, network_id__in=network_ids, created_at__gte=start, created_at__lt=end)


def posts_by_day(network_ids, start, end) -> dict:
    """{(network_id, day): (threads started, replies)} over [start, end)."""
    rows = (
        _in_range(network_ids, start, end)
        .annotate(day=TruncDate("created_at"))
        .values("network_id", "day")
        .annotate(first=Count("id", filter=Q(is_first=True)), replies=Count("id", filter=Q(is_first=False)))
        .order_by()
    )
    return {(row["network_id"], row["day"]): (row["first"], row["replies"]) for row in rows}


def contributors_by_day(network_ids, start, end):
    """Distinct (network_id, day, member_id) of those who posted over [start, end): what makes the
    distinct active counts over 7 and 30 days; the roll-up keeps it 35 days, never shows it."""
    return (
        _in_range(network_ids, start, end)
        .annotate(day=TruncDate("created_at"))
        .values_list("network_id", "day", "author_id")
        .distinct()
        .order_by()
    )


def questions_by_day(network_ids, start, end) -> dict:
    """{(network_id, day): questions asked} over [start, end), read through the questions' first
    posts (the post_by_network_day index: threads have none by date)."""
    rows = (
        Post.objects.filter(
            network_id__in=network_ids,
            is_first=True,
            created_at__gte=start,
            created_at__lt=end,
            thread__kind=Thread.Kind.QUESTION,
            thread__deleted_at__isnull=True,
        )
        .annotate(day=TruncDate("created_at"))
        .values("network_id", "day")
        .annotate(count=Count("id"))
        .order_by()
    )
    return {(row["network_id"], row["day"]): row["count"] for row in rows}


def first_answers_by_day(network_ids, start, end) -> dict:
    """{(network_id, day): [hours from the question to its first answer, ...]} for the questions
    whose first reply was written over [start, end), counted on the day of that first answer (a
    question answered a week later is still counted, when the answer comes). Delays only: no id."""
    earlier = Post.objects.filter(
        thread=OuterRef("thread"),
        is_first=False,
        deleted_at__isnull=True,
        created_at__lt=OuterRef("created_at"),
    )
    rows = (
        Post.objects.filter(
            network_id__in=network_ids,
            is_first=False,
            deleted_at__isnull=True,
            created_at__gte=start,
            created_at__lt=end,
            thread__kind=Thread.Kind.QUESTION,
            thread__deleted_at__isnull=True,
        )
        .exclude(Exists(earlier))
        .annotate(day=TruncDate("created_at"))
        .values_list("network_id", "day", "thread__created_at", "created_at")
        .order_by()
    )
    found: dict = {}
    for network_id, day, asked_at, answered_at in rows:
        found.setdefault((network_id, day), []).append(
            round((answered_at - asked_at).total_seconds() / 3600, 2)
        )
    return found


def spaces_by_day(network_ids, start, end) -> dict:
    """{(network_id, day): {space name: posts}} over [start, end) (a space's posts, no author)."""
    rows = (
        _in_range(network_ids, start, end)
        .annotate(day=TruncDate("created_at"))
        .values("network_id", "day", name=F("thread__space__name"))
        .annotate(posts=Count("id"))
        .order_by()
    )
    found: dict = {}
    for row in rows:
        found.setdefault((row["network_id"], row["day"]), {})[row["name"] or ""] = row["posts"]
    return found


def first_post_at(network_ids) -> dict:
    """{network_id: the first post's moment}: where a network's first roll-up starts (content may be
    older than the network's record: imports, demo data). One index lookup per network."""
    rows = (
        Post.objects.filter(network_id__in=network_ids)
        .values("network_id")
        .annotate(first=Min("created_at"))
        .order_by()
    )
    return {row["network_id"]: row["first"] for row in rows}
