"""``flask exports participation-section``: the section as a file, from the command line."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

exports_cli = AppGroup("exports", help="Exports and the participation section.")


@exports_cli.command("participation-section")
@click.option("--contract", "slug", required=True,
              help="Slug of the territory whose current contract is exported.")
@click.option("--format", "fmt", type=click.Choice(["odt", "docx", "html"]), default="odt")
@click.option("--language", default=None,
              help="Language of the document (default: the contract's, French).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def participation_section(slug: str, fmt: str, language: str | None, output: Path) -> None:
    """Write the participation section of a territory's current contract, in its language."""
    from participation.extensions import db
    from participation.territory.models import Territory

    territory = db.session.scalar(select(Territory).where(Territory.slug == slug))
    if territory is None:
        raise click.ClickException(f"Unknown territory slug: {slug}")
    from participation.exports.document import document_language, section_document

    with current_app.test_request_context():  # labels and templates outside a request
        body = section_document(territory, fmt, document_language(territory, language))
    output.write_bytes(body)
    click.echo(f"{output} ({len(body)} bytes)")

