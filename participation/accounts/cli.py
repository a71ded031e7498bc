"""``flask users create``."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from participation.core.auth import ROLE_RANK
from participation.core.errors import DomainError

users_cli = AppGroup("users", help="Staff accounts.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(list(ROLE_RANK)), required=True)
@click.option("--territory", "territory_slug", required=True, help="Territory slug.")
@click.password_option()
def create(email: str, name: str, role: str, territory_slug: str, password: str) -> None:
    """Create a staff account in a territory."""
    from participation.accounts.services import create_user
    from participation.extensions import db
    from participation.territory.models import Territory

    territory = db.session.scalar(select(Territory).where(Territory.slug == territory_slug))
    if territory is None:
        raise click.ClickException(f"No territory with slug {territory_slug!r}.")
    try:
        user = create_user(territory.id, email, name, role, password)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Created {user.role} {user.email} in {territory.name}.")
