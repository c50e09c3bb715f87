"""Console accounts (工作人员账号), admin only: list, create (the CLI's rules), deactivate,
reactivate, reset a password."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select

from server.accounts import staff_admin
from server.accounts.actors import Actor
from server.accounts.models import StaffMember, StaffRole
from server.accounts.staff import create_staff
from server.errors import DomainError, InvalidInput
from server.extensions import db
from server.handlers.console import bp
from server.handlers.console.session import current_staff, staff_required
from server.reference.options import bundled_options

FORM_FIELDS = ("username", "display_name", "role", "prefecture_code")


def _render(error: DomainError | None = None, form: dict | None = None, reset_for: int | None = None):
    members = db.session.execute(select(StaffMember).order_by(StaffMember.role, StaffMember.username)).scalars()
    prefectures = bundled_options().prefectures
    return render_template("console/staff_accounts.html", members=list(members), roles=list(StaffRole),
                           prefectures=prefectures, prefecture_names={p.code: p.name for p in prefectures},
                           error=error, form=form or {}, reset_for=reset_for), (error.status if error else 200)


def _actor() -> Actor:
    return Actor.staff(current_staff())


@bp.get("/staff")
@staff_required(StaffRole.admin)
def staff_accounts():
    return _render()


@bp.post("/staff")
@staff_required(StaffRole.admin)
def create_staff_account():
    form = {key: request.form.get(key, "").strip() for key in FORM_FIELDS}
    try:
        role = StaffRole(form["role"])
    except ValueError:
        return _render(InvalidInput.field("role", "请选择角色"), form)
    try:
        member = create_staff(form["username"], form["display_name"], request.form.get("password", ""),
                              role, form["prefecture_code"] or None, _actor())
    except DomainError as error:
        return _render(error, form)
    flash(f"已创建{member.role.label}账号：{member.username}")
    return redirect(url_for("console.staff_accounts"))


@bp.post("/staff/<int:member_id>/active")
@staff_required(StaffRole.admin)
def set_staff_active(member_id: int):
    active = request.form.get("active") == "1"
    try:
        member = staff_admin.set_active(member_id, active, _actor())
    except DomainError as error:
        return _render(error)
    flash(f"已{'启用' if active else '停用'}账号：{member.username}"
          + ("" if active else "（其登录已立即失效）"))
    return redirect(url_for("console.staff_accounts"))


@bp.post("/staff/<int:member_id>/password")
@staff_required(StaffRole.admin)
def reset_staff_password(member_id: int):
    try:
        member = staff_admin.reset_password(member_id, request.form.get("password", ""), _actor())
    except DomainError as error:
        return _render(error, reset_for=member_id)
    flash(f"已重置 {member.username} 的密码，其登录已失效，请将新密码当面或电话告知本人")
    return redirect(url_for("console.staff_accounts"))
