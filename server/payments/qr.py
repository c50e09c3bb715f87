"""The Native order's QR code as a PNG, with the expert number and the amount printed beside
it (under it): the seed has the payer check the expert number when paying for someone else."""
from __future__ import annotations

import io
from functools import lru_cache

import qrcode
from PIL import Image, ImageDraw, ImageFont
from qrcode.constants import ERROR_CORRECT_M

from server.money import format_yuan

CAPTION_SIZE = 22
PADDING = 16


@lru_cache(maxsize=4)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=0)


def payment_qr_png(code_url: str, expert_number: str, amount_fen: int, item: str, font_path: str) -> bytes:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(code_url)
    code.make(fit=True)
    image = code.make_image().get_image().convert("RGB")
    lines = [f"专家编号：{expert_number}", f"{item} ¥{format_yuan(amount_fen)}", "请使用微信“扫一扫”支付"]
    font = _font(font_path, CAPTION_SIZE)
    height = image.height + PADDING + len(lines) * (CAPTION_SIZE + 8) + PADDING
    width = max(image.width, max(int(font.getlength(line)) for line in lines) + 2 * PADDING)
    canvas = Image.new("RGB", (width, height), "white")
    canvas.paste(image, ((width - image.width) // 2, 0))
    draw = ImageDraw.Draw(canvas)
    top = image.height + PADDING // 2
    for line in lines:
        draw.text(((width - font.getlength(line)) / 2, top), line, fill="black", font=font)
        top += CAPTION_SIZE + 8
    output = io.BytesIO()
    canvas.save(output, format="PNG")
    return output.getvalue()
