"""Year on year in the pages people read: the challenge page and the section (DOCX) give the
same hand-counted figures with their bases; the demo holds a previous year so it shows."""
from __future__ import annotations

import io

from docx import Document

from participation.exports.section import build_section, generated_section
from tests import factories
from tests.formfill import form_to, text_of
from tests.reading import plain

SAID = {2022: [("un médecin", 6), ("pas de bus le dimanche", 4),
               ("des cours de français", 5)],
        2023: [("un médecin", 9), ("pas de bus le dimanche", 6), ("un terrain de foot", 5)]}


def _seed(territory, quartier):
    return factories.yearly_contributions(territory, quartier, "S2", SAID)


def test_challenge_page_and_section_compare_two_years(webapp, web_login, territory, quartier):
    health = _seed(territory, quartier)
    web_login("coordinator")
    page = plain(text_of(webapp.get(f"/analysis/challenge/{health.id}")))
    # bases: 6 + 4 + 5 = 15 in 2022, 9 + 6 + 5 = 20 in 2023; doctors 6/15 = 40 %, 9/20 = 45 %
    assert "Manques et propositions écrits par les habitants : 15 en 2022, 20 en 2023" in page
    assert "6 sur 15 (40 %) 9 sur 20 (45 %) +5" in page
    assert "moins de 5 6 sur 20 (30 %) —" in page  # 4 buses in 2022: hidden
    assert "Nouveau en 2023 : « un terrain de foot »" in page
    assert "Ne revient plus en 2023 : « des cours de français »" in page
    # validated as read on the page, it enters the section (tests/exports/
    # test_evolution_review.py: not before)
    form = form_to(webapp.get(f"/analysis/challenge/{health.id}"),
                   f"/analysis/challenge/{health.id}/evolution")
    form["choice"] = "tableau"
    form.submit()
    doc = Document(io.BytesIO(webapp.get("/exports/section.docx").body))
    headings = [plain(p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert f"S2 · {health.name} : évolution de 2022 à 2023" in headings
    cells = [[plain(c.text) for c in row.cells] for t in doc.tables for row in t.rows]
    # each year's column says its shares' base (15 and 20 residents' needs)
    assert ["2022 (sur 15 réponses qui expriment un besoin)",
            "2023 (sur 20 réponses qui expriment un besoin)"] == next(
        r for r in cells if r[0] == "Besoin")[1:3]
    assert ["Un médecin", "6 sur 15 (40 %)", "9 sur 20 (45 %)", "+5"] in cells
    paragraphs = [plain(p.text) for p in doc.paragraphs]
    assert "Nouveau en 2023 : « un terrain de foot »." in paragraphs


def test_the_demo_compares_june_2022_with_2023(app, demo_db):
    with app.test_request_context("/"):
        model = build_section(demo_db)
        generated = generated_section(demo_db)
    # not validated: out of the section, its theme's block says so to the coordinator
    blocks = {b["key"]: b for b in model["blocks"]}
    assert "evolution-TH02" not in blocks
    assert blocks["theme-TH02"]["evolution_review"]["state"] == "nouveau"
    blocks = {b["key"]: b for b in generated["blocks"]}
    health = blocks["evolution-TH02"]
    assert health["title"].endswith("évolution de 2022 à 2023")
    # the demo's health theme: 12 contributions at the June 2022 tables citoyennes
    assert plain(health["paragraphs"][0]).startswith(
        "Manques et propositions écrits par les habitants : 12 en 2022,")
    assert health["tables"][0]["rows"]
