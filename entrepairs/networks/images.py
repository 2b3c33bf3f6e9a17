"""Uploaded network logos: checked by content (not by name), re-encoded so no metadata survives."""

import io

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from entrepairs.errors import ActionRefused

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 512


def clean_logo(upload) -> ContentFile:
    """Return a PNG re-encoded from pixels only: EXIF, GPS and any embedded payload are dropped."""
    if upload.size > MAX_BYTES:
        raise ActionRefused("logo_too_large", _("The logo must be smaller than 2 MB."), field="logo")
    try:
        with Image.open(upload) as image:
            if image.format not in {"PNG", "JPEG", "WEBP", "GIF"}:
                raise ActionRefused("logo_type", _("Use a PNG, JPEG or WebP image."), field="logo")
            image.load()
            pixels = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ActionRefused("logo_type", _("This file is not an image we can read."), field="logo") from None
    pixels.thumbnail((MAX_SIDE, MAX_SIDE))
    clean = Image.new("RGBA", pixels.size)
    clean.paste(pixels)
    output = io.BytesIO()
    clean.save(output, format="PNG", optimize=True)
    return ContentFile(output.getvalue(), name="logo.png")
