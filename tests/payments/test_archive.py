"""read_archive: a zip of issued invoices → each file's invoice or its reason; the zip refused
whole when it is a bomb, has crafted paths or too many files."""
from __future__ import annotations

import pytest

from server.payments.invoices.archive import NESTED, ArchiveRefused, read_archive
from server.payments.invoices.issued import UNSUPPORTED, InvoiceReadError, IssuedInvoice
from server.payments.invoices.zips import TOO_LARGE, UNSAFE_PATH
from tests.fixtures.invoice_samples import Sample, invoice_ofd, invoice_pdf, zipped

ONE = Sample("26652000000000000001", "新疆天山建筑设计研究院有限公司", "91650100MA77X1234X", 35000)
TWO = Sample("26652000000000000002", "买买提·艾力", "", 35000)


def test_every_invoice_in_the_zip_is_read_pdf_and_ofd_alike_in_archive_order():
    results = read_archive(zipped({"12月/发票1.pdf": invoice_pdf(ONE), "12月/发票2.ofd": invoice_ofd(TWO)}))
    assert [name for name, _ in results] == ["12月/发票1.pdf", "12月/发票2.ofd"]
    first, second = (result for _, result in results)
    assert isinstance(first, IssuedInvoice) and isinstance(second, IssuedInvoice)
    assert (first.number, first.filename, second.buyer_name) == (ONE.number, "发票1.pdf", "买买提·艾力")


def test_a_file_that_is_not_an_invoice_is_listed_with_its_reason_and_the_rest_still_read():
    results = dict(read_archive(zipped({"说明.txt": "请查收".encode(), "发票1.pdf": invoice_pdf(ONE)})))
    assert isinstance(results["说明.txt"], InvoiceReadError)
    assert str(results["说明.txt"]) == UNSUPPORTED
    assert isinstance(results["发票1.pdf"], IssuedInvoice)


def test_a_zip_inside_the_zip_is_not_opened():
    inner = zipped({"发票1.pdf": invoice_pdf(ONE)})
    [(name, result)] = read_archive(zipped({"更多发票.zip": inner}))
    assert name == "更多发票.zip" and str(result) == NESTED


def test_what_archivers_add_on_their_own_is_left_out():
    results = read_archive(zipped({"发票1.pdf": invoice_pdf(ONE), "__MACOSX/._发票1.pdf": b"\0\5\26\7",
                                   ".DS_Store": b"\0\0\0\1Bud1", "Thumbs.db": b"\xd0\xcf"}))
    assert [name for name, _ in results] == ["发票1.pdf"]


def test_a_zip_bomb_is_refused_whole():
    with pytest.raises(ArchiveRefused) as refused:
        read_archive(zipped({"发票1.pdf": invoice_pdf(ONE), "bomb.pdf": b"\0" * (6 * 1024 * 1024)}))
    assert str(refused.value) == TOO_LARGE


def test_a_path_traversal_is_refused_whole():
    with pytest.raises(ArchiveRefused) as refused:
        read_archive(zipped({"发票1.pdf": invoice_pdf(ONE), "../../server/app.pdf": invoice_pdf(TWO)}))
    assert str(refused.value) == UNSAFE_PATH
