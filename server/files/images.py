"""Images (JPEG, PNG): decoded with Pillow, bounded, and re-encoded without metadata.

Only the JPEG and PNG decoders are allowed. The declared size is checked before any pixel is
decoded, so a decompression bomb (a small file declaring a huge image) is refused cheaply, and
`Image.MAX_IMAGE_PIXELS` is lowered to the same bound as a second guard inside Pillow.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from server.files.kinds import IMAGE_MAX_SIDE, KindRule

Image.MAX_IMAGE_PIXELS = IMAGE_MAX_SIDE * IMAGE_MAX_SIDE
JPEG_QUALITY = 90
EXIF_ORIENTATION = 0x0112
SWAPPING_ORIENTATIONS = {5, 6, 7, 8}
DAMAGED = "图片已损坏或不完整，请重新选择"


class ImageRefused(ValueError):
    """The image cannot be accepted; the message is the Chinese reason."""


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    width: int
    height: int


def _shown_size(image: Image.Image) -> tuple[int, int]:
    """Width and height as the image is meant to be seen (EXIF orientation applied)."""
    width, height = image.size
    try:
        orientation = image.getexif().get(EXIF_ORIENTATION)
    except Exception:  # a damaged EXIF block: the size as stored
        orientation = None
    return (height, width) if orientation in SWAPPING_ORIENTATIONS else (width, height)


def _check_size(rule: KindRule, width: int, height: int) -> None:
    if max(width, height) > IMAGE_MAX_SIDE:
        raise ImageRefused(f"图片尺寸过大（{width}×{height}像素），每边不能超过{IMAGE_MAX_SIDE}像素")
    min_width, min_height = rule.min_size
    if rule.portrait:
        small = width < min_width or height < min_height
    else:
        small = min(width, height) < min(rule.min_size) or max(width, height) < max(rule.min_size)
    if small:
        raise ImageRefused(f"{rule.label}尺寸过小（{width}×{height}像素），"
                           f"至少须为{min_width}×{min_height}像素")


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: transparency, palettes and 16-bit grey do not survive JPEG."""
    if image.mode.startswith("I"):  # 16/32-bit grey (some scanners' PNGs): scale to 8 bits
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def clean_image(data: bytes, rule: KindRule) -> CleanImage:
    """Decode, check and re-encode an image; `ImageRefused` says why it cannot be used."""
    try:
        image = Image.open(io.BytesIO(data), formats=["JPEG", "PNG"])
    except Image.DecompressionBombError:
        raise ImageRefused(f"图片尺寸过大，每边不能超过{IMAGE_MAX_SIDE}像素") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ImageRefused(DAMAGED) from None
    with image:
        _check_size(rule, *_shown_size(image))
        if image.format == "JPEG":
            # Decode at 1/2, 1/4 or 1/8 scale when that still covers the stored size.
            image.draft("RGB", (rule.stored_max_side, rule.stored_max_side))
        try:
            image.load()
            shown = ImageOps.exif_transpose(image)
        except Image.DecompressionBombError:
            raise ImageRefused(f"图片尺寸过大，每边不能超过{IMAGE_MAX_SIDE}像素") from None
        except (OSError, ValueError, SyntaxError, EOFError):
            raise ImageRefused(DAMAGED) from None
        try:
            return _re_encoded(shown, rule.stored_max_side)
        except (OSError, ValueError):  # a mode or profile Pillow cannot convert: unusable here
            raise ImageRefused(DAMAGED) from None


def _re_encoded(image: Image.Image, max_side: int) -> CleanImage:
    flat = _flatten(image)
    flat.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # A new image carries no EXIF, ICC profile, comments or XMP: only pixels are saved.
    clean = Image.frombytes("RGB", flat.size, flat.tobytes())
    output = io.BytesIO()
    clean.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return CleanImage(output.getvalue(), clean.width, clean.height)
