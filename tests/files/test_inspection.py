"""An upload is judged by its content, against what its kind may be, within the kind's size limit."""
from __future__ import annotations

import pytest

from server.errors import InvalidInput
from server.files.inspection import FileTooLarge, inspect_upload
from server.files.kinds import IMAGE_MAX_BYTES, PDF_MAX_BYTES
from server.files.models import FileKind
from tests.fixtures import samples


def refusal(kind: FileKind, data: bytes):
    with pytest.raises((InvalidInput, FileTooLarge)) as raised:
        inspect_upload(kind, data)
    return raised.value


@pytest.mark.parametrize("kind, message", [
    (FileKind.photo, "一寸免冠照须为 JPG 或 PNG 图片"),
    (FileKind.id_card_back, "身份证反面（人像面）须为 JPG 或 PNG 图片"),
    (FileKind.title_certificate, "职称证书须为 JPG、PNG 图片或 PDF 文件"),
    (FileKind.education_proof, "学历证明须为 PDF 文件"),
])
def test_an_executable_is_refused_whatever_it_is_called(kind, message):
    error = refusal(kind, samples.ELF_HEADER)
    assert error.status == 422 and error.fields == {"file": message}


def test_images_are_refused_where_a_pdf_is_wanted_and_pdfs_where_an_image_is():
    assert refusal(FileKind.commitment_letter, samples.jpeg()).message == "诚信承诺书须为 PDF 文件"
    assert refusal(FileKind.photo, samples.pdf()).message == "一寸免冠照须为 JPG 或 PNG 图片"


def test_the_title_certificate_may_be_an_image_or_a_pdf():
    assert inspect_upload(FileKind.title_certificate, samples.jpeg(800, 600)).content_type == "image/jpeg"
    assert inspect_upload(FileKind.title_certificate, samples.pdf()).content_type == "application/pdf"


def test_images_are_stored_as_jpeg_with_their_size_and_pdfs_as_they_came():
    image = inspect_upload(FileKind.id_card_front, samples.png(600, 400))
    assert (image.content_type, image.extension, image.width, image.height) == ("image/jpeg", ".jpg", 600, 400)
    data = samples.pdf(pages=2)
    document = inspect_upload(FileKind.education_proof, data)
    assert (document.data, document.content_type, document.pages) == (data, "application/pdf", 2)


def test_images_are_at_most_5_mb():
    error = refusal(FileKind.photo, samples.oversized(b"\xff\xd8\xff", IMAGE_MAX_BYTES + 1))
    assert error.status == 413 and error.fields == {"file": "文件超过 5MB，请压缩后重新上传"}


def test_pdfs_are_at_most_10_mb():
    error = refusal(FileKind.education_proof, samples.oversized(b"%PDF-", PDF_MAX_BYTES + 1))
    assert error.status == 413 and error.message == "文件超过 10MB，请压缩后重新上传"


def test_a_title_certificate_image_keeps_the_image_limit_though_a_pdf_may_be_larger():
    error = refusal(FileKind.title_certificate, samples.oversized(b"\x89PNG\r\n\x1a\n", IMAGE_MAX_BYTES + 1))
    assert error.message == "文件超过 5MB，请压缩后重新上传"


def test_an_empty_file_is_refused():
    assert refusal(FileKind.photo, b"").fields == {"file": "文件为空，请重新选择"}


def test_refusals_from_the_image_and_pdf_checks_name_the_field_file():
    assert refusal(FileKind.photo, samples.png_bomb()).fields["file"].startswith("图片尺寸过大")
    assert refusal(FileKind.education_proof, samples.encrypted_pdf()).fields == {
        "file": "PDF 文件已加密，请上传未加密的文件"}
