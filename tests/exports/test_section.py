"""The participation section: the same content in HTML, DOCX and ODT, with real headings."""
from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from docx import Document
from odf import opendocument, table, text
from odf.element import Text as OdfText

from participation.contributions.services import record_contribution
from participation.exports.registry import SECTION_BLOCKS
from tests import factories
from tests.formfill import form_to, text_of
from tests.reading import plain


def _seed(territory, quartier):
    mobility = factories.challenge(territory, "L4")
    rows = [("Une navette vers la gare", "proposition", "habitant", "table_citoyenne"),
            ("Pas de bus le soir", "constat", "habitant", "table_citoyenne"),
            ("Le réseau ajoute un arrêt rue Foch", "mobilisation", "partenaire", "focus_group"),
            ("Le parc est beau", "atout", "habitant", "enquete")]
    for i, (txt, kind, role, fmt) in enumerate(rows):
        record_contribution(territory.id, txt, kind=kind, author_role=role, source_format=fmt,
                            source_label=f"Séance {i % 2}", quartier_id=quartier.id,
                            said_on=date(2023, 6, 5 + i), challenge_ids=[mobility.id])
    for i in range(5):  # the survey's 6 contributions reach the minimum count (5)
        record_contribution(territory.id, f"Il manque des bus le dimanche ({i})",
                            source_format="enquete", quartier_id=quartier.id,
                            said_on=date(2023, 5, 2))


def _johari(territory):
    return [{"key": "johari", "title": "La fenêtre de Johari", "order": 70,
             "paragraphs": ["Discordance de point de vue entre partenaires et habitants"],
             "tables": [], "images": []}]


def _odt_texts(body: bytes) -> tuple[list[str], list[str]]:
    doc = opendocument.load(io.BytesIO(body))

    def content(node):
        return "".join(c.data if isinstance(c, OdfText) else content(c) for c in node.childNodes)

    headings = [content(h) for h in doc.getElementsByType(text.H)]
    cells = [content(c) for c in doc.getElementsByType(table.TableCell)]
    return headings, cells


def test_section_in_docx_odt_and_html(client, auth, territory, quartier):
    _seed(territory, quartier)
    SECTION_BLOCKS.append(_johari)
    try:
        auth.login("coordinator")
        page = client.get("/exports/section").get_data(as_text=True)
        docx_body = client.get("/exports/section.docx").data
        odt_body = client.get("/exports/section.odt").data
    finally:
        SECTION_BLOCKS.remove(_johari)
    assert "Méthode et calendrier de la concertation" in page
    assert "La fenêtre de Johari" in page and "juin 2023" in page

    doc = Document(io.BytesIO(docx_body))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "La participation des habitants"
    assert "Méthode et calendrier de la concertation" in headings
    assert "L4 · Mobilité" in headings and "La fenêtre de Johari" in headings
    paragraphs = [p.text for p in doc.paragraphs]
    # table citoyenne: 2 contributions, under the minimum (core.smallcounts): not published
    assert "moins de 5 contributions recueillies · 2 séances ou questions · 1 quartier" \
        in paragraphs
    assert "6 contributions recueillies · 1 quartier" in paragraphs  # enquête: 1 + 5
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert {"Propositions des habitants pour y remédier", "Une navette vers la gare",
            "Pas de bus le soir", "Le réseau ajoute un arrêt rue Foch"} <= cells
    assert len(doc.inline_shapes) == 1  # the chart of the formats (the survey's), an image

    odt_headings, odt_cells = _odt_texts(odt_body)
    assert odt_headings[:2] == ["La participation des habitants",
                                "Méthode et calendrier de la concertation"]
    assert "La fenêtre de Johari" in odt_headings
    assert "Mobilisation des partenaires en réponse aux besoins" in odt_cells
    assert "Le réseau ajoute un arrêt rue Foch" in odt_cells
    names = zipfile.ZipFile(io.BytesIO(odt_body)).namelist()
    assert any(n.startswith("Pictures/") for n in names)


def test_edited_text_replaces_the_generated_one(client, auth, territory, quartier):
    _seed(territory, quartier)
    auth.login("coordinator")
    client.post("/exports/section/text", data={
        "key": "methode", "text": "Une démarche d'aller-vers.\nDeux tables citoyennes."})
    doc = Document(io.BytesIO(client.get("/exports/section.docx").data))
    paragraphs = [p.text for p in doc.paragraphs]
    assert "Une démarche d'aller-vers." in paragraphs and "Deux tables citoyennes." in paragraphs
    assert not any(p.startswith("La parole des habitants") for p in paragraphs)


def test_cli_writes_the_section(runner, territory, quartier, tmp_path):
    _seed(territory, quartier)
    for fmt in ("odt", "docx", "html"):
        out = tmp_path / f"section.{fmt}"
        result = runner.invoke(args=["exports", "participation-section", "--contract",
                                     territory.slug, "--format", fmt, "--output", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    html = (tmp_path / "section.html").read_text()
    assert "<h2>Forces et faiblesses par quartier</h2>" in html
    assert "data:image/png;base64," in html
    bad = runner.invoke(args=["exports", "participation-section", "--contract", "nope",
                              "--output", str(tmp_path / "x.odt")])
    assert bad.exit_code != 0 and "Unknown territory" in bad.output


@pytest.mark.forms("analysis/summary.html#1")
def test_theme_draft_enters_the_section_once_a_coordinator_validates_it(webapp, web_login,
                                                                        territory, quartier):
    mobility = factories.challenge(territory, "L4")
    for i in range(5):
        record_contribution(territory.id, f"Pas de bus le dimanche ({i})",
                            quartier_id=quartier.id, challenge_ids=[mobility.id])
    web_login("coordinator")
    sentence = "5 habitants sur 5 évoquent « pas de bus le dimanche »."

    def docx_paragraphs():
        return [plain(p.text) for p in Document(io.BytesIO(
            webapp.get("/exports/section.docx").body)).paragraphs]

    assert not [p for p in docx_paragraphs() if "évoquent" in p]  # not validated yet
    section = webapp.get("/exports/section")
    page = section.click(href=f"/analysis/challenge/{mobility.id}")
    assert "Pas encore validé" in text_of(page)
    form = form_to(page, f"/analysis/challenge/{mobility.id}/draft")
    assert plain(form["text"].value).startswith(f"Ce qu'il faut retenir : {sentence}")
    form["text"] = form["text"].value.replace("Ce qu'il faut retenir", "À retenir")
    page = form.submit().follow()  # read, corrected and validated
    assert "Texte validé" in text_of(page) and "Validé : la section" in text_of(page)
    assert f"À retenir : {sentence}" in docx_paragraphs()
    assert not [p for p in docx_paragraphs() if p.startswith("Points faibles")]  # no repeat
