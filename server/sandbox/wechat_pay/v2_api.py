"""WeChat Pay API v2 as the sandbox plays it: XML in, XML out, signed with the v2 key.

A request's signature is checked by its own sign_type (MD5 when absent) and the reply is signed
the same way, as the real service does. Communication errors answer return_code FAIL (unsigned);
business errors answer result_code FAIL with err_code, signed.
"""
from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, current_app, g, request

from server.clock import BEIJING
from server.payments.providers import v2_signing, v2_xml
from server.sandbox.wechat_pay import bill
from server.sandbox.wechat_pay.stand_in import WeChatPayStandIn
from server.sandbox.wechat_pay.world import OrderFields, Refusal, SandboxOrder, SandboxRefund

bp = Blueprint("sandbox_wechat_pay_v2", __name__)

_V2_REFUND_STATE = {"PROCESSING": "PROCESSING", "SUCCESS": "SUCCESS", "CLOSED": "REFUNDCLOSE",
                    "ABNORMAL": "CHANGE"}


def _stand_in() -> WeChatPayStandIn:
    return current_app.extensions["sandbox"].wechat_pay


def _now() -> float:
    return current_app.extensions["sandbox"].clock()


def _xml(fields: dict[str, Any]) -> Response:
    return Response(v2_xml.render(fields), mimetype="text/xml")


def _fail(message: str) -> Response:
    return _xml({"return_code": "FAIL", "return_msg": message})


def _signed(fields: dict[str, Any], result_code: str = "SUCCESS") -> Response:
    stand_in = _stand_in()
    reply = {"return_code": "SUCCESS", "return_msg": "OK", "appid": stand_in.app_id,
             "mch_id": stand_in.settings.mch_id, "nonce_str": secrets.token_hex(16),
             "result_code": result_code, **fields}
    reply["sign"] = v2_signing.sign(reply, stand_in.settings.api_v2_key, g.v2_sign_type)
    return _xml(reply)


def _refused(refusal: Refusal) -> Response:
    return _signed({"err_code": refusal.v2_code, "err_code_des": refusal.message}, "FAIL")


@bp.before_request
def authenticate() -> Response | None:
    """Parse, then check merchant, app and signature, like the gateway; g.v2 holds the fields."""
    stand_in = _stand_in()
    try:
        fields = v2_xml.parse(request.get_data())
    except v2_xml.MalformedXml:
        return _fail("XML格式错误")
    g.v2_sign_type = fields.get("sign_type") or v2_signing.MD5
    if g.v2_sign_type not in v2_signing.SIGN_TYPES:
        return _fail("签名类型错误")
    if fields.get("mch_id") != stand_in.settings.mch_id:
        return _fail("mch_id参数格式错误或商户号不存在")
    if fields.get("appid") != stand_in.app_id:
        return _fail("appid和mch_id不匹配")
    if not v2_signing.verify(fields, stand_in.settings.api_v2_key):
        return _fail("签名错误")
    g.v2 = fields
    return None


def _fen(name: str) -> int | None:
    value = g.v2.get(name, "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def _missing(*names: str) -> Response | None:
    absent = [name for name in names if not g.v2.get(name)]
    return _fail(f"缺少参数{absent[0]}") if absent else None


def _compact(moment: float | None) -> str | None:
    return datetime.fromtimestamp(moment, BEIJING).strftime("%Y%m%d%H%M%S") if moment else None


def _dashed(moment: float | None) -> str | None:
    return datetime.fromtimestamp(moment, BEIJING).strftime("%Y-%m-%d %H:%M:%S") if moment else None


@bp.post("/pay/unifiedorder")
def unified_order():
    fields = g.v2
    trade_type = fields.get("trade_type")
    missing = _missing("body", "out_trade_no", "total_fee", "spbill_create_ip", "notify_url",
                       "trade_type")
    if missing:
        return missing
    if trade_type not in ("JSAPI", "NATIVE"):
        return _fail("trade_type 仅支持 JSAPI 与 NATIVE")
    if _fen("total_fee") is None:
        return _fail("total_fee 必须是正整数（分）")
    if trade_type == "JSAPI" and not fields.get("openid"):
        return _refused(Refusal(400, "PARAM_ERROR", "PARAM_ERROR", "JSAPI支付必须传openid"))
    expires = fields.get("time_expire")
    try:
        expires_at = (datetime.strptime(expires, "%Y%m%d%H%M%S").replace(tzinfo=BEIJING).timestamp()
                      if expires else None)
    except ValueError:
        return _fail("time_expire 格式错误")
    try:
        order = _stand_in().world.open_order(OrderFields(
            api="v2", out_trade_no=fields["out_trade_no"], trade_type=trade_type,
            app_id=fields["appid"], description=fields["body"], amount_fen=_fen("total_fee"),
            notify_url=fields["notify_url"], expires_at=expires_at,
            payer_openid=fields.get("openid") or None, attach=fields.get("attach") or None,
            signing=g.v2_sign_type))
    except Refusal as refusal:
        return _refused(refusal)
    return _signed({"trade_type": trade_type, "prepay_id": order.prepay_id,
                    "code_url": order.code_url})


def _trade_fields(order: SandboxOrder) -> dict[str, Any]:
    fields = {"out_trade_no": order.out_trade_no, "trade_type": order.trade_type,
              "trade_state": order.state, "total_fee": order.amount_fen, "fee_type": "CNY",
              "attach": order.attach, "trade_state_desc": order.state}
    if order.is_paid:
        fields.update({"transaction_id": order.transaction_id, "openid": order.payer_openid,
                       "bank_type": "OTHERS", "cash_fee": order.amount_fen,
                       "time_end": _compact(order.paid_at), "is_subscribe": "N"})
    return fields


@bp.post("/pay/orderquery")
def order_query():
    world = _stand_in().world
    try:
        if g.v2.get("transaction_id"):
            order = world.order_by_transaction(g.v2["transaction_id"])
        elif g.v2.get("out_trade_no"):
            order = world.order(g.v2["out_trade_no"])
        else:
            return _fail("缺少参数out_trade_no")
    except Refusal as refusal:
        return _refused(refusal)
    return _signed(_trade_fields(order))


@bp.post("/pay/closeorder")
def close_order():
    missing = _missing("out_trade_no")
    if missing:
        return missing
    try:
        _stand_in().world.close(g.v2["out_trade_no"])
    except Refusal as refusal:
        return _refused(refusal)
    return _signed({"result_msg": "OK"})


@bp.post("/secapi/pay/refund")
def refund():
    fields = g.v2
    missing = _missing("out_refund_no", "total_fee", "refund_fee")
    if missing:
        return missing
    if not (fields.get("out_trade_no") or fields.get("transaction_id")):
        return _fail("缺少参数out_trade_no")
    total, refund_fen = _fen("total_fee"), _fen("refund_fee")
    if total is None or refund_fen is None:
        return _fail("total_fee 与 refund_fee 必须是正整数（分）")
    try:
        made = _stand_in().world.refund(
            api="v2", out_trade_no=fields.get("out_trade_no") or None,
            transaction_id=fields.get("transaction_id") or None,
            out_refund_no=fields["out_refund_no"], refund_fen=refund_fen, total_fen=total,
            reason=fields.get("refund_desc") or None, notify_url=fields.get("notify_url") or None,
            signing=g.v2_sign_type)
    except Refusal as refusal:
        return _refused(refusal)
    return _signed({"transaction_id": made.transaction_id, "out_trade_no": made.out_trade_no,
                    "out_refund_no": made.out_refund_no, "refund_id": made.refund_id,
                    "refund_fee": made.refund_fen, "total_fee": made.total_fen,
                    "cash_fee": made.total_fen, "refund_channel": ""})


def _refund_fields(refund: SandboxRefund) -> dict[str, Any]:
    return {"transaction_id": refund.transaction_id, "out_trade_no": refund.out_trade_no,
            "total_fee": refund.total_fen, "cash_fee": refund.total_fen, "refund_count": 1,
            "refund_fee": refund.refund_fen, "out_refund_no_0": refund.out_refund_no,
            "refund_id_0": refund.refund_id, "refund_channel_0": "ORIGINAL",
            "refund_fee_0": refund.refund_fen,
            "refund_status_0": _V2_REFUND_STATE[refund.state],
            "refund_recv_accout_0": "支付用户零钱",
            "refund_success_time_0": _dashed(refund.succeeded_at)}


@bp.post("/pay/refundquery")
def refund_query():
    missing = _missing("out_refund_no")
    if missing:
        return missing
    try:
        return _signed(_refund_fields(_stand_in().world.refund_record(g.v2["out_refund_no"])))
    except Refusal as refusal:
        return _refused(refusal)


@bp.post("/pay/downloadbill")
def download_bill():
    stand_in = _stand_in()
    try:
        day = datetime.strptime(g.v2.get("bill_date", ""), "%Y%m%d").date()
    except ValueError:
        return _xml({"return_code": "FAIL", "return_msg": "invalid bill_date", "error_code": "20001"})
    if day > stand_in.world.day_of(_now()):
        return _xml({"return_code": "FAIL", "return_msg": "invalid bill_date", "error_code": "20001"})
    text = bill.render(stand_in.world, day, stand_in.app_id)
    if text is None:
        return _xml({"return_code": "FAIL", "return_msg": "No Bill Exist", "error_code": "20002"})
    return Response(text.encode("utf-8"), mimetype="text/plain")
