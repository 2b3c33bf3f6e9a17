"""Personal data written on pictures (privacy/ocr.py): Tesseract reads a synthetic prescription, the
scanner finds the name, the NIR, the phone number and the address, and `mask` fills their boxes."""

import pytest
from PIL import Image

from entrepairs.privacy import ocr
from tests.document_samples import NIR, PATIENT, plain_picture, prescription

pytestmark = pytest.mark.skipif(
    not ocr.available(), reason="tesseract-ocr is not installed (.ci/run installs it)"
)


def _text_in(image: Image.Image, box: ocr.TextRegion) -> str:
    words = ocr.read_words(
        image.crop((box.left - 5, box.top - 5, box.left + box.width + 5, box.top + box.height + 5))
    )
    return " ".join(word.text for word in words or [])


@pytest.mark.parametrize("options", [{}, {"photo": True, "tilt": 2.0}, {"size": 22, "width": 800}])
def test_the_patients_name_nir_and_phone_are_found_on_a_prescription(options):
    image = prescription(**options)
    regions = ocr.find_text_regions(image, "fr")
    kinds = [region.kind for region in regions]
    assert {"PERSON", "NIR", "PHONE"} <= set(kinds)
    person_boxes = [region for region in regions if region.kind == "PERSON"]
    assert any(PATIENT.split()[1] in _text_in(image, box) for box in person_boxes)


def test_masking_removes_what_was_found_and_keeps_the_rest():
    image = prescription()
    regions = ocr.find_text_regions(image, "fr")
    masked = ocr.mask(image, regions)
    text = " ".join(word.text for word in ocr.read_words(masked))
    assert PATIENT.split()[1] not in text and NIR.split()[-1] not in text
    assert "Doliprane" in text and "ORDONNANCE" in text
    assert ocr.find_text_regions(masked, "fr") == []


def test_a_picture_without_text_has_no_region():
    assert ocr.find_text_regions(plain_picture(), "fr") == []


def test_without_tesseract_the_text_is_unread_not_clean(monkeypatch):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    assert ocr.find_text_regions(prescription(), "fr") is None


def test_boxes_follow_lines_and_words():
    words = [
        ocr.Word("Patiente", 10, 10, 80, 20, (1, 1, 1)),
        ocr.Word(":", 95, 10, 5, 20, (1, 1, 1)),
        ocr.Word("Sophie", 110, 10, 60, 20, (1, 1, 1)),
        ocr.Word("Lambert", 180, 12, 70, 20, (1, 1, 1)),
        ocr.Word("Doliprane", 10, 50, 90, 20, (1, 1, 2)),
    ]
    text, owners = ocr.words_as_text(words)
    assert text == "Patiente : Sophie Lambert\nDoliprane"
    assert len(owners) == len(text)
    assert ocr.regions_in_words(words, "fr") == [ocr.TextRegion("PERSON", 110, 10, 140, 22)]
