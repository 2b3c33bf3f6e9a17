"""Synthetic faces for the detection tests. No photo of a real person is used anywhere.

- `cartoon_face`: a flat drawing (oval, hair, brows, eyes, nose, mouth) that OpenCV's two frontal
  cascades both detect at every size we tried from 60 to 350 px, on a dark background (on a light one
  the drawing is found at some sizes only).
- `profile_pattern`: no drawing of a face in profile was found by `haarcascade_profileface` (we tried
  several hundred variants of colour, size and blur). This 20 × 20 pattern was grown instead from
  such a drawing, by hill climbing on the profile cascade's own stages until it passed all 26 with a
  margin, also when resampled 5 % to 10 % or shifted by a pixel (tests/privacy/grow_profile_pattern.py).
  It faces the way the cascade knows; its mirror image is found only through the flipped pass of
  `detect_faces`. It proves the profile and mirror code paths work, not how well the cascade finds
  real faces in profile.
"""

import numpy
from PIL import Image, ImageDraw

PROFILE_PATTERN_HEX = (
    "0000f0aeaa8e2b23002b2b0511070303af82b4ff0066f59f5a3b3d4b272700000000000000227195"
    "0044d5a5351c461a1200000000000000000000403505fbffeaa8391a0e0000000000000000000000"
    "3c055dcb8e6944483d1a1000000000000000000e772eb896a5398e878a6f46520000000003000000"
    "790358008f2c661767964a3c000e1a2a000000006f05100090023d00193e25261425280000000028"
    "3f3d696aa84d7e09383b02294a314c02103d00000d000051b476a659bbe36c547c284f3b58000000"
    "6a020b000019c796928c787e81243457280000001a1c6e0955c3b19ab2a7bb907e5a001335060020"
    "005d6e05413b123d79a3d196747700108a8d004b195a9baaa06c3e32bf929495768b13000000003f"
    "00002fa1cbd4ccb5ffe55f7d94aaaf1b070700009c5d6198c5ebe9d1eac69899a2929a8319140000"
    "943d63fc9f67320035a8dfddb789572c42670000e38f6edaab72e9a6288aacddc3a9d34143541200"
    "81790ad2791c7e635c5443618ba1ffbe4e870024b1ccb7ffe6897980bfe49d9f8981d3ab55762983"
)
BACKGROUND = (40, 40, 40)


def cartoon_face(size: int = 200, *, skin=(200, 160, 130)) -> Image.Image:
    """A square RGB tile of side 1.6 × size with a frontal cartoon face about `size` px tall."""
    side = int(size * 1.6)
    image = Image.new("RGB", (side, side), BACKGROUND)
    draw = ImageDraw.Draw(image)
    cx = cy = side / 2
    w, h = size * 0.42, size * 0.55
    draw.ellipse([cx - w, cy - h, cx + w, cy + h], fill=skin)
    draw.chord([cx - w - 4, cy - h - 8, cx + w + 4, cy + h * 0.2], 180, 360, fill=(60, 40, 30))
    eye_y = cy - h * 0.12
    for side_sign in (-1, 1):
        eye_x = cx + side_sign * w * 0.42
        draw.rectangle(
            [eye_x - w * 0.3, eye_y - h * 0.2, eye_x + w * 0.3, eye_y - h * 0.1], fill=(50, 35, 25)
        )
        draw.ellipse(
            [eye_x - w * 0.22, eye_y - h * 0.08, eye_x + w * 0.22, eye_y + h * 0.08], fill=(255, 255, 255)
        )
        draw.ellipse(
            [eye_x - w * 0.1, eye_y - h * 0.07, eye_x + w * 0.1, eye_y + h * 0.07], fill=(40, 40, 40)
        )
    draw.polygon(
        [(cx, eye_y), (cx - w * 0.13, cy + h * 0.28), (cx + w * 0.13, cy + h * 0.28)], fill=(170, 125, 100)
    )
    draw.ellipse([cx - w * 0.35, cy + h * 0.42, cx + w * 0.35, cy + h * 0.56], fill=(120, 50, 50))
    return image


def profile_pattern(size: int = 160) -> Image.Image:
    """The grown profile pattern, enlarged (bicubic) to size × size, in RGB."""
    grey = numpy.frombuffer(bytes.fromhex("".join(PROFILE_PATTERN_HEX)), dtype=numpy.uint8).reshape(20, 20)
    return Image.fromarray(grey).resize((size, size), Image.Resampling.BICUBIC).convert("RGB")


def scene(*tiles_and_places, size=(900, 600)) -> Image.Image:
    """A dark canvas with tiles pasted at (left, top) places: `scene((tile, (x, y)), ...)`."""
    canvas = Image.new("RGB", size, BACKGROUND)
    for tile, place in tiles_and_places:
        canvas.paste(tile, place)
    return canvas
