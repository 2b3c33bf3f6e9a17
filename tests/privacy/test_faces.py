"""Face detection and blurring (entrepairs/privacy/faces.py), on synthetic images only.

What these tests can show: the three cascades load from opencv-python-headless, the frontal path finds
a drawn face at many sizes and places and in a large photo (analysis at reduced size, boxes scaled
back), the profile path finds the grown pattern facing either way (mirror pass, boxes mirrored back),
boxes of one face are merged, and blurring destroys the detail inside the padded box and nothing
outside it. What they cannot show: how often the cascades find real faces (no photo of a real person
is used) — the author's review before publishing exists for that reason."""

import numpy
import pytest
from PIL import Image, ImageDraw

from entrepairs.privacy import faces
from entrepairs.privacy.faces import Box
from tests.face_samples import BACKGROUND, cartoon_face, profile_pattern, scene


def _contains(box: Box, point) -> bool:
    x, y = point
    return box.left <= x <= box.right and box.top <= y <= box.bottom


@pytest.mark.parametrize(
    ("size", "place"), [(60, (30, 40)), (120, (400, 100)), (200, (500, 200)), (320, (10, 10))]
)
def test_a_frontal_face_is_found_where_it_is(size, place):
    tile = cartoon_face(size)
    found = faces.detect_faces(scene((tile, place)))
    assert len(found) == 1
    centre = (place[0] + tile.width // 2, place[1] + tile.height // 2)
    assert _contains(found[0], centre)
    assert 0.6 * size <= found[0].width <= 1.6 * size


def test_two_faces_give_two_boxes():
    found = faces.detect_faces(scene((cartoon_face(150), (20, 60)), (cartoon_face(150), (500, 200))))
    assert len(found) == 2
    assert found[0].top < found[1].top  # top to bottom


def test_a_face_in_a_large_photo_is_found_and_its_box_is_in_full_size_pixels():
    tile = cartoon_face(600)
    photo = scene((tile, (1800, 700)), size=(4000, 3000))
    (box,) = faces.detect_faces(photo)
    assert _contains(box, (1800 + tile.width // 2, 700 + tile.height // 2))
    assert 400 <= box.width <= 1000


@pytest.mark.parametrize("mirror", [False, True])
def test_a_face_in_profile_is_found_facing_either_way(mirror):
    tile = profile_pattern(160)
    if mirror:
        tile = tile.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    found = faces.detect_faces(scene((tile, (300, 150))))
    assert len(found) == 1
    assert _contains(found[0], (380, 230))


def test_the_mirrored_profile_is_found_only_by_the_flipped_pass():
    grey = numpy.asarray(
        scene((profile_pattern(160).transpose(Image.Transpose.FLIP_LEFT_RIGHT), (300, 150))).convert("L")
    )
    profile = faces._classifiers()["profile"]
    assert len(profile.detectMultiScale(grey, 1.1, faces.PROFILE_NEIGHBOURS)) == 0
    assert len(
        profile.detectMultiScale(numpy.ascontiguousarray(grey[:, ::-1]), 1.1, faces.PROFILE_NEIGHBOURS)
    )


def _skin_with_a_lesion() -> Image.Image:
    image = Image.new("RGB", (1200, 900), (214, 170, 150))
    draw = ImageDraw.Draw(image)
    draw.ellipse([520, 400, 590, 455], fill=(92, 52, 40))
    draw.line([80, 120, 1100, 780], fill=(185, 125, 112), width=26)
    for x in range(0, 1200, 40):
        draw.line([x, 0, x + 60, 900], fill=(205, 160, 142), width=3)
    return image


@pytest.mark.parametrize(
    "image",
    [Image.new("RGB", (800, 600), BACKGROUND), Image.linear_gradient("L").resize((640, 480)).convert("RGB"),
     _skin_with_a_lesion()],
    ids=["flat", "gradient", "skin-lesion"],
)  # fmt: skip
def test_images_without_a_face_give_no_box(image):
    assert faces.detect_faces(image) == []


def test_boxes_of_one_face_are_merged_and_others_kept():
    merged = faces.merge([Box(10, 10, 100, 100), Box(20, 15, 90, 95), Box(300, 300, 50, 50)])
    assert merged == [Box(10, 10, 100, 100), Box(300, 300, 50, 50)]


def test_box_geometry():
    assert Box(10, 20, 30, 40).mirrored(100) == Box(60, 20, 30, 40)
    assert Box(10, 20, 40, 40).padded(0.5, 100, 100) == Box(0, 0, 70, 80)  # kept inside the image
    assert Box(10, 20, 30, 40).scaled(2) == Box(20, 40, 60, 80)


def _checkerboard(size=(400, 300), cell=4) -> Image.Image:
    ys, xs = numpy.indices((size[1], size[0]))
    return Image.fromarray((((xs // cell + ys // cell) % 2) * 255).astype(numpy.uint8)).convert("RGB")


def test_blur_destroys_detail_inside_the_padded_box_and_nothing_outside():
    image = _checkerboard()
    box = Box(100, 100, 80, 80)
    blurred = faces.blur_regions(image, [box], padding=0.25)
    before, after = numpy.asarray(image, dtype=float), numpy.asarray(blurred, dtype=float)
    inside = after[85:195, 85:195]  # the box widened by 20 px on every side
    assert inside.std() < 0.1 * before[85:195, 85:195].std()
    changed = numpy.argwhere((before != after).any(axis=2))
    assert changed[:, 0].min() >= 80 and changed[:, 0].max() < 200  # rows of the padded box only
    assert changed[:, 1].min() >= 80 and changed[:, 1].max() < 200
    assert numpy.array_equal(before[:80], after[:80]) and numpy.array_equal(before[200:], after[200:])


def test_a_blurred_face_is_no_longer_found():
    for photo in (scene((cartoon_face(200), (300, 100))), scene((profile_pattern(180), (300, 150)))):
        found = faces.detect_faces(photo)
        assert found
        assert faces.detect_faces(faces.blur_regions(photo, found)) == []


def test_a_box_at_the_edge_is_blurred_without_error():
    image = _checkerboard((100, 100))
    blurred = faces.blur_regions(image, [Box(90, 90, 10, 10), Box(0, 0, 1, 1)])
    assert blurred.size == (100, 100)
