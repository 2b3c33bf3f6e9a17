"""Background tasks (Celery; inline in the embedded default)."""

from celery import shared_task

from entrepairs.discussions.actions import emails


@shared_task
def email_new_notifications(member_ids: list[int]) -> int:
    return emails.send_pending_immediate(member_ids)
