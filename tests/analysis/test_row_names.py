"""The rows of what residents said name needs (issue #13, "readable everywhere" and "drafts a
coordinator can keep"; leftovers of the 2026-11-30 note):

- a row never restates the page's challenge (« Santé » was a row of Santé): its name's
  words (lemmatised) are a need only when no other noun is, an answer naming nothing else
  is counted apart with those expressing no need;
- a noun and its adjective smaller than the app's minimum (``ANALYSIS_MIN_COUNT``) join the
  noun's row, not smaller than a fixed 5;
- a participle right after a noun is its adjective (« médecin traitant » was the verb
  "traiter" and counted as « Médecin »);
- a row whose answers all write the same sentence is named in the draft by its need, the
  answer quoted once (« proposent « il faudrait des bancs » » quoted the row whole).

Every figure below is counted by hand on the answers written here.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from participation.analysis import drafts, need_rows, quoting, said_rows
from participation.analysis.frequent_words import key_terms
from participation.contributions.services import record_contribution
from tests import factories
from tests.reading import plain


def _frame(texts: list[str], kind: str = "constat") -> pd.DataFrame:
    return pd.DataFrame([{"id": i + 1, "text": text, "kind": kind, "author_role": "habitant",
                          "quartier": "Pasteur-Foch", "commune": "Hazebrouck", "year": 2025,
                          "source_format": "enquete", "attribution_consent": False,
                          "sex": None, "place_name": None, "age_band": None}
                         for i, text in enumerate(texts)])


def _rows(said: dict) -> dict[str, int]:
    return dict(zip(said["groups"]["label"], said["groups"]["count"], strict=True))


# Santé: 3 answers name only the challenge ("La santé" 2, "Santé !" 1); "santé mentale" 5
# (a need of Santé: its adjective is no word of the name); "La santé des enfants" 2 names
# the children after the challenge's word; "Un médecin" 4; "rien" 1 (no need).
# Rows: médecin 4, santé mentale 5, enfants 2 = 11, the base; set apart 3 + 1 = 4; 15 answers.
HEALTH = (["La santé"] * 2 + ["Santé !"] + ["santé mentale"] * 5
          + ["La santé des enfants"] * 2 + ["Un médecin"] * 4 + ["rien"])


def test_a_row_never_restates_the_challenge():
    said = said_rows.said_rows(_frame(HEALTH), smallest=5,
                               subject=need_rows.subject_terms("Santé"))
    assert _rows(said) == {"Santé mentale": 5, "Un médecin": 4, "La santé des enfants": 2}
    assert dict(zip(said["groups"]["group"], said["groups"]["count"], strict=True)) == {
        "sante mental": 5, "medecin": 4, "enfant": 2}
    assert (said["base"], said["without_need"], said["answers"]) == (11, 4, 15)
    assert said["restating"] == 3
    assert said["groups"]["count"].sum() == said["base"]
    assert said["groups"]["share"].tolist() == [5 / 11, 4 / 11, 2 / 11]
    assert said["examples"] == ["La santé", "Santé !", "rien"]
    # the same answers on another page: « Santé » is a need there (3 answers)
    elsewhere = said_rows.said_rows(_frame(HEALTH), smallest=5)
    assert elsewhere["base"] == 14 and "sante" in set(elsewhere["groups"]["group"])


def test_the_words_of_the_name_are_lemmatised_never_listed():
    assert need_rows.subject_terms("Mobilité") == {"mobilite"}
    assert need_rows.subject_terms("Accès aux droits et services") == {
        "acce", "droit", "service"}
    # "Mobilités" (plural) restates Mobilité; "mobilité douce" names a need of it
    said = said_rows.said_rows(_frame(["Les mobilités"] * 2 + ["la mobilité douce"] * 2
                                      + ["Un bus le soir"] * 3), smallest=2,
                               subject=need_rows.subject_terms("Mobilité"))
    assert _rows(said) == {"Un bus le soir": 3, "La mobilité douce": 2}
    assert (said["base"], said["without_need"]) == (5, 2)


def test_the_page_of_a_challenge_prints_no_row_of_its_own_name(
        territory, quartier, webapp, web_login, low_minimum):
    health = factories.challenge(territory, "S2")
    assert health.name == "Santé"
    for text in HEALTH:
        record_contribution(territory.id, text, kind="constat", author_role="habitant",
                            challenge_ids=[health.id], quartier_id=quartier.id,
                            source_format="enquete", said_on=date(2025, 6, 1))
    web_login("coordinator")
    page = webapp.get(f"/analysis/challenge/{health.id}")
    table = page.html.find("table", class_="said-rows")
    rows = [(plain((tr.find("summary") or tr.find("th")).get_text(strip=True)),
             *(plain(td.get_text(strip=True)) for td in tr.find_all("td")))
            for tr in table.find("tbody").find_all("tr")]
    # minimum 1: every row printed; 5 / 11 = 45.5 %, 4 / 11 = 36.4 %, 2 / 11 = 18.2 %
    assert rows == [("Santé mentale", "5", "45 %"), ("Un médecin", "4", "36 %"),
                    ("La santé des enfants", "2", "18 %")]
    text = " ".join(plain(page.text).split())
    assert "Part calculée sur 11 réponses d’habitants" in text
    assert ("Une réponse qui ne nomme que l’enjeu lui-même (« Santé ») n’est dans aucune "
            "ligne") in text


# "médecin" first in 4 answers, "médecin généraliste" in 3: 7 about a doctor
DOCTORS = ["Un médecin"] * 4 + ["Pas de médecin généraliste"] * 3


@pytest.mark.parametrize(("smallest", "rows"), [
    (5, {"Médecin": 4 + 3}),  # 3 < 5: the adjective's row joins the noun's
    (3, {"Un médecin": 4, "Pas de médecin généraliste": 3})])  # 3 >= 3: its own row
def test_the_small_row_join_follows_the_minimum(smallest, rows):
    said = said_rows.said_rows(_frame(DOCTORS), smallest=smallest)
    assert _rows(said) == rows and said["base"] == 7


def test_the_small_row_join_reads_the_app_minimum(app, monkeypatch):
    with app.app_context():
        for minimum, rows in ((5, {"Médecin": 7}),
                              (3, {"Un médecin": 4, "Pas de médecin généraliste": 3})):
            monkeypatch.setitem(app.config, "ANALYSIS_MIN_COUNT", minimum)
            assert _rows(said_rows.said_rows(_frame(DOCTORS))) == rows


@pytest.mark.parametrize(("text", "key"), [
    ("Il faut un médecin traitant", "medecin traitant"),  # a present participle, no object
    ("pas de médecin traitant dans le quartier", "medecin traitant"),  # a verbal adjective
    ("un fauteuil roulant", "fauteuil roulant"),
    ("pas de ligne directe avec la mairie", "ligne direct"),  # adjectives the tagger reads
    ("une permanence sociale", "permanence social"),
    ("des jardins partagés", "jardin partagé"),  # past participles
    ("un logement adapté", "logement adapte"),
    ("une salle aménagée pour les jeunes", "salle amenager"),
    # a participle with its complement stays a verb
    ("des enfants marchant dans la rue", "enfant"),
    ("le bus passant devant chez moi", "bus")])
def test_a_participle_after_its_noun_is_its_adjective(text, key):
    assert need_rows.need_key(text, set()) == key


@pytest.mark.parametrize(("text", "key"), [
    # "d'abord", "d'urgence": adverbs of the lexicon, their noun says when or how
    ("Franchement il y a beaucoup de choses a revoir. D'abord la proprete", "proprete"),
    ("D'urgence un médecin", "medecin"),
    ("des soins d'urgence", "soin")])
def test_the_noun_of_an_adverb_names_no_need(text, key):
    assert need_rows.need_key(text, set()) == key


def test_medecin_traitant_is_a_row_and_an_expression():
    # 5 answers name "médecin traitant" (2 + 3), 2 "médecin" alone: minimum 5
    texts = ["Il faut un médecin traitant"] * 2 + ["pas de médecin traitant"] * 3 \
        + ["un médecin"] * 2
    said = said_rows.said_rows(_frame(texts), smallest=5)
    assert _rows(said) == {"Médecin traitant": 5, "Un médecin": 2}
    words = key_terms(pd.Series(texts, dtype=object))
    # the expression in 5 answers, "médecin" alone in the 2 others
    assert dict(zip(words["label"], words["count"], strict=True)) == {
        "médecin traitant": 5, "médecin": 2}


# 5 answers "Il faudrait des bancs" (one sentence, every answer), 6 "Pas de bus le dimanche"
# (a need's name, no verb), base 11
SAME = ["Il faudrait des bancs"] * 5 + ["Pas de bus le dimanche"] * 6


def test_a_row_of_one_shared_sentence_is_named_by_its_need_in_the_draft():
    frame = _frame(SAME, kind="proposition")
    said = said_rows.said_rows(frame, smallest=5)
    assert _rows(said) == {"Pas de bus le dimanche": 6, "Il faudrait des bancs": 5}
    draft = drafts.draft_takeaways(frame, 5, said=said)
    assert draft["retenir"] == ["6 habitants sur 11 évoquent « pas de bus le dimanche ».",
                                "5 habitants sur 11 évoquent « des bancs »."]
    # the answer itself is quoted once, as the draft's quote of its row
    quotes = quoting.draft_quotes(frame, {"habitant": "Habitant"},
                                  groups=said_rows.quoted_groups(said))
    assert quotes == ["« Pas de bus le dimanche »", "« Il faudrait des bancs »"]


# Two consultations, residents' needs. 2024 (base 8): 3 answers name a doctor first and
# benches after, 2 benches, 2 buses, "rien" (in the base, in no row). 2025 (base 9): 4 name
# benches first and a doctor after, 2 a doctor, 3 buses.
TWO_YEARS = {2024: ["un médecin et des bancs", "Un médecin, des bancs aussi",
                    "il manque un médecin et des bancs", "des bancs", "des bancs",
                    "pas de bus le dimanche", "pas de bus le dimanche", "rien"],
             2025: ["des bancs et un médecin"] * 4 + ["un médecin"] * 2
             + ["pas de bus le dimanche"] * 3}


def _two_years() -> pd.DataFrame:
    texts = [(y, t) for y, said in TWO_YEARS.items() for t in said]
    frame = _frame([t for _y, t in texts])
    return frame.assign(year=[y for y, _t in texts])


def test_year_on_year_counts_each_answer_once_under_the_need_it_names_first():
    from participation.analysis import years

    evo = years.evolution(_two_years(), 2)
    assert evo["bases"] == {2024: 8, 2025: 9}
    rows = evo["rows"].set_index("label")[["previous", "previous_pct", "last", "last_pct",
                                           "change"]]
    # benches: 2 of 8 = 25 %, 4 of 9 = 44.4 % -> 44 %: +19 points (a word count gave 5
    # and 4: three 2024 doctors' answers write "bancs" too)
    assert rows.loc["Des bancs"].tolist() == [2, 25, 4, 44, 19]
    # doctors: 3 of 8 = 37.5 % -> 38 %, 2 of 9 = 22.2 % -> 22 %: -16 (a word count: 3, 6)
    assert rows.loc["Un médecin"].tolist() == [3, 38, 2, 22, -16]
    # buses: 2 of 8 = 25 %, 3 of 9 = 33.3 % -> 33 %: +8
    assert rows.loc["Pas de bus le dimanche"].tolist() == [2, 25, 3, 33, 8]
    assert list(rows.index) == ["Des bancs", "Pas de bus le dimanche", "Un médecin"]
    # the same rows as the table of 2025's answers (the challenge page's, ``said_rows``)
    later = _two_years().query("year == 2025")
    table = said_rows.said_rows(later, smallest=2)["groups"]
    assert dict(zip(table["group"], table["count"], strict=True)) == dict(zip(
        evo["rows"]["group"], evo["rows"]["last"], strict=True)) == {
        "banc": 4, "bus": 3, "medecin": 2}


def _said_table(webapp, challenge_id: int) -> list[tuple[str, ...]]:
    page = webapp.get(f"/analysis/challenge/{challenge_id}")
    table = page.html.find("table", class_="said-rows")
    return [(plain((tr.find("summary") or tr.find("th")).get_text(strip=True)),
             plain(tr.find("td").get_text(strip=True)))
            for tr in table.find("tbody").find_all("tr")]


def test_a_row_is_named_by_its_members_of_now_whatever_was_kept(
        app, webapp, web_login, territory, quartier, low_minimum):
    """A row's label is what its answers of now write: kept analyses (``core.memo``, kept by
    the digest of their rows: the disk's and Redis's levels use the same keys) and their
    computing again in the background (``warming``) follow its members. 2 answers "Il
    faudrait des bancs" name the row by their sentence; a third, "Des bancs au parc", shares
    only the noun phrase "des bancs": « Des bancs » 3."""
    from participation.analysis import warming
    from participation.core import memo

    app.extensions.pop("pdq_warmer", None)
    memo.forget()
    social = factories.challenge(territory, "L1")  # Lien social: "banc" is no word of it

    def answer(text):
        record_contribution(territory.id, text, kind="proposition", author_role="habitant",
                            challenge_ids=[social.id], quartier_id=quartier.id,
                            source_format="enquete", said_on=date(2025, 6, 1))

    for _i in range(2):
        answer("Il faudrait des bancs")
    web_login("coordinator")
    assert _said_table(webapp, social.id) == [("Il faudrait des bancs", "2")]
    answer("Des bancs au parc")
    warmer = app.extensions.setdefault("pdq_warmer", warming.Warmer(app))
    assert warmer.tick() >= 1  # the page looked at, computed again in the background
    assert _said_table(webapp, social.id) == [("Des bancs", "3")]
    memo.forget()  # computed from scratch: the same
    assert _said_table(webapp, social.id) == [("Des bancs", "3")]
    app.extensions.pop("pdq_warmer", None)


def test_a_year_on_year_row_of_one_shared_sentence_names_its_need():
    """2024: 5 "Il faudrait des bancs", 1 "rien" (base 6); 2025: 6 "Il faudrait des bancs"
    (base 6): the row is « Des bancs », 5 of 6 (83 %) then 6 of 6 (100 %), +17 points; no
    answer quoted whole as the need."""
    from participation.analysis import years

    frame = _frame(["Il faudrait des bancs"] * 5 + ["rien"] + ["Il faudrait des bancs"] * 6)
    frame["year"] = [2024] * 6 + [2025] * 6
    rows = years.evolution(frame, 5)["rows"]
    assert rows[["label", "previous", "previous_pct", "last", "last_pct", "change"]] \
        .values.tolist() == [["Des bancs", 5, 83, 6, 100, 17]]
