"""A keyword whose evidence several reviewed texts were all taken off, and all given one other
challenge, moves to that challenge for the territory (``example_vetoes.keyword_moves``;
issue #13, a coordinator tester's finding): the demo tree puts "commerce, épicerie,
boulangerie" in TH01 Accès aux droits; shop texts corrected to TH04 Cadre de vie left « le
marché » suggested TH01, "proche par le sens de : commerce"."""
from __future__ import annotations

import pandas as pd
import pytest

from bench.quality_data import demo_challenges
from participation.analysis import autotag, tagging

SHOPS = ["les commerces", "une boulangerie, la plus proche est a 1 km",
         "un distributeur de billets", "des commerces de proximité", "une épicerie",
         "plus de magasins"]
LATER = pd.Series(["le marché", "le marché du samedi", "des permanences CAF"])


@pytest.fixture(scope="module")
def tree():
    challenges = demo_challenges()
    return challenges, {c: i for i, c in zip(challenges["id"], challenges["code"],
                                             strict=True)}


def _reviewed(rows: list[tuple[str, list[int]]]) -> pd.DataFrame:
    return pd.DataFrame([(doc, text, cid) for doc, (text, ids) in enumerate(rows)
                         for cid in ids], columns=["doc", "text", "challenge_id"])


def _first(model, ids: dict[str, int]) -> list[tuple[str, list[str]]]:
    """(code, keywords found or else the nearest keyword in meaning) of the best suggestion
    of each of ``LATER``."""
    codes = {i: c for c, i in ids.items()}
    found = tagging.suggest(LATER, model).drop_duplicates("doc").sort_values("doc")
    return [(codes[r.challenge_id], r.keywords or r.near) for r in found.itertuples()]


def _owners(model, ids: dict[str, int], feature: str) -> set[str]:
    codes = {i: c for c, i in ids.items()}
    return {codes[c] for c in model.keywords.loc[model.keywords["feature"] == feature,
                                                 "challenge_id"]}


def test_shop_texts_corrected_to_cadre_de_vie_move_the_shop_keywords(tree):
    challenges, ids = tree
    before = autotag.model_from(challenges, None)
    assert _first(before, ids)[:2] == [("TH01", ["commerce"]), ("TH01", ["commerce"])]
    model = autotag.model_from(challenges, _reviewed([(t, [ids["TH04"]]) for t in SHOPS]))
    # each shop text was suggested TH01 only and corrected: TH01 taken off, TH04 kept
    assert {frozenset(r) for r in model.examples["rejected"]} == {frozenset({ids["TH01"]})}
    assert _owners(model, ids, "commerce") == {"TH04"}
    assert _first(model, ids) == [("TH04", ["commerce"]), ("TH04", ["commerce"]),
                                  ("TH01", ["caf", "permanence"])]  # TH01's other words stay


def test_one_text_or_a_text_keeping_the_challenge_moves_nothing(tree):
    challenges, ids = tree
    one = autotag.model_from(challenges, _reviewed([(SHOPS[0], [ids["TH04"]])]))
    assert _owners(one, ids, "commerce") == {"TH01"}  # MOVE_TEXTS: one text is not several
    kept = [(t, [ids["TH04"]]) for t in SHOPS] + [
        ("les commerces ferment, et la CAF est loin", [ids["TH01"], ids["TH04"]])]
    model = autotag.model_from(challenges, _reviewed(kept))
    assert "TH01" in _owners(model, ids, "commerce")  # kept once with "commerce": it stays
