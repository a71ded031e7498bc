"""Small factories on db.session (no extra dependency)."""
from __future__ import annotations

import itertools

from participation.accounts.models import User
from participation.extensions import db
from participation.territory import services as territory_services
from participation.territory.models import Commune, Territory

PASSWORD = "motdepasse-2024"
_seq = itertools.count(1)


def territory(name: str = "Cœur de Flandre agglo", communes=("Hazebrouck", "Bailleul"),
              with_contract: bool = True) -> Territory:
    n = next(_seq)
    t = Territory(name=name, slug=f"territoire-{n}")
    t.communes = [Commune(name=c) for c in communes]
    db.session.add(t)
    db.session.commit()
    if with_contract:
        territory_services.create_contract(t, "Contrat de ville 2024-2030", 2024, 2030, 2027)
    return t


def quartier(t: Territory, code: str | None = None, name: str = "Pasteur-Foch",
             names=("Résidence Foch", "Cité Pasteur")):
    return territory_services.create_quartier(
        t, code or f"QN0{next(_seq):05d}M", name, "qpv", 1200, [t.communes[0].id], list(names))


def user(t: Territory, role: str = "coordinator", email: str | None = None) -> User:
    u = User(territory_id=t.id, email=email or f"{role}{next(_seq)}@example.org",
             name=f"{role.title()} Test", role=role)
    u.set_password(PASSWORD)
    db.session.add(u)
    db.session.commit()
    return u


def challenge(t: Territory, code: str):
    contract = t.current_contract
    return next(c for c in territory_services.current_tree(contract) if c.code == code)


def yearly_contributions(t: Territory, quartier, code: str, said: dict) -> object:
    """Contributions of the challenge ``code`` said in ``quartier`` on June 14th of each year:
    ``said`` is {year: [(text, how many times)]}; returns the challenge."""
    from datetime import date

    from participation.contributions.services import record_contribution

    node = challenge(t, code)
    for year, texts in said.items():
        for text, times in texts:
            for _ in range(times):
                record_contribution(t.id, text, quartier_id=quartier.id,
                                    said_on=date(year, 6, 14), challenge_ids=[node.id],
                                    commit=False)
    db.session.commit()
    return node
