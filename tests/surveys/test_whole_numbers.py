"""An XLSForm ``integer`` question stays a whole-number question (issue: it became a decimal
one): imported with ``whole_number``, shown in the editor as such with its bounds written 0
and 120 (not 0.0 and 120.0), refused with a French message when a resident types 12,5,
refused in an answers file, and exported back as ``integer``; ``decimal`` stays decimal."""
from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from participation.core.errors import ImportRejected
from participation.extensions import db
from participation.surveys import services
from participation.surveys.answers_import import import_answers_csv
from participation.surveys.models import Answer, Survey
from tests.formfill import form_to, text_of
from tests.workbooks import xlsx

WHOLE = "Indiquez un nombre entier, sans virgule, par exemple 12."


def _xlsform() -> bytes:
    return xlsx({"survey": [["type", "name", "label", "required", "constraint"],
                            ["integer", "age", "Votre âge", "yes", ". >= 0 and . <= 120"],
                            ["decimal", "distance", "Distance à l'arrêt (km)", "", ""]],
                 "settings": [["form_title", "form_id"], ["Vie du quartier", "vie"]]})


def _imported(webapp) -> Survey:
    page = webapp.get("/surveys/")
    form = next(f for f in page.forms.values() if f.action.endswith("/surveys/import"))
    form["file"] = ("vie.xlsx", _xlsform())
    preview = form.submit(status=302).follow()  # the preview, then « Importer »
    form_to(preview, "/confirm").submit(status=302)
    return db.session.scalar(select(Survey).order_by(Survey.id.desc()))


@pytest.mark.forms("surveys/index.html#2", "surveys/answer.html")
def test_integer_question_from_import_to_answer_and_export(webapp, web_login, territory,
                                                            quartier):
    web_login("coordinator")
    survey = _imported(webapp)
    age, distance = survey.questions
    assert (age.type, age.whole_number, age.min_value, age.max_value) == ("number", True, 0, 120)
    assert (distance.type, distance.whole_number) == ("number", False)

    editor = webapp.get(f"/surveys/questions/{age.id}")
    assert editor.html.select_one("input[name=min_value]")["value"] == "0"
    assert editor.html.select_one("input[name=max_value]")["value"] == "120"
    assert editor.html.select_one("input[name=whole_number]").has_attr("checked")

    exported = load_workbook(BytesIO(webapp.get(f"/surveys/{survey.id}/form.xlsx").body))
    types = {row[1]: row[0] for row in exported["survey"].iter_rows(min_row=2, values_only=True)
             if row[1]}
    assert types["age"] == "integer" and types["distance"] == "decimal"

    services.set_status(survey, "open")
    url = f"/s/{survey.slug}"
    page = webapp.get(url)
    assert page.html.select_one(f"input[name=q{age.id}]")["inputmode"] == "numeric"
    assert page.html.select_one(f"input[name=q{distance.id}]")["inputmode"] == "decimal"
    form = form_to(page, url)
    form[f"q{age.id}"] = "12,5"
    form[f"q{distance.id}"] = "1,5"
    refused = form.submit(status=303).follow()  # Post/Redirect/Get, with a draft
    assert WHOLE in text_of(refused)
    assert db.session.scalar(select(Answer.id)) is None  # nothing stored
    form = form_to(refused, url)
    assert form[f"q{distance.id}"].value == "1,5"  # what was typed is kept
    form[f"q{age.id}"] = "12"
    form.submit().follow()
    stored = {a.question_id: a.number for a in db.session.scalars(select(Answer))}
    assert stored == {age.id: 12.0, distance.id: 1.5}


def test_answers_file_with_a_decimal_in_an_integer_column_is_refused(territory):
    from participation.surveys.imports import import_xlsform

    survey = import_xlsform(territory.id, _xlsform())
    with pytest.raises(ImportRejected) as exc:
        import_answers_csv(survey, "Horodateur,Votre âge,Distance à l'arrêt (km)\n"
                                   "04/06/2024 10:00:00,\"12,5\",1\n".encode())
    assert exc.value.errors[0][0] == 2
    assert "« 12,5 » n'est pas un nombre entier" in exc.value.errors[0][1]
    report = import_answers_csv(survey, "Horodateur,Votre âge,Distance à l'arrêt (km)\n"
                                        "04/06/2024 10:00:00,12,\"2,5\"\n".encode())
    assert report["added"] == 1
