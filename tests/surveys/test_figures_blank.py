"""The figures export carries the results page's « Sans réponse » rows, with the same base and
wording (issue: figures.csv had none). Four responses, counted by hand:

- « Avez-vous un jardin ? »: oui, non, (blank), oui -> Sans réponse 1 of 4 = 25 %;
- scale « Note du parc »: 7, (blank), 8, 9 -> Sans réponse 1 of 4 = 25 %;
- number « Minutes à pied »: 12.5, 10, (blank), (blank) -> Sans réponse 2 of 4 = 50 %;
- free text « Une idée ? » without a coding grid: no figure at all, as on the results page.
"""
from __future__ import annotations

import csv
import io
from datetime import datetime

from openpyxl import load_workbook

from participation.surveys import services
from participation.surveys.responses import submit_response
from tests.surveys.helpers import opt, park_questions


def _survey(territory):
    survey, garden, note, walk = park_questions(territory)
    idea = services.add_question(survey, "short_text", "Une idée ?", name="idee")
    services.set_status(survey, "open")
    rows = [("oui", 7, 12.5), ("non", None, 10), (None, 8, None), ("oui", 9, None)]
    for i, (yes, score, minutes) in enumerate(rows):
        values = {idea.id: {"text": "des bancs"}}
        if yes:
            values[garden.id] = {"options": [int(opt(garden, yes))]}
        if score:
            values[note.id] = {"number": score}
        if minutes:
            values[walk.id] = {"number": minutes}
        submit_response(survey, values, f"tok-blank-{i}",
                        submitted_at=datetime(2026, 11, 20, 10, i))
    return survey


def test_figures_have_the_results_pages_blank_rows(webapp, web_login, territory):
    survey = _survey(territory)
    web_login("coordinator")
    page = webapp.get(f"/surveys/{survey.id}/results")
    shown = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
             for tr in page.html.select("table tbody tr") if tr.th
             and tr.th.get_text(strip=True) == "Sans réponse"]
    assert ["Sans réponse", "1", "25\u202f%", "4"] in shown  # the yes/no question's table
    rows = list(csv.reader(io.StringIO(page.click(href="figures.csv").body.decode("utf-8-sig")),
                           delimiter=";"))
    blank = [r for r in rows if r[1] == "Sans réponse"]
    assert blank == [["Avez-vous un jardin ?", "Sans réponse", "1", "4", "25", "25", ""],
                     ["Note du parc", "Sans réponse", "1", "4", "25", "25", ""],
                     ["Minutes à pied", "Sans réponse", "2", "4", "50", "50", ""]]
    assert not [r for r in rows if r[0] == "Une idée ?"]
    sheet = set(load_workbook(io.BytesIO(page.click(href="figures.xlsx").body)).active
                .iter_rows(values_only=True))
    assert ("Minutes à pied", "Sans réponse", 2, 4, 50, 50.0, None) in sheet
    assert ("Avez-vous un jardin ?", "Sans réponse", 1, 4, 25, 25.0, None) in sheet
