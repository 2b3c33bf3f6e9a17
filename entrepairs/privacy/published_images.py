"""Images published without a review step: network logos (every visitor of the network's page sees
them) and the magazine's covers and pictures (articles can be public). Their authors are
administrators and editors, who choose them deliberately, so there is no boxes-and-mask step as for
members' pictures: when written personal data is read on one (a name, a phone number, a NIR on a
photographed document, ocr.py), the upload is refused with what was found, and the author crops it
or chooses another image. Faces are not searched for: an illustration may show consenting people,
which is the editor's call, not a detector's."""

from django.utils.translation import gettext as _
from PIL import Image

from entrepairs.errors import ActionRefused
from entrepairs.privacy import labels, ocr


def refuse_written_personal_data(picture, *, field: str, lang: str | None = None) -> None:
    """Raise ActionRefused(`image_personal_data`) on `field` when personal data is written on the
    cleaned `picture` (a file-like object, read from the start and left there)."""
    picture.seek(0)
    with Image.open(picture) as opened:
        image = opened.convert("RGB")
    picture.seek(0)
    regions = ocr.find_text_regions(image, lang) or []
    if regions:
        raise ActionRefused(
            "image_personal_data",
            _("This image shows %(found)s: crop it out or choose another image.")
            % {"found": labels.phrases({region.kind for region in regions})},
            field=field,
        )
