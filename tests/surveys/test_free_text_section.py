"""An imported survey's free text is summarised in the survey's own block of the section
(issue #13): a free-text question without a codebook shows the needs its answers express,
grouped as the analyses group them, each counted over the question's base (before, the block
printed nothing of it: the answers appeared only under the challenges)."""
from __future__ import annotations

import io

from docx import Document
from openpyxl import Workbook
from sqlalchemy import select

from participation.extensions import db
from participation.surveys.models import Survey
from tests.formfill import form_to
from tests.reading import plain

QUESTION = "Qu'aimeriez-vous améliorer ?"
# 13 people: 6 ask for a doctor, 5 for buses on Sundays, 1 for benches, 1 left it blank
ANSWERS = ["Un médecin"] * 6 + ["Pas de bus le dimanche"] * 5 + ["Des bancs", ""]


def _form() -> bytes:
    """An XLSForm as Kobo exports it: a free-text question and a yes/no one, no codebook."""
    workbook = Workbook()
    workbook.active.title = "survey"
    for row in [("type", "name", "label"), ("select_one oui_non", "connait",
                                            "Connaissez-vous le conseil citoyen ?"),
                ("text", "ameliorer", QUESTION)]:
        workbook["survey"].append(list(row))
    choices = workbook.create_sheet("choices")
    for row in [("list_name", "name", "label"), ("oui_non", "oui", "Oui"),
                ("oui_non", "non", "Non")]:
        choices.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _answers() -> bytes:
    lines = ["_submission_time;connait;ameliorer"] + [
        f"2024-05-02T08:{i:02d}:00;{'oui' if i % 2 else 'non'};{text}"
        for i, text in enumerate(ANSWERS)]
    return ("\n".join(lines) + "\n").encode()


def test_an_imported_surveys_free_text_is_summarised_in_its_block(webapp, web_login,
                                                                   territory):
    web_login("coordinator")
    page = webapp.get("/surveys/")
    upload = next(f for f in page.forms.values() if f.action.endswith("/surveys/import"))
    upload["file"] = ("ameliorer.xlsx", _form())
    form_to(upload.submit().follow(), "/confirm").submit().follow()  # preview, « Importer »
    survey = db.session.scalar(select(Survey).where(Survey.territory_id == territory.id))
    page = webapp.get(f"/surveys/{survey.id}/results")
    answers = next(f for f in page.forms.values() if f.action.endswith("/import-answers"))
    answers["file"] = ("reponses.csv", _answers())
    answers.submit().follow()
    section = webapp.get("/exports/section")
    download = section.forms["section-download"]
    download["fmt"] = "docx"
    doc = Document(io.BytesIO(download.submit().maybe_follow().body))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Besoin")
    rows = [[plain(c.text) for c in row.cells] for row in table.rows[1:]]
    # base 13 people asked: 6/13 = 46 %, 5/13 = 38 %; the benches (1) are under the
    # minimum (5): not listed; 1 blank: "moins de 5"
    assert rows == [["Un médecin", "6", "46 %", "13"],
                    ["Pas de bus le dimanche", "5", "38 %", "13"],
                    ["Sans réponse", "moins de 5", "", "13"]]
    alts = [shape._inline.docPr.get("descr") or "" for shape in doc.inline_shapes]
    assert any("regroupées par besoin" in alt for alt in alts)  # its chart, as coded answers
    headings = [plain(p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert QUESTION in headings  # in the survey's own block, under its question
    html = plain(" ".join(section.html.get_text(" ").split()))
    assert "Un médecin 6 46 % 13" in html
