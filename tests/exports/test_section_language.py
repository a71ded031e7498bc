"""The participation section is written in the contract's language, chosen on the export form,
never in the screen's; in French it follows French typography."""
from __future__ import annotations

import io

import pytest
from docx import Document

from participation.extensions import db
from tests.surveys.test_bases import mixed  # noqa: F401  (the mixed-channel survey)

ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}


def _download_form(webapp):
    page = webapp.get("/exports/section", headers=ENGLISH)
    assert '<html lang="en"' in page.text  # the screen is in English
    return page.forms["section-download"]


def _docx_paragraphs(response) -> list[str]:
    return [p.text for p in Document(io.BytesIO(response.body)).paragraphs if p.text]


def test_english_browser_still_downloads_a_french_docx(webapp, web_login):
    web_login("coordinator")
    form = _download_form(webapp)
    assert form["lang"].value == "fr"  # the contract's language by default
    form["fmt"] = "docx"
    document = form.submit(headers=ENGLISH).follow(headers=ENGLISH)
    assert document.content_type.endswith("wordprocessingml.document")
    assert _docx_paragraphs(document)[0] == "La participation des habitants"
    assert Document(io.BytesIO(document.body)).core_properties.language == "fr"


def test_the_language_is_chosen_explicitly(webapp, web_login):
    web_login("coordinator")
    form = _download_form(webapp)
    form["fmt"], form["lang"] = "docx", "en"
    document = form.submit(headers=ENGLISH).follow(headers=ENGLISH)
    assert _docx_paragraphs(document)[0] == "Residents’ participation"


def test_default_follows_the_contracts_language(webapp, web_login, territory):
    territory.current_contract.language = "en"
    db.session.commit()
    web_login("coordinator")
    form = webapp.get("/exports/section").forms["section-download"]  # a French screen
    assert form["lang"].value == "en"
    form["fmt"] = "odt"
    document = form.submit().follow()
    assert document.content_type == "application/vnd.oasis.opendocument.text"


def test_html_document_in_french_has_french_typography(webapp, web_login):
    web_login("coordinator")
    form = _download_form(webapp)
    form["fmt"] = "html"
    document = form.submit(headers=ENGLISH).follow(headers=ENGLISH)
    assert '<html lang="fr">' in document.text
    assert "La participation des habitants" in document.text


@pytest.mark.usefixtures("mixed")
def test_french_docx_and_html_have_no_break_spaces(webapp, web_login):
    web_login("coordinator")
    form = _download_form(webapp)
    form["fmt"] = "docx"
    paragraphs = _docx_paragraphs(form.submit(headers=ENGLISH).follow(headers=ENGLISH))
    assert "Enquête\u00a0: Vivre aux Pâtures" in paragraphs
    assert any("ont répondu «\u00a0Cité des Pâtures\u00a0»" in p for p in paragraphs)
    form["fmt"] = "html"
    html = form.submit(headers=ENGLISH).follow(headers=ENGLISH).text
    assert "Enquête\u00a0: Vivre aux Pâtures" in html and "Enquête :" not in html
