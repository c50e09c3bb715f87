"""Binding a follower to an account: a short-lived, single-use QR code; unionid; leaving unbinds."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from server.accounts.models import Account
from server.audit.models import AuditEntry
from server.clock import now
from server.errors import ServiceUnavailable
from server.extensions import db
from server.official_account import binding
from server.official_account.models import BindingScene, OfficialAccountBinding


@pytest.fixture
def accounts(app_context, make_account, sandbox) -> list[Account]:
    made = [make_account(), make_account()]
    return [db.session.get(Account, account_id) for account_id in made]


@pytest.fixture
def account(accounts) -> Account:
    return accounts[0]


def _scene(sandbox) -> str:
    return sandbox.qr_codes[-1].scene


def test_a_binding_code_is_a_temporary_qr_code_whose_scene_is_unguessable_and_stored_hashed(sandbox, account, clock):
    code = binding.binding_code(account)
    [created] = sandbox.qr_codes
    assert (created.action_name, created.expire_seconds) == ("QR_STR_SCENE", 600)
    assert created.scene.startswith("bind_") and len(created.scene) >= 36
    assert code.image_url.startswith(sandbox.base_url) and created.ticket in code.image_url
    assert code.expires_at == now() + timedelta(seconds=600)
    [row] = db.session.execute(select(BindingScene)).scalars()
    assert row.account_id == account.id and created.scene not in row.scene_hash


def test_two_codes_never_share_a_scene(sandbox, account):
    binding.binding_code(account)
    binding.binding_code(account)
    assert len({code.scene for code in sandbox.qr_codes}) == 2


def test_scanning_the_code_binds_that_wechat_to_the_account_once(sandbox, account):
    binding.binding_code(account)
    result = binding.bind_by_scene("oFollower1", _scene(sandbox))
    assert result.account.id == account.id and not result.expired
    assert binding.openid_of(account.id) == "oFollower1"
    assert binding.account_bound_to("oFollower1").id == account.id
    [audit] = db.session.execute(select(AuditEntry)).scalars()
    assert (audit.action, audit.subject_id, audit.detail) == ("account.official_account_bound", str(account.id),
                                                              {"by": "scene"})


def test_a_used_code_scanned_by_someone_else_binds_nothing(sandbox, account):
    binding.binding_code(account)
    scene = _scene(sandbox)
    binding.bind_by_scene("oOwner", scene)
    stranger = binding.bind_by_scene("oStranger", scene)
    assert stranger.account is None and stranger.expired
    assert binding.openid_of(account.id) == "oOwner"


def test_the_owner_scanning_the_code_again_is_still_bound(sandbox, account):
    binding.binding_code(account)
    scene = _scene(sandbox)
    binding.bind_by_scene("oOwner", scene)
    again = binding.bind_by_scene("oOwner", scene)
    assert again.account.id == account.id and not again.expired


def test_a_code_older_than_ten_minutes_binds_nothing(sandbox, account, clock):
    binding.binding_code(account)
    clock.shift(timedelta(minutes=10, seconds=1))
    late = binding.bind_by_scene("oLate", _scene(sandbox))
    assert late.account is None and late.expired
    assert binding.binding_of(account.id) is None


def test_a_scene_we_never_issued_binds_nothing(account):
    assert binding.bind_by_scene("oGuesser", "bind_" + "A" * 32).account is None


def test_a_new_wechat_replaces_the_old_one_and_an_openid_moves_to_the_account_that_scanned_last(
        sandbox, accounts):
    account, other = accounts
    binding.binding_code(account)
    binding.bind_by_scene("oFirstPhone", _scene(sandbox))
    binding.binding_code(account)
    binding.bind_by_scene("oSecondPhone", _scene(sandbox))
    assert binding.openid_of(account.id) == "oSecondPhone"
    binding.binding_code(other)
    binding.bind_by_scene("oSecondPhone", _scene(sandbox))
    assert (binding.openid_of(account.id), binding.openid_of(other.id)) == (None, "oSecondPhone")
    assert len(db.session.execute(select(OfficialAccountBinding)).scalars().all()) == 1


def test_leaving_the_official_account_unbinds(sandbox, account):
    binding.binding_code(account)
    binding.bind_by_scene("oLeaving", _scene(sandbox))
    assert binding.unbind("oLeaving") is True
    assert binding.binding_of(account.id) is None
    assert binding.unbind("oLeaving") is False
    actions = db.session.execute(select(AuditEntry.action).order_by(AuditEntry.id)).scalars().all()
    assert actions == ["account.official_account_bound", "account.official_account_unbound"]


def test_the_unionid_an_applicant_logged_in_with_binds_their_follower(account):
    account.wechat_unionid = "oUnion-1"
    db.session.commit()
    assert binding.bind_by_unionid("oFollower9", "oUnion-1").id == account.id
    assert binding.binding_of(account.id).bound_by == "unionid"
    assert binding.bind_by_unionid("oFollower10", "oUnion-unknown") is None


def test_wechat_refusing_the_qr_code_is_a_503_in_chinese_and_nothing_is_shown(sandbox, account):
    sandbox.fail_next("/cgi-bin/qrcode/create", status=503)
    with pytest.raises(ServiceUnavailable, match="暂时无法生成关注二维码"):
        binding.binding_code(account)
