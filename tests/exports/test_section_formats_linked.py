"""The section's per-format blocks and the analyses' index print the same counts: a count the
index hides is hidden in the section too (``analysis.published.withheld_formats``; docs/
analysis.md "Across pages"), or a reader of both works it out (last session's testers).

The demo (``demo_db``) by hand: the index lists "Pasteur-Foch 458" by quartier and, by format,
"Table citoyenne 271, Enquête 120, Fenêtre de Johari non publié, Conseil citoyen moins de 5"
(``tests/analysis/test_linked_index.py``): 458 - 271 - 120 = 67 for Johari and the conseil
together, so the conseil is anywhere from 1 to 4. The section printed "Fenêtre de Johari : 65
contributions recueillies" (and 65 in its method table): 67 - 65 = 2, the conseil's count.
Read as a reader reads them: the index page, the section's HTML page and its DOCX."""
from __future__ import annotations

import io

from docx import Document

from tests.analysis.test_linked_index import FEWER, WITHHELD, _listed
from tests.formfill import text_of
from tests.reading import plain

JOHARI, CONSEIL = "Fenêtre de Johari", "Conseil citoyen"


def _docx_text(body: bytes) -> tuple[list[str], list[list[str]]]:
    doc = Document(io.BytesIO(body))
    return ([plain(p.text) for p in doc.paragraphs],
            [[plain(c.text) for c in row.cells] for t in doc.tables for row in t.rows])


def test_a_format_the_index_withholds_is_withheld_in_the_section(demo_db, webapp, web_login):
    web_login("coordinator", demo_db)
    index = webapp.get("/analysis/")
    formats = _listed(index, "Par format")
    assert (_listed(index, "Par quartier"), formats) == (
        {"Pasteur-Foch": "458"}, {"Table citoyenne / table ronde": "271",
                                  "Enquête / questionnaire": "120", JOHARI: WITHHELD,
                                  CONSEIL: FEWER})
    section = webapp.get("/exports/section")
    blocks = {" ".join(s.h3.get_text().split()): " ".join(s.p.get_text().split())
              for s in section.html.select("section.section-block") if s.h3 and s.p}
    assert blocks[JOHARI].startswith("nombre de contributions non publié")
    assert blocks[CONSEIL].startswith("moins de 5 contributions recueillies")
    assert blocks["Table citoyenne / table ronde"].startswith("271 contributions")
    assert blocks["Enquête / questionnaire"].startswith("120 contributions")
    assert "Nombre de contributions non publié, pour ne pas faire connaître un nombre de " \
        "moins de 5 : Fenêtre de Johari." in text_of(section)
    paragraphs, rows = _docx_text(webapp.get("/exports/section.docx").body)
    johari_rows = [row for row in rows if row and row[0] == JOHARI]
    assert johari_rows and all(cell in ("", WITHHELD) for row in johari_rows
                               for cell in row[1:])  # the method table: months withheld
    assert not [p for p in paragraphs if "65 contributions" in p]
    # what the two documents print leaves the conseil's count whole: 458 - 271 - 120 = 67
    # for Johari and the conseil, Johari printed nowhere, so the conseil is 1 to 4
    printed = [int(v) for v in formats.values() if v.isdigit()]
    assert 458 - sum(printed) == 67 and not [p for p in paragraphs if "65" in p.split()]
