"""Consultation contacts (咨询电话), association and admin staff: each prefecture's policy contacts
and the two system-wide hotlines, as the mini-program and the official account show them."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from server.accounts.actors import Actor
from server.accounts.models import StaffRole
from server.contacts import services
from server.contacts.services import HOTLINES, ContactInput
from server.errors import DomainError
from server.handlers.console import bp
from server.handlers.console.session import current_staff, staff_required
from server.reference.options import bundled_options

MANAGERS = (StaffRole.admin, StaffRole.association)


def _actor() -> Actor:
    return Actor.staff(current_staff())


def _render(error: DomainError | None = None, failed: str = ""):
    """`failed` names the form the error belongs to (hotlines, add, or a contact's id)."""
    return render_template("console/contacts.html", hotlines=list(zip(HOTLINES, services.hotlines(), strict=True)),
                           contacts=services.all_contacts(), prefectures=bundled_options().prefectures,
                           error=error, failed=failed, form=request.form if error else {}), \
        (error.status if error else 200)


def _input(prefecture_code: str = "") -> ContactInput:
    form = request.form
    return ContactInput(form.get("prefecture_code", prefecture_code), form.get("office", ""),
                        form.get("phone", ""), form.get("hours", ""))


def _done(message: str):
    flash(message)
    return redirect(url_for("console.contacts"))


@bp.get("/contacts")
@staff_required(*MANAGERS)
def contacts():
    return _render()


@bp.post("/contacts/hotlines")
@staff_required(*MANAGERS)
def save_hotlines():
    values = {spec.key: (request.form.get(f"{spec.key}_phone", ""), request.form.get(f"{spec.key}_hours", ""))
              for spec in HOTLINES}
    try:
        services.save_hotlines(values, _actor())
    except DomainError as error:
        return _render(error, "hotlines")
    return _done("咨询热线已保存")


@bp.post("/contacts")
@staff_required(*MANAGERS)
def add_contact():
    try:
        row = services.add_contact(_input(), _actor())
    except DomainError as error:
        return _render(error, "add")
    return _done(f"已添加：{row.office} {row.phone}")


@bp.post("/contacts/<int:contact_id>")
@staff_required(*MANAGERS)
def update_contact(contact_id: int):
    try:
        row = services.update_contact(contact_id, _input(), _actor())
    except DomainError as error:
        return _render(error, str(contact_id))
    return _done(f"已修改：{row.office} {row.phone}")


@bp.post("/contacts/<int:contact_id>/remove")
@staff_required(*MANAGERS)
def remove_contact(contact_id: int):
    try:
        services.remove_contact(contact_id, _actor())
    except DomainError as error:
        return _render(error)
    return _done("已删除该咨询电话")
