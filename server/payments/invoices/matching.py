"""Which issued invoice belongs to which invoice request (开票申请).

Finance staff issue the invoices from the exported requests; the files they upload back are matched
here, by what the invoice itself prints:

1. the buyer's taxpayer number and the amount (价税合计) — a unit's invoice;
2. else the exact title (buyer name, spaces and full-width forms aside) and the amount, when the
   taxpayer numbers do not contradict each other — a person's invoice, which has no number.

When several requests fit (colleagues whose unit paid for each of them: same title, number and
amount), the request whose id is printed in the invoice's 备注 wins; without it the invoice is
listed as ambiguous, for a person to assign. Matches free requests for others, so the rules are
applied until nothing changes: the result does not depend on the order of the files. Every invoice
not matched is listed with the reason, in Chinese.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from server.money import format_yuan
from server.payments.invoices.issued import IssuedInvoice

MIN_REFERENCE_LENGTH = 6  # shorter ids could be any number printed on the invoice
_REMARKS = re.compile(r"备\s*注")


@dataclass(frozen=True)
class InvoiceRequest:
    request_id: str
    title: str  # 发票抬头
    taxpayer_number: str  # "" for a person
    amount_fen: int
    email: str


@dataclass(frozen=True)
class Match:
    invoice: IssuedInvoice
    request: InvoiceRequest
    by: Literal["taxpayer_number", "title"]


@dataclass(frozen=True)
class Unmatched:
    invoice: IssuedInvoice
    reason: str


@dataclass(frozen=True)
class Ambiguous:
    invoice: IssuedInvoice
    candidates: tuple[InvoiceRequest, ...]
    reason: str


@dataclass(frozen=True)
class MatchResult:
    matched: tuple[Match, ...]
    ambiguous: tuple[Ambiguous, ...]
    unmatched: tuple[Unmatched, ...]
    requests_without_invoice: tuple[InvoiceRequest, ...]


def _title(value: str) -> str:
    return "".join(unicodedata.normalize("NFKC", value).split())


def _number(value: str) -> str:
    return _title(value).upper()


def _by_taxpayer_number(invoice: IssuedInvoice, request: InvoiceRequest) -> bool:
    number = _number(invoice.buyer_taxpayer_number)
    return (bool(number) and number == _number(request.taxpayer_number)
            and invoice.total_fen == request.amount_fen)


def _by_title(invoice: IssuedInvoice, request: InvoiceRequest) -> bool:
    ours, theirs = _number(request.taxpayer_number), _number(invoice.buyer_taxpayer_number)
    return (_title(invoice.buyer_name) == _title(request.title)
            and invoice.total_fen == request.amount_fen and not (ours and theirs and ours != theirs))


Rule = Callable[[IssuedInvoice, InvoiceRequest], bool]
RULES: tuple[tuple[Literal["taxpayer_number", "title"], Rule], ...] = (
    ("taxpayer_number", _by_taxpayer_number), ("title", _by_title))


def _remarks(invoice: IssuedInvoice) -> str:
    found = _REMARKS.search(invoice.text)
    return invoice.text[found.end():] if found else ""


def _named_in_remarks(invoice: IssuedInvoice, request: InvoiceRequest) -> bool:
    reference = request.request_id.strip()
    if len(reference) < MIN_REFERENCE_LENGTH:
        return False
    return re.search(rf"(?<![0-9A-Za-z]){re.escape(reference)}(?![0-9A-Za-z])", _remarks(invoice)) is not None


def _pick(invoice: IssuedInvoice, candidates: list[InvoiceRequest]) -> InvoiceRequest | None:
    """The one candidate, or the one of several the remarks name (or the title, among numbers)."""
    if len(candidates) == 1:
        return candidates[0]
    for narrower in (lambda r: _named_in_remarks(invoice, r),
                     lambda r: _title(r.title) == _title(invoice.buyer_name)):
        narrowed = [request for request in candidates if narrower(request)]
        if len(narrowed) == 1:
            return narrowed[0]
    return None


def _duplicates(invoices: Iterable[IssuedInvoice]) -> tuple[list[IssuedInvoice], list[Unmatched]]:
    """Invoices to match, and the ones set aside at once: repeated numbers, red-letter invoices."""
    first: dict[str, IssuedInvoice] = {}
    to_match, set_aside = [], []
    for invoice in invoices:
        if invoice.number in first:
            set_aside.append(Unmatched(invoice, f"与文件“{first[invoice.number].filename}”是同一张发票"
                                                f"（发票号码 {invoice.number}），重复上传"))
        elif invoice.total_fen <= 0:
            first[invoice.number] = invoice
            set_aside.append(Unmatched(invoice, "红字发票（负数金额）不自动匹配，请人工处理对应的红冲记录"))
        else:
            first[invoice.number] = invoice
            to_match.append(invoice)
    return to_match, set_aside


def match(invoices: Iterable[IssuedInvoice], requests: Iterable[InvoiceRequest]) -> MatchResult:
    """Pair each invoice with at most one request and each request with at most one invoice."""
    pending, set_aside = _duplicates(invoices)
    open_requests = list(requests)
    matched: list[Match] = []
    progress = True
    while progress and pending:
        progress = False
        for by, rule in RULES:
            for invoice in list(pending):
                chosen = _pick(invoice, [r for r in open_requests if rule(invoice, r)])
                if chosen is not None:
                    matched.append(Match(invoice, chosen, by))
                    pending.remove(invoice)
                    open_requests.remove(chosen)
                    progress = True
    ambiguous, unmatched = _explain(pending, open_requests, matched)
    return MatchResult(tuple(matched), tuple(ambiguous), tuple(set_aside + unmatched),
                       tuple(open_requests))


# --- why an invoice was not matched -----------------------------------------------------------


def _explain(pending: list[IssuedInvoice], open_requests: list[InvoiceRequest],
             matched: list[Match]) -> tuple[list[Ambiguous], list[Unmatched]]:
    ambiguous, unmatched = [], []
    for invoice in pending:
        for by, rule in RULES:
            candidates = tuple(r for r in open_requests if rule(invoice, r))
            if len(candidates) > 1:
                ambiguous.append(Ambiguous(invoice, candidates, _ambiguity(invoice, candidates, by)))
                break
        else:
            unmatched.append(Unmatched(invoice, _no_request(invoice, open_requests, matched)))
    return ambiguous, unmatched


def _ambiguity(invoice: IssuedInvoice, candidates: tuple[InvoiceRequest, ...], by: str) -> str:
    what = "购买方纳税人识别号" if by == "taxpayer_number" else "发票抬头"
    ids = "、".join(request.request_id for request in candidates)
    return (f"有{len(candidates)}个开票申请的{what}和金额（{format_yuan(invoice.total_fen)}元）都与此发票相同"
            f"（申请号 {ids}），请人工指定；开票时在备注中注明申请号可自动匹配")


def _no_request(invoice: IssuedInvoice, open_requests: list[InvoiceRequest], matched: list[Match]) -> str:
    amount = format_yuan(invoice.total_fen)
    number, title = _number(invoice.buyer_taxpayer_number), _title(invoice.buyer_name)
    for taken in matched:
        if any(rule(invoice, taken.request) for _, rule in RULES):
            return (f"对应的开票申请（申请号 {taken.request.request_id}）已与发票 {taken.invoice.number} 匹配，"
                    "请核对是否重复开票")
    for request in open_requests:
        same_number = bool(number) and number == _number(request.taxpayer_number)
        if same_number or title == _title(request.title):
            if request.amount_fen != invoice.total_fen:
                return (f"开票申请（申请号 {request.request_id}）的金额为{format_yuan(request.amount_fen)}元，"
                        f"与发票金额{amount}元不符")
            return (f"发票抬头与开票申请（申请号 {request.request_id}）相同，但纳税人识别号不同"
                    f"（发票：{invoice.buyer_taxpayer_number or '无'}，申请：{request.taxpayer_number or '无'}），请核对")
    described = f"纳税人识别号为 {invoice.buyer_taxpayer_number} 或" if number else ""
    return f"没有购买方{described}抬头为“{invoice.buyer_name}”、金额为{amount}元的开票申请"
