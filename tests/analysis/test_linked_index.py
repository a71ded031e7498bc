"""The analyses' index prints two lists of the same contributions, by quartier and by format,
without a total; both add up to it, so they are protected together (issue #13, item 3;
``analysis.linked.protect_overview``, ``core.linkedcounts``). Read as a reader reads the page
(WebTest) and audited from the printed figures alone."""
from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from participation.analysis.linked import protect_overview
from participation.core.smallcounts import SECONDARY, SHOWN, SMALL
from tests.reading import plain

FEWER, WITHHELD = "moins de 5", "non publié"


def _listed(page, title: str) -> dict[str, str]:
    """The list under the <h2> ``title`` of /analysis/: item name -> its count as printed
    ("Pasteur-Foch (Communes) — 458": the name is the link's text)."""
    heading = next(h for h in page.html.select("h2") if h.get_text(strip=True) == title)
    items = heading.find_next_sibling("ul").select("li")
    return {li.a.get_text(strip=True): plain(li.get_text()).rsplit("—", 1)[1].strip()
            for li in items}


def _range(formats: list[str], quartiers: list[str], cell: tuple[str, int]) -> tuple:
    """(lowest, highest) value of one cell that a reader can work out from the printed
    cells alone: unknowns are every format and quartier cell, the contributions without a
    quartier (>= 0: the page says nothing of them) and the total (printed nowhere); the
    formats add up to the total, the quartiers plus those without one too; a printed number
    is that number, "moins de 5" is 1 to 4, "non publié" is 0 or more. The linear program
    is solved both ways (scipy HiGHS), written here apart from ``core.linkedcounts``."""
    size = len(formats) + len(quartiers) + 2  # ..., without a quartier, total
    bounds = []
    for printed in formats + quartiers:
        bounds.append((int(printed), int(printed)) if printed.isdigit()
                      else (1, 4) if printed == FEWER else (0, None))
    bounds += [(0, None), (0, None)]
    sums = np.zeros((2, size))
    sums[0, :len(formats)] = 1
    sums[1, len(formats):-1] = 1
    sums[:, -1] = -1
    objective = np.zeros(size)
    objective[cell[1] + (len(formats) if cell[0] == "quartier" else 0)] = 1
    low = linprog(objective, A_eq=sums, b_eq=[0, 0], bounds=bounds, method="highs")
    high = linprog(-objective, A_eq=sums, b_eq=[0, 0], bounds=bounds, method="highs")
    return round(low.fun), (round(-high.fun) if high.status == 0 else None)


def test_the_testers_index_no_longer_gives_the_small_format_away(demo_db, webapp, web_login):
    # the tester, on the demo: "Par quartier: Pasteur-Foch 458" beside "Par format: 271 +
    # 120 + 65 + Conseil citoyen moins de 5": 458 - 456 = 2, the small count itself
    web_login("coordinator", demo_db)
    page = webapp.get("/analysis/")
    quartiers, formats = _listed(page, "Par quartier"), _listed(page, "Par format")
    assert quartiers == {"Pasteur-Foch": "458"}
    # the smallest other format (65) goes with the small one: its value is printed nowhere
    # else on the index
    assert list(formats.values()) == ["271", "120", WITHHELD, FEWER]
    assert formats["Conseil citoyen"] == FEWER
    printed_f, printed_q = list(formats.values()), list(quartiers.values())
    # by hand: total >= 458; 271 + 120 + withheld + small = total, the withheld cell takes
    # any rest (>= 458 - 391 - 4 = 63), so the small cell is still anything from 1 to 4;
    # and no total is printed: the 458 is only a lower bound
    assert _range(printed_f, printed_q, ("format", 3)) == (1, 4)
    assert _range(printed_f, printed_q, ("format", 2)) == (458 - 391 - 4, None)
    # the old page (65 printed): 458 - 456 = 2 at least, the small cell narrowed to 2 .. 4
    assert _range(["271", "120", "65", FEWER], printed_q, ("format", 3)) == (2, 4)


def test_a_small_quartier_is_protected_against_the_formats_sum():
    # 40 contributions: 20 + 20 by format; quartiers 37 + 3, all with a quartier. The
    # formats add up to 40, so the small quartier is at most 40 - 37 = 3: the 37 is hidden
    format_states, quartier_states = protect_overview([("enquete", 20), ("johari", 20)],
                                                      {1: 37, 2: 3}, 5)
    assert quartier_states == {1: SECONDARY, 2: SMALL}
    assert format_states == [SHOWN, SHOWN]
    assert _range(["20", "20"], [WITHHELD, FEWER], ("quartier", 1)) == (1, 4)


def test_contributions_without_a_quartier_leave_the_quartier_list_a_lower_bound():
    # 12 + 3 by format, one quartier of 9 (6 contributions without a quartier): the
    # quartier list says only total >= 9, and 12 + small >= 9 says nothing: the small
    # format is still 1 .. 4 with the 12 shown. The one-line rule needs no more (no total)
    format_states, quartier_states = protect_overview([("enquete", 12), ("johari", 3)],
                                                      {1: 9}, 5)
    assert format_states == [SHOWN, SMALL]
    assert quartier_states == {1: SHOWN}
    assert _range(["12", FEWER], ["9"], ("format", 1)) == (1, 4)


def test_a_quartier_of_zero_is_printed_and_protects_nothing():
    # 30 + 2 by format; quartiers 32 and 0: 32 - 30 = 2 (lower bound on the total): the
    # 30 is withheld, the 0 stays (hiding a zero would protect nothing)
    format_states, quartier_states = protect_overview([("enquete", 30), ("johari", 2)],
                                                      {1: 32, 2: 0}, 5)
    assert format_states == [SECONDARY, SMALL]
    assert quartier_states == {1: SHOWN, 2: SHOWN}
    assert _range([WITHHELD, FEWER], ["32", "0"], ("format", 1)) == (1, 4)
