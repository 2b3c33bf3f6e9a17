"""The periodic work of the members' rights, run by the hourly task or `manage.py run_rights_jobs`."""

from django.utils import timezone

from entrepairs.rights.actions import erasure, export, retention


def run_all(*, now=None) -> dict:
    now = now or timezone.now()
    return {
        "erased": erasure.erase_due_accounts(now=now),
        "exports_deleted": export.delete_expired_exports(now=now),
        **retention.apply_retention(now=now),
    }
