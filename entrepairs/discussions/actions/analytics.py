"""Aggregates of the discussions for the network analytics (networks.bridges): counts by day and by
network over a bounded window, never a member, a title or a text. Each query reads the
post_by_network_day index over the window only (bench/analytics.py)."""

from statistics import median

from django.db.models import Count, F, Min, OuterRef, Q, Subquery
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
