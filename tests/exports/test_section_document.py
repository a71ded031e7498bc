"""The section as a document people keep: a chart next to every table of counts of the
surveys, table header rows repeated on each page (DOCX ``w:tblHeader``, ODT header rows),
spacing between paragraphs in ODT, alt texts on every picture, and the HTML download."""
from __future__ import annotations

import io
import re

from docx import Document
from docx.oxml.ns import qn
from odf import draw, opendocument, style, table
from odf.namespaces import FONS

from participation.contributions.services import record_contribution
from tests import factories
from tests.reading import plain
from tests.surveys.test_hazebrouck import _import


def _seed(runner, territory, quartier):
    survey = _import(runner, territory)
    health = factories.challenge(territory, "S2")
    for i in range(6):
        record_contribution(territory.id, f"Il manque un médecin ({i})", quartier_id=quartier.id,
                            challenge_ids=[health.id])
    return survey


def test_docx_has_a_chart_per_table_of_counts_and_repeated_headers(webapp, web_login, runner,
                                                                   territory, quartier):
    _seed(runner, territory, quartier)
    web_login("coordinator")
    doc = Document(io.BytesIO(webapp.get("/exports/section.docx").body))
    alts = [plain(shape._inline.docPr.get("descr") or "") for shape in doc.inline_shapes]
    # 9 charts: the formats, one per choice question with answers (6: known, join,
    # insecurity, informed, how, coming), the security scale and, since an imported survey's
    # free text is summarised in its block (issue #13), the needs of "Que vous manque-t-il"
    assert any(a.startswith("Contributions recueillies par format") for a in alts)
    known = next(a for a in alts if a.startswith("Connaissez-vous le conseil citoyen ?"))
    assert "(base : 112 personnes interrogées)" in known and "Non : 90 ; Oui : 22" in known
    assert len(alts) == 9 and all(alts)
    assert any("regroupées par besoin" in a for a in alts)
    for grid in doc.tables:  # every table's header row repeats on the next page
        flags = grid.rows[0]._tr.trPr.findall(qn("w:tblHeader"))
        assert [f.get(qn("w:val")) for f in flags] == ["true"]


def test_odt_paragraphs_are_spaced_and_tables_have_header_rows(webapp, web_login, runner,
                                                               territory, quartier):
    _seed(runner, territory, quartier)
    web_login("coordinator")
    odt = opendocument.load(io.BytesIO(webapp.get("/exports/section.odt").body))
    body = next(s for s in odt.styles.getElementsByType(style.Style)
                if s.getAttribute("name") == "Text_20_body")
    props = body.getElementsByType(style.ParagraphProperties)[0]
    assert props.attributes[(FONS, "margin-bottom")] == "0.25cm"
    used = {p.getAttribute("stylename") for p in odt.text.childNodes if p.qname[1] == "p"}
    assert used == {"Text_20_body", "Caption"}  # no paragraph without spacing
    grids = odt.getElementsByType(table.Table)
    assert grids and all(g.getElementsByType(table.TableHeaderRows) for g in grids)
    frames = odt.getElementsByType(draw.Frame)
    assert len(frames) == 9  # as the DOCX's charts
    headings = [h for h in odt.styles.getElementsByType(style.Style)
                if h.getAttribute("name").startswith("Heading_20_")]
    assert all(h.getElementsByType(style.ParagraphProperties)[0].attributes[
        (FONS, "keep-with-next")] == "always" for h in headings)


def test_html_download_through_the_rendered_form(webapp, web_login, runner, territory,
                                                 quartier):
    _seed(runner, territory, quartier)
    web_login("coordinator")
    form = webapp.get("/exports/section").forms["section-download"]
    form["fmt"] = "html"
    page = form.submit().follow()
    assert page.content_type == "text/html"
    assert 'filename="section-participation-fr.html"' in page.headers["Content-Disposition"]
    html = plain(page.text)
    assert html.count("data:image/png;base64,") == 9 and "<style>" in html  # as the DOCX
    assert "<h3>Connaissez-vous le conseil citoyen ?</h3>" in html


def test_document_charts_are_drawn_for_print():
    """The documents' charts (``charts.bar_png``): 6.4 inches at 200 pixels an inch, one
    row of 0.38 inch per bar (two-line labels taller), kept per content."""
    from PIL import Image

    from participation.analysis import charts

    two = charts.bar_png(["Non", "Oui"], [91, 22], "Connaissez-vous le conseil citoyen ?")
    four = charts.bar_png(["Non", "Oui", "Ne sait pas", "Incivilité (dégradations de "
                           "mobiliers urbains, vols)"], [91, 22, 5, 3], "Question")
    with Image.open(io.BytesIO(two)) as small, Image.open(io.BytesIO(four)) as tall:
        assert small.format == "PNG" and small.size[0] == tall.size[0] == 1280
        # two more bars of 76 pixels, one of them 80 (two lines of 32 and 16 around)
        assert tall.size[1] - small.size[1] == 76 + 80
    assert charts.bar_png(["Non", "Oui"], [91, 22],
                          "Connaissez-vous le conseil citoyen ?") is two


def test_a_table_column_is_never_narrower_than_its_longest_word():
    """Found by a tester: the council's table headers broke letter by letter in the DOCX
    ("P o u r", "Abst entio ns", "Femm es"). Each column first gets room for its longest word
    (10 pt, bold), the rest of the 16 cm is shared after the longest line."""
    from participation.exports import render

    colleges = {"header": ["Collège", "Sièges", "Candidatures", "Membres", "Femmes", "Hommes"],
                "rows": [["Habitants", "6", "9", "6", "3", "3"],
                         ["Acteurs locaux", "2", "3", "2", "1", "1"]]}
    widths = render.column_widths(colleges)
    assert round(sum(widths), 6) == 16.0
    for header, width in zip(colleges["header"], widths, strict=True):
        assert width >= render.PADDING_CM + render.CHAR_CM * len(header), header
    assert widths[0] > widths[1]  # "Acteurs locaux" gets more of the room left


def test_rows_never_break_across_pages_and_cells_are_never_blank(webapp, web_login, runner,
                                                                 territory, quartier):
    """DOCX: every row ``w:cantSplit`` (header rows also ``w:tblHeader``); ODT: every row in
    a row style ``fo:keep-together="always"``, cells in the 10 pt the widths are measured at
    (LibreOffice's 12 pt broke "Hommes" as "Homme/s"); an empty forces cell says so."""
    _seed(runner, territory, quartier)
    record_contribution(territory.id, "Le parc est beau", kind="atout", quartier_id=quartier.id,
                        challenge_ids=[factories.challenge(territory, "L4").id])
    web_login("coordinator")
    form = webapp.get("/exports/section").forms["section-download"]
    form["fmt"] = "docx"
    doc = Document(io.BytesIO(form.submit().maybe_follow().body))
    texts = [p.text for p in doc.paragraphs] + [c.text for g in doc.tables for r in g.rows
                                                for c in r.cells]
    assert any("\u202f%" in t for t in texts)  # "27 %" never wraps as "27" / "%"
    assert not any(re.search(r"\d[ \u00a0]?%|\d \d{3}\b", t) for t in texts)
    rows = [row for grid in doc.tables for row in grid.rows]
    assert rows and all(row._tr.trPr.findall(qn("w:cantSplit")) for row in rows)
    forces = next(g for g in doc.tables
                  if [c.text for c in g.rows[0].cells][2:3] == ["Forces (atouts)"])
    cells = sorted(plain(f"{row.cells[2].text} | {row.cells[3].text}")
                   for row in forces.rows[1:])
    assert cells == ["Aucune contribution classée atout | « Il manque un médecin (0) »\n"
                     "« Il manque un médecin (1) »\n« Il manque un médecin (2) »\n"
                     "… et quelques autres",
                     "« Le parc est beau » | Aucune contribution classée manquement"]
    odt = opendocument.load(io.BytesIO(webapp.get("/exports/section.odt").body))
    row_styles = {s.getAttribute("name"): s for s in odt.automaticstyles.getElementsByType(
        style.Style) if s.getAttribute("family") == "table-row"}
    used = {r.getAttribute("stylename") for r in odt.getElementsByType(table.TableRow)}
    assert used == {"Row"}
    props = row_styles["Row"].getElementsByType(style.TableRowProperties)[0]
    assert props.attributes[(FONS, "keep-together")] == "always"
    contents = next(s for s in odt.styles.getElementsByType(style.Style)
                    if s.getAttribute("name") == "Table_20_Contents")
    assert contents.getElementsByType(style.TextProperties)[0].attributes[
        (FONS, "font-size")] == "10pt"
