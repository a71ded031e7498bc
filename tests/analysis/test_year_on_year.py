"""Year on year (issue #13, item 5): a figure printed for a past consultation never moves
because someone answered since; the later answers are followed into the earlier needs; the
grouping depends on the set of texts, never on their order."""
from __future__ import annotations

import random
from datetime import date

import pandas as pd
import pytest

from bench import analysis_quality as quality
from participation.analysis import grouping, needs_following, years
from participation.contributions.services import record_contribution
from participation.extensions import db
from participation.territory.models import Challenge
from tests.analysis.test_summary import _frame, _row
from tests.reading import plain

# 2023: base 20 (one "rien" counts in the base and in no need)
EARLIER = [("un médecin", 5), ("il manque un médecin", 3), ("pas de bus le dimanche", 6),
           ("des cours de français", 5), ("rien", 1)]
# 2024: base 25
LATER = [("un médecin", 6), ("des médecins", 2), ("pas assez de médecins", 2),
         ("pas de bus le dimanche", 3), ("plus de bus le dimanche", 2),
         ("un terrain de foot", 6), ("la piscine est fermée", 3), ("je ne sais pas", 1)]
# said in 2024 after the table above was read: doctors, buses and a new need
SINCE = [("on n'a plus de médecin", 2), ("un bus le dimanche", 1),
         ("des jardins partagés", 4), ("la piscine est fermée", 1)]


def _said(year: int, pairs: list[tuple[str, int]]) -> list[dict]:
    return [_row(text, year=year) for text, times in pairs for _ in range(times)]


def _previous(evo: dict) -> dict[str, tuple]:
    """label -> (count, share) of the earlier year's published figures."""
    rows = evo["rows"][evo["rows"]["previous"].notna()]
    return {r.label: (r.previous, r.previous_pct) for r in rows.itertuples()}


def test_two_consultations_against_hand_counts():
    evo = years.evolution(_frame(_said(2023, EARLIER) + _said(2024, LATER)), 5)
    assert (evo["previous"], evo["last"], evo["bases"]) == (2023, 2024, {2023: 20, 2024: 25})
    rows = evo["rows"].set_index("label")[["previous", "previous_pct", "last", "last_pct",
                                           "change"]]
    # doctors: 5 + 3 = 8 of 20 = 40 %; 2024: 6 + 2 + 2 = 10 of 25 = 40 %: +0 point
    assert rows.loc["Un médecin"].tolist() == [8, 40, 10, 40, 0]
    # buses: 6 of 20 = 30 %; then 3 + 2 = 5 of 25 = 20 %: -10 points
    assert rows.loc["Pas de bus le dimanche"].tolist() == [6, 30, 5, 20, -10]
    # a new need: nobody in 2023 (0 of 20 = 0 %, published: a zero singles nobody out),
    # 6 of 25 = 24 %: +24 points; French lessons: 5 of 20 = 25 %, then 0 of 25: -25 points
    assert rows.loc["Un terrain de foot"].tolist() == [0, 0, 6, 24, 24]
    assert rows.loc["Des cours de français"].tolist() == [5, 25, 0, 0, -25]
    assert list(rows.index) == ["Un médecin", "Un terrain de foot", "Pas de bus le dimanche",
                                "Des cours de français"]  # biggest in 2024 first
    # the pool closed, 3 in 2024: new, but under 5 people: neither a row nor "new"
    assert evo["new"] == ["un terrain de foot"] and evo["gone"] == ["des cours de français"]


def test_earlier_figures_do_not_move_when_the_later_year_grows():
    before = years.evolution(_frame(_said(2023, EARLIER) + _said(2024, LATER)), 5)
    after = years.evolution(_frame(_said(2023, EARLIER) + _said(2024, LATER + SINCE)), 5)
    assert after["bases"] == {2023: 20, 2024: 33}  # 25 + 2 + 1 + 4 + 1
    assert _previous(after) == _previous(before) == {
        "Un médecin": (8, 40), "Pas de bus le dimanche": (6, 30),
        "Des cours de français": (5, 25), "Un terrain de foot": (0, 0)}
    rows = after["rows"].set_index("label")
    # 10 + 2 doctors = 12 of 33 = 36 %; 5 + 1 buses = 6 of 33 = 18 %
    assert rows.loc["Un médecin", ["last", "last_pct"]].tolist() == [12, 36]
    assert rows.loc["Pas de bus le dimanche", ["last", "last_pct"]].tolist() == [6, 18]


Y2022 = [("un médecin", 6), ("des cours de français", 5)]  # base 11
Y2023 = [("pas assez de médecins", 5), ("il manque un médecin", 2), ("un terrain de foot", 5),
         ("pas de bus le dimanche", 5)]  # base 17
Y2024 = [("un médecin", 4), ("pas assez de médecins", 2), ("un terrain de foot", 6),
         ("des jardins partagés", 2)]  # base 14


def _years(evo: dict) -> dict[str, list]:
    columns = ["previous", "previous_pct", "last", "last_pct", "change"]
    return {r.label: [getattr(r, c) for c in columns] for r in evo["rows"].itertuples()}


def test_a_year_reads_the_same_in_the_table_before_and_the_table_after():
    """Three consultations: 2023 is the later year of the 2022-2023 table, then the earlier
    year of the 2023-2024 one; both print the same needs, labels and figures for it."""
    first = years.evolution(_frame(_said(2022, Y2022) + _said(2023, Y2023)), 5)
    # 2022: doctors 6 of 11 = 55 %, French lessons 5 of 11 = 45 %; 2023: 5 + 2 = 7 doctors
    # of 17 = 41 % (-14 points), a pitch 5 of 17 = 29 %, buses 5 of 17 = 29 %: both new
    # (6 of 11 = 54.5 % printed 55, half up); nobody said buses or a pitch in 2022, nor
    # French lessons in 2023: 0 of the year's base, 0 %
    assert _years(first) == {"Un médecin": [6, 55, 7, 41, -14],
                             "Pas de bus le dimanche": [0, 0, 5, 29, 29],
                             "Un terrain de foot": [0, 0, 5, 29, 29],
                             "Des cours de français": [5, 45, 0, 0, -45]}
    second = years.evolution(
        _frame(_said(2022, Y2022) + _said(2023, Y2023) + _said(2024, Y2024)), 5)
    assert (second["previous"], second["last"], second["bases"]) == (
        2023, 2024, {2023: 17, 2024: 14})
    # 2023 as the first table printed it (alone it would read "Pas assez de médecins");
    # 2024: 4 + 2 = 6 doctors of 14 = 43 % (+2), 6 pitches of 14 = 43 % (+14), no bus:
    # gone; 2 shared gardens: new but under 5, neither a row nor "new"
    assert _years(second) == {"Un médecin": [7, 41, 6, 43, 2],
                              "Un terrain de foot": [5, 29, 6, 43, 14],
                              "Pas de bus le dimanche": [5, 29, 0, 0, -29]}
    assert second["new"] == [] and second["gone"] == ["pas de bus le dimanche"]
    assert {label: row[2:4] for label, row in _years(first).items() if row[2]} == {
        label: row[:2] for label, row in _years(second).items() if row[0]}


def _grouped(groups: list[tuple[str, str, list[int]]]) -> pd.DataFrame:
    return pd.DataFrame([{"group": g, "label": label, "count": len(a), "answers": a}
                         for g, label, a in groups])


def test_later_answers_follow_the_earlier_need_most_of_their_group_expressed():
    # earlier consultation: answers 0-4; later: 5-10; each answer's terms as ``said_terms``
    said = {0: {"bus"}, 1: {"bus"}, 2: {"bus"}, 3: {"medecin"}, 4: {"medecin"},
            5: {"bus"}, 6: {"bus", "piscine"}, 7: {"medecin"}, 8: {"piscine"},
            9: {"piscine"}, 10: {"banc"}}
    earlier = _grouped([("a", "Bus", [0, 1, 2]), ("b", "Médecin", [3, 4])])
    joint = _grouped([("g1", "Bus le dimanche", [0, 1, 5, 6, 10]),  # earlier votes: a 2 -> a
                      ("g2", "Médecin", [2, 3, 7]),  # a 1, b 1: a tie, to the first key, a
                      ("g3", "Piscine", [8, 9, 6]),  # no earlier answer: new (6 counted again)
                      ("g4", "Médecin", [4])])  # no later answer: nothing to follow
    table = needs_following.compare(earlier, joint, set(range(5, 11)),
                                    {p: frozenset(t) for p, t in said.items()})
    assert table[needs_following.COLUMNS].values.tolist() == [
        ["a", "Bus", 3, 2],  # 5 and 6; 10 says no bus: counted in no need
        ["b", "Médecin", 2, 1],  # 7 followed into g2's "a" says no bus: its own label's need
        ["new:g3", "Piscine", 0, 3]]  # 8, 9 and 6
    assert table["last_answers"].tolist() == [[5, 6], [7], [6, 8, 9]]


def test_a_word_still_written_is_neither_new_nor_gone():
    """"Ne revient plus : « bus »" must not be printed while a later answer still writes
    "bus" (counted under another need): gone and new need the other year to be silent."""
    table = pd.DataFrame([("medecin", "Médecin", 6, 0, "medecin"),
                          ("bus", "Bus", 5, 0, "bus"),
                          ("new:piscine", "Piscine", 0, 5, "piscine")],
                         columns=needs_following.COLUMNS + ["word"])
    said = {0: frozenset({"medecin"}), 1: frozenset({"bus"}),  # earlier year
            2: frozenset({"bus", "gare"}), 3: frozenset({"piscine"})}  # later year
    assert years._new_and_gone(table, said, [{0, 1}, {2, 3}], 5) == {
        "new": ["piscine"], "gone": ["médecin"]}


@pytest.mark.parametrize("theme", ["TH04", "TH06", "TH10"])
def test_grouping_does_not_depend_on_the_order_of_the_answers(theme):
    """Three themes of the evaluation set whose groups changed with the order before (their
    keys' wording, ties): the same texts shuffled give the same groups, labels and counts."""
    texts = quality.load("dev").query("theme == @theme")["text"].tolist()

    def groups(order: list[str]) -> list[tuple]:
        found = grouping.group_answers(pd.Series(order))
        return sorted((g.group, g.label, g.count, tuple(sorted(order[a] for a in g.answers)))
                      for g in found.itertuples())

    shuffled = texts[:]
    random.Random(13).shuffle(shuffled)
    assert groups(shuffled) == groups(texts)
    assert groups(texts[::-1]) == groups(texts)


def test_evolution_does_not_depend_on_the_order_of_the_rows():
    rows = _said(2023, EARLIER) + _said(2024, LATER + SINCE)
    shuffled = rows[:]
    random.Random(5).shuffle(shuffled)
    first, second = (years.evolution(_frame(r), 5) for r in (rows, shuffled))
    answers = ["previous_answers", "last_answers"]
    pd.testing.assert_frame_equal(first["rows"].drop(columns=answers),
                                  second["rows"].drop(columns=answers))
    for key in answers:  # the same answers, at their places in each frame
        assert [sorted(rows[a]["text"] for a in found) for found in first["rows"][key]] == [
            sorted(shuffled[a]["text"] for a in found) for found in second["rows"][key]]
    assert (first["new"], first["gone"]) == (second["new"], second["gone"])


BASES = "Manques et propositions écrits par les habitants :"


def _evolution(webapp, challenge_id: int, column: int) -> tuple[str, dict[str, str]]:
    """The rendered year on year part of a challenge's page: its bases' sentence and, per
    need published for one year (``column`` 0: the earlier, 1: the later), its cell ("13 sur
    33 (39 %)")."""
    page = webapp.get(f"/analysis/challenge/{challenge_id}")
    heading = page.html.find(id="evolution")
    bases = plain(" ".join(heading.find_next("p").get_text(" ").split()))
    cells = {}
    for tr in heading.find_next("table").find("tbody").find_all("tr"):
        cell = plain(" ".join(tr.find_all("td")[column].get_text(" ").split()))
        if "moins de" not in cell:
            cells[plain(tr.find("th").get_text(" ").strip())] = cell
    return bases, cells


def _answer(territory_id, challenge_id, quartier_id, text):
    record_contribution(territory_id, text, quartier_id=quartier_id, said_on=date(2024, 5, 20),
                        challenge_ids=[challenge_id])


def test_demo_page_keeps_2023_figures_after_a_2024_answer(demo_db, webapp, web_login):
    """The tester's case, on the demo's Mobilité (TH08: 11 residents' manques and
    propositions in 2022, 11 in 2023). Its page compares 2022 with 2023; once a 2024
    consultation starts, 2023 is its earlier year with the very figures it had as the later
    year, and one more 2024 answer leaves every one of them as it was. Each row counts the
    answers naming its need first, as the tables do (``year_needs``): 2022 names the bus
    first in 6 answers, the navette in 5; no 2023 answer does ("Implanter des abris de bus"
    names shelters, "un vrai réseau de bus" the network, "Horaires du mobil'haz" hours)."""
    node = db.session.scalar(db.select(Challenge).where(
        Challenge.territory_id == demo_db.id, Challenge.code == "TH08"))
    quartier = demo_db.quartiers[0]
    web_login("coordinator", demo_db)
    bases, published = _evolution(webapp, node.id, 1)
    assert bases.startswith(f"{BASES} 11 en 2022, 11 en 2023")
    # 2023: 0 of its 11 (0 %, a zero is published: nobody to single out)
    assert published == {"Bus": "0 sur 11 (0 %)", "Navette": "0 sur 11 (0 %)"}
    for text in ("plus de bus le soir", "un bus le dimanche", "des bus vers la gare",
                 "le bus passe trop peu", "un bus pour le marché"):
        _answer(demo_db.id, node.id, quartier.id, text)
    bases, before = _evolution(webapp, node.id, 0)
    assert bases.startswith(f"{BASES} 11 en 2023, 5 en 2024")
    _answer(demo_db.id, node.id, quartier.id, "des bus plus souvent")
    bases, after = _evolution(webapp, node.id, 0)
    assert bases.startswith(f"{BASES} 11 en 2023, 6 en 2024")
    # the bus, 5 then 6 answers in 2024, is a row; 2023 reads as it did; the navette, said
    # by nobody in either year, is none
    assert after == before == {"Bus": published["Bus"]}
