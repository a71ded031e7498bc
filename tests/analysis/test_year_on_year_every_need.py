"""A year-on-year table has a row for every need reaching the minimum in either year, named
in the residents' right spelling (issue #13, tester t26coord: the Cadre de vie table, base
65, had no row for the benches, 13 answers, 20 %; it printed "Ascensseur toujours en panne
5", a resident's misspelling, while 6 answers name the lift).

Hand-written case (one challenge, residents' needs of 2024 and 2025), counted by hand:

- 2024 (base 8): "des bancs" said by 1 answer, the lift by none; 7 other answers (the
  pavements 5, the bins 2).
- 2025 (base 16): "banc(s)" written by 6 answers ("des bancs", "mettre des bancs" x2, "plus
  de bancs", "des bancs dans le parc", "Bancs !"); the lift by 6: 3 "ascensseur toujours en
  panne" (misspelt), "l'ascenseur est en panne", "réparer l'ascenseur" and "un ascenseur
  qui marche" (written right): "Ascenseur" 6, never the misspelling; the pavements 4.
Benches: 1/8 (under 5, hidden) and 6/16 = 37.5 % -> 38 %. Lift: 0 and 6/16 -> 38 %.
"""
from __future__ import annotations

import pandas as pd

from participation.analysis import years

NEEDS = {2024: ["refaire les trottoirs"] * 5 + ["des poubelles"] * 2 + ["des bancs"],
         2025: ["des bancs", "mettre des bancs", "mettre des bancs", "plus de bancs",
                "des bancs dans le parc", "Bancs !"]
         + ["ascensseur toujours en panne"] * 3
         + ["l'ascenseur est en panne", "réparer l'ascenseur", "un ascenseur qui marche"]
         + ["refaire les trottoirs"] * 4}


def _frame() -> pd.DataFrame:
    rows = [(y, t) for y, ts in NEEDS.items() for t in ts]
    return pd.DataFrame({"id": range(1, len(rows) + 1), "text": [r[1] for r in rows],
                         "kind": "constat", "author_role": "habitant",
                         "year": [r[0] for r in rows], "quartier": None, "commune": None})


def test_every_need_reaching_the_minimum_has_a_row_in_the_right_spelling():
    frame = _frame()
    evo = years.evolution(frame, 5)
    assert evo["bases"] == {2024: 8, 2025: 16}
    rows = {r.label: r for r in evo["rows"].itertuples()}
    benches = next(r for label, r in rows.items() if "banc" in label.lower())
    assert (benches.previous, benches.last, benches.last_pct) == (None, 6, 38)
    assert {frame["text"][p] for p in benches.last_answers} == {
        t for t in NEEDS[2025] if "anc" in t}
    lift = next(r for label, r in rows.items() if "scens" in label.lower())
    assert "ascensseur" not in lift.label.lower() and lift.label.startswith("Ascenseur")
    # nobody named the lift in 2024: 0, published (a zero singles nobody out); 6 of 16 =
    # 37.5 % printed 38 (half up)
    assert (lift.previous, lift.last, lift.last_pct) == (0, 6, 38)
    assert len(lift.last_answers) == sum("scens" in t for t in NEEDS[2025]) == 6
    pavements = next(r for label, r in rows.items() if "trottoir" in label.lower())
    assert (pavements.previous, pavements.last) == (5, None)  # 4 in 2025: hidden
