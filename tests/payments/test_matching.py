"""match: each uploaded invoice to its invoice request — by taxpayer number and amount, then by
exact title and amount — with the ambiguous and the unmatched listed, and why, in Chinese."""
from __future__ import annotations

import dataclasses
from datetime import date

from server.payments.invoices.archive import read_archive
from server.payments.invoices.issued import IssuedInvoice
from server.payments.invoices.matching import Ambiguous, InvoiceRequest, Match, MatchResult, match
from tests.fixtures.invoice_samples import Sample, invoice_ofd, invoice_pdf, zipped

TIANSHAN, KUNLUN = "新疆天山建筑设计研究院有限公司", "新疆昆仑工程咨询有限公司"
TIANSHAN_NO, KUNLUN_NO = "91650100MA77X1234X", "91650200MA78Y5678Y"


def request(request_id: str, title: str, number: str = "", amount_fen: int = 35000) -> InvoiceRequest:
    return InvoiceRequest(request_id=request_id, title=title, taxpayer_number=number, amount_fen=amount_fen,
                          email=f"{request_id.lower()}@example.com")


def invoice(number: str, buyer: str, buyer_number: str = "", total_fen: int = 35000,
            remarks: str = "") -> IssuedInvoice:
    return IssuedInvoice(filename=f"{number}.pdf", kind="pdf", number=number, issued_on=date(2026, 12, 10),
                         buyer_name=buyer, buyer_taxpayer_number=buyer_number, total_fen=total_fen,
                         text=f"发票号码:{number}\n名称:{buyer}\n备注 {remarks}", data=b"")


def pairs(result: MatchResult) -> dict[str, str]:
    return {m.invoice.number: m.request.request_id for m in result.matched}


# --- the check: a zip of issued PDFs made here, read back and matched ------------------


def test_a_zip_of_three_issued_pdfs_is_matched_to_the_right_three_requests_and_a_stranger_listed():
    requests = [request("R20261208001", TIANSHAN, TIANSHAN_NO), request("R20261208002", "买买提·艾力"),
                request("R20261208003", KUNLUN, KUNLUN_NO), request("R20261208004", "古丽米拉·阿不都"),
                request("R20261208005", "新疆雪莲监理有限公司", "91650300MA79Z0000Z")]
    issued = {"发票-天山.pdf": Sample("26652000000000000001", TIANSHAN, TIANSHAN_NO, 35000),
              "发票-买买提.pdf": Sample("26652000000000000002", "买买提·艾力", "", 35000),
              "发票-昆仑.pdf": Sample("26652000000000000003", "新疆昆仑工程咨询有限公司", KUNLUN_NO, 35000),
              "发票-陌生.pdf": Sample("26652000000000000004", "新疆戈壁建设有限公司", "91659000MA7AA1111A", 35000)}
    read = read_archive(zipped({name: invoice_pdf(sample) for name, sample in issued.items()}))
    invoices = [result for _, result in read]
    assert all(isinstance(result, IssuedInvoice) for result in invoices)

    result = match(invoices, requests)

    assert pairs(result) == {"26652000000000000001": "R20261208001", "26652000000000000002": "R20261208002",
                             "26652000000000000003": "R20261208003"}
    assert {m.invoice.number: m.by for m in result.matched} == {
        "26652000000000000001": "taxpayer_number", "26652000000000000002": "title",
        "26652000000000000003": "taxpayer_number"}
    [stranger] = result.unmatched
    assert stranger.invoice.filename == "发票-陌生.pdf"
    assert stranger.reason == ("没有购买方纳税人识别号为 91659000MA7AA1111A 或抬头为“新疆戈壁建设有限公司”、"
                               "金额为350.00元的开票申请")
    assert [r.request_id for r in result.requests_without_invoice] == ["R20261208004", "R20261208005"]
    assert result.ambiguous == ()


def test_an_ofd_invoice_is_matched_like_a_pdf():
    [(_, issued)] = read_archive(zipped({"a.ofd": invoice_ofd(Sample("26652000000000000009", KUNLUN, KUNLUN_NO,
                                                                     35000))}))
    assert pairs(match([issued], [request("R20261208003", KUNLUN, KUNLUN_NO)])) == {
        "26652000000000000009": "R20261208003"}


# --- the two rules ------------------------------------------------------------------------------


def test_the_taxpayer_number_wins_over_a_title_spelled_differently():
    result = match([invoice("1", "新疆天山建筑设计研究院（有限公司）", TIANSHAN_NO)],
                   [request("R20261208001", "天山设计院", TIANSHAN_NO)])
    assert pairs(result) == {"1": "R20261208001"}


def test_titles_compare_without_spaces_and_full_width_forms():
    result = match([invoice("1", "新疆天山(乌鲁木齐)分公司")], [request("R20261208001", "新疆天山 （乌鲁木齐） 分公司")])
    assert pairs(result) == {"1": "R20261208001"}


def test_a_title_match_is_refused_when_the_taxpayer_numbers_contradict():
    result = match([invoice("1", TIANSHAN, "91650100MA77X9999X")],
                   [request("R20261208001", TIANSHAN, TIANSHAN_NO)])
    assert result.matched == ()
    assert result.unmatched[0].reason == ("发票抬头与开票申请（申请号 R20261208001）相同，但纳税人识别号不同"
                                          "（发票：91650100MA77X9999X，申请：91650100MA77X1234X），请核对")


def test_a_different_amount_is_not_matched_and_says_so():
    result = match([invoice("1", TIANSHAN, TIANSHAN_NO, total_fen=30000)],
                   [request("R20261208001", TIANSHAN, TIANSHAN_NO)])
    assert result.unmatched[0].reason == "开票申请（申请号 R20261208001）的金额为350.00元，与发票金额300.00元不符"


# --- colleagues of one unit: same title, number and amount ------------------------------------


COLLEAGUES = [request("R20261208011", TIANSHAN, TIANSHAN_NO), request("R20261208012", TIANSHAN, TIANSHAN_NO)]


def test_identical_requests_without_a_reference_are_listed_as_ambiguous_with_their_candidates():
    result = match([invoice("1", TIANSHAN, TIANSHAN_NO)], COLLEAGUES)
    assert result.matched == ()
    [ambiguous] = result.ambiguous
    assert isinstance(ambiguous, Ambiguous)
    assert [c.request_id for c in ambiguous.candidates] == ["R20261208011", "R20261208012"]
    assert ambiguous.reason == ("有2个开票申请的购买方纳税人识别号和金额（350.00元）都与此发票相同"
                                "（申请号 R20261208011、R20261208012），请人工指定；开票时在备注中注明申请号可自动匹配")


def test_the_request_id_in_the_remarks_tells_colleagues_apart():
    invoices = [invoice("1", TIANSHAN, TIANSHAN_NO, remarks="申请号 R20261208012"),
                invoice("2", TIANSHAN, TIANSHAN_NO, remarks="申请号 R20261208011")]
    assert pairs(match(invoices, COLLEAGUES)) == {"1": "R20261208012", "2": "R20261208011"}


def test_one_reference_settles_both_whatever_the_order_of_the_files():
    with_reference = invoice("1", TIANSHAN, TIANSHAN_NO, remarks="R20261208011")
    without = invoice("2", TIANSHAN, TIANSHAN_NO)
    for order in ([with_reference, without], [without, with_reference]):
        assert pairs(match(order, COLLEAGUES)) == {"1": "R20261208011", "2": "R20261208012"}


def test_a_short_request_id_is_not_taken_from_any_number_on_the_invoice():
    short = [request("12", TIANSHAN, TIANSHAN_NO), request("13", TIANSHAN, TIANSHAN_NO)]
    result = match([invoice("1", TIANSHAN, TIANSHAN_NO, remarks="2026年12月")], short)
    assert result.matched == () and len(result.ambiguous) == 1


def test_a_reference_outside_the_remarks_does_not_count():
    issued = dataclasses.replace(invoice("1", TIANSHAN, TIANSHAN_NO), text="R20261208011 名称:x")
    assert len(match([issued], COLLEAGUES).ambiguous) == 1


# --- invoices set aside ------------------------------------------------------------------------


def test_the_same_invoice_uploaded_twice_is_matched_once():
    first = invoice("26652000000000000001", TIANSHAN, TIANSHAN_NO)
    again = dataclasses.replace(first, filename="副本.pdf")
    result = match([first, again], [request("R20261208001", TIANSHAN, TIANSHAN_NO)])
    assert len(result.matched) == 1
    assert result.unmatched[0].invoice.filename == "副本.pdf"
    assert result.unmatched[0].reason == ("与文件“26652000000000000001.pdf”是同一张发票"
                                          "（发票号码 26652000000000000001），重复上传")


def test_a_second_invoice_for_an_already_matched_request_is_flagged_as_a_possible_double():
    result = match([invoice("1", TIANSHAN, TIANSHAN_NO), invoice("2", TIANSHAN, TIANSHAN_NO)],
                   [request("R20261208001", TIANSHAN, TIANSHAN_NO)])
    assert pairs(result) == {"1": "R20261208001"}
    assert result.unmatched[0].reason == "对应的开票申请（申请号 R20261208001）已与发票 1 匹配，请核对是否重复开票"


def test_a_red_letter_invoice_is_left_to_a_person():
    result = match([invoice("1", TIANSHAN, TIANSHAN_NO, total_fen=-35000)],
                   [request("R20261208001", TIANSHAN, TIANSHAN_NO)])
    assert result.matched == ()
    assert result.unmatched[0].reason == "红字发票（负数金额）不自动匹配，请人工处理对应的红冲记录"
    assert [r.request_id for r in result.requests_without_invoice] == ["R20261208001"]


def test_each_request_and_each_invoice_is_used_at_most_once():
    invoices = [invoice(str(n), TIANSHAN, TIANSHAN_NO, remarks=f"R2026120800{n % 2 + 1}") for n in range(1, 5)]
    requests = [request("R20261208001", TIANSHAN, TIANSHAN_NO), request("R20261208002", TIANSHAN, TIANSHAN_NO)]
    result = match(invoices, requests)
    used = [m.request.request_id for m in result.matched]
    assert sorted(used) == ["R20261208001", "R20261208002"]
    assert all(isinstance(m, Match) for m in result.matched)
    assert len(result.matched) + len(result.unmatched) + len(result.ambiguous) == 4
