"""Uploaded network logos: checked by content (not by name), re-encoded so no metadata survives, and
refused when personal data is written on them (privacy/published_images.py)."""

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from entrepairs.errors import ActionRefused
from entrepairs.privacy.images import UnreadableImage, size_refusal, strip_metadata
from entrepairs.privacy.published_images import refuse_written_personal_data

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 512
FORMATS = ("PNG", "JPEG", "WEBP", "GIF")


def clean_logo(upload) -> ContentFile:
    """Return a PNG re-encoded from pixels only: EXIF, GPS, XMP and any embedded payload are dropped."""
    if upload.size > MAX_BYTES:
        raise ActionRefused("logo_too_large", _("The logo must be smaller than 2 MB."), field="logo")
    try:
        clean = strip_metadata(upload, output_format="PNG", formats=FORMATS, max_side=MAX_SIDE, name="logo")
    except UnreadableImage as unreadable:
        too_large = size_refusal(unreadable, code="logo_too_large", field="logo", status=400)
        if too_large:
            raise too_large from None
        if unreadable.reason == "type":
            raise ActionRefused("logo_type", _("Use a PNG, JPEG or WebP image."), field="logo") from None
        raise ActionRefused("logo_type", _("This file is not an image we can read."), field="logo") from None
    # Every visitor of the network's page sees the logo: no name, number or address written on it.
    refuse_written_personal_data(clean, field="logo")
    return clean
