"""Background tasks (Celery; inline in the embedded default)."""

import logging

from celery import shared_task

from entrepairs import activity as activities
from entrepairs.push import sender
from entrepairs.push.actions import delivery

logger = logging.getLogger(__name__)


@shared_task
def deliver_activity(data: dict) -> int:
    """Push one activity (entrepairs.activity.Activity.as_dict()) to its recipients' devices."""
    return delivery.deliver(activities.Activity.from_dict(data))


def schedule(activity: activities.Activity) -> None:
    """The listener registered with entrepairs.activity: called after the activity committed. A
    broker that is away loses the notification only; the member still finds the activity in the app
    and hears of it by email."""
    if not sender.configured():
        return
    try:
        deliver_activity.delay(activity.as_dict())
    except Exception:
        logger.warning("push: could not schedule a notification (broker away?)")
