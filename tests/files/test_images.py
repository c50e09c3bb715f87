"""Images: decoded with Pillow, bounded in pixels, re-encoded as JPEG without any metadata."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from server.files.images import ImageRefused, clean_image
from server.files.kinds import RULES
from server.files.models import FileKind
from tests.fixtures import samples

PHOTO = RULES[FileKind.photo]
ID_CARD = RULES[FileKind.id_card_front]


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_jpeg_comes_back_re_encoded_without_exif_icc_or_comment_and_turned_upright():
    original = opened(samples.jpeg_with_exif(400, 300, orientation=6))
    assert original.getexif() and "icc_profile" in original.info and "comment" in original.info

    clean = clean_image(samples.jpeg_with_exif(400, 300, orientation=6), PHOTO)

    image = opened(clean.data)
    assert image.format == "JPEG" and image.mode == "RGB"
    assert not image.getexif() and "exif" not in image.info
    assert "icc_profile" not in image.info and "comment" not in image.info
    # Orientation 6 means "turn 90° clockwise to show": the red left half ends up on top.
    assert (clean.width, clean.height) == image.size == (300, 400)
    red, blue = image.getpixel((150, 50)), image.getpixel((150, 350))
    assert red[0] > 180 > red[2] and blue[2] > 180 > blue[0]


def test_a_transparent_png_becomes_a_jpeg_on_white():
    clean = clean_image(samples.png(600, 400), ID_CARD)
    image = opened(clean.data)
    assert image.format == "JPEG" and image.size == (600, 400)
    assert image.getpixel((10, 10))[1] > 100  # the green half
    assert image.getpixel((590, 390)) == (255, 255, 255)  # transparent became white


def test_large_photos_are_stored_scaled_down_to_1200_pixels_on_the_long_side():
    clean = clean_image(samples.jpeg(2000, 2800), PHOTO)
    assert (clean.width, clean.height) == (857, 1200)


def test_id_card_images_are_stored_at_most_3000_pixels_on_the_long_side():
    clean = clean_image(samples.jpeg(4032, 3024), ID_CARD)
    assert (clean.width, clean.height) == (3000, 2250)


def test_a_decompression_bomb_is_refused_without_decoding_it():
    with pytest.raises(ImageRefused, match="每边不能超过8000像素"):
        clean_image(samples.png_bomb(30000, 30000), ID_CARD)


def test_an_image_wider_than_8000_pixels_is_refused():
    with pytest.raises(ImageRefused, match=r"图片尺寸过大（8001×300像素）"):
        clean_image(samples.png(8001, 300, transparent=False), ID_CARD)


@pytest.mark.parametrize("size, accepted", [((150, 200), True), ((149, 200), False),
                                             ((150, 199), False), ((200, 150), False)])
def test_the_photo_is_at_least_150_by_200_pixels_upright(size, accepted):
    data = samples.jpeg(*size)
    if accepted:
        clean_image(data, PHOTO)
    else:
        with pytest.raises(ImageRefused, match="一寸免冠照尺寸过小.*至少须为150×200像素"):
            clean_image(data, PHOTO)


@pytest.mark.parametrize("size", [(300, 200), (200, 300)])
def test_id_card_images_are_at_least_300_by_200_pixels_either_way_round(size):
    clean_image(samples.jpeg(*size), ID_CARD)
    with pytest.raises(ImageRefused, match="尺寸过小"):
        clean_image(samples.jpeg(size[0] - 1, size[1]), ID_CARD)


def test_a_cut_off_jpeg_is_refused_as_damaged():
    data = samples.jpeg_with_exif(800, 600)
    with pytest.raises(ImageRefused, match="图片已损坏或不完整"):
        clean_image(data[: len(data) // 2], ID_CARD)


def test_only_the_jpeg_and_png_decoders_are_used():
    gif = io.BytesIO()
    Image.new("RGB", (400, 400)).save(gif, "GIF")
    with pytest.raises(ImageRefused):
        clean_image(gif.getvalue(), ID_CARD)


def test_a_16_bit_grey_scan_keeps_its_tones():
    scan = io.BytesIO()
    Image.new("I;16", (400, 300), 40000).save(scan, "PNG")
    image = opened(clean_image(scan.getvalue(), ID_CARD).data)
    assert image.mode == "RGB" and 150 <= image.getpixel((5, 5))[0] <= 160  # 40000 / 256 ≈ 156


def test_a_cmyk_jpeg_becomes_rgb():
    scan = io.BytesIO()
    Image.new("CMYK", (400, 300), (0, 255, 255, 0)).save(scan, "JPEG")
    red = opened(clean_image(scan.getvalue(), ID_CARD).data).getpixel((5, 5))
    assert red[0] > 200 and red[1] < 60 and red[2] < 60
