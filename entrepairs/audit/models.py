"""The audit log: who read or decided on protected content, and when (UTC). Rows are never edited or
deleted through the product (the admin shows them read-only)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=64)  # e.g. "document.read", "document.approve"
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    detail = models.CharField(max_length=200, blank=True)  # never message text or health data
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.object_type}:{self.object_id}"
