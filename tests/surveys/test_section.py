"""The surveys' block of the participation section: Hazebrouck figures in HTML and DOCX."""
from __future__ import annotations

import io

from docx import Document
from sqlalchemy import select

from participation.extensions import db
from participation.surveys.models import Survey
from participation.territory.models import Territory
from tests.surveys.test_hazebrouck import CODEBOOK, _import


def _docx_text(body: bytes) -> str:
    doc = Document(io.BytesIO(body))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_survey_block_in_section_html_and_docx(client, auth, runner, territory):
    survey = _import(runner, territory)
    survey.questions[3].codebook = CODEBOOK.read_text()
    db.session.commit()
    auth.login("coordinator")
    page = client.get("/exports/section").get_data(as_text=True)
    docx = _docx_text(client.get("/exports/section.docx").data)
    for text in (page, docx):
        assert "112 avis récoltés" in text
        assert "57 % des 112 personnes interrogées ont répondu" in text
        assert "70 % des 64 personnes concernées ont répondu" in text
        assert "moyenne 5,54 (n = 112)" in text
        assert "Plus d'activité sur le quartier" in text or \
            "Plus d&#39;activité sur le quartier" in text
    # never personal data: the contacts (phone numbers, e-mails) stay out
    assert "06 " not in docx and "@" not in docx


def test_no_block_without_responses(client, auth, territory):
    db.session.add(Survey(territory_id=territory.id, slug="vide", title="Enquête vide"))
    db.session.commit()
    auth.login("coordinator")
    page = client.get("/exports/section").get_data(as_text=True)
    assert "Enquête vide" not in page


def test_demo_section_has_the_survey_block(client, auth, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    survey = db.session.scalars(select(Survey)).one()
    auth.login("coordinator", territory=db.session.get(Territory, survey.territory_id))
    page = client.get("/exports/section").get_data(as_text=True)
    docx = _docx_text(client.get("/exports/section.docx").data)
    for text in (page, docx):
        assert "112 avis récoltés" in text and "57 % des 112 personnes interrogées" in text
    assert "Canaux de recueil" in docx
