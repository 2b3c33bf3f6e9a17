"""Message attachments: an image or a PDF, recognised by its content (never by its name or declared
type), size-limited; images are re-encoded from pixels so that EXIF, GPS and XMP never reach storage."""

from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from entrepairs.errors import NOT_FOUND, ActionRefused
from entrepairs.messaging import queries
from entrepairs.privacy.filenames import neutral_filename
from entrepairs.privacy.images import UnreadableImage, size_refusal, strip_metadata

MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 2560
PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"


def kind_by_content(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def is_image(upload) -> bool:
    """Whether an upload looks like an image by its first bytes (for the trust level's daily count,
    before the upload is decoded). The file position is restored."""
    position = upload.tell()
    head = upload.read(16)
    upload.seek(position)
    return kind_by_content(head) in {JPEG, PNG, "image/webp"}


def _refuse(code: str, message: str):
    # 422: the request is well formed, the file in it is not one we store (the API answers with it).
    return ActionRefused(code, message, field="attachment", status=422)


def clean(upload) -> tuple[ContentFile, str, str]:
    """(content, content type, display name) of an upload fit to store, or ActionRefused."""
    if upload.size > MAX_BYTES:
        raise _refuse("attachment_too_large", _("Attachments must be smaller than 10 MB."))
    head = upload.read(16)
    upload.seek(0)
    kind = kind_by_content(head)
    if kind is None:
        raise _refuse(
            "attachment_type", _("Attach an image (JPEG, PNG, WebP) or a PDF; other files are refused.")
        )
    original_name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:100]
    # A name like "ordonnance_Sophie_Martin.pdf" would reach every participant with the file.
    original_name = neutral_filename(original_name, pgettext("a file name, no spaces", "attachment"))
    if kind == PDF:
        return ContentFile(upload.read(), name="file.pdf"), PDF, original_name or "document.pdf"
    return _reencode(upload), PNG, (original_name.rsplit(".", 1)[0] or "image")[:100] + ".png"


def _reencode(upload) -> ContentFile:
    try:
        return strip_metadata(upload, output_format="PNG", max_side=MAX_SIDE, name="image")
    except UnreadableImage as unreadable:
        too_large = size_refusal(unreadable, code="attachment_image_too_large", field="attachment")
        raise too_large or _refuse("attachment_unreadable", _("This image cannot be read.")) from None


def download(member, message_id: int, *, cache_control: str) -> FileResponse:
    """The attachment of a message, for the page and the API alike: participants only, checked on
    every download (queries.get_message_or_404); PDFs as downloads, never sniffed into another type,
    sandboxed if opened. A deleted message's file reads like an unknown one. `cache_control`: the
    page says `private, no-store` (the browser's session), the API `no-store`."""
    message = queries.get_message_or_404(member, message_id)
    if not message.attachment or message.deleted_at:
        raise Http404(NOT_FOUND)
    response = FileResponse(
        message.attachment.open("rb"),
        content_type=message.attachment_type,
        as_attachment=message.attachment_type == "application/pdf",
        filename=message.attachment_name,
    )
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
