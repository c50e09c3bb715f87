"""`flask --app server reload-catalog --edition 2018 PATH`: load a corrected specialty catalog."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from server.accounts.actors import Actor
from server.errors import DomainError
from server.reference import services
from server.reference.catalog import DEFAULT_EDITION, EDITIONS


@click.command("reload-catalog")
@click.option("--edition", type=click.Choice(EDITIONS), default=DEFAULT_EDITION, show_default=True,
              help="目录版本")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def reload_catalog_command(edition: str, path: Path) -> None:
    """Replace an edition's specialty catalog with a corrected JSON file (all or nothing)."""
    try:
        changes = services.load_catalog_file(edition, path, Actor.system())
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"已载入{edition}版评标专业目录：{changes.summary()}")
