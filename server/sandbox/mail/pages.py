"""/sandbox/mail: the mailbox a person reads in the demo (newest first, attachments downloadable),
its JSON, and the control to make the SMTP server refuse the next messages."""
from __future__ import annotations

from datetime import datetime
from io import BytesIO

from flask import Blueprint, abort, current_app, jsonify, render_template_string, request, send_file

from server.clock import BEIJING
from server.sandbox.mail.mailbox import STAGES, Mailbox, ReceivedMail

bp = Blueprint("sandbox_mail", __name__, url_prefix="/sandbox")

_MAILBOX = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>沙箱邮箱</title>
{% if refresh %}<meta http-equiv="refresh" content="{{ refresh }}">{% endif %}
<style>
 body{font-family:sans-serif;margin:2em;max-width:60em}
 .mail{border:1px solid #ccc;padding:.6em 1em;margin:1em 0}
 .meta{color:#555;font-size:.9em} pre{white-space:pre-wrap;background:#f6f6f6;padding:.6em}
</style></head>
<body>
<h1>沙箱邮箱</h1>
<p>这里列出发往沙箱邮件服务器的邮件（最新的在最前），代替收件人的邮箱查看。<a href="{{ url_for('sandbox_mail.mailbox') }}">刷新</a></p>
{% for m in mails %}
<div class="mail" id="mail-{{ m.id }}">
 <h2 class="subject">{{ m.subject or "（无主题）" }}</h2>
 <p class="meta">收件人：<span class="to">{{ m.to }}</span> · 发件人：{{ m.sender }} ·
  时间（北京时间）：<span class="received-at">{{ m.received_at }}</span></p>
 <pre class="text">{{ m.text }}</pre>
 {% if m.attachments %}
 <p>附件：</p>
 <ul class="attachments">
 {% for a in m.attachments %}
  <li><a href="{{ url_for('sandbox_mail.attachment', mail_id=m.id, index=loop.index0) }}">{{ a.filename }}</a>
   （{{ a.content_type }}，{{ a.data|length }} 字节）</li>
 {% endfor %}
 </ul>
 {% endif %}
</div>
{% else %}
<p id="mail-empty">还没有收到邮件。</p>
{% endfor %}
</body></html>"""


def _mailbox() -> Mailbox:
    return current_app.extensions["sandbox"].mailbox


def received_at(mail: ReceivedMail) -> str:
    return datetime.fromtimestamp(mail.at, BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def _newest_first() -> list[ReceivedMail]:
    return list(reversed(_mailbox().mails))


@bp.get("/mail")
def mailbox():
    refresh = request.args.get("refresh", type=int)
    mails = [{"id": m.id, "subject": m.subject, "to": m.to, "sender": m.sender, "text": m.text,
              "attachments": m.attachments, "received_at": received_at(m)} for m in _newest_first()]
    return render_template_string(_MAILBOX, mails=mails,
                                  refresh=refresh if refresh and refresh > 0 else None)


@bp.get("/mail.json")
def mailbox_json():
    return {"mails": [{**mail.as_json(), "received_at": received_at(mail)} for mail in _newest_first()]}


@bp.get("/mail/<int:mail_id>/attachments/<int:index>")
def attachment(mail_id: int, index: int):
    mail = _mailbox().get(mail_id)
    if mail is None or index >= len(mail.attachments):
        abort(404)
    found = mail.attachments[index]
    return send_file(BytesIO(found.data), mimetype=found.content_type, as_attachment=True,
                     download_name=found.filename or f"attachment-{index + 1}")


@bp.post("/mail/refusals")
def refuse():
    """{"code": 450|550…, "times"?: 1, "stage"?: "rcpt"|"data"}: refuse the next messages."""
    body = request.get_json(silent=True)
    body = body if isinstance(body, dict) else {}
    code, times, stage = body.get("code"), body.get("times", 1), body.get("stage", "rcpt")
    if (not isinstance(code, int) or not isinstance(times, int) or stage not in STAGES
            or not 400 <= code <= 599 or times < 1):
        return jsonify({"error": "code must be 400-599, times at least 1, stage one of "
                                 + ", ".join(STAGES)}), 400
    _mailbox().fail_next(code, times, stage)
    return jsonify(_mailbox().planned_refusals())
