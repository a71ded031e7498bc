"""Masking is for residents' words (docs/privacy.md): what staff write in the section stays
as written, and only the residents' words they quote are masked (``privacy.masking.
mask_quoted``; testers of last session read « M. Durand, délégué du préfet » as « [nom
masqué] » in a coordinator's own block). Two paths a coordinator walks: a block's text edited
on /exports/section, and a challenge's draft validated on its page; each read back in the
section as HTML and DOCX."""
from __future__ import annotations

import io

import pytest
from docx import Document

from participation.contributions.services import record_contribution
from tests import factories
from tests.exports.test_section import _seed
from tests.formfill import form_to, text_of
from tests.reading import plain

STAFF = "M. Durand, délégué du préfet, a ouvert la réunion du 12 rue Pasteur."
QUOTE = "« Mme Dupont du 3 rue Foch ne répond jamais, appelez le 06 11 22 33 44 »"
QUOTE_SHOWN = "« [nom masqué] du [adresse masquée] ne répond jamais, appelez le " \
    "[téléphone masqué] »"


def _docx(webapp) -> list[str]:
    return [plain(p.text) for p in Document(io.BytesIO(
        webapp.get("/exports/section.docx").body)).paragraphs]


@pytest.mark.forms("exports/_section_body.html")
def test_an_edited_block_keeps_staff_words_and_masks_the_quote(webapp, web_login, territory,
                                                               quartier):
    _seed(territory, quartier)
    web_login("coordinator")
    form = form_to(webapp.get("/exports/section"), "/exports/section/text",
                   contains='value="methode"')
    form["text"] = f"{STAFF}\nUne habitante : {QUOTE}"
    section = form.submit().follow()
    shown = text_of(section)
    assert STAFF in shown and f"Une habitante : {QUOTE_SHOWN}" in shown
    assert "Dupont" not in shown.replace(f"Une habitante : {QUOTE}", "")  # only in the form
    paragraphs = _docx(webapp)
    assert STAFF in paragraphs and f"Une habitante : {QUOTE_SHOWN}" in paragraphs


@pytest.mark.forms("analysis/summary.html#1")
def test_a_validated_draft_keeps_staff_words_and_masks_the_residents(webapp, web_login,
                                                                     territory, quartier):
    mobility = factories.challenge(territory, "L4")
    for i in range(5):
        record_contribution(territory.id, f"Pas de bus le dimanche, Mme Dupont le dit ({i})",
                            quartier_id=quartier.id, challenge_ids=[mobility.id])
    web_login("coordinator")
    page = webapp.get(f"/analysis/challenge/{mobility.id}")
    form = form_to(page, f"/analysis/challenge/{mobility.id}/draft")
    assert "Dupont" not in form["text"].value  # the draft quotes residents masked
    form["text"] = f"Suivi : {STAFF}\n{form['text'].value}"
    assert "Texte validé" in text_of(form.submit().follow())
    paragraphs = _docx(webapp)
    assert f"Suivi : {STAFF}" in paragraphs
    assert not [p for p in paragraphs if "Dupont" in p]
    assert [p for p in paragraphs if "[nom masqué]" in p]  # the residents' words, quoted
