"""The periodic work of the members' rights, run by the hourly task or `manage.py run_rights_jobs`."""

from django.utils import timezone

from entrepairs.outbox import services as outbox
from entrepairs.rights.actions import erasure, export, retention


def run_all(*, now=None) -> dict:
    now = now or timezone.now()
    return {
        "erased": erasure.erase_due_accounts(now=now),
        "exports_deleted": export.delete_expired_exports(now=now),
        **retention.apply_retention(now=now),
        # The outbox's own periodic task does this every few minutes under Celery beat; the
        # embedded mode (cron running this command) has no other: emails the mail server refused
        # (an erasure's cancel link, an export's link) are tried again, sent ones forgotten.
        "emails_sent": outbox.deliver(),
        "sent_emails_forgotten": outbox.forget_sent(now=now),
    }
