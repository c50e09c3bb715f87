"""`flask --app server remove-unclaimed-files`: delete uploads no application took within a day.

The scheduler calls the same function, `server.files.services.remove_unclaimed`.
"""
from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import with_appcontext

from server.files import services


@click.command("remove-unclaimed-files")
@click.option("--older-than-hours", type=click.IntRange(min=1), default=24, show_default=True,
              help="删除多少小时前上传且未被申请使用的文件")
@with_appcontext
def remove_unclaimed_files_command(older_than_hours: int) -> None:
    """Delete unclaimed uploads older than the given age, and their unshared blobs."""
    removed = services.remove_unclaimed(timedelta(hours=older_than_hours))
    click.echo(f"已删除 {removed} 个未使用的上传文件")
