"""The pages a person reads: the index, and the SMS inbox the demo uses to read a code."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, current_app, render_template_string, request

from server.clock import BEIJING

bp = Blueprint("sandbox_pages", __name__)


_INDEX = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>本地沙箱</title></head>
<body>
<h1>本地沙箱（代替微信、微信支付、腾讯云短信与邮件服务器）</h1>
<p>此服务仅用于开发与测试，代替真实的外部系统；生产环境从不使用。</p>
<ul>
  <li><a href="{{ url_for('sandbox_pages.sms_inbox') }}">短信收件箱</a></li>
  <li><a href="{{ url_for('sandbox_mail.mailbox') }}">邮箱</a></li>
  <li><a href="{{ url_for('sandbox_wechat_pay.page') }}">微信支付（模拟用户付款、完成退款）</a></li>
  <li><a href="{{ url_for('sandbox_wechat_pages.official_account') }}">公众号用户端</a>（发消息、关注、扫码、取消关注，看我们的回复）</li>
  <li><a href="{{ url_for('sandbox_wechat_pages.messages') }}">微信消息</a>（发出的订阅消息和模板消息）</li>
  <li><a href="{{ url_for('sandbox_control.records') }}">调用记录（JSON）</a></li>
</ul>
</body></html>"""

_INBOX = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>沙箱短信收件箱</title>
{% if refresh %}<meta http-equiv="refresh" content="{{ refresh }}">{% endif %}
<style>
 body{font-family:sans-serif;margin:2em} table{border-collapse:collapse}
 th,td{border:1px solid #ccc;padding:.4em .8em;text-align:left} td.code{font-size:1.4em;font-weight:bold;letter-spacing:.1em}
</style></head>
<body>
<h1>沙箱短信收件箱</h1>
<p>这里列出发往沙箱的短信（最新的在最前），代替用户的手机查看验证码和通知。<a href="{{ url_for('sandbox_pages.sms_inbox') }}">刷新</a></p>
{% if messages %}
<table id="sms-messages">
 <thead><tr><th>发送时间（北京时间）</th><th>手机号</th><th>验证码</th><th>有效期（分钟）</th><th>短信内容</th><th>签名</th><th>模板</th></tr></thead>
 <tbody>
 {% for m in messages %}
  <tr class="sms-message" data-phone="{{ m.phone }}">
   <td>{{ m.sent_at }}</td><td class="phone">{{ m.phone }}</td><td class="code">{{ m.code or "" }}</td>
   <td>{{ m.ttl }}</td><td class="text">{{ m.text }}</td><td>{{ m.sign_name }}</td><td>{{ m.template_id }}</td>
  </tr>
 {% endfor %}
 </tbody>
</table>
{% else %}
<p id="sms-empty">还没有收到短信。</p>
{% endif %}
</body></html>"""


def beijing_time(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def newest_messages(phones: set[str] | None = None) -> list[dict]:
    """SMS newest first (to `phones` only, when given): a registered template shows as its text,
    any other as a verification code (its first parameter) and lifetime (its second)."""
    context = current_app.extensions["sandbox"]
    shown = []
    for message in reversed(context.recorder.sms_messages):
        if phones and message.phone not in phones:
            continue
        text = context.sms_templates.render(message.template_id, message.params)
        code_template = text is None
        shown.append({**message.as_json(), "sent_at": beijing_time(message.at), "text": text or "",
                      "code": message.code if code_template else None,
                      "ttl": message.params[1] if code_template and len(message.params) > 1 else ""})
    return shown


@bp.get("/")
@bp.get("/sandbox/")
def index():
    return render_template_string(_INDEX)


@bp.get("/sandbox/sms")
def sms_inbox():
    refresh = request.args.get("refresh", type=int)
    return render_template_string(_INBOX, messages=newest_messages(),
                                  refresh=refresh if refresh and refresh > 0 else None)


@bp.get("/sandbox/sms.json")
def sms_json():
    return {"messages": newest_messages()}
