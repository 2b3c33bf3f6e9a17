"""Background tasks (Celery; inline in the embedded default)."""

from celery import shared_task

from entrepairs.moderation.actions import notice_emails


@shared_task
def email_new_notices(member_ids: list[int]) -> int:
    return notice_emails.send_immediate(member_ids)


@shared_task
def email_daily_notice_digests() -> int:
    return notice_emails.send_daily_digests()
