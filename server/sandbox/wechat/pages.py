"""The WeChat pages a person uses in the demo: the official account's user side (send a text,
follow, scan a QR code, click the menu, leave; read our reply) and the messages we sent.
Plain forms, no JavaScript; the same operations as control_api.py."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template_string, request, url_for

from server.sandbox.pages import beijing_time, newest_messages
from server.sandbox.records import MenuCreated, OfficialAccountPush, SubscribeMessageSent
from server.sandbox.wechat.control_api import messages_for, perform
from server.sandbox.wechat.official_account_user import PushRefused
from server.sms import SmsDeliveryError, to_e164_mainland
from server.wechat.menu import load_menu

bp = Blueprint("sandbox_wechat_pages", __name__, url_prefix="/sandbox/wechat")

_STYLE = """<style>
 body{font-family:sans-serif;margin:2em;max-width:70em} table{border-collapse:collapse;margin:.5em 0}
 th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
 fieldset{margin:1em 0} label{display:inline-block;margin:.2em .8em .2em 0}
 .reply{white-space:pre-wrap;background:#eef6ee;padding:.6em} .error{color:#b00}
 code{font-size:.9em}
</style>"""

_OFFICIAL_ACCOUNT = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>沙箱公众号用户端</title>""" + _STYLE + """</head>
<body>
<h1>沙箱公众号用户端</h1>
<p>在这里扮演公众号的用户：沙箱像微信一样签名（安全模式下加密）后推送到我们的服务器，并显示解密后的回复。
<a href="{{ url_for('sandbox_pages.index') }}">沙箱首页</a> · <a href="{{ url_for('sandbox_wechat_pages.messages') }}">发出的微信消息</a></p>

<form method="post" action="{{ url_for('sandbox_wechat_pages.set_url') }}">
 <label>服务器地址（URL）<input name="url" size="60" value="{{ url or '' }}"></label>
 <button>保存</button>
</form>

{% if error %}<p class="error" id="push-error">{{ error }}</p>{% endif %}
{% if push %}
<section id="last-push">
 <h2>刚才的推送</h2>
 <p>{{ push.openid }} · {{ describe(push) }} · {{ '安全模式' if push.mode == 'safe' else '明文模式' }} · {{ push.format|upper }}
  · {% if push.status %}HTTP {{ push.status }}{% else %}无应答{% endif %}</p>
 {% if push.reply_text %}<div class="reply" id="reply-text">{{ push.reply_text }}</div>
 {% elif not push.error %}<p id="no-reply">服务器没有回复内容（success）。</p>{% endif %}
 {% if push.error %}<p class="error">{{ push.error }}</p>{% endif %}
</section>
{% endif %}

<form method="post" id="push-form">
 <fieldset><legend>用户操作</legend>
  <label>用户 openid <input name="openid" size="32" value="{{ openid }}" list="followers" placeholder="关注或扫码时留空即为新用户"></label>
  <datalist id="followers">{% for f in followers %}<option value="{{ f }}">{% endfor %}</datalist><br>
  <label><input type="radio" name="action" value="text" checked> 发送文字</label>
  <label>内容 <input name="content" value="进度"></label><br>
  <label><input type="radio" name="action" value="subscribe"> 关注（场景值可空）</label>
  <label>场景值 <input name="scene"></label><br>
  <label><input type="radio" name="action" value="scan"> 已关注用户扫码（SCAN）</label><br>
  <label><input type="radio" name="action" value="click"> 点击菜单</label>
  <label>菜单 key <select name="key">{% for key, name in menu_keys %}<option value="{{ key }}">{{ name }}（{{ key }}）</option>{% endfor %}</select></label><br>
  <label><input type="radio" name="action" value="unsubscribe"> 取消关注</label><br>
  <label>模式 <select name="mode"><option value="safe">安全模式（加密）</option><option value="plain">明文模式</option></select></label>
  <label>格式 <select name="format"><option value="xml">XML</option><option value="json">JSON</option></select></label>
  <button>推送</button>
 </fieldset>
</form>

<h2>二维码（我们通过接口创建的带参数二维码）</h2>
{% if tickets %}
<table id="qr-codes"><thead><tr><th>创建时间</th><th>场景值</th><th>有效期至</th><th>扫码</th></tr></thead><tbody>
{% for t in tickets %}
 <tr class="qr-code" data-scene="{{ t.scene }}"><td>{{ time(t.created_at) }}</td><td><code>{{ t.scene }}</code></td>
  <td>{{ time(t.expires_at) if t.expires_at else '永久' }}</td>
  <td><form method="post"><input type="hidden" name="action" value="scan_qr"><input type="hidden" name="ticket" value="{{ t.ticket }}">
   <input name="openid" size="30" value="{{ openid }}" placeholder="留空：新用户扫码关注"> <button>扫码</button>
   <a href="/cgi-bin/showqrcode?ticket={{ t.ticket|urlencode }}">图片</a></form></td></tr>
{% endfor %}</tbody></table>
{% else %}<p>还没有创建二维码。</p>{% endif %}

<h2>关注的用户</h2>
<p id="followers-list">{{ followers|join('、') if followers else '还没有用户关注。' }}</p>

<h2>最近的推送</h2>
{% if pushes %}
<table id="pushes"><thead><tr><th>时间</th><th>用户</th><th>消息</th><th>方式</th><th>应答</th><th>回复</th></tr></thead><tbody>
{% for p in pushes %}
 <tr class="push" data-openid="{{ p.openid }}"><td>{{ time(p.at) }}</td><td>{{ p.openid }}</td><td>{{ describe(p) }}</td>
  <td>{{ p.mode }} / {{ p.format }}</td><td>{{ ('HTTP %d' % p.status) if p.status else '无应答' }}</td>
  <td class="reply-cell">{{ p.reply_text or '' }}{% if p.error %}<span class="error">{{ p.error }}</span>{% endif %}</td></tr>
{% endfor %}</tbody></table>
{% else %}<p>还没有推送。</p>{% endif %}
</body></html>"""

_MESSAGES = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>沙箱微信消息</title>
{% if refresh %}<meta http-equiv="refresh" content="{{ refresh }}">{% endif %}""" + _STYLE + """</head>
<body>
<h1>沙箱微信消息</h1>
<p>我们发出的小程序订阅消息、公众号模板消息和短信（最新的在最前）。<a href="{{ url_for('sandbox_pages.index') }}">沙箱首页</a>
 · <a href="{{ url_for('sandbox_wechat_pages.official_account') }}">公众号用户端</a></p>
<form method="get"><label>只看 openid <input name="openid" size="32" value="{{ openid or '' }}"></label>
 <label>手机号 <input name="phone" size="14" value="{{ phone or '' }}"></label> <button>筛选</button>
 {% if openid or phone %}<a href="{{ url_for('sandbox_wechat_pages.messages') }}">全部</a>{% endif %}</form>
{% if messages %}
<table id="wechat-messages"><thead><tr><th>发送时间（北京时间）</th><th>渠道</th><th>接收者</th><th>模板</th><th>内容</th><th>点击后打开</th></tr></thead><tbody>
{% for m in messages %}
 <tr class="wechat-message" data-openid="{{ m.touser }}" data-channel="{{ channel(m) }}"><td>{{ time(m.at) }}</td>
  <td>{{ '小程序订阅消息' if channel(m) == 'subscribe' else '公众号模板消息' }}</td><td>{{ m.touser }}</td><td><code>{{ m.template_id }}</code></td>
  <td class="content">{% for key, value in m.data.items() %}<div><code>{{ key }}</code>：{{ value }}</div>{% endfor %}</td>
  <td>{{ opens(m) }}</td></tr>
{% endfor %}</tbody></table>
{% else %}<p id="messages-empty">还没有发出微信消息。</p>{% endif %}

<h2>短信{% if phone %}（{{ phone }}）{% endif %}</h2>
<p>没有微信渠道能送达时，审核驳回、可以缴费和截止提醒改发短信（<a href="{{ url_for('sandbox_pages.sms_inbox') }}">短信收件箱</a>也有验证码）。</p>
{% if sms %}
<table id="sms-messages"><thead><tr><th>发送时间（北京时间）</th><th>手机号</th><th>模板</th><th>内容</th></tr></thead><tbody>
{% for m in sms %}
 <tr class="sms-row" data-phone="{{ m.phone }}"><td>{{ m.sent_at }}</td><td>{{ m.phone }}</td><td><code>{{ m.template_id }}</code></td>
  <td class="content">{{ m.text or ('验证码 ' ~ m.code if m.code else m.params|join('，')) }}</td></tr>
{% endfor %}</tbody></table>
{% else %}<p id="sms-empty">还没有发出短信。</p>{% endif %}

<form method="post" action="{{ url_for('sandbox_wechat_pages.grant') }}">
 <fieldset><legend>模拟用户在小程序中同意订阅（wx.requestSubscribeMessage）</legend>
  <label>小程序 openid <input name="openid" size="32" value="{{ openid or '' }}"></label>
  <label>模板 ID <input name="template_id" size="40"></label>
  <label>次数 <input name="times" value="1" size="3"></label> <button>同意</button>
 </fieldset>
</form>
</body></html>"""


def _describe(push: OfficialAccountPush) -> str:
    fields = push.fields
    if fields.get("MsgType") == "text":
        return f"文字“{fields.get('Content', '')}”"
    event, key = fields.get("Event", ""), fields.get("EventKey") or ""
    names = {"subscribe": "关注", "SCAN": "扫码", "unsubscribe": "取消关注", "CLICK": "点击菜单"}
    return f"{names.get(event, event)}{'（' + key + '）' if key else ''}"


def _opens(message) -> str:
    if isinstance(message, SubscribeMessageSent):
        return f"小程序 {message.page}" if message.page else ""
    if message.miniprogram:
        return f"小程序 {message.miniprogram.get('pagepath', '')}"
    return message.url or ""


def _menu_keys(context) -> list[tuple[str, str]]:
    """Click keys of the last menu created, else of the repository's menu.json."""
    menus = context.recorder.of(MenuCreated)
    menu = menus[-1].menu if menus else load_menu("", "")
    buttons = [sub for button in menu.get("button", []) for sub in [button, *button.get("sub_button", [])]]
    return [(button["key"], button["name"]) for button in buttons if button.get("type") == "click"]


def _render_official_account(push: OfficialAccountPush | None = None, error: str | None = None,
                             openid: str = "", status: int = 200):
    context = current_app.extensions["sandbox"]
    pushes = list(reversed(context.recorder.of(OfficialAccountPush)))[:20]
    html = render_template_string(
        _OFFICIAL_ACCOUNT, url=context.wechat.official_account_url, push=push, error=error,
        openid=openid or (push.openid if push else ""), followers=context.wechat.followers(),
        tickets=context.wechat.tickets(), pushes=pushes, menu_keys=_menu_keys(context),
        describe=_describe, time=beijing_time)
    return html, status


@bp.get("/official-account")
def official_account():
    return _render_official_account(openid=request.args.get("openid", ""))


@bp.post("/official-account")
def official_account_push():
    context = current_app.extensions["sandbox"]
    try:
        push = perform(context, request.form)
    except PushRefused as error:
        return _render_official_account(error=str(error), openid=request.form.get("openid", ""),
                                        status=400)
    return _render_official_account(push=push)


@bp.post("/official-account/url-form")
def set_url():
    url = request.form.get("url", "").strip()
    if url and not url.startswith(("http://", "https://")):
        return _render_official_account(error="服务器地址须以 http:// 或 https:// 开头", status=400)
    current_app.extensions["sandbox"].wechat.official_account_url = url or None
    return redirect(url_for("sandbox_wechat_pages.official_account"))


def _sms_for(phone: str | None, openid: str | None) -> list[dict]:
    """Every SMS, those to `phone` when given, none when only an openid is asked for."""
    if not phone:
        return [] if openid else newest_messages()
    try:
        return newest_messages({to_e164_mainland(phone)})
    except SmsDeliveryError:
        return []


@bp.get("/messages")
def messages():
    context = current_app.extensions["sandbox"]
    openid = request.args.get("openid") or None
    phone = request.args.get("phone") or None
    refresh = request.args.get("refresh", type=int)
    return render_template_string(
        _MESSAGES, messages=messages_for(context, openid) if openid or not phone else [], openid=openid,
        phone=phone, sms=_sms_for(phone, openid),
        refresh=refresh if refresh and refresh > 0 else None, time=beijing_time, opens=_opens,
        channel=lambda m: "subscribe" if isinstance(m, SubscribeMessageSent) else "template")


@bp.post("/messages/grants")
def grant():
    openid, template_id = request.form.get("openid", "").strip(), request.form.get("template_id", "").strip()
    times = request.form.get("times", "1")
    if not openid or not template_id or not times.isdigit() or int(times) < 1:
        return "openid、模板 ID 不能为空，次数须为正整数", 400
    current_app.extensions["sandbox"].wechat.grant_subscription(openid, template_id, int(times))
    return redirect(url_for("sandbox_wechat_pages.messages", openid=openid))
