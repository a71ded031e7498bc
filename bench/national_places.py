"""Where a generated territory is: the territory, its communes, quartiers (QPV) and the
names residents give them, its contract with the national challenge tree, its two staff
accounts. Enough on its own for the residents' home page at national scale
(``bench/national_home.py``)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from bench.national_plan import CITIES, QUARTIER_WORDS, IdCounter, Territory
from participation.demo.data import TREE


def _departement(n: int) -> str:
    """One of the 96 departments of metropolitan France: "01" to "95", Corsica "2A"."""
    number = n % 95 + 1
    return "2A" if number == 20 else f"{number:02d}"


def places(t: Territory, ids: IdCounter) -> None:
    """Territory, communes, quartiers (QPV), their communes and resident names."""
    t.id = int(ids.take("territory", 1)[0])
    city = CITIES[t.k % len(CITIES)]
    name = f"{city} agglo n° {t.k + 1:03d}"
    t.add("territory", pd.DataFrame({"id": [t.id], "name": [name],
                                     "slug": [f"nat-{t.k + 1:03d}"]}))
    n_communes = 1 + min(t.qpv, 4)
    t.communes = ids.take("commune", n_communes)
    t.add("commune", pd.DataFrame({
        "id": t.communes, "territory_id": t.id,
        "name": [city if j == 0 else f"{city}-{j + 1}" for j in range(n_communes)],
        "insee_code": [f"{_departement(t.k * 7 + j)}{(t.k * 13 + j) % 999:03d}"
                       for j in range(n_communes)]}))
    t.quartiers = ids.take("quartier", t.qpv)
    t.add("quartier", pd.DataFrame({
        "id": t.quartiers, "territory_id": t.id,
        "code": [f"QN{t.k:03d}{j:02d}M" for j in range(t.qpv)],
        "name": [f"{QUARTIER_WORDS[(t.k + j) % len(QUARTIER_WORDS)]} {j + 1}"
                 for j in range(t.qpv)], "kind": "qpv",
        "population": t.rng.integers(1000, 9000, t.qpv)}))
    t.add("quartier_commune", pd.DataFrame({
        "quartier_id": t.quartiers, "commune_id": t.communes[np.arange(t.qpv) % n_communes]}))
    names = [(q, f"{word} {QUARTIER_WORDS[(j + i) % len(QUARTIER_WORDS)]}")
             for j, q in enumerate(t.quartiers) for i, word in
             enumerate(("Résidence", "Cité", "Maisons de"))]
    t.add("quartier_name", pd.DataFrame({
        "id": ids.take("quartier_name", len(names)), "quartier_id": [q for q, _ in names],
        "name": [n for _, n in names]}))

def contract(t: Territory, ids: IdCounter) -> None:
    """One contract 2024-2030 with the eleven themes, three objectives under each."""
    contract = int(ids.take("contract", 1)[0])
    t.add("contract", pd.DataFrame({
        "id": [contract], "territory_id": t.id, "start_year": 2024, "end_year": 2030,
        "midterm_year": 2027, "tree_version": 1, "language": "fr",
        "name": [f"Contrat de ville Quartiers 2030 — territoire {t.k + 1:03d}"]}))
    top = ids.take("challenge", len(TREE))
    leaves = ids.take("challenge", len(TREE) * 3)
    t.challenges, t.leaves = np.concatenate([top, leaves]), leaves
    rows = [(top[i], None, code, name, colour, kw, i)
            for i, (code, _, name, colour, kw) in enumerate(TREE)]
    rows += [(leaves[i * 3 + j], top[i], f"{code}.{j + 1}", f"{name} — objectif {j + 1}",
              colour, "", j) for i, (code, _, name, colour, _) in enumerate(TREE)
             for j in range(3)]
    frame = pd.DataFrame(rows, columns=["id", "parent_id", "code", "name", "colour",
                                        "keywords", "position"])
    frame["parent_id"] = frame["parent_id"].astype("Int64")
    t.add("challenge", frame.assign(contract_id=contract, territory_id=t.id, version_from=1))

def users(t: Territory, ids: IdCounter, password_hash: str) -> None:
    """A coordinator and a facilitator, both with the bench password."""
    users = ids.take("user_account", 2)
    t.coordinator = int(users[0])
    t.add("user_account", pd.DataFrame({
        "id": users, "territory_id": t.id, "role": ["coordinator", "facilitator"],
        "email": [f"coordination@nat-{t.k + 1:03d}.example", f"animation@nat-{t.k + 1:03d}"
                  ".example"], "name": ["Coordination", "Animation"],
        "password_hash": password_hash, "active": True, "session_version": 1}))
