"""QR codes as PNG images (qrcode draws them with Pillow)."""
from __future__ import annotations

import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def qr_png(text: str) -> bytes:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(text)
    code.make(fit=True)
    output = io.BytesIO()
    code.make_image().save(output, format="PNG")
    return output.getvalue()
