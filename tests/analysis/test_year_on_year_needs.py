"""Year on year compares residents' needs, and every printed figure is the answers it names.

The case: a coordinator's instance (the demo's 2022-2023 tables citoyennes, and a Kobo
questionnaire of May 2025), anonymised export of the themes TH02, TH03, TH04, TH06, TH08
(``data/coordinator_2022_2025.csv``). The tables printed "Odeur 6 sur 17" where no 2025
answer speaks of a smell, counted atouts ("calme") and partners' commitments ("Réseau de
partenaire") as needs, and printed two rows "Mobilité".
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from participation.analysis import text as tx
from participation.analysis import years
from participation.contributions.models import AUTHOR_ROLES, KINDS

DATA = Path(__file__).parent / "data" / "coordinator_2022_2025.csv"
THEMES = ("TH02", "TH03", "TH04", "TH06", "TH08")


def _theme(code: str) -> pd.DataFrame:
    """The export's rows tagged with ``code``, as ``frames.contributions_frame`` names its
    columns (kinds and roles back to their codes)."""
    found = pd.read_csv(DATA, sep=";", dtype=str, keep_default_na=False)
    found = found[found["enjeux"].str.split(", ").map(lambda codes: code in codes)]
    kinds = {str(label): key for key, label in KINDS.items()}
    roles = {str(label): key for key, label in AUTHOR_ROLES.items()}
    return pd.DataFrame({
        "id": range(1, len(found) + 1), "text": found["texte"].to_numpy(),
        "kind": found["nature"].map(kinds).to_numpy(),
        "author_role": found["auteur"].map(roles).to_numpy(),
        "year": found["date"].str[:4].astype(int).to_numpy(),
        "quartier": found["quartier"].where(found["quartier"] != "", None).to_numpy(),
        "commune": found["communes"].where(found["communes"] != "", None).to_numpy()})


def _names(label: str, text: str) -> bool:
    """True when ``text`` holds a word of ``label`` (folded, a plural's "s"/"x" dropped,
    its first five letters at most: "Poubelles" in "les poubelles", "Médecin" in "des
    medecins"; stop words and words of two letters are no name), read independently of
    how ``years`` matches words."""
    words = [tx.fold(w) for w in tx.WORD_RE.findall(str(label))]
    stems = [(w[:-1] if w[-1] in "sx" and len(w) > 3 else w)[:5] for w in words
             if len(w) > 2 and w not in tx.STOP_WORDS]
    return any(stem in tx.fold(str(text)) for stem in stems)


def _check_rows(frame: pd.DataFrame, evo: dict) -> None:
    """Every row: its count is the number of answers it names, all of its year, residents'
    needs, most of them holding a word of its label; no two rows share a label."""
    rows = frame.reset_index(drop=True)
    labels = [tx.fold(label) for label in evo["rows"]["label"]]
    assert len(labels) == len(set(labels)), labels
    for row in evo["rows"].itertuples():
        for key, y in (("previous", evo["previous"]), ("last", evo["last"])):
            count, answers = getattr(row, key), getattr(row, f"{key}_answers")
            if count is not None:
                assert count == len(answers) == len(set(answers))
            said = rows.loc[answers]
            assert (said["year"] == y).all()
            assert said["kind"].isin(["constat", "defi", "proposition"]).all()
            assert not said["author_role"].isin(["partenaire", "elu", "technicien"]).any()
            named = sum(_names(row.label, t) for t in said["text"])
            assert named * 2 > len(said) or said.empty, (row.label, said["text"].tolist())


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("minimum", [5, 1])
def test_every_row_counts_the_answers_that_name_it(theme, minimum):
    """Every row of every theme, published (5) and down to single answers (1): the answers
    counted, their year, kind and author, the label's word in them, no label twice."""
    frame = _theme(theme)
    evo = years.evolution(frame, minimum)
    _check_rows(frame, evo)


def test_cadre_de_vie_counts_no_smell_and_no_furniture_in_2025():
    """TH04: 2023 has 14 constats and 9 propositions of residents (and 10 partners'
    commitments, not needs): base 23; 2025 has 14 propositions (and 3 atouts): base 14.
    No 2025 answer names a smell, one names benches: neither "Odeur", "Mobilier" nor "Les
    personnes" is a 2025 need; no need is named by 5 residents in 2023 or in 2025."""
    evo = years.evolution(_theme("TH04"), 5)
    assert (evo["previous"], evo["last"], evo["bases"]) == (2023, 2025, {2023: 23, 2025: 14})
    assert evo["rows"].empty and evo["new"] == [] and evo["gone"] == []
    every = years.evolution(_theme("TH04"), 1)
    named = every["rows"].set_index("label")["last"]
    assert {"Odeur", "Mobilier", "Les personnes"}.isdisjoint(named[named.astype(int) > 0].index)


def test_atouts_are_no_need_and_partners_commitments_neither():
    """TH03: in 2025, 6 atouts say "calme" and 5 residents' propositions are its needs
    (base 5): "calme" is not new. TH02: partners' commitments ("Réseau de partenaire") are
    neither a row nor gone; 2025's doctors: 5 of its 10 propositions name them first ("plus
    de medecins", "Un médecin généraliste" with them, under 5 with its adjective, "Des
    médecins !!!", "Plus de medecin", "medcin et pediatre": read with its misspelling put
    right, ``need_rows.answer_keys``, tester t28coord), 50 %, 0 of 21 in 2023; "docteur" is
    another row of the year on year (the challenge's table joins it, ``need_synonyms``),
    "maison médicale" another need, the long answer names cleanliness first and the Arabic
    answer is in no row."""
    calm = years.evolution(_theme("TH03"), 5)
    assert calm["bases"] == {2023: 19, 2025: 5} and calm["new"] == []
    health = years.evolution(_theme("TH02"), 5)
    assert health["bases"] == {2023: 21, 2025: 10}
    assert health["rows"]["label"].tolist() == ["Médecin"]  # the one need named by 5
    every = years.evolution(_theme("TH02"), 2)["rows"].set_index("label")
    assert every.loc["Médecin", ["last", "last_pct"]].tolist() == [5, 50]
    assert not any("partenaire" in tx.fold(label) for label in every.index)
    assert not any("partenaire" in tx.fold(label) for label in health["gone"])


def test_mobility_has_one_row_per_name():
    """TH08: no 2023 answer names buses first ("abris de bus" 3 times, a row « Abris de
    bus »: « abri » never written without its complement, ``need_complements``; "réseau de
    bus" twice, "parcours et horaires", "horaires du mobil'haz" twice), 2 of 2025's 7 do ("les
    bus, il n'y en a pas le dimanche", "plus de bus pour aller a Hazebrouck"): no need
    reaches 5 either year; every row named once, no two rows "Mobilité"."""
    evo = years.evolution(_theme("TH08"), 5)
    assert evo["bases"] == {2023: 11, 2025: 7}
    assert evo["rows"].empty
    every = years.evolution(_theme("TH08"), 1)["rows"]
    assert every.set_index("label").loc["Bus", ["previous", "last"]].tolist() == [0, 2]
    assert every.set_index("label").loc["Abris de bus", ["previous", "last"]].tolist() == [3, 0]
    assert len(set(every["label"].map(tx.fold))) == len(every)
