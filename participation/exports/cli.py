"""``flask exports participation-section``: the section as a file, from the command line."""
from __future__ import annotations

from base64 import b64encode
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

PRINT_CSS = """
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; max-width: 48rem; margin: 1.5rem auto;
  padding: 0 1rem; color: #111; }
h1 { font-size: 1.7rem; } h2 { font-size: 1.3rem; border-bottom: 1px solid #999; }
h2, h3 { break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #666; padding: .3rem .45rem; vertical-align: top; text-align: left; }
caption { text-align: left; font-style: italic; padding: .25rem 0; }
img { max-width: 100%; height: auto; }
@page { size: A4; margin: 2cm; }
"""
exports_cli = AppGroup("exports", help="Exports and the participation section.")


@exports_cli.command("participation-section")
@click.option("--contract", "slug", required=True,
              help="Slug of the territory whose current contract is exported.")
@click.option("--format", "fmt", type=click.Choice(["odt", "docx", "html"]), default="odt")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def participation_section(slug: str, fmt: str, output: Path) -> None:
    """Write the participation section of a territory's current contract."""
    from participation.extensions import db
    from participation.territory.models import Territory

    territory = db.session.scalar(select(Territory).where(Territory.slug == slug))
    if territory is None:
        raise click.ClickException(f"Unknown territory slug: {slug}")
    with current_app.test_request_context():  # French labels and templates outside a request
        body = _render(territory, fmt)
    output.write_bytes(body)
    click.echo(f"{output} ({len(body)} bytes)")


def _render(territory, fmt: str) -> bytes:
    from flask import render_template

    from participation.exports import render
    from participation.exports.section import build_section
    from participation.exports.services import section_texts

    model = build_section(territory, section_texts(territory.id))
    if fmt == "html":
        for block in model["blocks"]:
            for image in block["images"]:
                image["src"] = "data:image/png;base64," + b64encode(image["png"]).decode()
        html = render_template("exports/section_print.html", model=model)
        # A standalone file: its print styles travel inside it (templates stay CSP-clean).
        body = html.replace("</head>", f"<style>{PRINT_CSS}</style>\n</head>", 1).encode()
    else:
        body = {"odt": render.to_odt, "docx": render.to_docx}[fmt](model)
    return body
