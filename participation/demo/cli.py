"""``flask demo load``: the demo territory, idempotent."""
from __future__ import annotations

from datetime import date
from importlib import import_module

import click
from flask.cli import AppGroup
from sqlalchemy import select

from participation.demo import data

demo_cli = AppGroup("demo", help="Demo territory.")

# Each feature's demo loader, "package.module:function" taking the territory; idempotent.
LOADERS = [
    "surveys.demo:load_demo_surveys",
    "events.demo:load_events_demo",
    "johari.demo:load_johari",
    "council.demo:load_council_demo",
    "privacy.demo:load",
]


def _load_base():
    from participation.accounts.models import User
    from participation.accounts.services import create_user
    from participation.extensions import db
    from participation.territory import services
    from participation.territory.models import Commune, Quartier, Territory

    territory = db.session.scalar(select(Territory).where(Territory.slug == data.TERRITORY["slug"]))
    if territory is None:
        territory = Territory(**data.TERRITORY)
        territory.communes = [Commune(name=n, insee_code=c) for n, c in data.COMMUNES]
        db.session.add(territory)
        db.session.commit()
    if not territory.contracts:
        contract = services.create_contract(territory, with_default_tree=False, **data.CONTRACT)
        services._insert_tree(contract, data.TREE, 1, {})
        db.session.commit()
    if not db.session.scalar(select(Quartier).where(Quartier.code == data.QUARTIER["code"],
                                                     Quartier.territory_id == territory.id)):
        hazebrouck = [c.id for c in territory.communes if c.name == "Hazebrouck"]
        services.create_quartier(territory, commune_ids=hazebrouck,
                                 resident_names=data.RESIDENT_NAMES, **data.QUARTIER)
    for email, name, role, password in data.USERS:
        if not db.session.scalar(select(User.id).where(User.email == email)):
            create_user(territory.id, email, name, role, password)
    return territory


def _load_contributions(territory) -> None:
    from participation.contributions.models import Contribution
    from participation.contributions.services import record_contribution, set_follow_up
    from participation.extensions import db
    from participation.territory.models import Quartier

    if db.session.scalar(select(Contribution.id).where(
            Contribution.territory_id == territory.id, Contribution.source_type == "demo")):
        return
    quartier = db.session.scalar(select(Quartier).where(Quartier.territory_id == territory.id))
    codes = {c.code: c.id for c in territory.current_contract.challenges}
    for code, kind, role, text, status, reply in data.CONTRIBUTIONS:
        c = record_contribution(
            territory.id, text, kind=kind, author_role=role, source_format="table_citoyenne",
            source_type="demo", source_label="Tables citoyennes du 27 juin 2023",
            quartier_id=quartier.id, said_on=date(2023, 6, 27), challenge_ids=[codes[code]])
        set_follow_up(c, status, reply)


def _load_previous_year(territory) -> None:
    """The tables citoyennes of June 2022 (``data.PREVIOUS``): a year to compare with."""
    from participation.contributions.models import Contribution
    from participation.contributions.services import record_contribution
    from participation.extensions import db
    from participation.territory.models import Quartier

    if db.session.scalar(select(Contribution.id).where(
            Contribution.territory_id == territory.id,
            Contribution.source_type == "demo_previous")):
        return
    quartier = db.session.scalar(select(Quartier).where(Quartier.territory_id == territory.id))
    codes = {c.code: c.id for c in territory.current_contract.challenges}
    for code, kind, texts in data.PREVIOUS:
        for text in texts:
            record_contribution(
                territory.id, text, kind=kind, author_role="habitant",
                source_format="table_citoyenne", source_type="demo_previous",
                source_label=data.PREVIOUS_LABEL, quartier_id=quartier.id,
                said_on=date(*data.PREVIOUS_DATE), challenge_ids=[codes[code]], commit=False)
    db.session.commit()


@demo_cli.command("load")
def load() -> None:
    """Load (or complete) the demo territory and print the demo logins."""
    territory = _load_base()
    _load_contributions(territory)
    _load_previous_year(territory)
    for target in LOADERS:
        module, name = target.split(":")
        getattr(import_module(f"participation.{module}"), name)(territory)
    click.echo(f"Demo territory loaded: {territory.name}")
    for email, _name, role, password in data.USERS:
        click.echo(f"  {role:<12} {email}  /  {password}")
