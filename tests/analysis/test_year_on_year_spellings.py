"""Year on year counts, per consultation, the answers naming a need first, the rows of the
tables (``year_needs``), a misspelling with its word; answers in another language are said,
not guessed; atouts have their own table (issue #13, item 5).

Hand-written case (one challenge, residents' answers of 2024 and 2025), counted by hand:

- needs, 2024 (base 9): "médecin" named first by 5 of them (as "médecin", "médecins",
  "medecins", "Médecins"; "médecin généraliste", 1 answer, under the minimum of 5 with its
  noun, ``need_rows.joined_keys``); 2025 (base 11): by 5, every time misspelt and no 2025
  answer spelling it right ("medcin", "medcins", "mdecin", "médcins", "medecim": put right
  against 2024's word); "un docteur" (a synonym), "la médecine scolaire" (another word), an
  Arabic and a Turkish answer saying "doctor" do not name it. Médecin: 5/9 = 55.6 % -> 56 %,
  5/11 = 45.5 % -> 45 %, change -11 points; 2 answers in other languages in 2025, none in
  2024. Named as 2024 writes it most: "médecins" 3 times ("Plus de médecins", "des medecins
  svp", "Médecins de garde"), "médecin" once ("un médecin le samedi"): « Médecins ».
- atouts, 2024 (base 7): "voisins" named first by 5 ("les voisins", "LES VOISINS", "les
  voisins solidaires", "des voisins gentils", "Voisins !"); 2025 (base 11): by 5 ("les
  voisns", "Voisins sympas", "des voisins solidaires", "mes voisines", "des voisins
  serviables"); "un voisinage calme" (another word), Arabic "الجيران" and Turkish
  "arkadaşlar" not. 5/7 = 71.4 % -> 71 %, 5/11 = 45.5 % -> 45 %, change -26 points; 2 in
  other languages; named « Voisins » (2024: "voisins" 2 + "Voisins" 1 against "VOISINS" 1,
  an answer in capitals never names a row).
"""
from __future__ import annotations

import pandas as pd
import pytest

from participation.analysis import languages, needs_following, said_words, spelling, years
from tests.analysis.test_year_on_year_needs import _theme

NEEDS = {2024: ["Il faut un médecin généraliste", "Plus de médecins", "un médecin le samedi",
                "des medecins svp", "Médecins de garde", "Pas de bus le dimanche",
                "le bus passe peu", "Trop de bruit la nuit", "Trop de bruit le soir"],
         2025: ["Un medcin svp", "pas de medcins", "il manque un mdecin",
                "plus de médcins généralistes", "un medecim pour les enfants", "un docteur",
                "la médecine scolaire", "نحتاج إلى طبيب في الحي", "Doktor lazım mahallemize",
                "Pas de bus le soir", "des bus plus souvent"]}
ATOUTS = {2024: ["les voisins", "LES VOISINS", "les voisins solidaires", "le parc",
                 "le marché du samedi", "des voisins gentils", "Voisins !"],
          2025: ["les voisns", "Voisins sympas", "des voisins solidaires", "mes voisines",
                 "des voisins serviables", "un voisinage calme", "الجيران", "arkadaşlar",
                 "le parc", "le parc et les arbres", "les parcs"]}


def _frame() -> pd.DataFrame:
    """NEEDS as residents' propositions, then ATOUTS as their atouts, in one frame shaped as
    ``frames.contributions_frame``."""
    rows = [(y, t, "proposition") for y, ts in NEEDS.items() for t in ts] + [
        (y, t, "atout") for y, ts in ATOUTS.items() for t in ts]
    return pd.DataFrame({"id": range(1, len(rows) + 1), "text": [r[1] for r in rows],
                         "kind": [r[2] for r in rows], "author_role": "habitant",
                         "year": [r[0] for r in rows], "quartier": None, "commune": None})


def _texts(frame: pd.DataFrame, positions: list[int]) -> set[str]:
    return set(frame["text"].iloc[positions])


def test_every_spelling_of_the_word_counts_and_nothing_else():
    frame = _frame()
    evo = years.evolution(frame, 5)
    assert evo["bases"] == {2024: 9, 2025: 11}
    assert evo["other_languages"] == {2024: 0, 2025: 2}
    rows = evo["rows"]
    assert rows[["label", "previous", "previous_pct", "last", "last_pct", "change"]] \
        .values.tolist() == [["Médecins", 5, 56, 5, 45, -11]]
    assert _texts(frame, rows.loc[0, "last_answers"]) == {
        "Un medcin svp", "pas de medcins", "il manque un mdecin",
        "plus de médcins généralistes", "un medecim pour les enfants"}
    assert _texts(frame, rows.loc[0, "previous_answers"]) == set(NEEDS[2024][:5])
    assert evo["new"] == [] and evo["gone"] == []


def test_atouts_are_compared_in_their_own_table():
    frame = _frame()
    evo = years.evolution(frame, 5, part="atouts")
    assert (evo["part"], evo["bases"]) == ("atouts", {2024: 7, 2025: 11})
    assert evo["other_languages"] == {2024: 0, 2025: 2}
    rows = evo["rows"]
    assert rows[["label", "previous", "previous_pct", "last", "last_pct", "change"]] \
        .values.tolist() == [["Voisins", 5, 71, 5, 45, -26]]
    assert _texts(frame, rows.loc[0, "last_answers"]) == {
        "les voisns", "Voisins sympas", "des voisins solidaires", "mes voisines",
        "des voisins serviables"}
    # every row, down to single answers: each counted answer names it first
    every = years.evolution(frame, 1, part="atouts")["rows"].set_index("label")
    # named as 2024's one answer writes it (the first consultation naming it)
    assert every.loc["Le parc", ["previous", "last"]].tolist() == [1, 3]
    assert _texts(frame, every.loc["Le parc", "last_answers"]) == {
        "le parc", "le parc et les arbres", "les parcs"}


@pytest.mark.parametrize(("typo", "word", "said"), [
    ("medcin", "medecin", True), ("mdecin", "medecin", True), ("medecim", "medecin", True),
    ("voisn", "voisin", True), ("medecine", "medecin", False),  # "médecine": another word
    ("docteur", "medecin", False), ("voisinage", "voisin", False), ("buss", "bus", False)])
def test_a_misspelling_is_the_word_only_when_it_is_no_word(typo, word, said):
    """"buss": four letters, under ``spelling.MIN_TYPO_LENGTH``: left as typed."""
    assert spelling.misspelt_as(typo, word) is said


@pytest.mark.parametrize(("text", "other"), [
    ("نحتاج إلى طبيب في الحي", True), ("Doktor lazım mahallemize", True), ("sakin", True),
    ("arkadaşlar", True), ("plus de medecins svp", False), ("medcin et pediatre", False),
    ("street workout", False), ("Un skate park", False), ("city stade", False), ("", False),
    # "yok", "çok", "hiç" are in the French dictionary too: Turkish-only words decide
    ("akşam otobüs yok", True), ("mahallede doktor yok", True), ("polis hiç gelmiyor", True),
    ("Horaires du mobil'haz inadaptés et pas assez fréquents", False),
    ("medecin generaliste!!", False), ("un city", False)])
def test_other_languages_are_told_only_when_reliable(text, other):
    """Arabic script and Turkish are told apart; English words residents write in French
    answers ("street workout", "skate park") are not taken for another language."""
    assert languages.other_language(text) is other


def test_the_coordinators_export_says_its_arabic_answers():
    """The tester's export: one Arabic proposition in 2025 for health (TH02: "نحتاج إلى طبيب
    في الحي") and one for cadre de vie (TH04: "النظافة، القمامة في كل مكان"), in their bases
    (10 and 14), counted in no row: Médecin 5 of 10 (the answers naming a doctor first,
    ``test_year_on_year_needs``). Its 23 atouts are all of 2025: no atouts table for any
    theme."""
    health = years.evolution(_theme("TH02"), 2)
    assert health["other_languages"] == {2023: 0, 2025: 1}
    rows = health["rows"]
    assert rows.set_index("label").loc["Médecin", ["last", "last_pct"]].tolist() == [5, 50]
    assert all("طبيب" not in text for answers in rows["last_answers"]
               for text in _theme("TH02")["text"].iloc[answers])
    assert years.evolution(_theme("TH04"), 5)["other_languages"] == {2023: 0, 2025: 1}
    for theme in ("TH02", "TH03", "TH04", "TH06", "TH08"):
        assert years.evolution(_theme(theme), 1, part="atouts") is None


def test_a_misspelling_counts_once_for_the_nearest_row():
    """"un medcin" is 92 near "médecin" and 86 near "médecine" (rapidfuzz ratio, both over
    ``spelling.FUZZY_RATIO``): it counts under Médecin only; "la medecine" under Médecine
    (its own word, accents aside). Earlier answers 0-3, later 4-5."""
    texts = ["un médecin", "un médecin", "la médecine du travail", "la médecine scolaire",
             "un medcin", "la medecine"]
    said = dict(enumerate(said_words.said_terms(pd.Series(texts))))
    groups = lambda rows: pd.DataFrame([{"group": g, "label": label, "count": len(a),  # noqa: E731
                                         "answers": a} for g, label, a in rows])
    earlier = groups([("a", "Médecin", [0, 1]), ("b", "Médecine", [2, 3])])
    joint = groups([("g1", "Médecin", [0, 1, 4]), ("g2", "Médecine", [2, 3, 5])])
    table = needs_following.compare(earlier, joint, {4, 5}, said)
    assert table[["label", "previous", "last"]].values.tolist() == [
        ["Médecin", 2, 1], ["Médecine", 2, 1]]
    assert table["last_answers"].tolist() == [[4], [5]]


def test_a_name_is_never_taken_for_a_misspelling():
    """"Parcy" is 89 near "parc" and no French word: written with a capital inside an answer
    (a name), or the name of one of the challenge's quartiers (``places``), it never says
    "parc"; "un parcc" does."""
    capital, place, typo = said_words.said_terms(pd.Series([
        "des jeux vers Parcy", "des jeux à parcy", "un parcc pour les enfants"]),
        places=frozenset({"parcy"}))
    assert "parc" not in capital and "parc" not in place and "parc" in typo
