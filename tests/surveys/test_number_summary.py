"""A number question's summary on the results page, in the section and in the figures export:
count (base), minimum, median, mean, maximum, written by Babel in the page's locale.

Five answers to « Loyer mensuel (€) », figures computed by hand:
1234.5, 3, 7, 12, 0.25 -> n = 5 (base: the 5 people asked, one question, no condition);
sorted 0.25, 3, 7, 12, 1234.5 -> minimum 0.25, median 7 (the 3rd), maximum 1234.5;
mean (1234.5 + 3 + 7 + 12 + 0.25) / 5 = 1256.75 / 5 = 251.35.
French: "0,25", "7", "251,35", "1 234,5" (narrow no-break space U+202F between thousands);
English: "1,234.5".
"""
from __future__ import annotations

import csv
import io

import pytest

from participation.surveys import services
from participation.surveys.frames import read_frames
from participation.surveys.responses import submit_response
from participation.surveys.results import survey_results
from participation.surveys.section_figures import numeric_sentence

NNBSP = "\u202f"


@pytest.fixture
def rents(territory):
    survey = services.create_survey(territory.id, "Logement")
    rent = services.add_question(survey, "number", "Loyer mensuel (€)", name="loyer")
    services.set_status(survey, "open")
    for i, value in enumerate((1234.5, 3, 7, 12, 0.25)):
        submit_response(survey, {rent.id: {"number": value}}, f"tok-rent-{i}")
    return survey


def _summary(page) -> dict[str, str]:
    table = page.html.select_one("table.number-summary")
    heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    cells = [td.get_text(" ", strip=True) for td in table.select("tbody td")]
    return dict(zip(heads, cells, strict=True))


def test_results_page_shows_count_min_median_mean_max_in_french(webapp, web_login, rents):
    web_login("coordinator")
    page = webapp.get(f"/surveys/{rents.id}/results")
    assert _summary(page) == {"Réponses (base)": "5", "Minimum": "0,25", "Médiane": "7",
                              "Moyenne": "251,35", "Maximum": f"1{NNBSP}234,5"}
    caption = page.html.select_one("table.number-summary caption").get_text(strip=True)
    assert " ".join(caption.split()) == "Résumé des nombres : Loyer mensuel (€)"  # typography
    assert "Moyenne : 251,35 (n = 5) · médiane : 7" in " ".join(page.text.split())
    rows = page.html.select("table.number-summary ~ table tbody th")
    assert [th.get_text() for th in rows] == ["0,25", "3", "7", "12", f"1{NNBSP}234,5"]


def test_results_page_in_english_uses_english_separators(webapp, web_login, rents):
    web_login("coordinator")
    webapp.get("/langue/en", status="*")
    page = webapp.get(f"/surveys/{rents.id}/results")
    summary = _summary(page)
    assert list(summary.values()) == ["5", "0.25", "7", "251.35", "1,234.5"]


def test_section_sentence_gives_min_and_max(app, rents):
    result = next(r for r in survey_results(read_frames(rents))["questions"]
                  if r["name"] == "loyer")
    assert (result["n"], result["base"], result["min"], result["median"], result["mean"],
            result["max"]) == (5, 5, 0.25, 7.0, 251.35, 1234.5)
    with app.test_request_context("/"):
        assert numeric_sentence(result) == (
            f"« Loyer mensuel (€) » : moyenne 251,35 (n = 5), médiane 7, minimum 0,25, "
            f"maximum 1{NNBSP}234,5.")


def test_figures_export_has_the_five_figures(webapp, web_login, rents):
    web_login("coordinator")
    page = webapp.get(f"/surveys/{rents.id}/results")
    response = page.click(href="figures.csv")
    rows = list(csv.reader(io.StringIO(response.body.decode("utf-8-sig")), delimiter=";"))
    rent = [r[1:] for r in rows if r[0] == "Loyer mensuel (€)"]
    assert rent == [["moyenne", "5", "5", "", "", "251,35"], ["médiane", "5", "5", "", "", "7"],
                    ["minimum", "5", "5", "", "", "0,25"],
                    ["maximum", "5", "5", "", "", "1234,5"]]


def test_section_leaves_the_extremes_out_under_the_minimum_count(app, territory):
    survey = services.create_survey(territory.id, "Petit groupe")
    rent = services.add_question(survey, "number", "Loyer mensuel (€)", name="loyer")
    services.set_status(survey, "open")
    for i, value in enumerate((410, 980, 530)):  # 3 people, under the minimum of 5
        submit_response(survey, {rent.id: {"number": value}}, f"tok-small-{i}")
    result = survey_results(read_frames(survey))["questions"][0]
    with app.test_request_context("/"):
        # mean (410 + 980 + 530) / 3 = 640 and median 530 would be the 3 people's rents
        # themselves, n = 3 a small count: nothing is printed but "moins de 5"
        assert (result["n"], result["mean"], result["median"]) == (3, 640, 530)
        assert numeric_sentence(result) == \
            "« Loyer mensuel (€) » : moins de 5 réponses, ni moyenne ni médiane publiées."
