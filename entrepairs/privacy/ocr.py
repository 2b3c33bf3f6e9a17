"""Personal data written on pictures: photos and screenshots of prescriptions, lab results, letters.

Tesseract (Debian's `tesseract-ocr`, with the French and English language data) reads the words of
an image with their boxes; the words are joined into a text (a space between words, a new line
between lines) whose every character knows its word, the text is scanned like a post
(`scanner.scan`), and each finding becomes one box per line it spans, in the image's pixels. The
member sees those boxes over the picture and masks them in one click (`mask`: the rectangles are
filled on the server, the pixels under them are gone).

Like face detection, this helps the member, it is no guarantee: handwriting, a strong tilt, a blurred
or dark photo, a very small font are read badly or not at all. No Django here: the callers decide.

Tesseract runs as a subprocess (no Python binding to install, the CLI is stable across versions), on
one thread (OMP_THREAD_LIMIT=1: the machine's cores serve requests too), with a time limit; an image
is analysed at `ANALYSIS_SIDE` pixels at most on its longest side and the boxes scaled back.
"""

import io
import os
import shutil
import subprocess
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageOps

from .scanner import scan

ANALYSIS_SIDE = 2200
# Screenshots and small photos are enlarged to this height at least: Tesseract reads letters of
# about 20 to 30 pixels best.
MIN_ANALYSIS_SIDE = 1000
TIMEOUT_SECONDS = 30
LANGUAGES = "fra+eng"
# Words read with less confidence than this (0-100) are left out: noise, stamps, lines of the form.
MIN_CONFIDENCE = 30
# Each box is widened by this share of its height on every side, so that the whole glyphs are covered.
PADDING = 0.2


@dataclass(frozen=True)
class Word:
    text: str
    left: int
    top: int
    width: int
    height: int
    line: tuple[int, int, int]  # Tesseract's (block, paragraph, line)


@dataclass(frozen=True)
class TextRegion:
    """Where a piece of personal data is written on the image, in its pixels."""

    kind: str
    left: int
    top: int
    width: int
    height: int

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "left": self.left,
            "top": self.top,
            "width": self.width,
            "height": self.height,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "TextRegion":
        return cls(
            str(data["kind"]), int(data["left"]), int(data["top"]), int(data["width"]), int(data["height"])
        )


def available() -> bool:
    return shutil.which("tesseract") is not None


def read_words(image: Image.Image) -> list[Word] | None:
    """The words Tesseract reads on `image`, with their boxes in its pixels; None when Tesseract is
    not installed, fails or takes too long (the caller says the text could not be read)."""
    if not available():
        return None
    grey = ImageOps.grayscale(image)
    longest = max(grey.size)
    factor = 1.0
    if longest > ANALYSIS_SIDE:
        factor = ANALYSIS_SIDE / longest
    elif longest < MIN_ANALYSIS_SIDE:
        factor = MIN_ANALYSIS_SIDE / longest
    if factor != 1.0:
        grey = grey.resize(
            (round(grey.width * factor), round(grey.height * factor)), Image.Resampling.LANCZOS
        )
    png = io.BytesIO()
    grey.save(png, format="PNG")
    try:
        result = subprocess.run(  # noqa: S603 - a fixed command, the image goes through stdin
            ["tesseract", "stdin", "stdout", "-l", LANGUAGES, "--psm", "3", "tsv"],  # noqa: S607
            input=png.getvalue(),
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    return _parse_tsv(result.stdout.decode("utf-8", "replace"), 1 / factor)


def _parse_tsv(tsv: str, scale: float) -> list[Word]:
    words = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":  # level 5: a word
            continue
        text = cells[11].strip()
        try:
            confidence = float(cells[10])
        except ValueError:
            continue
        if not text or confidence < MIN_CONFIDENCE:
            continue
        left, top, width, height = (int(cells[index]) for index in (6, 7, 8, 9))
        words.append(
            Word(
                text,
                round(left * scale), round(top * scale), round(width * scale), round(height * scale),
                (int(cells[2]), int(cells[3]), int(cells[4])),
            )
        )  # fmt: skip
    return words


def words_as_text(words: list[Word]) -> tuple[str, list[int]]:
    """The words joined as text, and for each character the index of its word (-1 for separators)."""
    parts: list[str] = []
    owners: list[int] = []
    previous_line = None
    for index, word in enumerate(words):
        if parts:
            parts.append("\n" if word.line != previous_line else " ")
            owners.append(-1)
        parts.append(word.text)
        owners.extend([index] * len(word.text))
        previous_line = word.line
    return "".join(parts), owners


def regions_in_words(words: list[Word], lang: str | None = None) -> list[TextRegion]:
    """One box per finding and line, around the words the finding covers."""
    text, owners = words_as_text(words)
    regions = []
    for finding in scan(text, lang):
        covered = sorted({owners[i] for i in range(finding.start, finding.end) if owners[i] >= 0})
        by_line: dict[tuple[int, int, int], list[Word]] = {}
        for index in covered:
            by_line.setdefault(words[index].line, []).append(words[index])
        for line_words in by_line.values():
            left = min(word.left for word in line_words)
            top = min(word.top for word in line_words)
            right = max(word.left + word.width for word in line_words)
            bottom = max(word.top + word.height for word in line_words)
            regions.append(TextRegion(finding.kind, left, top, right - left, bottom - top))
    return regions


def find_text_regions(image: Image.Image, lang: str | None = None) -> list[TextRegion] | None:
    """Boxes around the personal data written on `image`; None when the text could not be read."""
    words = read_words(image)
    if words is None:
        return None
    return regions_in_words(words, lang)


def mask(image: Image.Image, regions: list[TextRegion], *, padding: float = PADDING) -> Image.Image:
    """A copy of `image` with every region (widened by `padding` of its height) filled in black."""
    masked = image.copy()
    draw = ImageDraw.Draw(masked)
    fill = (0, 0, 0, 255) if masked.mode == "RGBA" else (0, 0, 0) if masked.mode == "RGB" else 0
    for region in regions:
        pad = max(2, round(region.height * padding))
        box = (
            max(0, region.left - pad),
            max(0, region.top - pad),
            min(masked.width, region.left + region.width + pad),
            min(masked.height, region.top + region.height + pad),
        )
        draw.rectangle(box, fill=fill)
    return masked
