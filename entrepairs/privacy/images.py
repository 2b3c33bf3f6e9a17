"""Uploaded images keep their pixels and nothing else.

A photo taken with a phone carries EXIF (device, date, often the GPS position of the patient's home
or of the ward), XMP (editing history, sometimes names), IPTC, comments and an ICC profile whose
description can name the device. Every upload path of the project (network logos, verification
documents, message attachments, clinical case photos) goes through `strip_metadata`:

1. the type is recognised by Pillow from the content, trying only the decoders we accept (a name or a
   declared type is never trusted);
2. the size in pixels and the memory the decoded pixels will take are checked from the header, before
   decoding, against a budget per upload and a budget shared by the decodes running at once in the
   process (decompression bombs: see `decoding_budget`); a JPEG larger than needed is decoded at a
   reduced scale;
3. the EXIF orientation is applied to the pixels first, so that dropping EXIF does not turn photos;
4. colours described by an embedded ICC profile are converted to sRGB, then the profile is dropped;
5. the pixels are copied into a new image that has no `info` at all, and that image is encoded.

Step 5 is what guarantees the result: Pillow's `convert`, `copy` and `exif_transpose` all carry
`info` (and with it EXIF, XMP, ICC, comments) over to their result, and the JPEG, PNG and WebP
encoders write some of it back when it is there.
"""

import contextlib
import io
import threading
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageMode, ImageOps, UnidentifiedImageError

from entrepairs.errors import ActionRefused

# The formats Pillow may try to decode, by the names of its plugins. MPO is the JPEG variant that
# many phones write (a JPEG with a second, depth or preview frame): it is a JPEG for our purposes
# (the first frame is kept).
JPEG_PNG_WEBP = ("JPEG", "PNG", "WEBP")
ACCEPTED_NAMES = {"MPO": "JPEG"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

# 40 megapixels: more than any phone camera in common use, far below Pillow's own bomb limit, and
# about 160 MB of RGBA in memory at most while it is decoded.
MAX_PIXELS = 40_000_000
MIB = 1024 * 1024


class UnreadableImage(ValueError):
    """The content is not an image of an accepted format, or cannot be decoded, or is too large."""

    def __init__(self, reason: str):
        super().__init__(reason)
        # "type", "unreadable", "too_many_pixels", "too_much_memory" (the decoded pixels would pass the
        # per-upload budget) or "busy" (other decodes hold the process's budget for too long).
        self.reason = reason


class DecodingBudget:
    """Bytes of decoded pixels that the decodes running at once in this process may hold together.

    The pixel cap alone let a 154 KB PNG of 6300x6300 RGBA through (39.7 megapixels): 159 MB once
    decoded, about 555 MB with the working copies (upright, sRGB, without metadata) and 4 s of CPU;
    four at once took 2.2 GB. A decode first takes its share of this budget (computed from the header,
    so before any pixel is decoded) and waits, at most `wait_seconds`, while others hold too much."""

    def __init__(self):
        self._condition = threading.Condition()
        self.held = 0

    @contextlib.contextmanager
    def reserve(self, size: int):
        total = settings.IMAGE_DECODE_PROCESS_MB * MIB
        with self._condition:
            got = self._condition.wait_for(
                # A lone decode always goes ahead: the per-upload budget already bounds it.
                lambda: self.held == 0 or self.held + size <= total,
                timeout=settings.IMAGE_DECODE_WAIT_SECONDS,
            )
            if not got:
                raise UnreadableImage("busy")
            self.held += size
        try:
            yield
        finally:
            with self._condition:
                self.held -= size
                self._condition.notify_all()


decoding_budget = DecodingBudget()


def decoded_bytes(image: Image.Image) -> int:
    """What the pixels of an opened (not yet decoded) image will take in memory: width x height x
    bands x bytes per band, as Pillow stores them (three 8-bit bands take four bytes a pixel)."""
    mode = ImageMode.getmode(image.mode)
    bytes_per_band = int(mode.typestr[-1])
    pixel = len(mode.bands) * bytes_per_band
    if pixel == 3:
        pixel = 4
    width, height = image.size
    return width * height * pixel


# Seconds a refused upload is told to wait when the process's decoding budget stayed full.
BUSY_RETRY_SECONDS = 5


def size_refusal(unreadable: UnreadableImage, *, code: str, field: str, status: int = 422):
    """The refusal for an image too large to decode, or decoded while the budget is full, else None.
    `code` names the path's refusal (`attachment_image_too_large`, ...); busy is always `images_busy`,
    a 429 with Retry-After: the same upload a few seconds later goes through."""
    if unreadable.reason == "busy":
        return ActionRefused(
            "images_busy",
            _("Many images are being processed right now. Try again in a few seconds; your text is kept."),
            field=field,
            status=429,
            retry_after=BUSY_RETRY_SECONDS,
        )
    if unreadable.reason in {"too_many_pixels", "too_much_memory"}:
        return ActionRefused(
            code,
            _("This image is too large to process (at most %(megapixels)d megapixels). Send a smaller one.")
            % {"megapixels": settings.IMAGE_DECODE_MAX_MB * MIB // 4 // 1_000_000},
            field=field,
            status=status,
        )
    return None


@dataclass(frozen=True)
class CleanImage:
    """Pixels without any metadata, and the format the upload was recognised as."""

    image: Image.Image
    source_format: str


def sniff(upload, formats=JPEG_PNG_WEBP) -> str | None:
    """The Pillow format name of an upload recognised by its content among `formats`, else None.
    The file position is restored."""
    position = upload.tell()
    try:
        with Image.open(upload, formats=_decoders(formats)) as image:
            return ACCEPTED_NAMES.get(image.format, image.format)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(position)


def clean_pixels(upload, *, formats=JPEG_PNG_WEBP, max_side: int | None = None) -> CleanImage:
    """Decode an upload into a new image without metadata, turned upright, in sRGB, RGB or RGBA.

    Raises UnreadableImage. `max_side` shrinks the image (keeping its proportions) if it is larger."""
    upload.seek(0)
    try:
        with Image.open(upload, formats=_decoders(formats)) as opened:
            source_format = ACCEPTED_NAMES.get(opened.format, opened.format)
            if source_format not in formats:
                raise UnreadableImage("type")
            width, height = opened.size
            if width * height > MAX_PIXELS:
                raise UnreadableImage("too_many_pixels")
            opened.seek(0)  # the first frame of an animation or of an MPO
            if max_side and source_format == "JPEG":
                # JPEG decodes at 1/2, 1/4 or 1/8 scale for the cost of that scale: a 40-megapixel
                # photo wanted at 2560 px never exists at full size in memory.
                # The request keeps the proportions: draft keeps both sides at least as large.
                longest = max(width, height)
                opened.draft(None, (width * max_side // longest, height * max_side // longest))
            size = decoded_bytes(opened)
            if size > settings.IMAGE_DECODE_MAX_MB * MIB:
                raise UnreadableImage("too_much_memory")
            with decoding_budget.reserve(size):
                pixels = _decode(opened, max_side)
    except UnreadableImage:
        raise
    except UnidentifiedImageError:
        raise UnreadableImage("type") from None
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, EOFError):
        raise UnreadableImage("unreadable") from None
    return CleanImage(image=_without_info(pixels), source_format=source_format)


def _decode(opened: Image.Image, max_side: int | None) -> Image.Image:
    """The pixels, upright, in sRGB, shrunk to `max_side`: done while the decode holds its budget,
    since until the shrinking the full-size copies are alive."""
    opened.load()
    upright = ImageOps.exif_transpose(opened)  # a copy, with `info` still attached
    pixels = _to_srgb(upright, opened.info.get("icc_profile"))
    if max_side:
        pixels.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return pixels


def encode(
    image: Image.Image, output_format: str = "PNG", *, name: str = "image", quality: int = 88
) -> ContentFile:
    """Encode pixels (from `clean_pixels` or derived from them) with no metadata at all.

    Nothing from `image.info` is passed to the encoder: the image is copied into a fresh one first, so
    that pixels derived from an upload by a filter or a paste cannot bring metadata back."""
    fresh = _without_info(image)
    output = io.BytesIO()
    if output_format == "JPEG":
        if fresh.mode != "RGB":
            fresh = _flatten(fresh)
        fresh.save(output, format="JPEG", quality=quality, optimize=True, progressive=True)
    elif output_format == "WEBP":
        fresh.save(output, format="WEBP", quality=quality)
    else:
        fresh.save(output, format="PNG", optimize=True)
    return ContentFile(output.getvalue(), name=f"{name}.{EXTENSIONS[output_format]}")


def strip_metadata(
    upload, *, output_format: str = "PNG", formats=JPEG_PNG_WEBP, max_side: int | None = None,
    name: str = "image",
) -> ContentFile:  # fmt: skip
    """An upload re-encoded from its pixels alone (see the module docstring). Raises UnreadableImage."""
    return encode(clean_pixels(upload, formats=formats, max_side=max_side).image, output_format, name=name)


def _decoders(formats) -> list[str]:
    # Pillow's JPEG decoder returns an MPO image by itself when the file is one.
    return list(formats)


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """RGB or RGBA pixels in sRGB. A broken or unusual profile is ignored rather than refused."""
    if image.mode.startswith("I;16") or image.mode in {"I", "F"}:
        # 16-bit grey (scanners, some medical exports): scaled to 8 bits, where a plain conversion
        # would clip everything above 255 to white.
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info)
    target_mode = "RGBA" if has_alpha else "RGB"
    if icc_profile and image.mode in {"RGB", "RGBA", "CMYK", "L"}:
        try:
            converted = ImageCms.profileToProfile(
                image, ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)), ImageCms.createProfile("sRGB"),
                outputMode=target_mode if image.mode != "L" else "RGB",
            )  # fmt: skip
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass
    if image.mode != target_mode:
        image = image.convert(target_mode)
    return image


def _without_info(image: Image.Image) -> Image.Image:
    fresh = Image.new(image.mode, image.size)
    fresh.paste(image)
    return fresh


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on a white background (JPEG has no transparency)."""
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background
