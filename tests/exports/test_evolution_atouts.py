"""The year on year of a challenge in the page and in the section: every spelling counted,
answers in other languages said, each share with its base, and atouts in a table of their
own, validated on the challenge's page as the needs' (issue #13, item 5).

The case is ``tests/analysis/test_year_on_year_spellings.py``'s, counted by hand there:
needs 2024 base 9, 2025 base 11, Médecins 5 (56 %) then 5 (45 %), -11 points; atouts 2024
base 7, 2025 base 11, Voisins 5 (71 %) then 5 (45 %), -26 points; in each table, 2
answers in other languages in 2025 (printed "moins de 5": the small-count rule).
"""
from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from odf import opendocument, table, teletype
from odf import text as odftext

from participation.contributions.services import record_contribution
from participation.extensions import db
from tests import factories
from tests.analysis.test_year_on_year_spellings import ATOUTS, NEEDS
from tests.formfill import form_to, text_of
from tests.reading import plain

# 2 answers in other languages in 2025: under 5, written as every small count, as a part of
# the year's base (11 in both tables), never a count of its own (tester t28coord)
UNREAD = ("En 2025, moins de 5 des 11 réponses sont écrites dans d’autres langues : comptées "
          "dans la base, elles ne le sont dans aucune ligne, aucun outil fiable du produit ne "
          "les lisant.")
DOCTORS = ["Médecins", "5 sur 9 (56 %)", "5 sur 11 (45 %)", "-11"]
NEIGHBOURS = ["Voisins", "5 sur 7 (71 %)", "5 sur 11 (45 %)", "-26"]


def _seed(territory, quartier):
    """NEEDS as residents' constats, ATOUTS as their atouts, said on June 14th; the
    challenge S2."""
    node = factories.challenge(territory, "S2")
    for kind, said in (("constat", NEEDS), ("atout", ATOUTS)):
        for year, texts in said.items():
            for text in texts:
                record_contribution(territory.id, text, kind=kind, quartier_id=quartier.id,
                                    said_on=date(year, 6, 14), challenge_ids=[node.id],
                                    commit=False)
    db.session.commit()
    return node


def _rows(page, anchor: str) -> list[list[str]]:
    """The rendered table of the page's part ``anchor`` ("evolution-besoins",
    "evolution-atouts"), header first, each cell's text."""
    table = page.html.find(id=anchor).find("table")
    return [[plain(" ".join(c.get_text(" ").split())) for c in tr.find_all(["th", "td"])]
            for tr in table.find_all("tr")]


def _docx(webapp) -> tuple[list[str], list[list[str]], list[str]]:
    doc = Document(io.BytesIO(webapp.get("/exports/section.docx").body))
    return ([plain(p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")],
            [[plain(c.text) for c in row.cells] for t in doc.tables for row in t.rows],
            [plain(p.text) for p in doc.paragraphs])


@pytest.mark.forms("analysis/summary.html#2")
def test_needs_and_atouts_compared_in_the_page_and_the_section(webapp, web_login, territory,
                                                                quartier):
    node = _seed(territory, quartier)
    web_login("coordinator")
    page = webapp.get(f"/analysis/challenge/{node.id}")
    assert _rows(page, "evolution-besoins") == [
        ["Besoin", "2024 (sur 9 réponses qui expriment un besoin)",
         "2025 (sur 11 réponses qui expriment un besoin)", "Évolution (points)"], DOCTORS]
    assert _rows(page, "evolution-atouts") == [
        ["Atout", "2024 (sur 7 réponses qui nomment un atout)",
         "2025 (sur 11 réponses qui nomment un atout)", "Évolution (points)"], NEIGHBOURS]
    said = plain(text_of(page))
    assert said.count(UNREAD) == 2  # once per table
    assert ("Atouts écrits par les habitants (ce qu’ils apprécient dans leur quartier) : 7 "
            "en 2024, 11 en 2025.") in said
    # the atouts validated with their table, the needs not yet: only the atouts enter
    form = form_to(page, f"/analysis/challenge/{node.id}/evolution/atouts")
    form["choice"] = "tableau"
    after = form.submit().follow()
    assert "le texte et le tableau entrent dans la section" in plain(text_of(after))
    atouts_title = f"S2 · {node.name} : évolution des atouts de 2024 à 2025"
    needs_title = f"S2 · {node.name} : évolution de 2024 à 2025"
    headings, cells, paragraphs = _docx(webapp)
    assert atouts_title in headings and needs_title not in headings
    assert ["Atout", "2024 (sur 7 réponses qui nomment un atout)",
            "2025 (sur 11 réponses qui nomment un atout)", "Évolution (points)"] in cells
    assert NEIGHBOURS in cells and DOCTORS not in cells and UNREAD in paragraphs
    section = plain(text_of(webapp.get("/exports/section")))
    assert atouts_title in section and "Voisins 5 sur 7 (71 %) 5 sur 11 (45 %) -26" \
        in section
    assert f"« {needs_title} » n’entre pas dans la section" in section
    # the needs as text only: their sentences, not their table
    form = form_to(after, f"/analysis/challenge/{node.id}/evolution")
    form["choice"] = "texte"
    form.submit()
    headings, cells, paragraphs = _docx(webapp)
    assert needs_title in headings and DOCTORS not in cells and NEIGHBOURS in cells
    assert paragraphs.count(UNREAD) == 2
    # the ODT says the same
    odt = opendocument.load(io.BytesIO(webapp.get("/exports/section.odt").body))
    rows = [[plain(teletype.extractText(c)) for c in r.getElementsByType(table.TableCell)]
            for r in odt.getElementsByType(table.TableRow)]
    assert NEIGHBOURS in rows and DOCTORS not in rows
    said = [plain(teletype.extractText(p)) for p in odt.getElementsByType(odftext.P)]
    assert said.count(UNREAD) == 2


def test_answers_in_other_languages_are_counted_exactly_from_the_minimum(app):
    """7 answers in other languages in 2025 (at least the minimum, 5): the number itself;
    1 in 2024: "moins de 5"; none: nothing said."""
    from participation.analysis import evolution_words

    evo = {"other_languages": {2023: 0, 2024: 1, 2025: 7}, "bases": {2023: 9, 2024: 8, 2025: 20}}
    with app.test_request_context("/"):
        assert evolution_words.unread(evo, 5) == [
            "En 2024, moins de 5 des 8 réponses sont écrites dans d’autres langues : comptées "
            "dans la base, elles ne le sont dans aucune ligne, aucun outil fiable du produit ne "
            "les lisant.",
            "En 2025, 7 des 20 réponses sont écrites dans d’autres langues : comptées dans la "
            "base, elles ne le sont dans aucune ligne, aucun outil fiable du produit ne les "
            "lisant."]
