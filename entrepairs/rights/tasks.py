"""Background tasks of the members' rights (Celery; inline in the embedded mode)."""

from celery import shared_task

from entrepairs.rights import jobs


@shared_task
def run_rights_jobs() -> dict:
    """Hourly (CELERY_BEAT_SCHEDULE): erasures past their grace period, expired exports, retention."""
    return jobs.run_all()
