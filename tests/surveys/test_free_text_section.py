"""An imported survey's free text is summarised in the survey's own block of the section
(issue #13): a free-text question without a codebook shows the needs its answers express,
grouped as the analyses group them, each counted over the question's base (before, the block
printed nothing of it: the answers appeared only under the challenges)."""
from __future__ import annotations

import io

from docx import Document
from sqlalchemy import select

from participation.extensions import db
from participation.surveys.models import Survey
from tests.formfill import form_to
from tests.reading import plain
from tests.workbooks import xlsx

QUESTION = "Qu'aimeriez-vous améliorer ?"
# 13 people: 6 ask for a doctor, 5 for buses on Sundays, 1 for benches, 1 left it blank
ANSWERS = ["Un médecin"] * 6 + ["Pas de bus le dimanche"] * 5 + ["Des bancs", ""]


def _form(extra: tuple = ()) -> bytes:
    """An XLSForm as Kobo exports it: a free-text question and a yes/no one, no codebook
    (``extra``: more rows of its survey sheet)."""
    return xlsx({"survey": [("type", "name", "label"), ("select_one oui_non", "connait",
                                                       "Connaissez-vous le conseil citoyen ?"),
                            ("text", "ameliorer", QUESTION), *extra],
                 "choices": [("list_name", "name", "label"), ("oui_non", "oui", "Oui"),
                             ("oui_non", "non", "Non")]})


def _answers(answers=ANSWERS, other=None) -> bytes:
    """The responses' CSV: one line a person, ``other`` the answers of an "autre" column."""
    head = "_submission_time;connait;ameliorer" + (";autre" if other else "")
    lines = [head] + [
        f"2024-05-02T08:{i:02d}:00;{'oui' if i % 2 else 'non'};{text}"
        + (f";{other[i]}" if other else "") for i, text in enumerate(answers)]
    return ("\n".join(lines) + "\n").encode()


def _imported(webapp, territory, form: bytes, answers: bytes) -> None:
    """Imports the XLSForm then its responses through the pages' forms, as a coordinator."""
    page = webapp.get("/surveys/")
    upload = next(f for f in page.forms.values() if f.action.endswith("/surveys/import"))
    upload["file"] = ("ameliorer.xlsx", form)
    form_to(upload.submit().follow(), "/confirm").submit().follow()  # preview, « Importer »
    survey = db.session.scalar(select(Survey).where(Survey.territory_id == territory.id))
    page = webapp.get(f"/surveys/{survey.id}/results")
    upload = next(f for f in page.forms.values() if f.action.endswith("/import-answers"))
    upload["file"] = ("reponses.csv", answers)
    upload.submit().follow()


def test_an_imported_surveys_free_text_is_summarised_in_its_block(webapp, web_login,
                                                                   territory):
    web_login("coordinator")
    _imported(webapp, territory, _form(), _answers())
    section = webapp.get("/exports/section")
    download = section.forms["section-download"]
    download["fmt"] = "docx"
    doc = Document(io.BytesIO(download.submit().maybe_follow().body))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Besoin")
    rows = [[plain(c.text) for c in row.cells] for row in table.rows[1:]]
    # base 13 people asked: 6/13 = 46 %; the benches (1) are under the minimum (5): under
    # "Autres réponses"; 1 blank. The two small catch-all cells are merged (1 + 1 = 2, still
    # "moins de 5"); the rows add up to the base, so 2 = 13 - 6 - 5: the smallest other row,
    # the buses (5), is withheld too (``smallcounts.merge_small``, ``protect_line``)
    assert rows == [["Un médecin", "6", "46 %", "13"],
                    ["Pas de bus le dimanche", "non publié", "", "13"],
                    ["Autres réponses ou sans réponse", "moins de 5", "", "13"]]
    alts = [shape._inline.docPr.get("descr") or "" for shape in doc.inline_shapes]
    assert any("regroupées par besoin" in alt for alt in alts)  # its chart, as coded answers
    headings = [plain(p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert QUESTION in headings  # in the survey's own block, under its question
    html = plain(" ".join(section.html.get_text(" ").split()))
    assert "Un médecin 6 46 % 13" in html


def test_the_rows_of_a_free_text_table_add_up_to_its_base(webapp, web_login, territory):
    """Tester t26coord: 24 of 80 answers were in no row (the table stopped at its groups'
    words). 42 people: 12 "Des jardins partagés", 9 "refaire les trottoirs", 6 "Un terrain
    de foot", 5 "un médecin dans la maison de santé" (every need reaching 5 listed, largest
    first), 2 "Des bancs", 1 "une piscine", 2 "Une salle de sport" (each under 5: "Autres
    réponses" 5), 5 "RAS" (no need): counted by hand, 12 + 9 + 6 + 5 + 5 + 5 = 42."""
    answers = (["Des jardins partagés"] * 12 + ["refaire les trottoirs"] * 9
               + ["Un terrain de foot"] * 6 + ["un médecin dans la maison de santé"] * 5
               + ["Des bancs"] * 2 + ["une piscine"] + ["Une salle de sport"] * 2
               + ["RAS"] * 5)
    web_login("coordinator")
    _imported(webapp, territory, _form(), _answers(answers))
    doc = _docx(webapp.get("/exports/section"))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Besoin")
    rows = [[plain(c.text) for c in row.cells] for row in table.rows[1:]]
    assert rows == [["Des jardins partagés", "12", "29 %", "42"],  # 28.6 %
                    ["Refaire les trottoirs", "9", "21 %", "42"],  # 21.4 %
                    ["Un terrain de foot", "6", "14 %", "42"],  # 14.3 %
                    ["Un médecin dans la maison de santé", "5", "12 %", "42"],  # 11.9 %
                    ["Autres réponses", "5", "12 %", "42"],
                    ["Sans besoin exprimé", "5", "12 %", "42"]]
    assert sum(int(r[1]) for r in rows) == 42


def _docx(section):
    """The section downloaded as DOCX through its form."""
    download = section.forms["section-download"]
    download["fmt"] = "docx"
    return Document(io.BytesIO(download.submit().maybe_follow().body))


# 13 people: 7 different wishes (no word said by 5), 5 "RAS", 1 blank; 2 say something else
DIVERSE = ["Un médecin", "Des bancs", "Une piscine", "Des fleurs", "Un marché",
           "Plus de lumière", "Un cinéma"] + ["RAS"] * 5 + [""]
OTHER = ["Une fête", "Des jeux"] + [""] * 11


def test_a_free_text_question_without_a_need_said_by_5_keeps_its_block(webapp, web_login,
                                                                        territory):
    """Tester t25coord: 60 answers, no word group said by 5, and the question had no block at
    all in the section. Each question asked keeps its heading, its number of answers over
    its base, and says why no need is counted; "Sans besoin exprimé" (5 "RAS") is counted."""
    web_login("coordinator")
    _imported(webapp, territory, _form([("text", "autre", "Autre, précisez")]),
              _answers(DIVERSE, OTHER))
    section = webapp.get("/exports/section")
    html = plain(" ".join(section.html.get_text(" ").split()))
    # 12 written answers over 13 people asked (1 blank); 2 "autre" answers: under 5
    assert ("12 réponses écrites (base : 13 personnes interrogées) ; aucun besoin n'est "
            "formulé par 5 habitants ou plus") in html
    # 7 answers with a need under "Autres réponses", 5 "RAS", 1 blank: the blank (1) is
    # published with the smaller other catch-all, the 5 "RAS": 6 of 13 = 46 %, nothing
    # withheld (before: the 5 "RAS" "non publié" and the blank "moins de 5")
    assert ("Autres réponses 7 54 % 13 Sans besoin exprimé ou sans réponse 6 46 % 13"
            in html)
    assert ("Moins de 5 réponses écrites (base : 13 personnes interrogées) : trop peu pour "
            "en publier le contenu.") in html
    download = section.forms["section-download"]
    download["fmt"] = "docx"
    doc = Document(io.BytesIO(download.submit().maybe_follow().body))
    headings = [plain(p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert QUESTION in headings and "Autre, précisez" in headings
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Besoin")
    assert [[plain(c.text) for c in row.cells] for row in table.rows[1:]] == [
        ["Autres réponses", "7", "54 %", "13"],
        ["Sans besoin exprimé ou sans réponse", "6", "46 %", "13"]]


def test_an_edited_survey_headline_over_new_responses_is_flagged(webapp, web_login,
                                                                 territory):
    """Tester t25coord: "62 avis récoltés" edited, then 68 responses: the staff section says
    the figures moved (here 13 then 14 responses) and keeps the coordinator's words."""
    web_login("coordinator")
    _imported(webapp, territory, _form(), _answers())
    survey = db.session.scalar(select(Survey).where(Survey.territory_id == territory.id))
    page = webapp.get("/exports/section")
    form = form_to(page, "/exports/section/text", contains=f'value="enquete-{survey.id}"')
    form["text"] = "13 avis récoltés auprès des habitants."
    form.submit().follow()
    page = webapp.get(f"/surveys/{survey.id}/results")
    upload = next(f for f in page.forms.values() if f.action.endswith("/import-answers"))
    upload["file"] = ("reponses.csv", ("_submission_time;connait;ameliorer\n"
                                       "2024-05-03T09:00:00;oui;Un médecin\n").encode())
    upload.submit().follow()
    text = " ".join(webapp.get("/exports/section").html.get_text(" ").split())
    # 13 -> 14 responses, in the headline and in its channels' line "Import (14)": two
    # figures, each named (``services.stale``)
    assert ("Les chiffres ont changé depuis l’enregistrement de ce texte : 14 avis au lieu "
            "de 13 avis ; 14 au lieu de 13. Relisez le texte.") in plain(text)
    assert "Texte calculé aujourd’hui, pour comparer : 14 avis récoltés." in plain(text)
    assert "13 avis récoltés auprès des habitants." in plain(text)  # the coordinator decides


# tester t27coord's shape: a need said by 5, many answers each said once, 4 saying nothing
FEW_NOTHING = (["Un médecin"] * 5 + DIVERSE[1:7] + ["Une fête", "Des jeux"]
               + ["RAS", "RAS", "rien", "je sais pas"])


def test_a_small_cell_beside_the_other_answers_is_merged_not_withheld(webapp, web_login,
                                                                      territory):
    """Tester t27coord: « Autres réponses : non publié » (46 of 60) protected 4 « rien /
    RAS ». 17 people: 5 "Un médecin", 8 different wishes ("Autres réponses"), 4 saying
    nothing (small): merged with the other answers, 8 + 4 = 12 of 17 = 70.6 % -> 71 %;
    5 of 17 = 29.4 % -> 29 %; nothing withheld, 5 + 12 = 17."""
    web_login("coordinator")
    _imported(webapp, territory, _form(), _answers(FEW_NOTHING))
    doc = _docx(webapp.get("/exports/section"))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Besoin")
    assert [[plain(c.text) for c in row.cells] for row in table.rows[1:]] == [
        ["Un médecin", "5", "29 %", "17"],
        ["Autres réponses ou sans besoin exprimé", "12", "71 %", "17"]]
