"""``flask council verify-draw DRAW_ID``: re-run a stored draw and compare."""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

council_cli = AppGroup("council", help="Conseil citoyen.")


@council_cli.command("verify-draw")
@click.argument("draw_id", type=int)
def verify_draw(draw_id: int) -> None:
    """Re-run draw DRAW_ID from its stored inputs; exit 1 if anything differs."""
    from participation.council.draws import draw_inputs, verify_stored_draw
    from participation.council.models import Draw
    from participation.extensions import db

    draw = db.session.get(Draw, draw_id)
    if draw is None:
        raise click.ClickException(f"Aucun tirage n° {draw_id}.")
    inputs = draw_inputs(draw)
    click.echo(f"Tirage n° {draw.id} — {draw.council.name}, collège {draw.college.kind}")
    click.echo(f"Empreinte de la liste : {inputs['fingerprint']}")
    click.echo(f"Graine : {inputs.get('seed', '—')}")
    problems = verify_stored_draw(draw)
    if problems:
        click.echo("NON CONFORME :")
        for line in problems:
            click.echo(f"  {line}")
        sys.exit(1)
    result = inputs["result"]
    click.echo("Sièges : " + ", ".join(str(n) for n in result["seats"]))
    click.echo("Suppléants : " + ", ".join(str(n) for n in result["substitutes"]))
    click.echo("CONFORME : le résultat enregistré est reproduit à l'identique.")
