"""PDFs: parsed whole with pypdf; encrypted, broken, empty, overlong and active documents refused."""
from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfWriter

from server.files.pdfs import ATTACHMENTS, DAMAGED, ENCRYPTED, SCRIPTED, PdfRefused, check_pdf
from tests.fixtures import samples


def test_a_plain_pdf_is_accepted_and_its_pages_counted():
    assert check_pdf(samples.pdf(pages=3)).pages == 3


@pytest.mark.parametrize("user_password", ["", "open-me"])
def test_an_encrypted_pdf_is_refused_even_one_that_opens_without_a_password(user_password):
    with pytest.raises(PdfRefused) as refusal:
        check_pdf(samples.encrypted_pdf(user_password))
    assert str(refusal.value) == ENCRYPTED == "PDF 文件已加密，请上传未加密的文件"


def test_a_truncated_pdf_is_refused():
    with pytest.raises(PdfRefused, match=DAMAGED):
        check_pdf(samples.truncated_pdf())


def test_a_file_that_only_starts_like_a_pdf_is_refused():
    with pytest.raises(PdfRefused, match=DAMAGED):
        check_pdf(b"%PDF-1.7\n" + b"garbage " * 200 + b"\n%%EOF\n")


@pytest.mark.parametrize("original, damaged", [
    # The page's content declared as plain Flate data while it is ASCII85 text: corrupt zlib.
    (b"/Filter [ /ASCII85Decode /FlateDecode ]", b"/Filter /FlateDecode                   "),
    # The page's content is an object the file does not have.
    (b"/Contents 7 0 R", b"/Contents 9 0 R"),
])
def test_a_pdf_whose_page_content_cannot_be_read_is_refused(original, damaged):
    data = samples.pdf()
    assert data.count(original) == 1
    with pytest.raises(PdfRefused, match=DAMAGED):
        check_pdf(data.replace(original, damaged))


def test_a_pdf_without_pages_is_refused():
    buffer = BytesIO()
    PdfWriter().write(buffer)
    with pytest.raises(PdfRefused, match="PDF 文件没有页面"):
        check_pdf(buffer.getvalue())


def test_at_most_50_pages():
    assert check_pdf(samples.pdf(pages=50)).pages == 50
    with pytest.raises(PdfRefused, match="PDF 文件共51页，不能超过50页"):
        check_pdf(samples.pdf(pages=51))


@pytest.mark.parametrize("variant", list(samples.SCRIPTED_PDFS))
def test_a_pdf_that_can_run_something_is_refused(variant):
    with pytest.raises(PdfRefused) as refusal:
        check_pdf(samples.SCRIPTED_PDFS[variant]())
    assert str(refusal.value) == SCRIPTED


def test_a_pdf_with_an_embedded_file_is_refused():
    with pytest.raises(PdfRefused) as refusal:
        check_pdf(samples.pdf_with_attachment())
    assert str(refusal.value) == ATTACHMENTS
