"""Keep and read the consultation contacts and the hotlines.

The hotlines are the seed's (缴费系统咨询电话 0991-8837428, 技术服务咨询热线 0991-8837410) until staff
change them. The seed names its per-prefecture list (选聘公告附件4) without reproducing it, so each
prefecture starts with no contact and association staff fill them in the console.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from server.accounts.actors import Actor, Role
from server.accounts.models import Account
from server.applications.models import Application
from server.audit.services import record
from server.contacts.models import ConsultationContact, Hotline
from server.errors import Forbidden, InvalidInput, NotFound
from server.extensions import db
from server.reference.options import Prefecture, bundled_options
from server.transactions import atomic

MANAGERS = frozenset({Role.association, Role.admin})
PHONE = re.compile(r"[0-9+()\- ]+(?:转[0-9]{1,6})?")
MAX_OFFICE, MAX_PHONE, MAX_HOURS = 60, 30, 60
MAX_PER_PREFECTURE = 10


@dataclass(frozen=True)
class Contact:
    """One number to call, as the mini-program, the legal texts and the bot show it."""

    label: str
    phone: str
    hours: str = ""


@dataclass(frozen=True)
class HotlineSpec:
    key: str
    label: str
    seed_phone: str


HOTLINES = (HotlineSpec("payment", "缴费系统咨询电话", "0991-8837428"),
            HotlineSpec("technical", "技术服务咨询热线", "0991-8837410"))


@dataclass(frozen=True)
class ContactsView:
    """What one applicant sees: their prefecture's contacts (if the prefecture is known) and the hotlines."""

    prefecture: Prefecture | None
    contacts: tuple[Contact, ...]
    hotlines: tuple[Contact, ...]


def require_manager(actor: Actor) -> None:
    if actor.role not in MANAGERS:
        raise Forbidden("只有招标投标协会或系统管理员可以修改咨询电话")


def phone_problem(value: str, label: str = "电话") -> str | None:
    digits = sum(character.isdigit() for character in value)
    if not value:
        return f"请填写{label}"
    if len(value) > MAX_PHONE:
        return f"{label}不能超过{MAX_PHONE}个字符"
    if not PHONE.fullmatch(value) or digits < 5:
        return f"{label}格式不正确，请填写如 0991-8837410 或 0991-8837410转8001 的号码"
    return None


def _text_problem(value: str, label: str, limit: int, required: bool) -> str | None:
    if required and not value:
        return f"请填写{label}"
    if len(value) > limit:
        return f"{label}不能超过{limit}个字符（当前{len(value)}个）"
    return None


def _raise(problems: dict[str, str]) -> None:
    found = {field: message for field, message in problems.items() if message}
    if found:
        message = next(iter(found.values())) if len(found) == 1 else f"有{len(found)}项填写有误，请检查"
        raise InvalidInput(message, found)


# -- hotlines ---------------------------------------------------------------------------------

def hotlines() -> tuple[Contact, ...]:
    stored = {row.key: row for row in db.session.scalars(select(Hotline))}
    return tuple(Contact(spec.label, stored[spec.key].phone, stored[spec.key].hours) if spec.key in stored
                 else Contact(spec.label, spec.seed_phone) for spec in HOTLINES)


@atomic
def save_hotlines(values: dict[str, tuple[str, str]], actor: Actor) -> tuple[Contact, ...]:
    """`values`: key → (phone, hours) for each hotline; every one is checked before any is saved."""
    require_manager(actor)
    cleaned = {spec.key: tuple(part.strip() for part in values.get(spec.key, ("", ""))) for spec in HOTLINES}
    problems: dict[str, str | None] = {}
    for spec in HOTLINES:
        phone, hours = cleaned[spec.key]
        problems[f"{spec.key}_phone"] = phone_problem(phone, spec.label)
        problems[f"{spec.key}_hours"] = _text_problem(hours, f"{spec.label}的服务时间", MAX_HOURS, False)
    _raise(problems)
    for spec in HOTLINES:
        phone, hours = cleaned[spec.key]
        row = db.session.get(Hotline, spec.key, with_for_update=True) or Hotline(key=spec.key)
        row.phone, row.hours = phone, hours
        db.session.add(row)
    record(actor, "contacts.hotlines_saved", "hotline", "*", **{key: value[0] for key, value in cleaned.items()})
    return hotlines()


# -- per prefecture ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ContactInput:
    prefecture_code: str
    office: str
    phone: str
    hours: str = ""

    def checked(self) -> "ContactInput":
        cleaned = ContactInput(self.prefecture_code.strip(), self.office.strip(), self.phone.strip(),
                               self.hours.strip())
        known = {p.code for p in bundled_options().prefectures}
        choices = "、".join(f"{p.code}（{p.name}）" for p in bundled_options().prefectures)
        _raise({"prefecture_code": None if cleaned.prefecture_code in known else f"所在市州须为以下之一：{choices}",
                "office": _text_problem(cleaned.office, "咨询单位", MAX_OFFICE, True),
                "phone": phone_problem(cleaned.phone, "咨询电话"),
                "hours": _text_problem(cleaned.hours, "咨询时间", MAX_HOURS, False)})
        return cleaned


def contacts_of(prefecture_code: str) -> list[ConsultationContact]:
    return list(db.session.scalars(select(ConsultationContact).where(
        ConsultationContact.prefecture_code == prefecture_code).order_by(ConsultationContact.id)))


def all_contacts() -> dict[str, list[ConsultationContact]]:
    """Every prefecture (in the list's order), each with its contacts (possibly none)."""
    found: dict[str, list[ConsultationContact]] = {p.code: [] for p in bundled_options().prefectures}
    for row in db.session.scalars(select(ConsultationContact).order_by(ConsultationContact.id)):
        found.setdefault(row.prefecture_code, []).append(row)
    return found


@atomic
def add_contact(contact: ContactInput, actor: Actor) -> ConsultationContact:
    require_manager(actor)
    contact = contact.checked()
    if len(contacts_of(contact.prefecture_code)) >= MAX_PER_PREFECTURE:
        raise InvalidInput.field("office", f"每个市州最多{MAX_PER_PREFECTURE}个咨询电话")
    row = ConsultationContact(prefecture_code=contact.prefecture_code, office=contact.office,
                              phone=contact.phone, hours=contact.hours)
    db.session.add(row)
    db.session.flush()
    record(actor, "contacts.added", "consultation_contact", row.id, prefecture=row.prefecture_code,
           office=row.office, phone=row.phone)
    return row


def _contact(contact_id: int) -> ConsultationContact:
    row = db.session.get(ConsultationContact, contact_id, with_for_update=True)
    if row is None:
        raise NotFound("咨询电话不存在")
    return row


@atomic
def update_contact(contact_id: int, contact: ContactInput, actor: Actor) -> ConsultationContact:
    require_manager(actor)
    row = _contact(contact_id)
    contact = ContactInput(row.prefecture_code, contact.office, contact.phone, contact.hours).checked()
    row.office, row.phone, row.hours = contact.office, contact.phone, contact.hours
    record(actor, "contacts.updated", "consultation_contact", row.id, office=row.office, phone=row.phone)
    return row


@atomic
def remove_contact(contact_id: int, actor: Actor) -> None:
    require_manager(actor)
    row = _contact(contact_id)
    db.session.delete(row)
    record(actor, "contacts.removed", "consultation_contact", row.id, office=row.office, phone=row.phone)


# -- what one applicant sees ------------------------------------------------------------------

def prefecture_of(account_id: int) -> Prefecture | None:
    """The prefecture of the person's latest application that names one."""
    code = db.session.scalar(select(Application.prefecture_code).where(
        Application.account_id == account_id, Application.prefecture_code.is_not(None))
        .order_by(Application.created_at.desc(), Application.id.desc()).limit(1))
    return bundled_options().prefecture(code) if code else None


def view_for(prefecture: Prefecture | None) -> ContactsView:
    contacts = contacts_of(prefecture.code) if prefecture else []
    return ContactsView(prefecture, tuple(Contact(row.office, row.phone, row.hours) for row in contacts),
                        hotlines())


def contacts_for(account: Account, prefecture_code: str | None = None) -> ContactsView:
    """The person's prefecture's contacts, or those of `prefecture_code` when they ask for another."""
    if prefecture_code is None:
        return view_for(prefecture_of(account.id))
    prefecture = bundled_options().prefecture(prefecture_code)
    if prefecture is None or prefecture.code != prefecture_code:
        choices = "、".join(f"{p.code}（{p.name}）" for p in bundled_options().prefectures)
        raise InvalidInput.field("prefecture_code", f"所在市州须为以下之一：{choices}")
    return view_for(prefecture)


def _line(contact: Contact) -> str:
    return f"{contact.label}：{contact.phone}" + (f"（{contact.hours}）" if contact.hours else "")


def consultation_reply(account: Account | None) -> str:
    """The official-account bot's 咨询 reply: the person's prefecture's contacts (when the follower is
    bound to an account with one) and the hotlines."""
    view = contacts_for(account) if account is not None else view_for(None)
    lines = []
    if view.prefecture is None:
        lines.append("填写申报资料中的“所在市州”后，这里会显示当地住房城乡建设主管部门的政策咨询电话。")
    elif view.contacts:
        lines.append(f"{view.prefecture.name}政策咨询：")
        lines.extend(_line(contact) for contact in view.contacts)
    else:
        lines.append(f"{view.prefecture.name}的政策咨询电话尚未公布，请先拨打以下电话。")
    lines.append("系统咨询：")
    lines.extend(_line(contact) for contact in view.hotlines)
    return "\n".join(lines)
