"""A form that lists "other" as a choice of its own and asks "Autre, précisez" as a question of
its own (Kobo's usual hand-made shape, without ``or_other``): its export's "other" is that
choice, counted once; the text is that question's answer, stored once (coordinator tester,
2026-11-30: "Autre" printed twice on the results page, 4/62 each, and twice in figures.csv).

Walked as a coordinator: the XLSForm and its Kobo export uploaded on /surveys/, the preview's
« Importer », then the results page and its figures CSV.
"""
from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys.models import Answer, Survey
from tests.formfill import form_to
from tests.reading import table_rows
from tests.workbooks import xlsx

SURVEY = [("type", "name", "label", "relevant"),
          ("select_multiple manques", "manques", "Qu'est-ce qui manque ?", None),
          ("text", "manques_other", "Autre, précisez", "selected(${manques}, 'other')")]
CHOICES = [("list_name", "name", "label"), ("manques", "bus", "Des bus"),
           ("manques", "medecin", "Un médecin"), ("manques", "other", "Autre")]
# 5 submissions: "other" picked by 2 (their texts "une poste", "du calme"), bus by 3
ROWS = [("bus other", "0", "1", "0", "1", "une poste", "u1"),
        ("bus", "0", "1", "0", "0", "", "u2"),
        ("other", "0", "0", "0", "1", "du calme", "u3"),
        ("medecin bus", "0", "1", "1", "0", "", "u4"),
        ("medecin", "0", "0", "1", "0", "", "u5")]


def _xlsform() -> bytes:
    return xlsx({"survey": SURVEY, "choices": CHOICES, "settings": [
        ("form_title", "form_id"), ("Manques du quartier", "manques_2026")]})


def _export() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["manques", "manques/commerces", "manques/bus", "manques/medecin",
                     "manques/other", "manques_other", "_uuid", "_submission_time"])
    writer.writerows(row + ("2026-10-03T07:07:00",) for row in ROWS)
    return out.getvalue().encode("utf-8")


def test_a_listed_other_choice_and_its_own_text_question_count_once(webapp, web_login,
                                                                   territory):
    web_login("coordinator")
    upload = form_to(webapp.get("/surveys/"), "/surveys/import")
    upload["file"] = ("manques.xlsx", _xlsform())
    upload["answers"] = ("export.csv", _export())
    form_to(upload.submit(status=302).follow(), "/confirm").submit().follow()
    survey = db.session.scalar(select(Survey))
    assert db.session.scalar(select(func.count(Answer.id)).where(Answer.is_other.is_(True))) \
        == 0  # the texts are the "Autre, précisez" question's answers, not a second "Autre"
    page = webapp.get(f"/surveys/{survey.id}/results")
    rows = table_rows(page.html.find("table"))  # the first question's: a row per choice
    assert [r[:3] for r in rows] == [["Des bus", "3", "60 %"], ["Un médecin", "2", "40 %"],
                                     ["Autre", "2", "40 %"]]  # by hand, base 5
    figures = webapp.get(f"/surveys/{survey.id}/figures.csv").text
    rows = [r for r in csv.reader(io.StringIO(figures.lstrip("\ufeff")), delimiter=";")]
    other = [r for r in rows if "Autre" in r]
    assert len(other) == 1 and "2" in other[0]  # 2 of the 5 submissions picked it
    texts = set(db.session.scalars(select(Answer.text).where(Answer.text.is_not(None))))
    assert texts == {"une poste", "du calme"}
