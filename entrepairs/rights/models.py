"""What the members' rights keep: erasure requests in their grace period, data exports, retention
periods per network and the legal pages. None of these rows holds content: an export's ZIP is a file
in private storage, served after an access check."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepairs.public_ids import PublicIdField


class ErasureRequest(models.Model):
    """An account asked to be erased. During the grace period the account is deactivated and the
    request can be cancelled (link emailed); the scheduled job then erases it (rights.erasure)."""

    class Posts(models.TextChoices):
        DELETE = "delete", _("Delete my posts")
        ANONYMISE = "anonymise", _("Keep my posts, signed “deleted member”")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="erasure_request"
    )
    posts = models.CharField(max_length=16, choices=Posts.choices, default=Posts.DELETE)
    requested_at = models.DateTimeField(default=timezone.now)
    erase_after = models.DateTimeField()

    def __str__(self) -> str:
        return f"Erasure of {self.user_id} after {self.erase_after:%Y-%m-%d}"


def _export_path(instance, filename):
    # Random names: an export's path says nothing about whose it is and cannot be guessed.
    return f"exports/{secrets.token_urlsafe(24)}.zip"


class DataExport(models.Model):
    """A ZIP of everything an account created or that is about it, built in the background."""

    id = PublicIdField()

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    file = models.FileField(upload_to=_export_path, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Export {self.pk} of {self.user_id} ({self.status})"

    def is_downloadable(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return (
            self.status == self.Status.READY
            and bool(self.file)
            and self.expires_at is not None
            and self.expires_at > moment
        )


class NetworkRetention(models.Model):
    """How long a network keeps its private messages, its logs (notifications and privacy
    confirmations) and its audit entries. Empty: kept as long as the network exists."""

    network = models.OneToOneField("networks.Network", on_delete=models.CASCADE, related_name="retention")
    messages_days = models.PositiveIntegerField(_("keep private messages (days)"), null=True, blank=True)
    logs_days = models.PositiveIntegerField(
        _("keep notifications and privacy confirmations (days)"), null=True, blank=True
    )
    audit_days = models.PositiveIntegerField(_("keep audit entries (days)"), null=True, blank=True)

    def __str__(self) -> str:
        return f"Retention of {self.network_id}"


class LegalPage(models.Model):
    """A legal page as the operator wrote it. Without a row the default text (rights/legal_texts) is
    shown."""

    class Kind(models.TextChoices):
        TERMS = "terms", _("Terms of use")
        PRIVACY = "privacy", _("Privacy policy")
        NOTICE = "legal-notice", _("Legal notice")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")

    kind = models.CharField(_("page"), max_length=16, choices=Kind.choices, unique=True)
    body_fr = models.TextField(_("text in French (Markdown)"))
    body_en = models.TextField(_("text in English (Markdown)"))
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.get_kind_display()
