"""The payments list's filters as they travel in the address: parse (a bad value is reported and
left out, never a 400), and link back."""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from server.accounts.actors import Scope
from server.accounts.models import StaffMember
from server.batches.services import current_batch
from server.handlers.console.review_filters import BAD_BATCH, parse_day, valid_id
from server.payments.listing import PROVIDER_LABELS, STATE_FILTERS, PaymentFilter
from server.reference.options import bundled_options

FILTER_KEYS = ("batch", "prefecture", "state", "from", "to", "provider", "q")


@dataclass
class ParsedPayments:
    query: PaymentFilter
    values: dict[str, str]
    problems: dict[str, str] = field(default_factory=dict)

    def link(self, **changes: object) -> str:
        merged = {**self.values, **{key: str(value) for key, value in changes.items()}}
        return urlencode({key: value for key, value in merged.items() if value})


def parse_payment_filter(args: MultiDict, staff: StaffMember) -> ParsedPayments:
    values = {key: (args.get(key) or "").strip() for key in FILTER_KEYS}
    problems: dict[str, str] = {}
    if not values["batch"]:
        batch = current_batch()
        values["batch"] = str(batch.id) if batch else ""
    batch_id = valid_id(values["batch"])
    if values["batch"] and batch_id is None:
        problems["batch"] = BAD_BATCH
    if values["state"] and values["state"] not in STATE_FILTERS:
        problems["state"] = "状态不正确，请从列表中选择"
        values["state"] = ""
    if values["provider"] and values["provider"] not in PROVIDER_LABELS:
        problems["provider"] = "支付渠道不正确，请从列表中选择"
        values["provider"] = ""
    if values["prefecture"] and bundled_options().prefecture(values["prefecture"]) is None:
        problems["prefecture"] = "所在市州不正确，请从列表中选择"
        values["prefecture"] = ""
    paid_from = parse_day(values["from"], "支付开始日期", "from", problems)
    paid_to = parse_day(values["to"], "支付结束日期", "to", problems)
    page = args.get("page", "")
    query = PaymentFilter(batch_id=batch_id, prefecture_code=values["prefecture"] or None, state=values["state"] or None,
                          paid_from=paid_from, paid_to=paid_to, provider=values["provider"] or None,
                          search=values["q"][:50], page=int(page) if page.isdigit() and len(page) < 7 else 1,
                          scope=Scope.of(staff))
    return ParsedPayments(query, values, problems)
