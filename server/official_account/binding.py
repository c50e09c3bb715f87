"""Binding an official-account follower to an applicant's account.

The mini-program's profile asks for a binding QR code: a temporary parameterised code whose scene
is 32 random characters, valid WECHAT_OA_BINDING_QR_SECONDS (10 minutes) and usable once; only its
hash is stored. Scanning it reaches us as a follow (EventKey `qrscene_<scene>`) or, from someone
who already follows, as a SCAN, and binds that openid to the account. WeChat's unionid binds too,
when the official account reports one that an account logged in with. Leaving unbinds.

An openid belongs to one account and an account has one openid: a new binding replaces the
earlier one on either side (the last scan wins, as with a phone that changed hands).
"""
from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, or_, select

from server.accounts.actors import Actor
from server.accounts.models import Account
from server.audit.services import record
from server.clock import now
from server.errors import ServiceUnavailable
from server.extensions import db
from server.official_account.models import BindingScene, OfficialAccountBinding
from server.outside import official_account
from server.transactions import atomic
from server.wechat.failures import DeliveryFailure

logger = logging.getLogger(__name__)

SCENE_PREFIX = "bind_"  # tells our binding codes from any other QR code of the official account
QR_UNAVAILABLE = "暂时无法生成关注二维码，请稍后重试"
# Used and expired scenes are kept a day (a late scan is told the code expired), then removed.
SCENE_KEPT = timedelta(days=1)


@dataclass(frozen=True)
class BindingCode:
    image_url: str  # the QR code's image (WeChat's showqrcode); long-press it to recognise
    url: str  # what it encodes
    expires_at: datetime


def _hash(scene: str) -> str:
    return hashlib.sha256(scene.encode("utf-8")).hexdigest()


@atomic
def _new_scene(account_id: int, lifetime: timedelta) -> str:
    moment = now()
    db.session.execute(delete(BindingScene).where(BindingScene.expires_at < moment - SCENE_KEPT))
    scene = SCENE_PREFIX + secrets.token_urlsafe(24)
    db.session.add(BindingScene(scene_hash=_hash(scene), account_id=account_id, created_at=moment,
                                expires_at=moment + lifetime))
    return scene


def binding_code(account: Account) -> BindingCode:
    """A fresh binding QR code for `account` (its scene is stored first, then WeChat is asked)."""
    seconds = current_app.config["WECHAT_OA_BINDING_QR_SECONDS"]
    scene = _new_scene(account.id, timedelta(seconds=seconds))
    try:
        code = official_account().create_binding_qr(scene, seconds)
    except DeliveryFailure as failure:
        logger.warning("binding QR code for account %s not created: %r", account.id, failure)
        raise ServiceUnavailable(QR_UNAVAILABLE) from None
    return BindingCode(image_url=code.image_url, url=code.url,
                       expires_at=now() + timedelta(seconds=code.expire_seconds))


def is_binding_scene(scene: str | None) -> bool:
    return bool(scene) and scene.startswith(SCENE_PREFIX)


@dataclass(frozen=True)
class ScanResult:
    account: Account | None  # bound to this account, or None
    expired: bool = False  # the scene was ours but is used up or too old


@atomic
def bind_by_scene(openid: str, scene: str) -> ScanResult:
    """A scan of one of our binding codes by `openid`: bind it, once, within the code's lifetime."""
    row = db.session.execute(select(BindingScene).where(BindingScene.scene_hash == _hash(scene))
                             .with_for_update()).scalar_one_or_none()
    if row is None:
        return ScanResult(None)
    if row.used_at is not None or row.expires_at <= now():
        # The same person scanning the code twice is not an expiry: they are bound already.
        bound = account_bound_to(openid)
        return ScanResult(bound, expired=bound is None or bound.id != row.account_id)
    row.used_at = now()
    return ScanResult(_bind(row.account_id, openid, "scene"))


@atomic
def bind_by_unionid(openid: str, unionid: str) -> Account | None:
    """Bind `openid` to the account that logged in to the mini-program with `unionid`, if any."""
    account = db.session.execute(select(Account).where(Account.wechat_unionid == unionid)
                                 .order_by(Account.id)).scalars().first()
    if account is None:
        return None
    return _bind(account.id, openid, "unionid")


def _bind(account_id: int, openid: str, how: str) -> Account:
    existing = db.session.get(OfficialAccountBinding, account_id)
    if existing is not None and existing.openid == openid:
        return db.session.get(Account, account_id)
    db.session.execute(delete(OfficialAccountBinding).where(or_(
        OfficialAccountBinding.account_id == account_id, OfficialAccountBinding.openid == openid)))
    db.session.flush()
    db.session.add(OfficialAccountBinding(account_id=account_id, openid=openid, bound_by=how, bound_at=now()))
    record(Actor.applicant(account_id), "account.official_account_bound", "account", account_id, by=how)
    return db.session.get(Account, account_id)


@atomic
def unbind(openid: str) -> bool:
    """The follower left the official account: no more template messages, the bot forgets them."""
    binding = db.session.execute(select(OfficialAccountBinding).where(OfficialAccountBinding.openid == openid)
                                 .with_for_update()).scalar_one_or_none()
    if binding is None:
        return False
    record(Actor.applicant(binding.account_id), "account.official_account_unbound", "account",
           binding.account_id)
    db.session.delete(binding)
    return True


def account_bound_to(openid: str) -> Account | None:
    return db.session.execute(select(Account).join(
        OfficialAccountBinding, OfficialAccountBinding.account_id == Account.id)
        .where(OfficialAccountBinding.openid == openid)).scalar_one_or_none()


def binding_of(account_id: int) -> OfficialAccountBinding | None:
    return db.session.get(OfficialAccountBinding, account_id)


def openid_of(account_id: int) -> str | None:
    """Where the account's template messages go (None: not following, or not bound)."""
    binding = binding_of(account_id)
    return binding.openid if binding else None


def openids_of(account_ids: Collection[int]) -> dict[int, str]:
    """`openid_of` for many accounts in one query (the accounts not bound are left out)."""
    return dict(db.session.execute(select(OfficialAccountBinding.account_id, OfficialAccountBinding.openid)
                                   .where(OfficialAccountBinding.account_id.in_(account_ids))).all())
