"""A year-on-year block never prints a zero as a small count (tester t27coord, issue #13):
TH06 read « Jeunes : 2023 moins de 5 | 9 sur 46 (20 %) » beside « Nouveau en 2026 :
« jeunes » ». Nobody said it in 2023: 0 is published (it singles nobody out) and agrees with
"Nouveau en"; a share is rounded half up (5 of 8 = 62.5 % -> "63 %").

Hand-written case, residents' constats of one challenge:
- 2025 (base 6): "refaire les trottoirs" 6 times; nobody names the young.
- 2026 (base 8): "des activités pour les jeunes" 5 times, "refaire les trottoirs" 3 times.
Young: 0 of 6 (0 %) then 5 of 8 (62.5 % -> 63 %): +63 points; pavements 6 of 6 (100 %) then
3 (1 to 4: "moins de 5", no share, no change).
"""
from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from participation.contributions.services import record_contribution
from participation.extensions import db
from tests import factories
from tests.formfill import form_to, text_of
from tests.reading import plain

SAID = {2025: ["refaire les trottoirs"] * 6,
        2026: ["des activités pour les jeunes"] * 5 + ["refaire les trottoirs"] * 3}


def _seed(territory, quartier):
    node = factories.challenge(territory, "S2")
    for year, texts in SAID.items():
        for text in texts:
            record_contribution(territory.id, text, kind="constat", quartier_id=quartier.id,
                                said_on=date(year, 6, 14), challenge_ids=[node.id],
                                commit=False)
    db.session.commit()
    return node


def _row_of(rows: list[list[str]], word: str) -> list[str]:
    return next(r for r in rows if word in r[0].lower())


@pytest.mark.forms("analysis/summary.html#1")
def test_a_need_nobody_said_reads_zero_on_the_page_and_in_the_section(webapp, web_login,
                                                                      territory, quartier):
    node = _seed(territory, quartier)
    web_login("coordinator")
    page = webapp.get(f"/analysis/challenge/{node.id}")
    table = page.html.find(id="evolution-besoins").find("table")
    rows = [[plain(" ".join(c.get_text(" ").split())) for c in tr.find_all(["th", "td"])]
            for tr in table.find_all("tr")]
    assert _row_of(rows, "jeune")[1:] == ["0 sur 6 (0 %)", "5 sur 8 (63 %)", "+63"]
    assert _row_of(rows, "trottoir")[1:] == ["6 sur 6 (100 %)", "moins de 5", "—"]
    said = plain(text_of(page))
    assert "Nouveau en 2026 :" in said and "moins de 5 5 sur 8" not in said
    form = form_to(page, f"/analysis/challenge/{node.id}/evolution")
    form["choice"] = "tableau"
    form.submit()
    doc = Document(io.BytesIO(webapp.get("/exports/section.docx").body))
    cells = [[plain(c.text) for c in row.cells] for t in doc.tables for row in t.rows]
    assert _row_of([r for r in cells if r], "jeune")[1:] == [
        "0 sur 6 (0 %)", "5 sur 8 (63 %)", "+63"]
    paragraphs = " ".join(plain(p.text) for p in doc.paragraphs)
    assert "Nouveau en 2026 :" in paragraphs and "jeunes" in paragraphs
