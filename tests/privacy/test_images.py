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


def _rgba_png_claiming(width: int, height: int) -> bytes:
    """A 100-byte PNG announcing width x height RGBA: under the pixel cap, huge once decoded. Only
    the header is real, which is all the check may read."""
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, colour type 6: RGBA
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    idat_data = zlib.compress(b"\x00" * 16)
    idat = struct.pack(">I", len(idat_data)) + b"IDAT" + idat_data
    idat += struct.pack(">I", zlib.crc32(b"IDAT" + idat_data))
    return b"\x89PNG\r\n\x1a\n" + ihdr + idat + b"\x00\x00\x00\x00IEND\xaeB`\x82"


@pytest.fixture
def no_decoding(monkeypatch):
    """Fails the test if any pixel is decoded: the refusal must come from the header alone."""
    from PIL import ImageFile

    def refuse_to_load(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse_to_load)


def test_a_bomb_under_the_pixel_cap_is_refused_from_its_header(no_decoding):
    import tracemalloc

    bomb = _rgba_png_claiming(6300, 6300)  # 39.7 megapixels: under MAX_PIXELS, 159 MB once decoded
    assert 6300 * 6300 < images.MAX_PIXELS and len(bomb) < 200
    tracemalloc.start()
    try:
        with pytest.raises(images.UnreadableImage) as refused:
            images.strip_metadata(_upload(bomb, name="bomb.png"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.reason == "too_much_memory"
    assert peak < 5 * 1024 * 1024
    assert images.decoding_budget.held == 0


def test_decoded_bytes_count_pillow_storage():
    with Image.open(io.BytesIO(_rgba_png_claiming(1000, 500))) as rgba:
        assert images.decoded_bytes(rgba) == 1000 * 500 * 4
    with Image.open(io.BytesIO(_png_claiming(1000, 500))) as rgb:
        assert images.decoded_bytes(rgb) == 1000 * 500 * 4  # Pillow keeps RGB in four bytes a pixel
    grey = io.BytesIO()
    Image.new("I;16", (100, 10)).save(grey, format="PNG")
    with Image.open(grey) as sixteen_bits:
        assert images.decoded_bytes(sixteen_bits) == 100 * 10 * 2


def test_a_decode_waits_for_the_process_budget_then_is_refused(settings, no_decoding):
    # Another decode holds the whole process budget: this one is refused as busy after its wait,
    # before decoding anything.
    settings.IMAGE_DECODE_WAIT_SECONDS = 0
    small = io.BytesIO()
    Image.new("RGB", (10, 10)).save(small, format="PNG")
    with images.decoding_budget.reserve(settings.IMAGE_DECODE_PROCESS_MB * images.MIB):
        with pytest.raises(images.UnreadableImage) as refused:
            images.strip_metadata(_upload(small.getvalue(), name="small.png"))
    assert refused.value.reason == "busy"
    assert images.decoding_budget.held == 0


def test_the_budget_is_given_back_after_a_decode_and_after_a_failure():
    small = io.BytesIO()
    Image.new("RGB", (10, 10)).save(small, format="PNG")
    images.strip_metadata(_upload(small.getvalue(), name="small.png"))
    truncated = _png_claiming(100, 100)  # a real header, then pixels that do not decode
    with pytest.raises(images.UnreadableImage):
        images.strip_metadata(_upload(truncated, name="broken.png"))
    assert images.decoding_budget.held == 0


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(monkeypatch):
    output = io.BytesIO()
    Image.new("RGB", (4000, 3000), (10, 20, 30)).save(output, format="JPEG")
    charged = []
    original = images.decoded_bytes
    monkeypatch.setattr(images, "decoded_bytes", lambda image: charged.append(image.size) or original(image))
    clean = images.clean_pixels(_upload(output.getvalue()), max_side=1000)
    assert clean.image.size == (1000, 750)
    assert charged == [(1000, 750)]  # a quarter of each side decoded and charged, not 4000x3000
