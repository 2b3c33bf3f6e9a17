"""Aggregates of private messaging for the network analytics (networks.bridges): messages per day
per network, and the ids of senders (counted, never shown). Never a text nor a conversation."""

from django.db.models import Count, Min
from django.db.models.functions import TruncDate

from entrepairs.messaging.models import Message


def messages_per_day(network_ids, start) -> dict:
    rows = (
        Message.objects.filter(network_id__in=network_ids, created_at__gte=start, kind=Message.Kind.TEXT)
        .annotate(day=TruncDate("created_at"))
        .values("network_id", "day")
        .annotate(count=Count("id"))
        .order_by()
    )
    return {(row["network_id"], row["day"]): row["count"] for row in rows}


def senders(network_ids, start):
    return (
        Message.objects.filter(network_id__in=network_ids, created_at__gte=start, kind=Message.Kind.TEXT)
        .values_list("network_id", "sender_id")
        .order_by()
    )


# --- For the magazine's daily roll-up: over a closed range [start, end), by network and day. -----
def _in_range(network_ids, start, end):
    return Message.objects.filter(
        network_id__in=network_ids, created_at__gte=start, created_at__lt=end, kind=Message.Kind.TEXT
    )


def messages_by_day(network_ids, start, end) -> dict:
    rows = (
        _in_range(network_ids, start, end)
        .annotate(day=TruncDate("created_at"))
        .values("network_id", "day")
        .annotate(count=Count("id"))
        .order_by()
    )
    return {(row["network_id"], row["day"]): row["count"] for row in rows}


def senders_by_day(network_ids, start, end):
    """Distinct (network_id, day, member_id) of those who wrote: counted, never shown."""
    return (
        _in_range(network_ids, start, end)
        .annotate(day=TruncDate("created_at"))
        .values_list("network_id", "day", "sender_id")
        .distinct()
        .order_by()
    )


def first_message_at(network_ids) -> dict:
    """{network_id: the first message's moment} (where a network's first roll-up starts)."""
    rows = (
        Message.objects.filter(network_id__in=network_ids)
        .values("network_id")
        .annotate(first=Min("created_at"))
        .order_by()
    )
    return {row["network_id"]: row["first"] for row in rows}
