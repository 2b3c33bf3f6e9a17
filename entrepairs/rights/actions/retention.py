"""Retention: how long each network keeps its private messages, its logs (notifications, privacy
confirmations) and its audit entries, chosen by its administrators; applied by the hourly job
(rights.jobs). Empty means kept while the network exists. Audit entries outside any network are
kept AUDIT_RETENTION_DAYS; read flags (accounts reading unusually fast, visitors' IP addresses), which
belong to no network, READ_FLAG_RETENTION_DAYS. The features add theirs (rights.registry.on_retention:
discussions' notifications and moderation's notices follow the log period, messaging's messages the
message period). Deleting audit rows is the one change to them besides erasure, made
inside audit.models.maintenance()."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entrepairs.accounts.mfa import require_mfa_for_role
from entrepairs.accounts.models import ReadFlag
from entrepairs.audit.models import AuditEvent, maintenance
from entrepairs.audit.services import record
from entrepairs.errors import ActionRefused
from entrepairs.networks.models import Membership, Network
from entrepairs.privacy.models import Confirmation
from entrepairs.rights import registry
from entrepairs.rights.models import NetworkRetention

FIELDS = ("messages_days", "logs_days", "audit_days")
MAX_DAYS = 36500
# Audit entries are evidence: a network keeps them at least this long whatever its choice.
MIN_AUDIT_DAYS = 30


def retention_of(network: Network) -> NetworkRetention:
    return NetworkRetention.objects.filter(network=network).first() or NetworkRetention(network=network)


def set_retention(admin: Membership, **days: int | None) -> NetworkRetention:
    """Network administrators choose; audited (the three numbers)."""
    if not admin.is_admin:
        raise ActionRefused("forbidden", _("Only administrators of this network change this."), status=403)
    require_mfa_for_role(admin)
    for name in FIELDS:
        value = days.get(name)
        if value is not None and not 1 <= value <= MAX_DAYS:
            raise ActionRefused("invalid_days", _("Give a number of days between 1 and 36500."), field=name)
    if days.get("audit_days") is not None and days["audit_days"] < MIN_AUDIT_DAYS:
        raise ActionRefused(
            "audit_days_too_short",
            _("Audit entries are kept at least %(days)s days.") % {"days": MIN_AUDIT_DAYS},
            field="audit_days",
        )
    with transaction.atomic():
        retention, _created = NetworkRetention.objects.get_or_create(network=admin.network)
        for name in FIELDS:
            setattr(retention, name, days.get(name))
        retention.save()
        summary = " ".join(f"{name}={getattr(retention, name) or '-'}" for name in FIELDS)
        record(admin.user, "network.retention", admin.network, detail=summary)
    return retention


def apply_retention(*, now=None) -> dict[str, int]:
    """Delete what is older than each network's periods; returns counts by kind."""
    now = now or timezone.now()
    done: dict[str, int] = {}

    def add(counts: dict[str, int]) -> None:
        for key, value in counts.items():
            done[key] = done.get(key, 0) + value

    for retention in NetworkRetention.objects.select_related("network"):
        network = retention.network
        with transaction.atomic():
            for handler in registry.retention_handlers:
                add(handler(network, retention, now))
            if retention.logs_days:
                cutoff = now - timedelta(days=retention.logs_days)
                deleted, _by_model = Confirmation.objects.filter(
                    network=network, created_at__lt=cutoff
                ).delete()
                add({"privacy_confirmations": deleted})
            if retention.audit_days:
                cutoff = now - timedelta(days=retention.audit_days)
                with maintenance():
                    deleted, _by_model = AuditEvent.objects.filter(network=network, at__lt=cutoff).delete()
                add({"audit_events": deleted})
    cutoff = now - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    with maintenance():
        deleted, _by_model = AuditEvent.objects.filter(network__isnull=True, at__lt=cutoff).delete()
    add({"audit_events": deleted})
    cutoff = now - timedelta(days=settings.READ_FLAG_RETENTION_DAYS)
    deleted, _by_model = ReadFlag.objects.filter(flagged_at__lt=cutoff).delete()
    add({"read_flags": deleted})
    return done
