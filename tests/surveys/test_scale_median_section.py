"""A scale's median and mean in the contract's section never give a small note away (issue
#13, item 3: small counts disclosed across what a page prints; ``surveys.linked_bases``,
``surveys.section_figures.numeric_sentence``). Read in the section as a reader reads it (WebTest),
every bound computed by hand."""
from __future__ import annotations

import math

from scipy.optimize import linprog

from participation.surveys import services
from participation.surveys.responses import submit_response
from tests.reading import plain


def _scale_survey(territory, notes: dict[int, int]):
    """An open survey with one 1-5 scale question "Note du square", answered ``notes``
    ({note: how many people})."""
    survey = services.create_survey(territory.id, "Le square")
    note = services.add_question(survey, "scale", "Note du square", min_value=1, max_value=5,
                                 name="note")
    services.set_status(survey, "open")
    number = 0
    for value, people in notes.items():
        for _person in range(people):
            submit_response(survey, {note.id: {"number": value}}, f"tok-square-{number}")
            number += 1
    return survey


def _section(webapp, web_login) -> str:
    web_login("coordinator")
    return " ".join(plain(webapp.get("/exports/section").html.get_text(" ")).split())


def _notes(webapp) -> dict[str, str]:
    """The section's table "Note | Nombre" of the scale: note -> its count as printed."""
    page = webapp.get("/exports/section")
    table = next(t for t in page.html.select("table")
                 if [th.get_text(strip=True) for th in t.select("thead th")] == ["Note",
                                                                                   "Nombre"])
    return {tr.select("td,th")[0].get_text(strip=True): tr.select("td,th")[1].get_text(
        strip=True) for tr in table.select("tbody tr")}


def _note_three(median: bool) -> tuple[int, int]:
    """(lowest, highest) of note 3 (a) among a, b, c (notes 3, 4, 5) a reader can work out:
    a from 1 to 4 ("moins de 5"), a + b + c = 12, 3a + 4b + 5c within 0.06 of 51.96 (the
    mean 4.33 rounded, times 12); ``median``: a + b >= 6 and b + c >= 6 (median 4). The
    relaxation solved both ways (scipy HiGHS), rounded down and up to whole people."""
    rows, bounds = [[-1, -1, 0], [0, -1, -1]] if median else [], [(1, 4), (0, None),
                                                                  (0, None)]
    upper = {"A_ub": [[3, 4, 5], [-3, -4, -5], *rows],
             "b_ub": [51.96 + 0.06, -(51.96 - 0.06), *([-6, -6] if median else [])]}
    low = linprog([1, 0, 0], A_eq=[[1, 1, 1]], b_eq=[12], bounds=bounds, method="highs",
                  **upper)
    high = linprog([-1, 0, 0], A_eq=[[1, 1, 1]], b_eq=[12], bounds=bounds, method="highs",
                   **upper)
    return math.ceil(low.fun - 1e-9), math.floor(-high.fun + 1e-9)


def test_a_median_that_would_narrow_a_small_note_is_not_printed(territory, webapp,
                                                                web_login):
    # 12 people: note 3 once, note 4 six times, note 5 five times. n = 12 and the mean
    # (3 + 24 + 25) / 12 = 52 / 12 = 4.33 are printed; note 3 is "moins de 5", notes 4
    # and 5 are withheld (with n and the mean, two shown notes would pin it)
    _scale_survey(territory, {3: 1, 4: 6, 5: 5})
    text = _section(webapp, web_login)
    assert _notes(webapp) == {"3": "moins de 5", "4": "non publié", "5": "non publié"}
    # by hand, what the mean and n leave: a + b + c = 12 and 3a + 4b + 5c = 4.33 x 12 =
    # 51.96 (+- 0.06), so b + 2c = 15.96 (+- 0.06), b = 16 - 2c, a = c - 4 with 0 <= b:
    # c <= 8, so a <= 4 (and a >= 1 at c = 5): note 3 anything from 1 to 4
    assert _note_three(median=False) == (1, 4)
    # the median 4 would add: at least 6 people (half of 12) gave 4 or less, at least 6
    # gave 4 or more: b + c >= 6 and a + b >= 6, so c <= 6 and a = c - 4 <= 2: note 3 would
    # be 1 or 2. So the median is not printed
    assert _note_three(median=True) == (1, 2)
    assert "« Note du square » : moyenne 4,33 (n = 12), médiane non publiée, minimum 3, " \
        "maximum 5." in text
    assert "médiane 4" not in text


def test_a_scale_of_fewer_than_five_answers_prints_no_statistic(territory, webapp,
                                                                web_login):
    # 5 people answered the survey, only 3 the scale (two left it blank): a mean or a
    # median of 3 notes is their notes; "n = 3" a small count
    survey = _scale_survey(territory, {2: 1, 4: 2})
    for number in range(2):
        submit_response(survey, {}, f"tok-square-blank-{number}")
    text = _section(webapp, web_login)
    assert "« Note du square » : moins de 5 réponses, ni moyenne ni médiane publiées." in text
    assert "n = 3" not in text and "médiane 4" not in text
    assert "Note du square » : nombre de personnes par note" not in text
