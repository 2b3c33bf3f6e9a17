"""Background tasks (Celery; inline in the embedded default)."""

from celery import shared_task

from entrepairs.networks import lifecycle


@shared_task
def lapse_expired_verifications() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE): professionals whose verification passed its end lose access."""
    return lifecycle.lapse_expired_verifications()
