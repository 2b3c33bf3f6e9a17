"""Background tasks (Celery beat in production; `manage.py send_digests` in the embedded default)."""

from celery import shared_task

from entrepairs.magazine.actions import digests, rollup


@shared_task
def send_digests() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): the daily digests, and the weekly ones not sent this week."""
    return digests.send_digests()


@shared_task
def roll_up_analytics() -> int:
    """Nightly (CELERY_BEAT_SCHEDULE): the analytics' figures of the days not rolled up yet."""
    return rollup.roll_up()
