"""Background tasks (Celery; inline in the embedded default)."""

from celery import shared_task

from entrepairs.networks import lifecycle


@shared_task
def lapse_expired_verifications() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE): professionals whose verification passed its end lose access."""
    return lifecycle.lapse_expired_verifications()


@shared_task
def send_verification_reminders() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): professionals are reminded 30 and 7 days before their yearly
    verification lapses (networks/verification_reminders.py)."""
    from entrepairs.networks import verification_reminders

    return verification_reminders.send_verification_reminders()
