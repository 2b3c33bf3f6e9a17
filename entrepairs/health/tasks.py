"""Background tasks (Celery; inline in the embedded default)."""

from celery import shared_task

from entrepairs.health import queries


@shared_task
def refresh_insights() -> int:
    """Every patient network's community insights computed ahead of the members (every 5 minutes, while
    the cached ones last 10): no member waits for the aggregation (about a second at 10,000 members)."""
    return sum(queries.warm_insights(network) for network in queries.patient_networks())
