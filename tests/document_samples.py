"""Synthetic pictures of documents for the OCR tests: a prescription with an invented patient's name,
address and social security number (a valid key, but no real person's), drawn with Pillow in DejaVu
Sans, optionally turned a little and darkened like a phone photo. Nothing comes from a real document."""

import io

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
PATIENT = "Sophie Lambert"
NIR = "2 84 05 75 112 044 38"
PHONE = "06 12 34 56 78"

PRESCRIPTION_LINES = [
    ("Dr Paul Mercier - Médecin généraliste", BOLD),
    ("12 rue des Lilas, 35000 Rennes", FONT),
    ("", FONT),
    ("ORDONNANCE", BOLD),
    ("Le 3 mars 2026", FONT),
    (f"Patiente : {PATIENT}", FONT),
    (f"N° de sécurité sociale : {NIR}", FONT),
    (f"Téléphone : {PHONE}", FONT),
    ("", FONT),
    ("Doliprane 1000 mg : 1 comprimé 3 fois par jour", FONT),
    ("pendant 5 jours.", FONT),
]


def prescription(*, width=1100, size=30, tilt=0.0, photo=False) -> Image.Image:
    """The prescription as an RGB image; `tilt` in degrees, `photo` adds a grey cast and a slight blur."""
    line_height = int(size * 1.7)
    image = Image.new("RGB", (width, 120 + line_height * len(PRESCRIPTION_LINES)), (250, 250, 246))
    draw = ImageDraw.Draw(image)
    y = 60
    for text, font_path in PRESCRIPTION_LINES:
        if text:
            draw.text((70, y), text, fill=(20, 20, 30), font=ImageFont.truetype(font_path, size))
        y += line_height
    if tilt:
        image = image.rotate(tilt, expand=True, fillcolor=(90, 80, 70), resample=Image.Resampling.BICUBIC)
    if photo:
        image = Image.blend(image, Image.new("RGB", image.size, (120, 110, 100)), 0.18)
        image = image.filter(ImageFilter.GaussianBlur(0.6))
    return image


def prescription_bytes(fmt="JPEG", **options) -> bytes:
    output = io.BytesIO()
    prescription(**options).save(output, format=fmt, quality=92)
    return output.getvalue()


def plain_picture() -> Image.Image:
    """A picture with no text at all (a flat landscape)."""
    image = Image.new("RGB", (800, 600), (120, 170, 220))
    ImageDraw.Draw(image).rectangle((0, 380, 800, 600), fill=(80, 140, 70))
    return image


def pdf_with_text(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds `lines` (Helvetica, WinAnsi: French accents work)."""
    stream = (
        "BT /F1 12 Tf 14 TL 50 780 Td "
        + " ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for line in lines
        )
        + " ET"
    )
    content = stream.encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    output = io.BytesIO()
    output.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(output.tell())
        output.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = output.tell()
    output.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        output.write(b"%010d 00000 n \n" % offset)
    output.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return output.getvalue()
