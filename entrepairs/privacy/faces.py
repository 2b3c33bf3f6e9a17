"""Faces in clinical photos: found with OpenCV's bundled Haar cascades, then made unrecognisable.

Detection is a help for the author, not a guarantee: Haar cascades miss faces that are small, turned
more than about 45°, in the dark, partly hidden or upside down, and take some patterns (skin folds,
fabric) for faces. That is why the author always reviews the result before anything is published
(see discussions/actions/case_photos.py), and why the blur is generous around each box.

- Frontal faces: `haarcascade_frontalface_default` and `haarcascade_frontalface_alt2` (the first finds
  more, the second is more precise: taking both favours finding faces, which is what matters here).
- Faces in profile: `haarcascade_profileface`, which knows faces turned one way only, run on the
  image and on its mirror image (boxes found in the mirror are mirrored back).
- The image is analysed in grey levels, at most `ANALYSIS_SIDE` pixels on its longest side, and boxes
  are scaled back to the full image. No histogram equalisation: the cascades already normalise the
  contrast of every window they look at, and equalising flat areas made faces disappear in our tests.
"""

import threading
from dataclasses import dataclass

import cv2
import numpy
from PIL import Image, ImageFilter

ANALYSIS_SIDE = 1024
# Faces smaller than this share of the analysed image's shorter side are not looked for: below
# 24 px (the cascades' window) nothing is found anyway, and tiny boxes are mostly false alarms.
MIN_FACE_SHARE = 0.04
SCALE_FACTOR = 1.1
FRONTAL_NEIGHBOURS = 5
PROFILE_NEIGHBOURS = 4
# Each box is widened by this share of its size on every side (hair, ears, chin below the box).
PADDING = 0.25

_CASCADES = {
    "frontal": "haarcascade_frontalface_default.xml",
    "frontal_alt2": "haarcascade_frontalface_alt2.xml",
    "profile": "haarcascade_profileface.xml",
}
# A CascadeClassifier is not documented as safe to share between threads: one set per thread.
_local = threading.local()


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    def mirrored(self, image_width: int) -> "Box":
        """The same box in the image flipped left to right."""
        return Box(image_width - self.right, self.top, self.width, self.height)

    def scaled(self, factor: float) -> "Box":
        return Box(round(self.left * factor), round(self.top * factor), round(self.width * factor),
                   round(self.height * factor))  # fmt: skip

    def padded(self, share: float, width: int, height: int) -> "Box":
        """Widened by `share` of its size on every side, kept inside a width × height image."""
        dx, dy = round(self.width * share), round(self.height * share)
        left, top = max(0, self.left - dx), max(0, self.top - dy)
        right, bottom = min(width, self.right + dx), min(height, self.bottom + dy)
        return Box(left, top, right - left, bottom - top)

    def overlap(self, other: "Box") -> float:
        """Intersection over the smaller box's area (1.0 when one holds the other)."""
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        if width <= 0 or height <= 0:
            return 0.0
        return (width * height) / min(self.width * self.height, other.width * other.height)

    def union(self, other: "Box") -> "Box":
        left, top = min(self.left, other.left), min(self.top, other.top)
        return Box(left, top, max(self.right, other.right) - left, max(self.bottom, other.bottom) - top)


def _classifiers() -> dict[str, cv2.CascadeClassifier]:
    loaded = getattr(_local, "classifiers", None)
    if loaded is None:
        loaded = {}
        for name, file_name in _CASCADES.items():
            classifier = cv2.CascadeClassifier(cv2.data.haarcascades + file_name)
            if classifier.empty():  # a broken installation must not look like "no face found"
                raise RuntimeError(f"OpenCV cascade {file_name} could not be loaded")
            loaded[name] = classifier
        _local.classifiers = loaded
    return loaded


def _grey_for_analysis(image: Image.Image) -> tuple[numpy.ndarray, float]:
    """Grey levels, shrunk to ANALYSIS_SIDE; and the factor back to the image's size."""
    grey = image.convert("L")
    factor = 1.0
    if max(grey.size) > ANALYSIS_SIDE:
        factor = max(grey.size) / ANALYSIS_SIDE
        grey = grey.resize(
            (max(1, round(grey.width / factor)), max(1, round(grey.height / factor))), Image.Resampling.BOX
        )
    return numpy.asarray(grey), factor


def _detect(classifier, grey: numpy.ndarray, neighbours: int) -> list[Box]:
    side = max(24, round(min(grey.shape) * MIN_FACE_SHARE))
    found = classifier.detectMultiScale(
        grey, scaleFactor=SCALE_FACTOR, minNeighbors=neighbours, minSize=(side, side)
    )
    return [Box(int(x), int(y), int(w), int(h)) for x, y, w, h in found]


def merge(boxes: list[Box], threshold: float = 0.5) -> list[Box]:
    """One box per face: boxes overlapping by more than `threshold` (of the smaller) are joined."""
    merged: list[Box] = []
    for box in sorted(boxes, key=lambda item: -(item.width * item.height)):
        for index, kept in enumerate(merged):
            if kept.overlap(box) > threshold:
                merged[index] = kept.union(box)
                break
        else:
            merged.append(box)
    return sorted(merged, key=lambda item: (item.top, item.left))


def detect_faces(image: Image.Image) -> list[Box]:
    """Boxes of the faces found in `image`, in its own pixel coordinates, top to bottom."""
    grey, factor = _grey_for_analysis(image)
    classifiers = _classifiers()
    boxes = _detect(classifiers["frontal"], grey, FRONTAL_NEIGHBOURS)
    boxes += _detect(classifiers["frontal_alt2"], grey, FRONTAL_NEIGHBOURS)
    boxes += _detect(classifiers["profile"], grey, PROFILE_NEIGHBOURS)
    mirror_width = grey.shape[1]
    boxes += [
        box.mirrored(mirror_width)
        for box in _detect(classifiers["profile"], numpy.ascontiguousarray(grey[:, ::-1]), PROFILE_NEIGHBOURS)
    ]
    return merge([box.scaled(factor) for box in boxes])


def blur_regions(image: Image.Image, boxes: list[Box], *, padding: float = PADDING) -> Image.Image:
    """A copy of `image` where each box (padded) is pixelated into about 8 cells across, then blurred.

    Pixelating first destroys the detail that a Gaussian blur alone lets deconvolution bring back;
    the blur afterwards only hides the cells' edges."""
    result = image.copy()
    for box in boxes:
        area = box.padded(padding, image.width, image.height)
        if area.width < 2 or area.height < 2:
            continue
        region = result.crop((area.left, area.top, area.right, area.bottom))
        cell = max(4, round(max(area.width, area.height) / 8))
        small = region.resize((max(1, area.width // cell), max(1, area.height // cell)), Image.Resampling.BOX)
        blocky = small.resize(region.size, Image.Resampling.NEAREST)
        result.paste(blocky.filter(ImageFilter.GaussianBlur(cell / 2)), (area.left, area.top))
    return result
