"""Background tasks (Celery; inline in the embedded default)."""

import logging

from celery import shared_task

from entrepairs.messaging.actions import emails

logger = logging.getLogger(__name__)


@shared_task
def email_unread_messages(conversation_id: int, sequence: int) -> int:
    """Scheduled MESSAGING_EMAIL_DELAY_MINUTES after a message: emails whoever has still not read it."""
    return emails.email_unread(conversation_id, sequence)


def schedule_unread_email(conversation_id: int, sequence: int) -> None:
    """Called after a message commits. Tasks that run inline (no broker: the embedded default) cannot
    wait, so with a delay there is nothing to schedule; email_unread would find it too early anyway."""
    wait = emails.delay()
    if wait and email_unread_messages.app.conf.task_always_eager:
        return
    try:
        email_unread_messages.apply_async((conversation_id, sequence), countdown=wait.total_seconds())
    except Exception:  # the broker is down: the message is stored and shown, only the email is lost
        logger.warning("messaging: could not schedule the unread email of conversation %s", conversation_id)
