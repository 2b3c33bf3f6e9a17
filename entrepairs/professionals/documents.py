"""Document review: a professional uploads a proof; a reviewer approves or rejects it with a reason."""

from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from entrepairs.audit import services as audit
from entrepairs.errors import ActionRefused
from entrepairs.outbox import services as outbox
from entrepairs.privacy.images import UnreadableImage, size_refusal, strip_metadata
from entrepairs.professionals.models import DocumentSubmission, Profession, Qualification, Specialty

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 3000
MAX_PENDING = 3


def _kind_by_content(head: bytes) -> str | None:
    """The type by magic bytes, whatever the file name or the declared type say."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image"
    return None


def _clean_image(upload) -> ContentFile:
    try:
        return strip_metadata(
            upload, output_format="PNG", formats=("JPEG", "PNG"), max_side=MAX_SIDE, name="proof"
        )
    except UnreadableImage as unreadable:
        too_large = size_refusal(unreadable, code="document_too_large", field="document", status=400)
        raise too_large or ActionRefused(
            "unreadable_document", _("This image cannot be read."), field="document"
        ) from None


def submit_document(
    user,
    *,
    profession: Profession,
    specialty: Specialty | None,
    upload,
    last_name: str = "",
    first_name: str = "",
) -> DocumentSubmission:
    """`last_name`, `first_name`: the name on the document, which the reviewer compares with it."""
    if specialty is not None and specialty.profession_id != profession.pk:
        raise ActionRefused(
            "specialty_mismatch", _("This specialty belongs to another profession."), field="specialty"
        )
    if upload is None:
        raise ActionRefused("document_required", _("Choose the document to send."), field="document")
    if upload.size > MAX_BYTES:
        raise ActionRefused(
            "document_too_large", _("The document must be smaller than 5 MB."), field="document"
        )
    if (
        DocumentSubmission.objects.filter(user=user, status=DocumentSubmission.Status.PENDING).count()
        >= MAX_PENDING
    ):
        raise ActionRefused(
            "too_many_pending", _("You already have documents waiting for review."), field="document"
        )
    head = upload.read(16)
    upload.seek(0)
    kind = _kind_by_content(head)
    if kind is None:
        raise ActionRefused(
            "document_type",
            _("Send a PDF, JPEG or PNG document (other files are refused)."),
            field="document",
        )
    if kind == "image":
        content, content_type = _clean_image(upload), "image/png"
    else:
        content, content_type = ContentFile(upload.read(), name="proof.pdf"), "application/pdf"
    submission = DocumentSubmission(
        user=user, profession=profession, specialty=specialty, content_type=content_type, size=content.size,
        declared_last_name=" ".join((last_name or "").split())[:120],
        declared_first_name=" ".join((first_name or "").split())[:120],
    )  # fmt: skip
    submission.file.save("proof", content, save=False)
    submission.save()
    return submission


def _queue_decision_email(submission: DocumentSubmission) -> str:
    """The decision, emailed with a link back to the profession page, through the outbox: recorded
    in the deciding transaction (one email per decision), sent after commit. Returns its key."""
    user = submission.user
    link = settings.SITE_URL.rstrip("/") + reverse("professionals:mine")
    with translation.override(user.language or settings.LANGUAGE_CODE):
        if submission.status == DocumentSubmission.Status.APPROVED:
            subject = _("Your profession has been verified")
            body = _(
                "A reviewer approved your document. You can now join the professional networks of your profession."
            )
        else:
            subject = _("Your document could not be accepted")
            body = _("A reviewer could not accept your document. Reason: %(reason)s") % {
                "reason": submission.reason
            }
        body += "\n\n" + _("Your profession page:\n%(link)s") % {"link": link}
    key = f"document:{submission.pk}:{submission.status}"
    outbox.queue((key, user.email, subject, body))
    return key


def review(
    reviewer, submission: DocumentSubmission, *, approve: bool, reason: str = ""
) -> DocumentSubmission:
    """Approve (creates a verified qualification for a year) or reject with a reason; the
    professional is told by email and sees the outcome on their profession page."""
    if not (reviewer.is_active and reviewer.is_staff):
        raise ActionRefused("forbidden", _("Only reviewers decide on documents."), status=403)
    if submission.user_id == reviewer.pk:
        raise ActionRefused("own_document", _("Nobody reviews their own document."), status=403)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ActionRefused("reason_required", _("Say why the document is rejected."), field="reason")
    with transaction.atomic():
        locked = DocumentSubmission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != DocumentSubmission.Status.PENDING:
            raise ActionRefused("already_reviewed", _("This document has already been reviewed."), status=409)
        now = timezone.now()
        locked.status = DocumentSubmission.Status.APPROVED if approve else DocumentSubmission.Status.REJECTED
        locked.reason, locked.reviewer, locked.reviewed_at = reason[:1000], reviewer, now
        locked.save(update_fields=["status", "reason", "reviewer", "reviewed_at"])
        if approve:
            Qualification.objects.update_or_create(
                user=locked.user, profession=locked.profession, specialty=locked.specialty,
                defaults={"status": Qualification.Status.VERIFIED, "method": Qualification.Method.DOCUMENT,
                          "verified_at": now, "verified_until": now + timedelta(days=365)},
            )  # fmt: skip
        audit.record(reviewer, "document.approve" if approve else "document.reject", locked)
        key = _queue_decision_email(locked)
        transaction.on_commit(lambda: outbox.deliver(keys=[key]))
    return locked
