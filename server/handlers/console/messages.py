"""消息记录 (association and admin): every message to a person, its channel, attempts and result;
one person's channels; a resend."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import abort, flash, redirect, render_template, request, url_for

from server.accounts.actors import Actor
from server.accounts.models import StaffRole
from server.extensions import db
from server.handlers.console import bp
from server.handlers.console.session import current_staff, staff_required
from server.messages import log, outbox
from server.messages.models import MessageState, OutboxMessage

STAFF = (StaffRole.association, StaffRole.admin)
FILTER_KEYS = ("state", "kind", "person", "account")


def _parse(args) -> tuple[log.MessageFilter, dict[str, str], dict[str, str]]:
    values = {key: (args.get(key) or "").strip() for key in FILTER_KEYS}
    problems: dict[str, str] = {}
    state = None
    if values["state"]:
        try:
            state = MessageState(values["state"])
        except ValueError:
            problems["state"] = "请选择状态"
    if values["kind"] and values["kind"] not in log.kind_labels():
        problems["kind"] = "请选择消息类型"
        values["kind"] = ""
    account_id = int(values["account"]) if values["account"].isdigit() else None
    if values["person"]:
        account_id = log.account_id_of(values["person"])
        if account_id is None:
            problems["person"] = "没有这个用户名或手机号的申报人"
            account_id = -1
    return log.MessageFilter(state, values["kind"], account_id), values, problems


@bp.get("/messages")
@staff_required(*STAFF)
def messages():
    query, values, problems = _parse(request.args)
    number = int(request.args["page"]) if request.args.get("page", "").isdigit() else 1
    found = log.message_page(query, number)
    person = log.person_channels(query.account_id) if query.account_id and query.account_id > 0 else None

    def link(**changes: object) -> str:
        merged = {**values, **{k: str(v) for k, v in changes.items()}}
        return urlencode({k: v for k, v in merged.items() if v})

    return render_template("console/messages.html", found=found, values=values, problems=problems,
                           states=list(MessageState), kinds=log.kind_labels(), person=person,
                           attempts=log.attempt_counts([m.id for m in found.messages]),
                           channels=log.CHANNEL_LABELS, recipient_key=log.recipient_key, link=link)


def _message(message_id: int) -> OutboxMessage:
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    return message


@bp.get("/messages/<int:message_id>")
@staff_required(*STAFF)
def message_detail(message_id: int):
    message = _message(message_id)
    return render_template("console/message.html", message=message, attempts=log.attempts_of(message.id),
                           person=log.person_label(message.account_id) if message.account_id else None,
                           kinds=log.kind_labels(), channels=log.CHANNEL_LABELS, outcomes=log.OUTCOME_LABELS)


@bp.post("/messages/<int:message_id>/resend")
@staff_required(*STAFF)
def resend_message(message_id: int):
    outbox.resend(_message(message_id).id, Actor.staff(current_staff()))
    flash("已重新排入发送队列，一分钟内发送")
    return redirect(url_for("console.message_detail", message_id=message_id))
