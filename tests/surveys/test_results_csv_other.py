"""results.csv tells an « Autre » precision from a listed choice (issue: the bare text could
not be told apart): « Autre : Trottinette électrique » next to the listed « Vélo »; in a
multiple choice, « Parc | Autre : Le stade »."""
from __future__ import annotations

import csv
import io

from participation.surveys import services
from participation.surveys.responses import submit_response
from tests.surveys.helpers import opt


def test_other_answers_are_marked_in_results_csv(webapp, web_login, territory):
    survey = services.create_survey(territory.id, "Se déplacer")
    single = services.add_question(survey, "single", "Comment venez-vous ?",
                                   ["Vélo", "Bus"], has_other=True, name="venue")
    multiple = services.add_question(survey, "multiple", "Vos lieux", ["Parc", "Marché"],
                                     has_other=True, name="lieux")
    services.set_status(survey, "open")
    submit_response(survey, {single.id: {"options": [], "other": "Trottinette électrique"},
                             multiple.id: {"options": [int(opt(multiple, "parc"))],
                                           "other": "Le stade"}}, "tok-o1")
    submit_response(survey, {single.id: {"options": [int(opt(single, "velo"))]}}, "tok-o2")
    web_login("coordinator")
    page = webapp.get(f"/surveys/{survey.id}/results").click(href="results.csv")
    rows = list(csv.DictReader(io.StringIO(page.body.decode("utf-8-sig")), delimiter=";"))
    assert [r["Comment venez-vous ?"] for r in rows] == ["Autre : Trottinette électrique",
                                                         "Vélo"]
    assert [r["Vos lieux"] for r in rows] == ["Parc | Autre : Le stade", ""]
