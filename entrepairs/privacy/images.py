"""Uploaded images keep their pixels and nothing else.

A photo taken with a phone carries EXIF (device, date, often the GPS position of the patient's home
or of the ward), XMP (editing history, sometimes names), IPTC, comments and an ICC profile whose
description can name the device. Every upload path of the project (network logos, verification
documents, message attachments, clinical case photos) goes through `strip_metadata`:

1. the type is recognised by Pillow from the content, trying only the decoders we accept (a name or a
   declared type is never trusted);
2. the size in pixels is checked before decoding (decompression bombs);
3. the EXIF orientation is applied to the pixels first, so that dropping EXIF does not turn photos;
4. colours described by an embedded ICC profile are converted to sRGB, then the profile is dropped;
5. the pixels are copied into a new image that has no `info` at all, and that image is encoded.

Step 5 is what guarantees the result: Pillow's `convert`, `copy` and `exif_transpose` all carry
`info` (and with it EXIF, XMP, ICC, comments) over to their result, and the JPEG, PNG and WebP
encoders write some of it back when it is there.
"""

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

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


class UnreadableImage(ValueError):
    """The content is not an image of an accepted format, or cannot be decoded, or is too large."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "type", "unreadable" or "too_many_pixels"


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
            opened.load()
            upright = ImageOps.exif_transpose(opened)  # a copy, with `info` still attached
            pixels = _to_srgb(upright, opened.info.get("icc_profile"))
    except UnreadableImage:
        raise
    except UnidentifiedImageError:
        raise UnreadableImage("type") from None
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, EOFError):
        raise UnreadableImage("unreadable") from None
    if max_side:
        pixels.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return CleanImage(image=_without_info(pixels), source_format=source_format)


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
