"""WeChat Pay API v3 as the sandbox plays it: /v3/pay/transactions/..., refunds, bills, certificates.

Requests are authenticated like the real gateway (the WECHATPAY2-SHA256-RSA2048 Authorization
over method, path, timestamp, nonce and body, with the merchant's key and serial; timestamps
within 5 minutes). Every reply is signed with the key the request named in Wechatpay-Serial:
the WeChat Pay public key's id, or else the platform certificate.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import secrets
import uuid
from datetime import date, datetime
from typing import Any

from flask import Blueprint, Response, current_app, g, request

from server.clock import BEIJING
from server.payments.providers import v3_signing
from server.sandbox.wechat_pay import bill
from server.sandbox.wechat_pay.stand_in import WeChatPayStandIn
from server.sandbox.wechat_pay.world import OrderFields, Refusal, SandboxOrder, SandboxRefund

bp = Blueprint("sandbox_wechat_pay_v3", __name__, url_prefix="/v3")

SIGNATURE_WINDOW_SECONDS = 300


def _stand_in() -> WeChatPayStandIn:
    return current_app.extensions["sandbox"].wechat_pay


def _now() -> float:
    return current_app.extensions["sandbox"].clock()


def _error(status: int, code: str, message: str) -> Response:
    return Response(json.dumps({"code": code, "message": message}, ensure_ascii=False),
                    status=status, mimetype="application/json")


def _json(payload: dict[str, Any], status: int = 200) -> Response:
    return Response(json.dumps(payload, ensure_ascii=False), status=status,
                    mimetype="application/json")


def _refused(refusal: Refusal) -> Response:
    return _error(refusal.v3_status, refusal.v3_code, refusal.message)


@bp.before_request
def authenticate() -> Response | None:
    stand_in = _stand_in()
    settings = stand_in.settings
    g.wechat_pay_signing = ("public_key" if request.headers.get("Wechatpay-Serial")
                            == settings.public_key_id else "certificate")
    fields = v3_signing.parse_authorization(request.headers.get("Authorization"))
    if fields is None:
        return _error(401, "SIGN_ERROR", "Authorization 头缺失或不是 WECHATPAY2-SHA256-RSA2048")
    timestamp = fields.get("timestamp", "")
    if fields.get("mchid") != settings.mch_id:
        return _error(401, "SIGN_ERROR", "mchid 与签名商户不一致")
    if fields.get("serial_no") != settings.merchant_serial:
        return _error(401, "SIGN_ERROR", "商户证书序列号有误")
    if not timestamp.isdigit() or abs(_now() - int(timestamp)) > SIGNATURE_WINDOW_SECONDS:
        return _error(401, "SIGN_ERROR", "签名时间戳已过期")
    path = request.environ.get("RAW_URI") or request.full_path.rstrip("?")
    signed = v3_signing.message(request.method, path, timestamp, fields.get("nonce_str", ""),
                                request.get_data())
    if not v3_signing.verify(settings.merchant_key.public_key(), signed,
                             fields.get("signature", "")):
        return _error(401, "SIGN_ERROR", "签名错误")
    return None


@bp.after_request
def sign_reply(response: Response) -> Response:
    settings = _stand_in().settings
    if g.get("wechat_pay_signing") == "public_key":
        key, serial = settings.wechatpay_key, settings.public_key_id
    else:
        key, serial = settings.platform_key, settings.platform_serial
    timestamp, nonce = str(int(_now())), secrets.token_hex(16)
    body = b"" if response.direct_passthrough else response.get_data()
    response.headers.update({
        "Request-ID": str(uuid.uuid4()), "Wechatpay-Timestamp": timestamp,
        "Wechatpay-Nonce": nonce, "Wechatpay-Serial": serial,
        "Wechatpay-Signature-Type": v3_signing.SIGNATURE_TYPE,
        "Wechatpay-Signature": v3_signing.sign(key, v3_signing.message(timestamp, nonce, body))})
    return response


# -- orders --------------------------------------------------------------------------------

def _body() -> dict[str, Any] | None:
    try:
        body = json.loads(request.get_data() or b"null")
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _open(trade_type: str) -> Response:
    stand_in = _stand_in()
    body = _body()
    if body is None:
        return _error(400, "PARAM_ERROR", "请求体不是 JSON 对象")
    if body.get("appid") != stand_in.app_id or body.get("mchid") != stand_in.settings.mch_id:
        return _error(400, "APPID_MCHID_NOT_MATCH", "AppID和mch_id不匹配")
    amount = body.get("amount") if isinstance(body.get("amount"), dict) else {}
    payer = body.get("payer") if isinstance(body.get("payer"), dict) else {}
    total = amount.get("total")
    for name, value in (("description", body.get("description")),
                        ("out_trade_no", body.get("out_trade_no")),
                        ("notify_url", body.get("notify_url"))):
        if not isinstance(value, str) or not value:
            return _error(400, "PARAM_ERROR", f"输入源“/body/{name}”映射到字段缺失或为空")
    if not isinstance(total, int) or isinstance(total, bool) or total < 1:
        return _error(400, "PARAM_ERROR", "输入源“/body/amount/total”必须是正整数（分）")
    if trade_type == "JSAPI" and not payer.get("openid"):
        return _error(400, "PARAM_ERROR", "输入源“/body/payer/openid”映射到字段缺失")
    expires = body.get("time_expire")
    try:
        expires_at = datetime.fromisoformat(expires).timestamp() if expires else None
    except (TypeError, ValueError):
        return _error(400, "PARAM_ERROR", "time_expire 格式错误，应为 RFC3339")
    try:
        order = stand_in.world.open_order(OrderFields(
            api="v3", out_trade_no=body["out_trade_no"], trade_type=trade_type,
            app_id=body["appid"], description=body["description"], amount_fen=total,
            notify_url=body["notify_url"], expires_at=expires_at,
            payer_openid=payer.get("openid"), attach=body.get("attach"),
            signing=g.wechat_pay_signing))
    except Refusal as refusal:
        return _refused(refusal)
    return _json({"prepay_id": order.prepay_id} if trade_type == "JSAPI"
                 else {"code_url": order.code_url})


@bp.post("/pay/transactions/jsapi")
def jsapi():
    return _open("JSAPI")


@bp.post("/pay/transactions/native")
def native():
    return _open("NATIVE")


def _rfc3339(moment: float | None) -> str | None:
    return datetime.fromtimestamp(moment, BEIJING).isoformat(timespec="seconds") if moment else None


_STATE_DESC = {"NOTPAY": "订单未支付", "SUCCESS": "支付成功", "REFUND": "转入退款",
               "CLOSED": "订单已关闭"}


def trade_json(order: SandboxOrder, app_id: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "appid": app_id, "mchid": order.mch_id, "out_trade_no": order.out_trade_no,
        "trade_type": order.trade_type, "trade_state": order.state,
        "trade_state_desc": _STATE_DESC.get(order.state, order.state),
        "attach": order.attach or "",
        "amount": {"total": order.amount_fen, "currency": "CNY"}}
    if order.is_paid:
        data.update({"transaction_id": order.transaction_id, "bank_type": "OTHERS",
                     "success_time": _rfc3339(order.paid_at),
                     "payer": {"openid": order.payer_openid}})
        data["amount"].update({"payer_total": order.amount_fen, "payer_currency": "CNY"})
    return data


def _query(find) -> Response:
    stand_in = _stand_in()
    if request.args.get("mchid") != stand_in.settings.mch_id:
        return _error(400, "PARAM_ERROR", "mchid 缺失或与商户不一致")
    try:
        order = find()
    except Refusal as refusal:
        return _refused(refusal)
    return _json(trade_json(order, stand_in.app_id))


@bp.get("/pay/transactions/out-trade-no/<out_trade_no>")
def query_by_out_trade_no(out_trade_no: str):
    return _query(lambda: _stand_in().world.order(out_trade_no))


@bp.get("/pay/transactions/id/<transaction_id>")
def query_by_id(transaction_id: str):
    return _query(lambda: _stand_in().world.order_by_transaction(transaction_id))


@bp.post("/pay/transactions/out-trade-no/<out_trade_no>/close")
def close(out_trade_no: str):
    stand_in = _stand_in()
    body = _body() or {}
    if body.get("mchid") != stand_in.settings.mch_id:
        return _error(400, "PARAM_ERROR", "mchid 缺失或与商户不一致")
    try:
        stand_in.world.close(out_trade_no)
    except Refusal as refusal:
        return _refused(refusal)
    return Response(status=204)


# -- refunds -------------------------------------------------------------------------------

def refund_json(refund: SandboxRefund) -> dict[str, Any]:
    return {
        "refund_id": refund.refund_id, "out_refund_no": refund.out_refund_no,
        "transaction_id": refund.transaction_id, "out_trade_no": refund.out_trade_no,
        "channel": "ORIGINAL", "user_received_account": "支付用户零钱",
        "success_time": _rfc3339(refund.succeeded_at), "create_time": _rfc3339(refund.created_at),
        "status": refund.state, "funds_account": "AVAILABLE",
        "amount": {"total": refund.total_fen, "refund": refund.refund_fen,
                   "payer_total": refund.total_fen, "payer_refund": refund.refund_fen,
                   "settlement_total": refund.total_fen, "settlement_refund": refund.refund_fen,
                   "discount_refund": 0, "currency": "CNY"}}


@bp.post("/refund/domestic/refunds")
def refund():
    body = _body()
    amount = (body or {}).get("amount")
    if body is None or not isinstance(amount, dict) or not body.get("out_refund_no") \
            or not (body.get("out_trade_no") or body.get("transaction_id")):
        return _error(400, "PARAM_ERROR", "缺少 out_refund_no、amount 或订单号")
    refund_fen, total_fen = amount.get("refund"), amount.get("total")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (refund_fen, total_fen)):
        return _error(400, "PARAM_ERROR", "amount.refund 与 amount.total 必须是整数（分）")
    try:
        made = _stand_in().world.refund(
            api="v3", out_trade_no=body.get("out_trade_no"),
            transaction_id=body.get("transaction_id"), out_refund_no=body["out_refund_no"],
            refund_fen=refund_fen, total_fen=total_fen, reason=body.get("reason"),
            notify_url=body.get("notify_url"), signing=g.wechat_pay_signing)
    except Refusal as refusal:
        return _refused(refusal)
    return _json(refund_json(made))


@bp.get("/refund/domestic/refunds/<out_refund_no>")
def query_refund(out_refund_no: str):
    try:
        return _json(refund_json(_stand_in().world.refund_record(out_refund_no)))
    except Refusal as refusal:
        return _refused(refusal)


# -- bills and certificates ----------------------------------------------------------------

@bp.get("/bill/tradebill")
def trade_bill():
    stand_in = _stand_in()
    try:
        day = date.fromisoformat(request.args.get("bill_date", ""))
    except ValueError:
        return _error(400, "PARAM_ERROR", "bill_date 格式应为 YYYY-MM-DD")
    if day > stand_in.world.day_of(_now()):
        return _error(400, "INVALID_REQUEST", "账单日期不能晚于今天")
    text = bill.render(stand_in.world, day, stand_in.app_id)
    if text is None:
        return _error(400, "NO_STATEMENT_EXIST", "账单文件不存在")
    raw = text.encode("utf-8")
    token = stand_in.world.keep_bill(gzip.compress(raw) if request.args.get("tar_type") == "GZIP"
                                     else raw)
    return _json({"hash_type": "SHA1", "hash_value": hashlib.sha1(raw).hexdigest(),
                  "download_url": f"{request.host_url}v3/billdownload/file?token={token}"})


@bp.get("/billdownload/file")
def bill_download():
    content = _stand_in().world.bill_file(request.args.get("token", ""))
    if content is None:
        return _error(400, "INVALID_REQUEST", "下载令牌无效或已过期")
    return Response(content, mimetype="application/octet-stream")


@bp.get("/certificates")
def certificates():
    settings = _stand_in().settings
    certificate = settings.platform_certificate
    nonce = secrets.token_hex(6)
    return _json({"data": [{
        "serial_no": settings.platform_serial,
        "effective_time": certificate.not_valid_before_utc.astimezone(BEIJING).isoformat(),
        "expire_time": certificate.not_valid_after_utc.astimezone(BEIJING).isoformat(),
        "encrypt_certificate": {
            "algorithm": v3_signing.ALGORITHM, "nonce": nonce, "associated_data": "certificate",
            "ciphertext": v3_signing.encrypt(settings.api_v3_key, nonce, "certificate",
                                             settings.platform_certificate_pem().encode())}}]})
