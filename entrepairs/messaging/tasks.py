"""Background tasks (Celery; inline in the embedded default)."""

from celery import shared_task

from entrepairs.messaging.actions import emails


@shared_task
def email_unread_messages(conversation_id: int, sequence: int) -> int:
    """Scheduled MESSAGING_EMAIL_DELAY_MINUTES after a message: emails whoever has still not read it."""
    return emails.email_unread(conversation_id, sequence)
