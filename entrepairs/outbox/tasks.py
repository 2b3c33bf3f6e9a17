"""Background tasks (Celery; inline in the embedded default)."""

from celery import shared_task

from entrepairs.outbox import services


@shared_task
def deliver_pending_emails() -> int:
    """Every few minutes (CELERY_BEAT_SCHEDULE): emails whose task died after deciding them, or that
    the mail server refused for a while. Usually none. And the records of old sent emails go."""
    services.forget_sent()
    return services.deliver()
