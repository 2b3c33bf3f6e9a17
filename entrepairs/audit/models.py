"""The audit log: who read or decided on protected content, and when (UTC).

Append-only: nothing in the product edits or deletes a row. `save()` refuses to change a stored row,
`delete()` refuses, the queryset's `update()` and `delete()` refuse, the admin is read-only, and on
PostgreSQL a trigger refuses UPDATE and DELETE (migration 0003). Two jobs of the members' rights
may touch rows, each inside `maintenance()` (which the trigger also honours, for that transaction
only): erasing an account (its rows lose their actor and free text: the person is gone, the fact that
something happened stays) and retention (rows older than the network's retention period go)."""

import contextlib
import threading

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

_state = threading.local()


class AuditAppendOnly(Exception):
    """An attempt to edit or delete an audit row outside the rights jobs."""


@contextlib.contextmanager
def maintenance():
    """For the erasure and retention jobs only: allows changing audit rows inside one transaction."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL entrepairs.audit_maintenance = 'on'")
        previous = getattr(_state, "maintenance", False)
        _state.maintenance = True
        try:
            yield
        finally:
            _state.maintenance = previous
            if connection.vendor == "postgresql" and not previous:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL entrepairs.audit_maintenance = 'off'")


def _require_maintenance():
    if not getattr(_state, "maintenance", False):
        raise AuditAppendOnly("Audit entries are never edited or deleted.")


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        _require_maintenance()
        return super().update(**kwargs)

    def delete(self):
        _require_maintenance()
        return super().delete()

    # bulk_update goes through update(); _raw_delete is what the collector uses for fast deletes.
    def _raw_delete(self, using):
        _require_maintenance()
        return super()._raw_delete(using)


class AuditEvent(models.Model):
    # Empty once the acting account is erased (the event stays, with no one behind it).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The network the event happened in (None for installation-wide events): what its
    # administrators may read, and whose retention period applies.
    network = models.ForeignKey(
        "networks.Network", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=64)  # e.g. "document.read", "document.approve"
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    detail = models.CharField(max_length=200, blank=True)  # never message text or health data
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["network", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            _require_maintenance()
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _require_maintenance()
        return super().delete(*args, **kwargs)
