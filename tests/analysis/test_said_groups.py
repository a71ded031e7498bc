"""Every count printed next to a group's label is the answers that write its word (issue #13,
fresh coordinator tester t24coord, defects 2, 3, 5 and 10).

The case: a Google Forms download of 52 responses (``data/gforms_t24coord.csv``, the
tester's file with its phone and e-mail replaced), imported through the results page as a
coordinator does. The section printed "Poubelles 14 (27 %)" where 3 answers write
"poubelles" (the group held "RAS", a doctor's answer, the police and lighting answers), the
words page other figures for the same question, "RAS" inside need groups, and what residents
like under "Besoin". Each figure below is counted in this file from the texts, by its own
patterns, independently of how the product matches words.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from participation.analysis import text as tx
from participation.extensions import db
from participation.surveys.models import Survey
from tests.formfill import form_to
from tests.reading import plain
from tests.workbooks import xlsx

DATA = Path(__file__).parent / "data" / "gforms_t24coord.csv"
MANQUE = "Qu'est-ce qui manque dans votre quartier ?"
AIME = "Ce que vous aimez ici"
QUARTIERS = ("Pasteur-Foch (Hazebrouck)", "La Gare (Bailleul)", "Autre quartier")
AGES = ("Moins de 25 ans", "25-59 ans", "60 ans et plus")
# Each word a row may be named by -> how this test finds it in a text folded (lower case, no
# accent), every spelling the residents used written out: "Medcin", "médecins", "voisines".
# "docteur" is written with "médecin": the sentence encoder puts the two needs together
# (``need_synonyms``, tester t28coord).
SAYS = {"medecin": r"\bmed(e)?cins?\b|\bdocteurs?\b", "jeune": r"\bjeunes?\b",
        "bus": r"\bbus\b",
        "poubelle": r"\bpoubelles?\b", "boulangerie": r"\bboulangeries?\b",
        "police": r"\bpolice\b", "voisin": r"\bvoisin(e)?s?\b", "calme": r"\bcalme\b",
        "parc": r"\bparcs?\b", "centre": r"\bcentre\b", "ecole": r"\becole\b",
        "animateur": r"\banimat(eur|rice)s?\b", "espace": r"\bespaces?\b",
        "gare": r"\bgare\b", "aire": r"\baire\b", "personne": r"\bpersonne\b"}
# the answers that express nothing: no need, nothing liked ("tout" names nothing)
NOTHING = {"ras", "rien", "je sais pas", "je ne sais pas", "tout"}


def _column(label: str) -> list[str]:
    with DATA.open(encoding="utf-8") as handle:
        return [row[label].strip() for row in csv.DictReader(handle)]


def _form() -> bytes:
    """The questionnaire as the tester built it: quartier, the two free-text questions, age."""
    return xlsx({
        "survey": [("type", "name", "label"), ("select_one quartiers", "quartier",
                                               "Dans quel quartier habitez-vous ?"),
                   ("text", "manque", MANQUE), ("text", "aime", AIME),
                   ("select_one ages", "age", "Votre âge")],
        "choices": [["list_name", "name", "label"],
                    *(["quartiers", f"q{i}", label] for i, label in enumerate(QUARTIERS)),
                    *(["ages", f"a{i}", label] for i, label in enumerate(AGES))],
        "settings": [["form_title"], ["Enquête flash juin 2025"]]})


def _import(webapp, web_login, territory):
    """The questionnaire imported, then the tester's CSV through the results page."""
    web_login("coordinator")
    page = webapp.get("/surveys/")
    upload = next(f for f in page.forms.values() if f.action.endswith("/surveys/import"))
    upload["file"] = ("enquete.xlsx", _form())
    form_to(upload.submit().follow(), "/confirm").submit().follow()
    survey = db.session.scalar(select(Survey).where(Survey.territory_id == territory.id))
    page = webapp.get(f"/surveys/{survey.id}/results")
    answers = next(f for f in page.forms.values() if f.action.endswith("/import-answers"))
    answers["file"] = ("gforms.csv", DATA.read_bytes())
    answers.submit().maybe_follow()
    return survey


def _section_table(page, question: str) -> tuple[list[str], dict[str, list[str]]]:
    """(header, label -> [count, %, base]) of the section's table captioned ``question``."""
    table = next(t for t in page.html.select("table")
                 if t.find("caption")
                 and plain(t.find("caption").get_text()).startswith(plain(question)))
    header = [plain(th.get_text(" ", strip=True)) for th in table.select("thead th")]
    rows = {}
    for row in table.select("tbody tr"):
        cells = [plain(c.get_text(" ", strip=True)) for c in row.find_all(["th", "td"])]
        rows[cells[0]] = cells[1:]
    return header, rows


def _words_page(webapp, kind: str, survey) -> tuple:
    """The words page filtered as the tester did, through its rendered form: (header,
    label -> (count, said answers, near answers), the page's text)."""
    page = webapp.get("/analysis/words")
    form = next(f for f in page.forms.values() if "kind" in f.fields)
    form["kind"] = kind
    form["source_label"] = survey.title
    page = form.submit()
    header = [plain(th.get_text(strip=True)) for th in page.html.select("table thead th")]
    rows = {}
    for row in page.html.select("table tbody tr"):
        # each answer between « », its words isolated in a <bdi> (core.templating)
        said = [plain(li.get_text()).strip("«» ") for li in row.select("ul.said li")]
        near = [plain(li.get_text()).strip("«» ") for li in row.select("ul.near li")]
        rows[row.find("summary").get_text(strip=True)] = (row.find("td").get_text(strip=True),
                                                          said, near)
    return header, rows, " ".join(plain(page.html.get_text(" ")).split())


@pytest.fixture
def imported_at_5(webapp, web_login, territory):
    """The questionnaire imported, then the tester's CSV through the results page (the
    minimum count, 5)."""
    return _import(webapp, web_login, territory)


def _first_need(rows: dict, texts: list[str], base: int, firsts: dict[str, set[str]]) -> None:
    """The section's free-text table as a partition of its base (issue #13, tester t26coord:
    answers left out of every row): each need row counts the answers this test reads as
    naming it first (``firsts``: label -> the distinct texts, hand-picked), "Autres réponses"
    the other answers with a need, then those with none and the blank ones: the rows add up
    to the base, each share its count over the base."""
    counted = {label: sum(t in texts_of for t in texts) for label, texts_of in firsts.items()}
    for label, count in counted.items():
        assert rows[label] == [str(count), f"{round(100 * count / base)} %", str(base)], label
    assert sum(int(cells[0]) for cells in rows.values()) == base


# the answers naming a doctor first: the 11 writing "médecin" ("Médecin généraliste,
# pédiatre" and "Un médecin traitant..." too, each the only answer of its adjective, fewer
# than the minimum of 5: ``need_rows._joined``; tester t27coord) and the 2 writing its
# synonym "docteur" (``need_synonyms``: the sentence encoder puts « docteur » at 0.85 of
# « médecin », tester t28coord); "pédiatre" and the Turkish and Arabic answers are other
# needs or not French
DOCTOR_FIRST = {"pas de docteur depuis que le dr est parti a la retraite", "un docteur !!!",
                "un medecin !! on doit aller jusqu'a lille pour un rdv", "Medcin",
                "un medecin et une pharmacie", "un medecin a la gare, on doit prendre la voiture",
                "medecin", "un medecin", "Médecin généraliste, pédiatre",
                "Un médecin traitant, le mien ne prend plus de nouveaux patients"}
BUS_FIRST = {"le bus passe pas le dimanche", "le bus 2 est tjrs en retard et s'arrete a 19h",
             "des bus pour aller a hazebrouck le soir", "plus de bus", "plus de bus le dimanche"}


def test_a_missing_question_counts_each_answer_once_under_the_need_it_names_first(
        webapp, imported_at_5):
    """« Qu'est-ce qui manque » (52 answers, all given): "médecin" named first by 13 answers
    (10 distinct texts above, plus the long one, the one with a contact and "Pas de médecin,
    pas de dentiste", masked), "bus" by 5; the 28 other answers with a need under "Autres
    réponses" (no other need named first by 5); "RAS" twice, "rien" twice, "je sais pas",
    "je ne sais pas": 6 without a need. 13 + 5 + 28 + 6 = 52. The words page prints the same
    rows."""
    texts = _column(MANQUE)
    header, section = _section_table(webapp.get("/exports/section"), MANQUE)
    assert header == ["Besoin", "Réponses", "%", "Base"]
    doctors = DOCTOR_FIRST | {t for t in texts if t.startswith(
        ("Franchement ce qui manque c'est un vrai medecin", "Pas de médecin, pas de dentiste",
         "un médecin svp"))}
    assert sum(t in doctors for t in texts) == 13
    nothing = sum(t.lower() in NOTHING for t in texts)
    assert nothing == 6
    _first_need(section, texts, 52, {"Médecin": doctors, "Bus": BUS_FIRST})
    assert section["Autres réponses"] == ["28", "54 %", "52"]  # 52 - 13 - 5 - 6
    assert list(section) == ["Médecin", "Bus", "Autres réponses", "Sans besoin exprimé"]
    header, words, text = _words_page(webapp, "constat", imported_at_5)
    assert header == ["Besoin", "Réponses", "Part (sur 46)"]  # 52 - 6 without a need
    assert {label: count for label, (count, _said, _near) in words.items()} == {
        "Médecin": "13", "Bus": "5"}
    assert "Medcin" in words["Médecin"][1] and not words["Médecin"][2]


def test_what_residents_like_is_worded_as_such(webapp, imported_at_5):
    """« Ce que vous aimez ici » (49 answers, 3 blank; kind atout, read from its wording):
    captioned as what residents like, never "besoin"; "le calme", "c calme", "c'est calme"
    7, the neighbours first ("les voisins", "mes voisines"...) 7 (not "l'entraide entre
    voisins": the mutual help is what it names); 25 others, 10 that name nothing ("rien" 8,
    "RAS"/"ras", "tout"), 3 blank: 7 + 7 + 25 + 10 + 3 = 52."""
    texts = _column(AIME)
    header, section = _section_table(webapp.get("/exports/section"), AIME)
    assert header == ["Ce que les habitants apprécient", "Réponses", "%", "Base"]
    calm = {"le calme", "c calme", "c'est calme"}
    neighbours = {"les voisins", "mes voisins", "les voisins sont gentils", "mes voisines"}
    assert sum(t.lower() in NOTHING for t in texts) == 10 and texts.count("") == 3
    # the 3 blank, fewer than 5, are merged with the 10 that name nothing (the smallest other
    # row naming no need: ``smallcounts.merge_small``), nothing withheld: 13 of 52, 25 %
    assert section["Sans réponse exploitable ou sans réponse"] == ["13", "25 %", "52"]
    assert "Sans réponse" not in section and "Sans réponse exploitable" not in section
    assert section["Autres réponses"] == ["25", "48 %", "52"]  # 49 - 7 - 7 - 10
    _first_need(section, [t for t in texts if t], 52, {"Calme": calm, "Voisins": neighbours})
    header, words, text = _words_page(webapp, "atout", imported_at_5)
    assert header == ["Ce que les habitants apprécient", "Réponses", "Part (sur 39)"]
    assert "besoin" not in text.split("Les mots qui reviennent")[0].lower()
    assert {label: count for label, (count, _said, _near) in words.items()} == {
        "Calme": "7", "Voisins": "7"}


SENTENCE = re.compile(r"^(\d+) (?:habitants|personnes) sur \d+ [^«]*« ([^»]+) »")
FEW = re.compile(r"^Moins de (\d+) personnes [^«]*« ([^»]+) »")


def _writing(name: str, texts: list[str]) -> int:
    """How many of ``texts`` write every word of ``name`` (its words of three letters or
    more, stop words aside), each found by ``SAYS`` when it has a pattern there, else as
    written, folded, with or without a plural "s"/"x": this test's own count."""
    words = [w for w in (tx.fold(m) for m in tx.WORD_RE.findall(name))
             if len(w) > 2 and w not in tx.STOP_WORDS]
    patterns = [next((SAYS[k] for k in SAYS if re.search(SAYS[k], w)), rf"\b{w}[sx]?\b")
                for w in words]
    return sum(all(re.search(p, tx.fold(t)) for p in patterns) for t in texts)


def test_a_draft_says_the_rows_the_page_prints(app):
    """The draft of the tester's 52 answers to « Qu'est-ce qui manque » (all residents'
    manquements) reads the rows of what they said (``said_rows``): "médecin" named first by
    13 answers (those of ``DOCTOR_FIRST`` and the three longer ones), "bus" by the 5 of
    ``BUS_FIRST``, over the 46 answers with a need (52 - 6 without); down to single answers
    (minimum 1), every sentence's number is its row's answers, each of which writes the
    words it quotes (this test's own patterns)."""
    from participation.analysis import drafts, said_rows

    texts = _column(MANQUE)
    quartiers = _column("Dans quel quartier habitez-vous ?")
    frame = pd.DataFrame({"id": range(1, 53), "text": texts, "kind": "constat",
                          "author_role": "habitant", "quartier": quartiers})
    with app.test_request_context("/"):
        draft = drafts.draft_takeaways(frame, 5)
        said = said_rows.said_rows(frame)
        every = drafts.draft_takeaways(frame, 1, top=10, said=said)
    assert [line.split(",")[0].rstrip(".") for line in draft["retenir"][:2]] == [
        "13 habitants sur 46 évoquent « médecin »", "5 habitants sur 46 évoquent « bus »"]
    assert all(FEW.match(line) for line in draft["retenir"][2:])
    rows = {drafts.topic(g.label): g for g in said["groups"].itertuples()}
    # a part whose rows each hold one answer says so (tester t28coord), naming no row
    unshared = re.compile(r"^\d+ réponses, chacune sur un besoin qu’aucune autre ne nomme")
    sentences = [s for part in every.values() for s in part if not unshared.match(s)]
    assert len(sentences) >= 5 and all(SENTENCE.match(s) for s in sentences)
    for match in map(SENTENCE.match, sentences):
        row = rows[match.group(2)]
        assert int(match.group(1)) == row.count == _writing(
            match.group(2), [texts[a] for a in row.answers]), match.group(0)


def test_a_text_decided_without_challenge_is_counted_apart(territory, quartier, webapp,
                                                           web_login, low_minimum):
    """Tester's defect 5: what the coordinator marked « Aucun enjeu ne correspond » in the
    review queue leaves every row and is counted with the answers that express no need, on
    the words page filtered on its source. 6 answers: 4 write "médecin", "RAS", and "Pas
    d'avis pour le moment" (content words, no need): before the decision, base 5 (RAS set
    aside); after it, base 4, 2 set aside, and the text in no row."""
    from datetime import date

    from participation.contributions.services import record_contribution

    texts = ["Un médecin le samedi", "pas de médecin", "Plus de médecins",
             "un medecin svp", "RAS", "Pas d'avis pour le moment"]
    found = [record_contribution(territory.id, text, quartier_id=quartier.id,
                                 source_format="enquete", source_label="Enquête test",
                                 said_on=date(2025, 6, 3)) for text in texts]
    db.session.commit()
    web_login("coordinator")

    def words_page():
        page = webapp.get("/analysis/words")
        form = next(f for f in page.forms.values() if "source_label" in f.fields)
        form["source_label"] = "Enquête test"
        return form.submit()

    before = " ".join(plain(words_page().html.get_text(" ")).split())
    assert "Part calculée sur 5 réponses qui expriment un besoin (1 réponse sans" in before
    queue = webapp.get("/analysis/review")
    none = next(f for f in queue.forms.values() if f.action.endswith(f"/review/{found[5].id}")
                and f.get("action").value == "none")
    none.submit().follow()
    page = words_page()
    text = " ".join(plain(page.html.get_text(" ")).split())
    assert "Part calculée sur 4 réponses qui expriment un besoin (2 réponses sans besoin" in text
    listed = [plain(li.get_text()) for li in page.html.select("table li")]
    assert listed and not any("avis" in t or "RAS" in t for t in listed)
    rows = {r.find("summary").get_text(strip=True): r.find("td").get_text(strip=True)
            for r in page.html.select("table tbody tr")}
    assert rows == {"Médecin": "4"}
