"""What a file shows besides its pixels' metadata: faces and written personal data on an image
(faces.py, ocr.py), personal data in a PDF's text layer. Used by the upload paths before anything
reaches another member: message attachments here, case photos in discussions/case_photos.

A PDF cannot be masked here (its text may be drawn, embedded, in forms...): the sender confirms it or
sends a copy without the data. Scanned PDFs (pictures of pages, no text layer) are not read."""

import io
import logging
from dataclasses import dataclass, field

from PIL import Image

from . import faces as face_detection
from . import ocr
from .scanner import scan

logger = logging.getLogger(__name__)

# A long report: the first pages hold the patient's identity; reading more costs time for little.
PDF_MAX_PAGES = 20
PDF_MAX_CHARS = 100_000


@dataclass(frozen=True)
class ImageReview:
    """What was found on an image: face boxes, written personal data, and whether the text was read."""

    faces: list = field(default_factory=list)
    text_regions: list = field(default_factory=list)
    text_read: bool = True

    @property
    def found(self) -> bool:
        return bool(self.faces or self.text_regions)

    @property
    def kinds(self) -> list[str]:
        return sorted({region.kind for region in self.text_regions})

    def masked(self, image: Image.Image) -> Image.Image:
        """`image` with the faces blurred and the written personal data filled in black."""
        if self.faces:
            image = face_detection.blur_regions(image, self.faces)
        if self.text_regions:
            image = ocr.mask(image, self.text_regions)
        return image


def review_image(image: Image.Image, lang: str | None = None) -> ImageReview:
    regions = ocr.find_text_regions(image, lang)
    return ImageReview(face_detection.detect_faces(image), regions or [], regions is not None)


def pdf_text(data: bytes) -> str | None:
    """The text layer of a PDF (its first pages), or None when it cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        parts, length = [], 0
        for page in reader.pages[:PDF_MAX_PAGES]:
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
            if length > PDF_MAX_CHARS:
                break
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        logger.info("pdf text layer unreadable")
        return None
    return "\n".join(parts)[:PDF_MAX_CHARS]


def pdf_kinds(data: bytes, lang: str | None = None) -> list[str]:
    """The kinds of personal data in a PDF's text layer (none when it has no readable text)."""
    text = pdf_text(data)
    return sorted({finding.kind for finding in scan(text, lang)}) if text else []
