"""``flask territory create``: a new intercommunality or commune starts here (then
``flask users create`` gives it its first coordinator, who adds communes and quartiers at
/territory/)."""
from __future__ import annotations

import re

import click
from flask.cli import AppGroup
from sqlalchemy import select

territory_cli = AppGroup("territory", help="Territories (an intercommunality or a commune).")

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@territory_cli.command("create")
@click.option("--slug", required=True,
              help="Short name in addresses and commands: lower case, digits, hyphens.")
@click.option("--name", required=True, help="The territory's name, as residents read it.")
@click.option("--contract", "contract_name", default=None,
              help="The contrat de ville's name (default: 'Contrat de ville NAME').")
@click.option("--start-year", type=int, default=2024, show_default=True)
@click.option("--end-year", type=int, default=2030, show_default=True)
@click.option("--midterm-year", type=int, default=2027, show_default=True)
def create(slug: str, name: str, contract_name: str | None, start_year: int, end_year: int,
           midterm_year: int) -> None:
    """Create a territory with its contrat de ville and the national challenge tree
    (``territory.defaults.NATIONAL_TREE``). Refused, nothing written: a slug not made of lower
    case letters, digits and single hyphens (at most 80 characters), a slug already taken,
    an empty name, years out of order (start <= midterm <= end)."""
    from participation.extensions import db
    from participation.territory.models import Territory
    from participation.territory.services import create_contract

    problem = _problem(slug, name, start_year, midterm_year, end_year)
    if problem is None and db.session.scalar(select(Territory.id).where(Territory.slug == slug)):
        problem = f"A territory with slug {slug!r} already exists."
    if problem:
        raise click.ClickException(problem)
    territory = Territory(slug=slug, name=name.strip())
    db.session.add(territory)
    db.session.flush()
    contract = create_contract(territory, (contract_name or f"Contrat de ville {name}").strip(),
                               start_year, end_year, midterm_year)
    click.echo(f"Created territory {territory.name} ({slug}) with its contract "
               f"{contract.name} {contract.period} and the national challenge tree. "
               f"Next: flask users create --territory {slug} --role coordinator ...")


def _problem(slug: str, name: str, start: int, midterm: int, end: int) -> str | None:
    """Why the options cannot make a territory, or None."""
    if len(slug) > 80 or not SLUG.fullmatch(slug):
        return (f"Slug {slug!r}: lower case letters, digits and single hyphens only "
                "(at most 80 characters), e.g. cc-flandre-lys.")
    if not name.strip() or len(name.strip()) > 200:
        return "The name must be given (at most 200 characters)."
    if not start <= midterm <= end:
        return "Years must be in order: start <= midterm <= end."
    return None
