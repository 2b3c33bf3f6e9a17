"""strip_metadata: every upload path stores pixels only (EXIF, GPS, XMP, ICC, comments dropped),
photos stay upright, and what is not an accepted image is refused by its content."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from entrepairs.privacy import images
from tests.image_metadata import (
    MARKER,
    assert_no_metadata,
    has_gps,
    jpeg_with_everything,
    png_with_everything,
    webp_with_everything,
)


def _upload(data: bytes, name="photo.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


@pytest.mark.parametrize("sample", [jpeg_with_everything, png_with_everything, webp_with_everything])
@pytest.mark.parametrize("output_format", ["PNG", "JPEG", "WEBP"])
def test_every_kind_of_metadata_is_dropped(sample, output_format):
    original = sample()
    assert has_gps(original)  # the samples really carry what must go
    stored = images.strip_metadata(_upload(original), output_format=output_format).read()
    assert_no_metadata(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == output_format and image.size == (60, 40)


def test_the_samples_really_carry_xmp_icc_and_comments():
    with Image.open(io.BytesIO(jpeg_with_everything())) as jpeg:
        assert {"xmp", "icc_profile", "comment"} <= set(jpeg.info)
    with Image.open(io.BytesIO(png_with_everything())) as png:
        assert {"Comment", "XML:com.adobe.xmp", "icc_profile"} <= set(png.info)


def test_orientation_is_applied_before_exif_is_dropped():
    # Orientation 6: the camera stored the picture lying on its side; viewers turn it 90° clockwise.
    stored = images.strip_metadata(_upload(jpeg_with_everything(orientation=6, size=(60, 40))))
    with Image.open(stored) as image:
        assert image.size == (40, 60)
        # The stored top-left marker ends top-right once turned clockwise.
        red, green, blue = image.convert("RGB").getpixel((36, 3))
        assert red > 200 and green < 60 and blue < 60
        assert image.convert("RGB").getpixel((3, 3)) != MARKER


def test_large_images_are_shrunk_to_max_side():
    output = io.BytesIO()
    Image.new("RGB", (3000, 1500), (10, 20, 30)).save(output, format="PNG")
    stored = images.strip_metadata(_upload(output.getvalue()), max_side=1000)
    with Image.open(stored) as image:
        assert image.size == (1000, 500)


def test_transparency_is_kept_in_png_and_flattened_on_white_in_jpeg():
    output = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(output, format="PNG")
    with Image.open(images.strip_metadata(_upload(output.getvalue()))) as png:
        assert png.mode == "RGBA" and png.getpixel((5, 5))[3] == 0
    with Image.open(images.strip_metadata(_upload(output.getvalue()), output_format="JPEG")) as jpeg:
        assert jpeg.getpixel((5, 5)) == (255, 255, 255)


@pytest.mark.parametrize(
    "content", [b"", b"not an image at all", b"%PDF-1.4\n%%EOF", b"\xff\xd8\xff\xe0 truncated jpeg"]
)
def test_what_is_not_an_image_is_refused(content):
    with pytest.raises(images.UnreadableImage):
        images.strip_metadata(_upload(content))


def test_a_format_not_accepted_is_refused_whatever_its_name():
    output = io.BytesIO()
    Image.new("RGB", (8, 8)).save(output, format="GIF")
    with pytest.raises(images.UnreadableImage) as refused:
        images.strip_metadata(_upload(output.getvalue(), name="photo.png"))
    assert refused.value.reason == "type"
    assert images.sniff(_upload(output.getvalue())) is None
    assert images.sniff(_upload(output.getvalue()), formats=("GIF",)) == "GIF"


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header announces a huge picture (a decompression bomb's shape)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    idat_data = zlib.compress(b"\x00" * 16)
    idat = (
        struct.pack(">I", len(idat_data))
        + b"IDAT"
        + idat_data
        + struct.pack(">I", zlib.crc32(b"IDAT" + idat_data))
    )
    return b"\x89PNG\r\n\x1a\n" + ihdr + idat + b"\x00\x00\x00\x00IEND\xaeB`\x82"


def test_too_many_pixels_are_refused_before_decoding():
    with pytest.raises(images.UnreadableImage) as refused:
        images.strip_metadata(_upload(_png_claiming(8000, 8000)))
    assert refused.value.reason == "too_many_pixels"


def test_derived_pixels_cannot_bring_metadata_back():
    with Image.open(io.BytesIO(jpeg_with_everything())) as opened:
        opened.load()
        copy = opened.copy()  # Pillow's copy keeps `info`: EXIF, XMP, ICC, comment
    assert "exif" in copy.info
    assert_no_metadata(images.encode(copy, "JPEG").read())


def test_phone_mpo_files_are_read_as_jpeg_and_lose_their_metadata():
    output = io.BytesIO()
    first = Image.new("RGB", (60, 40), (40, 120, 160))
    first.save(output, format="MPO", save_all=True, append_images=[first.copy()], exif=Image.Exif())
    upload = _upload(output.getvalue())
    assert images.sniff(upload) == "JPEG"
    assert_no_metadata(images.strip_metadata(upload, output_format="JPEG").read())


def test_16_bit_grey_keeps_its_shades():
    import numpy

    gradient = (numpy.arange(256 * 16).reshape(16, 256) % 256 * 256).astype(numpy.uint16)
    output = io.BytesIO()
    Image.fromarray(gradient).save(output, format="PNG")
    with Image.open(images.strip_metadata(_upload(output.getvalue()))) as image:
        low, high = image.convert("L").getextrema()
        assert low == 0 and high == 255
        assert len(image.convert("L").getcolors(256)) > 200  # not clipped to black and white
