"""Personas' pictures: a generated one for every persona, and an optional uploaded one.

The generated picture is drawn from `Membership.avatar_seed`, a random value drawn when the persona is
made, never from the account (its email, its id, its name): two personas of one person look as
unrelated as any two members. It is a symmetric 5×5 pattern in one colour, written as SVG inline in the
page (no request, nothing to cache or to leak by URL).

An uploaded picture keeps its pixels only (privacy.images.strip_metadata: no EXIF, GPS, XMP), at
most 256 px, stored under a random name, served to members of the network only, and deleted with the
persona (erasure, consent withdrawal) or when its owner removes it. The upload form warns that a face
identifies.

Like case photos and message images (issue 16), an uploaded picture is searched for faces
(privacy/faces.py) and for written personal data (privacy/ocr.py: a photographed card, a letter, a
name badge). When something is found, `Membership.avatar_review` keeps the boxes and the picture is
its owner's alone until they review it on their persona page: mask what was found (faces blurred,
text filled in black: the pixels are gone from the stored file), keep it as it is, or choose another
picture. Everyone else, meanwhile, sees the generated picture."""

import functools

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from PIL import Image

from entrepairs.errors import ActionRefused
from entrepairs.privacy import documents, ocr
from entrepairs.privacy.faces import Box
from entrepairs.privacy.images import UnreadableImage, clean_pixels, encode, size_refusal, strip_metadata

MAX_BYTES = 8 * 1024 * 1024
MAX_SIDE = 256
GRID = 5


def _bits(seed: str) -> int:
    try:
        return int(seed, 16)
    except ValueError:  # never for a stored seed; a readable fallback rather than an error page
        return sum(ord(character) << (index % 48) for index, character in enumerate(seed))


def pattern(seed: str) -> tuple[int, list[tuple[int, int]]]:
    """(hue in degrees, the filled cells as (column, row)) for a seed: the left three columns come from
    the seed's bits and are mirrored to the right."""
    bits = _bits(seed)
    hue = bits % 360
    bits >>= 9
    cells = []
    for row in range(GRID):
        for column in range(3):
            if bits & 1:
                cells.append((column, row))
                if column < 2:
                    cells.append((GRID - 1 - column, row))
            bits >>= 1
    if not cells:  # an empty square would read as a missing picture
        cells = [(2, row) for row in range(GRID)]
    return hue, sorted(cells)


@functools.lru_cache(maxsize=4096)
def generated_svg(seed: str, size: int = 40) -> SafeString:
    """The persona's generated picture as inline SVG, decorative (its name is always written beside).
    Cached: a page of 50 posts draws the same few authors again and again."""
    hue, cells = pattern(seed)
    size = int(size)
    rects = "".join(f'<rect x="{column + 1}" y="{row + 1}" width="1" height="1"/>' for column, row in cells)
    # Integers only (hue, size, cells): nothing to escape, so no format_html (a list page of 30 rows
    # draws mostly pictures the cache has not seen, 50,000 members in a network).
    return mark_safe(  # noqa: S308 - built from integers only
        f'<svg class="avatar" width="{size}" height="{size}" viewBox="0 0 7 7" aria-hidden="true" '
        f'focusable="false"><rect width="7" height="7" rx="1.2" fill="hsl({hue},45%,92%)"/>'
        f'<g fill="hsl({hue},50%,38%)">{rects}</g></svg>'
    )


def clean_picture(upload) -> ContentFile:
    """A PNG re-encoded from the upload's pixels alone, at most MAX_SIDE px. Raises ActionRefused."""
    if upload.size > MAX_BYTES:
        raise ActionRefused("picture_too_large", _("The picture must be smaller than 8 MB."), field="picture")
    try:
        return strip_metadata(upload, output_format="PNG", max_side=MAX_SIDE, name="picture")
    except UnreadableImage as unreadable:
        too_large = size_refusal(unreadable, code="picture_too_large", field="picture", status=400)
        if too_large:
            raise too_large from None
        raise ActionRefused("picture_type", _("Use a PNG, JPEG or WebP image."), field="picture") from None


def erase_picture(membership) -> None:
    """Delete the persona's uploaded picture, file and field (erasure, consent withdrawal, removal)."""
    if membership.avatar:
        storage, name = membership.avatar.storage, membership.avatar.name
        type(membership).objects.filter(pk=membership.pk).update(avatar="", avatar_review={})
        membership.avatar, membership.avatar_review = "", {}
        # The file goes once the change is committed: a rolled-back erasure keeps a working picture.
        transaction.on_commit(lambda: storage.delete(name))


def review_picture(picture: ContentFile, lang: str | None = None) -> dict:
    """What the guard finds on a cleaned picture: {} when nothing, else {"faces": [boxes], "text":
    [regions with their kind], "width", "height"} in the picture's pixels (never the text read)."""
    picture.seek(0)
    with Image.open(picture) as opened:
        image = opened.convert("RGB")
    picture.seek(0)
    review = documents.review_image(image, lang)
    if not review.found:
        return {}
    return {
        "faces": [{"left": b.left, "top": b.top, "width": b.width, "height": b.height} for b in review.faces],
        "text": [region.as_dict() for region in review.text_regions],
        "width": image.width,
        "height": image.height,
    }


def masked_picture(stored, review: dict) -> ContentFile:
    """The stored picture with the reviewed faces blurred and the written personal data filled."""
    with stored.open("rb") as handle:
        image = clean_pixels(handle).image
    found = documents.ImageReview(
        faces=[Box(**face) for face in review.get("faces", [])],
        text_regions=[ocr.TextRegion.from_dict(region) for region in review.get("text", [])],
    )
    return encode(found.masked(image), "PNG", name="picture")


def shown_to_others(membership) -> bool:
    """Whether the persona's uploaded picture may be shown to other members (reviewed, or nothing found)."""
    return bool(membership.avatar) and not membership.avatar_review
