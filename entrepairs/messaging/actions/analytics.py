"""Aggregates of private messaging for the network analytics (networks.bridges): messages per day
per network, and the ids of senders (counted, never shown). Never a text nor a conversation."""

from django.db.models import Count
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
