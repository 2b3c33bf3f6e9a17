"""The data export (GDPR art. 15 and 20): one click builds, in the background, a ZIP of everything the
account created or that is about it, in every network:

- `data.json`: one list per kind of row (account, personas, consents, professions, verification,
  tokens, audit events about the account, then each feature's part from rights.registry.on_export:
  posts, cases, polls, votes, reactions, messages sent, conversations). Others appear by pseudonym.
- the account's uploads as they are stored (verification documents, case photos, attachments);
- `index.html`: the same, readable in a browser, with no script and no outside resource.

Built by a Celery task (inline in the embedded mode), which moves `progress` forward as it goes (the
page polls it). The ZIP is stored under a random name, downloadable for EXPORT_DAYS days by its
owner only (rights.views.download_export checks), then deleted by the hourly job. The link is
emailed. Requesting one is audited."""

import json
import shutil
import tempfile
import zipfile
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from entrepairs.accounts.models import ConsentRecord, PersonalAccessToken, User
from entrepairs.audit.models import AuditEvent
from entrepairs.audit.services import record
from entrepairs.errors import ActionRefused
from entrepairs.networks.models import Membership
from entrepairs.outbox import services as outbox
from entrepairs.professionals.models import DocumentSubmission, Qualification, VerificationAttempt
from entrepairs.rights import registry
from entrepairs.rights.models import DataExport
from entrepairs.rights.registry import ExportPart

Status = DataExport.Status


def request_export(user: User, *, base_url: str = "") -> DataExport:
    """One export at a time: another while one is being built is refused (409)."""
    if DataExport.objects.filter(user=user, status__in=[Status.PENDING, Status.RUNNING]).exists():
        raise ActionRefused("export_running", _("Your export is already being prepared."), status=409)
    with transaction.atomic():
        export = DataExport.objects.create(user=user)
        record(user, "account.export", user)
        export_id = export.pk
        transaction.on_commit(lambda: _schedule(export_id, base_url))
    return export


def _schedule(export_id: int, base_url: str) -> None:
    build_export_task.delay(export_id, base_url)


@shared_task(name="entrepairs.rights.tasks.build_export")
def build_export_task(export_id: int, base_url: str = "") -> int:
    """Build one data export's ZIP (Celery; inline in the embedded mode); the page polls it."""
    return build(export_id, base_url=base_url).pk


def get_export_or_404(user: User, export_id: int) -> DataExport:
    """The account's own export; anyone else's, or a missing one, is the same 404."""
    export = DataExport.objects.filter(pk=export_id, user=user).first() if user.is_authenticated else None
    if export is None:
        raise Http404
    return export


def downloadable_export_or_404(user: User, export_id: int) -> DataExport:
    export = get_export_or_404(user, export_id)
    if not export.is_downloadable():
        raise Http404
    return export


def build(export_id: int, *, base_url: str = "") -> DataExport:
    """Build the ZIP (the task's body). Progress: 10 % for the account's part, then an equal share
    per feature, 100 % once stored."""
    export = DataExport.objects.select_related("user").get(pk=export_id)
    user = export.user
    _progress(export, Status.RUNNING, 5)
    try:
        parts = [account_part(user)]
        _progress(export, Status.RUNNING, 10)
        handlers = registry.export_handlers
        for index, handler in enumerate(handlers, start=1):
            parts.append(handler(user))
            _progress(export, Status.RUNNING, 10 + int(80 * index / max(len(handlers), 1)))
        # A temporary file, not memory: uploads add up (attachments, photos, documents).
        with tempfile.TemporaryFile() as spool:
            _zip(user, parts, spool)
            size = spool.tell()
            spool.seek(0)
            export.file.save("export.zip", File(spool), save=False)
    except Exception:
        _progress(export, Status.FAILED, export.progress)
        raise
    export.size, export.status, export.progress = size, Status.READY, 100
    export.ready_at = timezone.now()
    export.expires_at = export.ready_at + timedelta(days=settings.EXPORT_DAYS)
    # Ready and its email recorded together (the outbox): a worker killed after this sends it once.
    with transaction.atomic():
        export.save(update_fields=["file", "size", "status", "progress", "ready_at", "expires_at"])
        key = _queue_link(export, base_url)
    outbox.deliver(keys=[key])
    return export


def _progress(export: DataExport, status: str, percent: int) -> None:
    export.status, export.progress = status, percent
    DataExport.objects.filter(pk=export.pk).update(status=status, progress=percent)


def account_part(user: User) -> ExportPart:
    part = ExportPart()
    part.sections["account"] = [
        {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.language,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        }
    ]
    memberships = Membership.objects.filter(user=user).select_related("network").order_by("network__name")
    part.sections["personas"] = [
        {
            "network": m.network.name,
            "id": m.pk,
            "display_name": m.display_name,
            "bio": m.bio,
            "bio_shown_to_members": m.show_bio,
            "practice_area": m.practice_area,
            "role": m.role,
            "status": m.status,
            "member_type": m.member_type,
            "request_message": m.request_message,
            "joined": m.joined_at.date().isoformat() if m.joined_at else None,
            "left": m.left_at.date().isoformat() if m.left_at else None,
            "ended_reason": m.ended_reason,
        }
        for m in memberships
    ]
    # Uploaded pictures, as stored (without metadata).
    part.files += [(f"pictures/{m.pk}.png", m.avatar) for m in memberships if m.avatar]
    consents = ConsentRecord.objects.filter(user=user).select_related("network")
    part.sections["consents"] = [
        {
            "network": c.network.name,
            "purpose": c.purpose,
            "text_version": c.text_version,
            "text": c.text,
            "given_at": c.given_at.isoformat(),
            "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
        }
        for c in consents
    ]
    qualifications = Qualification.objects.filter(user=user).select_related("profession", "specialty")
    part.sections["professions"] = [
        {
            "profession": q.profession.name,
            "specialty": q.specialty.name if q.specialty else None,
            "status": q.status,
            "method": q.method,
            "verified_until": q.verified_until.date().isoformat() if q.verified_until else None,
        }
        for q in qualifications
    ]
    attempts = VerificationAttempt.objects.filter(user=user)
    part.sections["verification_attempts"] = [
        {
            "method": a.method,
            "outcome": a.outcome,
            "code": a.code,
            "identifier": a.identifier,
            "declared_last_name": a.declared_last_name,
            "declared_first_name": a.declared_first_name,
        }
        for a in attempts
    ]
    documents = DocumentSubmission.objects.filter(user=user)
    part.sections["verification_documents"] = [
        {
            "id": d.pk,
            "status": d.status,
            "reason": d.reason,
            "submitted": d.created_at.isoformat(),
            "declared_last_name": d.declared_last_name,
            "declared_first_name": d.declared_first_name,
        }
        for d in documents
    ]
    part.files += [
        (f"verification/{d.pk}{'.pdf' if d.content_type == 'application/pdf' else '.png'}", d.file)
        for d in documents
        if d.file
    ]
    part.sections["api_tokens"] = [
        {"name": t.name, "created_at": t.created_at.isoformat(), "revoked": t.revoked_at is not None}
        for t in PersonalAccessToken.objects.filter(user=user)
    ]
    persona_ids = [str(m.pk) for m in memberships]
    about = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk)) | (
        AuditEvent.objects.filter(object_type="networks.membership", object_id__in=persona_ids)
    )
    part.sections["audit_events_about_you"] = [
        {"action": e.action, "at": e.at.isoformat()} for e in about.order_by("at")[:1000]
    ]
    return part


def _zip(user: User, parts: list[ExportPart], target) -> None:
    sections: dict[str, list[dict]] = {}
    for part in parts:
        sections.update(part.sections)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(sections, ensure_ascii=False, indent=2, default=str))
        with translation.override(user.language):
            html = render_to_string(
                "rights/export_summary.html",
                {"sections": sections, "user": user, "files": [path for p in parts for path, _f in p.files]},
            )
        archive.writestr("index.html", html)
        for part in parts:
            for path, stored in part.files:
                with stored.open("rb") as handle, archive.open(f"files/{path}", "w") as entry:
                    shutil.copyfileobj(handle, entry, 1024 * 1024)


def _queue_link(export: DataExport, base_url: str) -> str:
    user = export.user
    key = f"export-ready:{export.pk}"  # a random public id: never given twice
    with translation.override(user.language):
        outbox.queue(
            (
                key,
                user.email,
                _("Your data export is ready"),
                _(
                    "The export of your data you asked for is ready. Sign in and download it within "
                    "%(days)s days:\n%(link)s\n"
                )
                % {
                    "days": settings.EXPORT_DAYS,
                    "link": base_url + reverse("data_export_detail", args=[export.pk]),
                },
            )
        )
    return key


def delete_expired_exports(*, now=None) -> int:
    """The hourly job: exports past their download period lose their file and row."""
    now = now or timezone.now()
    expired = DataExport.objects.filter(expires_at__lte=now)
    count = 0
    for export in expired:
        if export.file:
            export.file.delete(save=False)
        export.delete()
        count += 1
    # Builds that died (a worker lost) are not left "running" for ever: a day later they failed.
    DataExport.objects.filter(
        status__in=[Status.PENDING, Status.RUNNING], created_at__lte=now - timedelta(days=1)
    ).update(status=Status.FAILED)
    return count
