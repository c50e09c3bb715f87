"""A PDF built from photos of pages (the signed review sheet photographed page by page).

Each photo becomes one A4 page, fitted inside the margins and centred, in the order given. The
photos were checked and re-encoded at upload (JPEG, no metadata), so they are embedded as they are.
"""
from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from server.documents.layout import PAGE_SIZE

PHOTO_MARGIN = 8 * mm


def pdf_from_page_images(photos: Sequence[bytes], *, title: str) -> bytes:
    """One A4 page per photo, in order."""
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE_SIZE, invariant=1)
    canvas.setTitle(title)
    canvas.setCreator("expert-enrollment")
    page_width, page_height = PAGE_SIZE
    room_width, room_height = page_width - 2 * PHOTO_MARGIN, page_height - 2 * PHOTO_MARGIN
    for photo in photos:
        image = ImageReader(BytesIO(photo))
        width, height = image.getSize()
        scale = min(room_width / width, room_height / height)
        shown_width, shown_height = width * scale, height * scale
        canvas.drawImage(image, (page_width - shown_width) / 2, (page_height - shown_height) / 2,
                         shown_width, shown_height)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
