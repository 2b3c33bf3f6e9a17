"""Background tasks of the members' rights (Celery; inline in the embedded mode). The export's
build task lives with the export (export.build_export_task), which schedules it."""

from celery import shared_task

from entrepairs.rights import jobs
from entrepairs.rights.actions.export import build_export_task

__all__ = ["build_export_task", "run_rights_jobs"]


@shared_task
def run_rights_jobs() -> dict:
    """Hourly (CELERY_BEAT_SCHEDULE): erasures past their grace period, expired exports, retention."""
    return jobs.run_all()
