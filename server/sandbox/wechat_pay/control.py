"""/sandbox/wechat-pay: play the payer's side ("the user paid", refunds completing) over HTTP,
as JSON for scripts and as a page with buttons for the demo. Never part of WeChat's protocol."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, redirect, render_template_string, request, url_for

from server.clock import BEIJING
from server.sandbox.wechat_pay.stand_in import SandboxPayError, WeChatPayStandIn

bp = Blueprint("sandbox_wechat_pay", __name__, url_prefix="/sandbox/wechat-pay")

MAX_COPIES = 100
MAX_DELAY_SECONDS = 600


def _stand_in() -> WeChatPayStandIn:
    return current_app.extensions["sandbox"].wechat_pay


def _options() -> tuple[dict[str, Any], bool]:
    """The request's options (JSON, or the page's form) and whether it came from the page."""
    from_page = not request.is_json
    body = request.form if from_page else (request.get_json(silent=True) or {})
    if not hasattr(body, "get"):
        raise SandboxPayError("请求体应为 JSON 对象")

    def flag(name: str) -> bool:
        value = body.get(name, False)
        return value in (True, "1", "on", "true") if not isinstance(value, bool) else value

    def number(name: str, default: float, top: float) -> float:
        try:
            value = float(body.get(name) or default)
        except (TypeError, ValueError):
            raise SandboxPayError(f"{name} 应为数字") from None
        if not 0 <= value <= top:
            raise SandboxPayError(f"{name} 应在 0 到 {top:g} 之间")
        return value

    amount = body.get("notified_amount_fen")
    options = {
        "copies": int(number("copies", 1, MAX_COPIES)) or 1,
        "delay_seconds": number("delay_seconds", 0, MAX_DELAY_SECONDS),
        "corrupt_signature": flag("corrupt_signature"),
        "notify": not flag("never_notify"),
        "key": str(body.get("out_trade_no") or body.get("out_refund_no") or ""),
        "state": str(body.get("state") or "SUCCESS"),
        "even_if_closed": flag("even_if_closed"),
        "notified_amount_fen": int(amount) if str(amount or "").isdigit() else None,
    }
    return options, from_page


def _answer(from_page: bool, message: str, deliveries: list, status: int = 200) -> Response:
    if from_page:
        return redirect(url_for("sandbox_wechat_pay.page", message=message))
    response = jsonify({"message": message, "deliveries": [d.as_json() for d in deliveries]})
    response.status_code = status
    return response


def _act(action) -> Response:
    try:
        options, from_page = _options()
    except SandboxPayError as error:
        return _answer(False, str(error), [], 400)
    try:
        deliveries = action(options)
    except SandboxPayError as error:
        return _answer(from_page, str(error), [], 409)
    answered = ", ".join(str(d.status or d.error) for d in deliveries) or "未发送（延迟或不发送）"
    return _answer(from_page, f"已处理 {options['key']}；通知应答：{answered}", deliveries)


@bp.post("/pay")
def pay():
    """{"out_trade_no", "copies"?, "delay_seconds"?, "corrupt_signature"?, "notified_amount_fen"?,
    "never_notify"?, "even_if_closed"?} → the order is paid and notified."""
    return _act(lambda o: _stand_in().pay(
        o["key"], copies=o["copies"], delay_seconds=o["delay_seconds"],
        corrupt_signature=o["corrupt_signature"], notified_amount_fen=o["notified_amount_fen"],
        notify=o["notify"], even_if_closed=o["even_if_closed"]))


@bp.post("/refunds/finish")
def finish_refund():
    """{"out_refund_no", "state"? (SUCCESS|CLOSED|ABNORMAL), "copies"?, ...} → refund notified."""
    return _act(lambda o: _stand_in().finish_refund(
        o["key"], state=o["state"], copies=o["copies"], delay_seconds=o["delay_seconds"],
        corrupt_signature=o["corrupt_signature"], notify=o["notify"]))


@bp.get("/orders")
def orders():
    stand_in = _stand_in()
    return jsonify({"orders": [o.as_json() for o in stand_in.orders()],
                    "refunds": [r.as_json() for r in stand_in.refunds()]})


@bp.get("/notifications")
def notifications():
    return jsonify({"deliveries": [d.as_json() for d in _stand_in().deliveries]})


def _beijing(moment: float | None) -> str:
    return datetime.fromtimestamp(moment, BEIJING).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>沙箱微信支付</title>
<style>body{font-family:sans-serif;margin:2em} table{border-collapse:collapse;margin-bottom:2em}
th,td{border:1px solid #ccc;padding:.4em .6em;text-align:left;vertical-align:top}
.message{background:#eef;padding:.6em} form{margin:0} label{display:block;font-size:.9em}</style>
</head><body>
<h1>沙箱微信支付（代替用户付款）</h1>
<p>商户号 {{ mch_id }}。这里列出商户在沙箱下的订单；“模拟支付”把订单标为已支付，并向订单的通知地址发送带签名的支付通知。
<a href="{{ url_for('sandbox_wechat_pay.page') }}">刷新</a></p>
{% if message %}<p class="message" id="wechat-pay-message">{{ message }}</p>{% endif %}
<h2>订单</h2>
{% if orders %}
<table id="wechat-pay-orders"><thead><tr><th>商户订单号</th><th>接口</th><th>方式</th><th>商品</th>
<th>金额（元）</th><th>状态</th><th>微信支付单号</th><th>支付时间</th><th>操作</th></tr></thead><tbody>
{% for o in orders %}
<tr class="wechat-pay-order" data-out-trade-no="{{ o.out_trade_no }}" data-state="{{ o.state }}">
<td>{{ o.out_trade_no }}</td><td>{{ o.api }}</td><td>{{ o.trade_type }}</td><td>{{ o.description }}</td>
<td>{{ "%.2f"|format(o.amount_fen / 100) }}</td><td class="state">{{ o.state }}</td>
<td>{{ o.transaction_id or "" }}</td><td>{{ beijing(o.paid_at) }}</td>
<td>{% if not o.is_paid %}
<form method="post" action="{{ url_for('sandbox_wechat_pay.pay') }}">
<input type="hidden" name="out_trade_no" value="{{ o.out_trade_no }}">
<label>通知份数 <input name="copies" value="1" size="3"></label>
<label>延迟秒数 <input name="delay_seconds" value="0" size="3"></label>
<label>通知金额（分） <input name="notified_amount_fen" size="6" placeholder="{{ o.amount_fen }}"></label>
<label><input type="checkbox" name="corrupt_signature"> 篡改签名</label>
<label><input type="checkbox" name="never_notify"> 不发送通知</label>
{% if o.state == "CLOSED" %}<label><input type="checkbox" name="even_if_closed"> 支付已关闭的订单</label>{% endif %}
<button type="submit" class="pay-button">模拟支付</button></form>{% endif %}</td></tr>
{% endfor %}</tbody></table>
{% else %}<p id="wechat-pay-empty">还没有订单。</p>{% endif %}
<h2>退款</h2>
{% if refunds %}
<table id="wechat-pay-refunds"><thead><tr><th>商户退款单号</th><th>商户订单号</th><th>退款金额（元）</th>
<th>原因</th><th>状态</th><th>操作</th></tr></thead><tbody>
{% for r in refunds %}
<tr class="wechat-pay-refund" data-out-refund-no="{{ r.out_refund_no }}"><td>{{ r.out_refund_no }}</td>
<td>{{ r.out_trade_no }}</td><td>{{ "%.2f"|format(r.refund_fen / 100) }}</td><td>{{ r.reason or "" }}</td>
<td class="state">{{ r.state }}</td><td>{% if r.state == "PROCESSING" %}
<form method="post" action="{{ url_for('sandbox_wechat_pay.finish_refund') }}">
<input type="hidden" name="out_refund_no" value="{{ r.out_refund_no }}">
<select name="state"><option value="SUCCESS">退款成功</option><option value="CLOSED">退款关闭</option>
<option value="ABNORMAL">退款异常</option></select>
<label><input type="checkbox" name="corrupt_signature"> 篡改通知</label>
<button type="submit" class="refund-button">完成退款</button></form>{% endif %}</td></tr>
{% endfor %}</tbody></table>
{% else %}<p>还没有退款。</p>{% endif %}
<h2>已发送的通知</h2>
<table id="wechat-pay-deliveries"><thead><tr><th>时间</th><th>类型</th><th>订单号</th><th>地址</th>
<th>应答</th><th>篡改</th></tr></thead><tbody>
{% for d in deliveries %}<tr><td>{{ beijing(d.at) }}</td><td>{{ d.kind }}</td><td>{{ d.out_trade_no }}</td>
<td>{{ d.url }}</td><td>{{ d.status or d.error }}</td><td>{{ "是" if d.corrupted else "" }}</td></tr>{% endfor %}
</tbody></table>
</body></html>"""


@bp.get("")
def page():
    stand_in = _stand_in()
    orders = sorted(stand_in.orders(), key=lambda o: (o.is_paid, -o.created_at))
    return render_template_string(
        _PAGE, orders=orders, refunds=stand_in.refunds(),
        deliveries=list(reversed(stand_in.deliveries)), mch_id=stand_in.settings.mch_id,
        message=request.args.get("message"), beijing=_beijing)
