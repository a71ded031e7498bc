"""The results downloads as a coordinator clicks them on the results page: the CSV pour Excel
writes the decimal comma, the responses CSV carries the date and the language of each answer,
figures.csv/.xlsx carry number and scale questions (n, mean, median, min, max; a scale's
values with their base), and every CSV is served with one charset.

Three responses, figures computed by hand:
- "Avez-vous un jardin ?": oui, oui, non -> oui 2 of 3 = 67 % (66.67);
- scale "Note du parc" (1-10): 7, 8, 8 -> "8": 2 of 3 = 67 % (66.67), "7": 1 of 3 = 33 %
  (33.33); mean 23/3 = 7.67, median 8, min 7, max 8;
- number "Minutes à pied": 12.5, 10, 20 -> n 3, mean 42.5/3 = 14.17, median 12.5, min 10,
  max 20.
"""
from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from participation.surveys import services
from participation.surveys.responses import submit_response
from tests.surveys.helpers import opt, park_questions


@pytest.fixture
def park(territory):
    survey, garden, note, walk = park_questions(territory)
    services.set_status(survey, "open")
    rows = [("oui", 7, 12.5, "fr", datetime(2026, 11, 20, 17, 45)),
            ("oui", 8, 10, "ar", datetime(2026, 11, 21, 8, 5)),
            ("non", 8, 20, None, datetime(2026, 11, 22, 9, 0))]
    for i, (yes, score, minutes, language, at) in enumerate(rows):
        submit_response(survey, {garden.id: {"options": [int(opt(garden, yes))]},
                                 note.id: {"number": score}, walk.id: {"number": minutes}},
                        f"tok-park-{i}", language=language, submitted_at=at)
    return survey


def _csv(response) -> list[list[str]]:
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # one charset, not two
    return list(csv.reader(io.StringIO(response.body.decode("utf-8-sig")), delimiter=";"))


def test_figures_csv_has_decimal_comma_and_number_and_scale_rows(webapp, web_login, park):
    web_login("coordinator")
    page = webapp.get(f"/surveys/{park.id}/results")
    rows = _csv(page.click(href="figures.csv"))
    assert rows[0] == ["question", "réponse", "nombre", "base", "pourcentage",
                       "pourcentage exact", "valeur"]
    assert ["Avez-vous un jardin ?", "Oui", "2", "3", "67", "66,67", ""] in rows
    assert ["Note du parc", "8", "2", "3", "67", "66,67", ""] in rows
    assert ["Note du parc", "7", "1", "3", "33", "33,33", ""] in rows
    assert ["Note du parc", "moyenne", "3", "3", "", "", "7,67"] in rows
    walk = [r[1:] for r in rows if r[0] == "Minutes à pied"]
    assert walk == [["moyenne", "3", "3", "", "", "14,17"], ["médiane", "3", "3", "", "", "12,5"],
                    ["minimum", "3", "3", "", "", "10"], ["maximum", "3", "3", "", "", "20"]]
    sheet = set(load_workbook(io.BytesIO(page.click(href="figures.xlsx").body)).active
                .iter_rows(values_only=True))
    assert ("Minutes à pied", "médiane", 3, 3, None, None, 12.5) in sheet
    assert ("Note du parc", "8", 2, 3, 67, 66.67, None) in sheet


def test_responses_csv_has_date_language_and_decimal_comma(webapp, web_login, park):
    web_login("coordinator")
    rows = _csv(webapp.get(f"/surveys/{park.id}/results").click(href="results.csv"))
    # the place of collection after the quartier (offline interviews' place, issue: shown
    # on no export): legitimate new column, empty for these responses given without one
    assert rows[0][:6] == ["réponse", "date de réponse (heure de Paris)", "langue", "canal",
                           "quartier", "lieu de recueil"]
    assert rows[0][6:] == ["Avez-vous un jardin ?", "Note du parc", "Minutes à pied"]
    # 17:45 UTC is 18:45 in Paris (winter time)
    assert [r[1:3] + r[5:] for r in rows[1:]] == [
        ["2026-11-20 18:45", "fr", "", "Oui", "7", "12,5"],
        ["2026-11-21 09:05", "ar", "", "Oui", "8", "10"],
        ["2026-11-22 10:00", "", "", "Non", "8", "20"]]


def test_plain_csv_export_keeps_the_decimal_dot(webapp, web_login, park):
    """The exports page's plain CSV ("," separator) is the open-data standard: decimal dot."""
    web_login("coordinator")
    page = webapp.get("/exports/")
    assert "CSV (;) s’ouvre dans Excel" in page.text
    response = page.click(href=r"survey_figures\.csv\?sep=")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.body.decode("utf-8-sig"))))
    assert ["Le parc", "Minutes à pied", "moyenne", "3", "3", "", "", "14.17"] in rows
