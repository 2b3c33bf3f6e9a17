"""Message attachments: an image or a PDF, recognised by its content (never by its name or declared
type), size-limited; images are re-encoded from pixels so that EXIF, GPS and XMP never reach storage."""

from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from entrepairs.errors import NOT_FOUND, ActionRefused
from entrepairs.messaging import queries
from entrepairs.privacy import documents, labels
from entrepairs.privacy.filenames import neutral_filename
from entrepairs.privacy.images import UnreadableImage, clean_pixels, encode, size_refusal

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


# What the sender chose once told what was found on the file (see `review_refusal`).
MASK = "mask"
AS_IS = "as_is"
CHOICES = (MASK, AS_IS)


def clean(upload, *, choice: str = "", lang: str | None = None) -> tuple[ContentFile, str, str]:
    """(content, content type, display name) of an upload fit to store, or ActionRefused.

    Faces and written personal data on an image, personal data in a PDF's text layer, are found
    before anything is stored: the sender is told (422 `attachment_review`) and sends again with
    `choice`: "mask" (faces blurred, text boxes filled in black; images only) or "as_is"."""
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
        data = upload.read()
        kinds = documents.pdf_kinds(data, lang)
        if kinds and choice != AS_IS:
            raise review_refusal(kinds=kinds, faces=0, pdf=True)
        return ContentFile(data, name="file.pdf"), PDF, original_name or "document.pdf"
    return _reencode(upload, choice, lang), PNG, (original_name.rsplit(".", 1)[0] or "image")[:100] + ".png"


def _reencode(upload, choice: str, lang: str | None) -> ContentFile:
    try:
        image = clean_pixels(upload, max_side=MAX_SIDE).image
    except UnreadableImage as unreadable:
        too_large = size_refusal(unreadable, code="attachment_image_too_large", field="attachment")
        raise too_large or _refuse("attachment_unreadable", _("This image cannot be read.")) from None
    review = documents.review_image(image, lang)
    if review.found:
        if choice not in CHOICES:
            raise review_refusal(kinds=review.kinds, faces=len(review.faces), regions=review.text_regions,
                                 size=image.size)  # fmt: skip
        if choice == MASK:
            image = review.masked(image)
    return encode(image, "PNG", name="image")


def review_refusal(*, kinds, faces: int, pdf: bool = False, regions=(), size=(0, 0)) -> ActionRefused:
    """Nothing is sent yet: what was found, and the choice to make (sent again with the file)."""
    found = []
    if faces:
        found.append(ngettext("%(count)d face", "%(count)d faces", faces) % {"count": faces})
    if kinds:
        found.append(labels.phrases(kinds))
    if pdf:
        message = _(
            "This PDF contains %(found)s. Send it as it is only if everyone in the conversation may see "
            "it; otherwise send a copy without it."
        )
    else:
        message = _(
            "This image shows %(found)s. Choose to mask it (faces blurred, text hidden by black boxes) or "
            "to send the image as it is, then choose the file again."
        )
    return ActionRefused(
        "attachment_review",
        message % {"found": _(" and ").join(found)},
        field="attachment",
        status=422,
        client_data={
            "faces": faces,
            "kinds": list(kinds),
            "choices": [AS_IS] if pdf else [MASK, AS_IS],
            # Where, never what: boxes in the pixels of the image as it would be stored.
            "regions": [region.as_dict() for region in regions],
            "width": size[0],
            "height": size[1],
        },
    )


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
