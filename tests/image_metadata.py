"""Synthetic images carrying every kind of metadata a phone or an editor writes, and the check that a
stored file carries none of it. No real photo: pixels are flat colours with a marker."""

import io
import struct

from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

# Strings planted in the metadata: none of them may be found in a stored file.
PLANTED = (b"Fabricant Exemple", b"Telephone Exemple", b"xmpmeta", b"Jeanne Exemple", b"Commentaire secret")
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Jeanne Exemple"/>'
    b"</rdf:RDF></x:xmpmeta>"
)
GPS_IFD = 0x8825
ORIENTATION = 0x0112
MARKER = (255, 0, 0)


def _exif(*, orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Fabricant Exemple"  # Make
    exif[0x0110] = "Telephone Exemple"  # Model
    exif[ORIENTATION] = orientation
    # A synthetic position (45°45'N, 4°50'E), as a phone writes it.
    exif[GPS_IFD] = {1: "N", 2: (45.0, 45.0, 0.0), 3: "E", 4: (4.0, 50.0, 0.0)}
    return exif


def _icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _picture(size=(60, 40)) -> Image.Image:
    """Flat blue with a red marker in the stored top-left corner (to check orientation)."""
    image = Image.new("RGB", size, (40, 120, 160))
    image.paste(MARKER, (0, 0, 8, 8))
    return image


def jpeg_with_everything(*, orientation: int = 1, size=(60, 40)) -> bytes:
    """JPEG with EXIF (make, model, GPS, orientation), XMP, an ICC profile and a comment."""
    output = io.BytesIO()
    _picture(size).save(
        output, format="JPEG", exif=_exif(orientation=orientation), xmp=XMP, icc_profile=_icc(),
        comment=b"Commentaire secret",
    )  # fmt: skip
    return output.getvalue()


def png_with_everything(*, size=(60, 40)) -> bytes:
    """PNG with tEXt, iTXt XMP, eXIf (GPS) and iCCP chunks."""
    info = PngInfo()
    info.add_text("Comment", "Commentaire secret")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    output = io.BytesIO()
    _picture(size).save(output, format="PNG", pnginfo=info, exif=_exif(), icc_profile=_icc())
    return output.getvalue()


def webp_with_everything(*, size=(60, 40)) -> bytes:
    output = io.BytesIO()
    _picture(size).save(output, format="WEBP", exif=_exif(), xmp=XMP, icc_profile=_icc())
    return output.getvalue()


def has_gps(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        return bool(image.getexif().get_ifd(GPS_IFD))


def _jpeg_segments(data: bytes) -> list[int]:
    """Marker bytes of the segments before the image data (APPn, COM, DQT, SOF...)."""
    markers, position = [], 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: the metadata segments are all before it
            break
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
    return markers


def _png_chunks(data: bytes) -> list[bytes]:
    chunks, position = [], 8
    while position + 8 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        chunks.append(data[position + 4 : position + 8])
        position += 12 + length
    return chunks


def _webp_chunks(data: bytes) -> list[bytes]:
    chunks, position = [], 12
    while position + 8 <= len(data):
        (length,) = struct.unpack("<I", data[position + 4 : position + 8])
        chunks.append(data[position : position + 4])
        position += 8 + length + (length & 1)
    return chunks


def assert_no_metadata(data: bytes) -> None:
    """The file holds pixels only: no EXIF/GPS, XMP, IPTC, ICC profile, comment or text chunk."""
    for planted in PLANTED:
        assert planted not in data, planted
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert not image.getexif().get_ifd(GPS_IFD)
        leaked = {"exif", "xmp", "icc_profile", "comment", "Comment", "XML:com.adobe.xmp", "photoshop"}
        assert leaked.isdisjoint(image.info), sorted(image.info)
        image_format = image.format
    if image_format == "JPEG":
        segments = _jpeg_segments(data)
        # APP0 (JFIF) and the coding segments only: no APP1 (EXIF/XMP), APP2 (ICC), APP13 (IPTC), COM.
        assert not {0xE1, 0xE2, 0xED, 0xFE} & set(segments), [hex(marker) for marker in segments]
    elif image_format == "PNG":
        chunks = set(_png_chunks(data))
        assert chunks <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}, chunks
    elif image_format == "WEBP":
        assert set(_webp_chunks(data)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
    else:
        raise AssertionError(f"unexpected stored format {image_format}")
