"""The forces/faiblesses grid and a challenge's validated text agree (issue #13, item 4).

A fresh coordinator validated a draft naming strengths; beside it the section's grid said
"Aucun atout recueilli". The grid counts contributions classed atout (or manquement): an
empty cell now says exactly that ("Aucune contribution classée atout") and repeats the
points forts (or faibles) the coordinator validated for that theme.
"""
from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from participation.contributions.services import record_contribution
from participation.exports import section_forces
from tests import factories
from tests.formfill import form_to, text_of
from tests.reading import plain

STRENGTHS = "la solidarité entre voisins et le jardin partagé"


def _grid_rows(page) -> list[list[str]]:
    """The forces/faiblesses table of the section page, rows of cell texts (lines joined
    by " / ", no-break spaces made plain)."""
    grid = next(t for t in page.html.select("table")
                if "Forces (atouts)" in t.select("tr")[0].get_text())
    return [[plain(" / ".join(s.strip() for s in cell.get_text("\n").split("\n") if s.strip()))
             for cell in row.select("td")] for row in grid.select("tr")[1:]]


@pytest.mark.forms("analysis/summary.html#1")
def test_a_validated_draft_with_strengths_is_what_the_grid_says(webapp, web_login, territory,
                                                                quartier):
    mobility = factories.challenge(territory, "L4")
    for i in range(5):
        record_contribution(territory.id, f"Pas de bus le dimanche ({i})",
                            quartier_id=quartier.id, challenge_ids=[mobility.id],
                            said_on=date(2024, 3, 4))
    web_login("coordinator")
    before = _grid_rows(webapp.get("/exports/section"))
    assert [r[2] for r in before] == ["Aucune contribution classée atout"]  # what it counts
    page = webapp.get(f"/analysis/challenge/{mobility.id}")
    form = form_to(page, f"/analysis/challenge/{mobility.id}/draft")
    assert "Points forts" not in form["text"].value  # no atout: the draft names none
    form["text"] = form["text"].value + f"\nPoints forts : {STRENGTHS}"
    assert "Texte validé" in text_of(form.submit().follow())
    rows = _grid_rows(webapp.get("/exports/section"))
    # the grid's row is the top-level theme (L), the draft was validated on L4 below it
    assert [r[1:3] for r in rows] == [[before[0][1], "Aucune contribution classée atout / "
                                       f"Points forts validés (L4 · Mobilité) : {STRENGTHS}"]]
    assert rows[0][3].count("« Pas de bus le dimanche") == 3  # faiblesses: the quotes
    doc = Document(io.BytesIO(webapp.get("/exports/section.docx").body))
    cells = [plain(c.text) for g in doc.tables for r in g.rows for c in r.cells]
    assert f"Points forts : {STRENGTHS}" in [plain(p.text) for p in doc.paragraphs]
    assert ("Aucune contribution classée atout\nPoints forts validés (L4 · Mobilité) : "
            f"{STRENGTHS}") in cells


def test_validated_part_reads_the_line_the_draft_writes():
    text = ("Ce qu'il faut retenir : 5 habitants sur 5 évoquent « bus ».\n"
            "points forts :  le parc \nPoints faibles: les bus\nPoints forts")
    assert section_forces.validated_part(text, "forts") == "le parc"
    assert section_forces.validated_part(text, "faibles") == "les bus"
    assert section_forces.validated_part("Points forts :", "forts") == ""
    assert section_forces.validated_part(None, "faibles") == ""
