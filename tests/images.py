import io

from PIL import Image


def tiny_png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 60, 90)).save(output, format="PNG")
    return output.getvalue()


def jpeg_with_gps() -> bytes:
    """A JPEG carrying EXIF with a GPS position (synthetic coordinates)."""
    image = Image.new("RGB", (64, 48), (40, 120, 160))
    exif = Image.Exif()
    exif[0x010F] = "Fabricant Exemple"  # Make
    gps = {1: "N", 2: (45.0, 45.0, 0.0), 3: "E", 4: (4.0, 50.0, 0.0)}
    exif[0x8825] = gps
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return output.getvalue()
