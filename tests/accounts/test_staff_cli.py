"""Staff accounts are made by an admin command; reviewers belong to one of the 14 prefectures."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from server.accounts.models import StaffMember, StaffRole
from server.extensions import db


def run(app, *args):
    return app.test_cli_runner().invoke(args=["create-staff", *args])


def test_create_a_reviewer_for_a_prefecture(app):
    result = run(app, "--username", "rv_kashi", "--name", "喀什地区住建局", "--role", "reviewer",
                 "--prefecture", "653100", "--password", "Kashi2024pw")
    assert result.exit_code == 0, result.output
    assert "已创建 审核员（地州市住建部门）：rv_kashi" in result.output
    with app.app_context():
        member = db.session.execute(select(StaffMember)).scalar_one()
        assert (member.role, member.prefecture_code) == (StaffRole.reviewer, "653100")


@pytest.mark.parametrize("prefecture", ["659001", "喀什地区"])
def test_a_reviewer_without_a_real_prefecture_code_is_refused(app, prefecture):
    result = run(app, "--username", "rv_x", "--name", "某局", "--role", "reviewer",
                 "--prefecture", prefecture, "--password", "Kashi2024pw")
    assert result.exit_code != 0 and "审核员须属于一个地州市" in result.output
    with app.app_context():
        assert db.session.execute(select(StaffMember)).first() is None


def test_a_weak_password_is_refused(app):
    result = run(app, "--username", "admin2", "--name", "管理员", "--role", "admin", "--password", "weak")
    assert result.exit_code != 0 and "密码至少8位" in result.output


def test_an_email_for_the_review_digest_is_kept_and_a_malformed_one_refused(app):
    result = run(app, "--username", "rv_kashi", "--name", "喀什地区住建局", "--role", "reviewer",
                 "--prefecture", "653100", "--email", "kashi@example.com", "--password", "Kashi2024pw")
    assert result.exit_code == 0, result.output
    refused = run(app, "--username", "rv_hotan", "--name", "和田地区住建局", "--role", "reviewer",
                  "--prefecture", "653200", "--email", "not-an-address", "--password", "Hotan2024pw")
    assert refused.exit_code != 0 and "电子邮箱格式不正确" in refused.output
    with app.app_context():
        assert db.session.scalars(select(StaffMember.email)).all() == ["kashi@example.com"]
