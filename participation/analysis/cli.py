"""``flask analysis suggest --territory SLUG``: suggestions for every untagged contribution."""
from __future__ import annotations

import click
from flask.cli import AppGroup

analysis_cli = AppGroup("analysis", help="Analyses of what residents said.")


def _territory(slug: str):
    from sqlalchemy import select

    from participation.extensions import db
    from participation.territory.models import Territory

    territory = db.session.scalar(select(Territory).where(Territory.slug == slug))
    if territory is None:
        raise click.ClickException(f"Aucun territoire « {slug} ».")
    return territory


@analysis_cli.command("suggest")
@click.option("--territory", "slug", required=True, help="Slug of the territory.")
def suggest_command(slug: str) -> None:
    """Store the best suggested challenge on every contribution without any (after the upgrade
    that turned every free-text survey answer into a contribution)."""
    from participation.analysis.autotag import suggest_territory

    count = suggest_territory(_territory(slug).id)
    click.echo(f"{count} contributions ont reçu un enjeu suggéré (à vérifier).")
