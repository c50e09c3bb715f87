"""Small real files made on the spot: images by Pillow, PDFs by reportlab. Nothing binary is committed."""
from __future__ import annotations

from io import BytesIO

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def jpeg(width: int = 300, height: int = 420, color: tuple[int, int, int] = (200, 210, 230)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def pdf(text: str = "scan", pages: int = 1) -> bytes:
    buffer = BytesIO()
    document = canvas.Canvas(buffer, pagesize=A4)
    for page in range(pages):
        document.drawString(72, 720, f"{text} {page + 1}")
        document.showPage()
    document.save()
    return buffer.getvalue()
