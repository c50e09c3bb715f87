"""Admin commands: `flask --app server <command>`."""
from __future__ import annotations

import click
from flask import Flask

from server.accounts.actors import Actor
from server.accounts.models import StaffRole
from server.accounts.staff import create_staff
from server.errors import DomainError
from server.files.commands import remove_unclaimed_files_command
from server.reference.commands import reload_catalog_command
from server.wechat.commands import wechat_cli


def register_commands(app: Flask) -> None:
    @app.cli.command("create-staff")
    @click.option("--username", required=True, help="登录用户名")
    @click.option("--name", "display_name", required=True, help="姓名或单位名称")
    @click.option("--role", type=click.Choice([r.value for r in StaffRole]), required=True)
    @click.option("--prefecture", "prefecture_code", default=None, help="审核员所属地州市代码，如 650100")
    @click.option("--email", default=None, help="电子邮箱（接收审核截止前的待审核名单，可不填）")
    @click.password_option(help="密码（至少8位，含字母和数字）")
    def create_staff_command(username, display_name, role, prefecture_code, email, password):
        """Create a console account (reviewer, association or admin)."""
        try:
            member = create_staff(username, display_name, password, StaffRole(role), prefecture_code,
                                  Actor.system(), email=email)
        except DomainError as error:
            raise click.ClickException(error.message) from None
        click.echo(f"已创建 {member.role.label}：{member.username}")

    app.cli.add_command(reload_catalog_command)
    app.cli.add_command(remove_unclaimed_files_command)
    app.cli.add_command(wechat_cli)
