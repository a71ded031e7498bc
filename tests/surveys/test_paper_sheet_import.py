"""A spreadsheet of paper questionnaires typed by a volunteer (coordinator tester,
2026-11-30): its first column « Date de passage » holds days formatted ``DD/MM/YYYY``, and a
1-10 scale was typed « 7.5 » on one line.

- the date column is read as the response's date (it was refused with Google Forms'
  « Horodateur »), each day at noon Paris time, the rule for a day without a time
  (docs/surveys.md): 11 April 2026 is summer time (UTC+2), so 10:00 UTC, printed 12:00;
  it used to be stored at midnight;
- « 7.5 » on a scale of step 1 is not one of its notes: the whole file is refused, the line
  and the value named, nothing stored (it was counted as a « 7,5 » row); a resident's form
  refuses it likewise;
- the file corrected, both lines are stored."""
from __future__ import annotations

import csv
import io
from datetime import datetime
from io import BytesIO

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys import services
from participation.surveys.answering import read_answers
from participation.surveys.models import Answer, Response, Survey
from tests.formfill import form_to, text_of
from tests.surveys.import_cases import stored_times
from tests.workbooks import xlsx

LABEL = "Quelle note donnez-vous au cadre de vie du quartier ? (1 à 10)"
IDEA = "Une idée pour améliorer le quartier ?"


def _xlsform() -> bytes:
    return xlsx({"survey": [["type", "name", "label", "parameters"],
                            ["range", "note_cadre", LABEL, "start=1 end=10"],
                            ["text", "idee", IDEA, ""]],
                 "settings": [["form_title", "form_id"], ["Cadre de vie 2026", "cadre_vie_2026"]]})


def _sheet(notes: list[float]) -> bytes:
    """The volunteer's sheet: « Date de passage » as Excel dates shown without a time."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Saisie questionnaires papier"
    sheet.append(["Date de passage", LABEL, IDEA])
    for day, note in zip((11, 18), notes, strict=True):
        sheet.append([datetime(2026, 4, day), note, "refaire les trottoirs"])
        sheet.cell(row=sheet.max_row, column=1).number_format = "DD/MM/YYYY"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _survey(webapp) -> Survey:
    page = webapp.get("/surveys/")
    form = next(f for f in page.forms.values() if f.action.endswith("/surveys/import"))
    form["file"] = ("cadre_vie.xlsx", _xlsform())
    preview = form.submit(status=302).follow()
    form_to(preview, "/confirm").submit(status=302)
    return db.session.scalar(select(Survey).order_by(Survey.id.desc()))


def _upload(webapp, survey, content: bytes, status: int):
    page = webapp.get(f"/surveys/{survey.id}/results")
    form = next(f for f in page.forms.values() if f.action.endswith("/import-answers"))
    form["file"] = ("questionnaires_papier.xlsx", content)
    return form.submit(status=status)


def _paris_times(webapp, survey) -> list[str]:
    page = webapp.get(f"/surveys/{survey.id}/results").click(href="results.csv")
    rows = csv.DictReader(io.StringIO(page.body.decode("utf-8-sig")), delimiter=";")
    return sorted(row["date de réponse (heure de Paris)"] for row in rows)


@pytest.mark.forms("surveys/index.html#2", "surveys/results.html#1")
def test_paper_sheet_dated_per_day_and_a_note_off_the_scale(webapp, web_login, territory,
                                                             quartier):
    web_login("coordinator")
    survey = _survey(webapp)
    scale = survey.questions[0]
    assert (scale.type, scale.min_value, scale.max_value) == ("scale", 1, 10)

    refused = _upload(webapp, survey, _sheet([7.5, 3]), status=400)
    said = text_of(refused)
    assert "Ligne 2" in said and "« 7.5 » n'est pas une note de l'échelle (de 1 à 10" in said
    assert "Horodateur" not in said  # the date column was accepted
    assert db.session.scalar(select(func.count(Response.id))) == 0  # nothing stored

    _upload(webapp, survey, _sheet([7, 3]), status=302).follow()
    assert stored_times(survey) == ["2026-04-11 10:00:00", "2026-04-18 10:00:00"]
    assert _paris_times(webapp, survey) == ["2026-04-11 12:00", "2026-04-18 12:00"]
    notes = db.session.scalars(select(Answer.number).where(Answer.question_id == scale.id)
                               .order_by(Answer.number))
    assert list(notes) == [3.0, 7.0]


def test_a_resident_cannot_send_a_note_between_two_notes(territory, quartier):
    from participation.surveys.imports import import_xlsform

    survey = import_xlsform(territory.id, _xlsform())
    services.set_status(survey, "open")
    scale = survey.questions[0]
    values, errors = read_answers(survey.questions, {f"q{scale.id}": "7,5"})
    assert errors == {scale.id: "Choisissez une des notes proposées."}
    values, errors = read_answers(survey.questions, {f"q{scale.id}": "7"})
    assert errors == {} and values[scale.id] == {"number": 7.0}
