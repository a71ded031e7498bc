"""A name and a phone in a staff-written text of the section are found and erased (tester
t26coord, defect 3).

A coordinator rewrote a section block: « Nadia Bouchareb, habitante… (contact : 06 71 82 93
04) ». After her erasure the person search said « Aucune donnée personnelle trouvée », yet
the DOCX/ODT/HTML printed her name and the phone stayed in « Modifier le texte ». Walked as
the coordinator and the DPO do: the section page's form, then /privacy/personne.
"""
from __future__ import annotations

import io

import pytest
from docx import Document
from sqlalchemy import select

from participation.exports.models import SectionText
from participation.extensions import db
from tests.exports.test_section import _seed
from tests.formfill import form_to, text_of
from tests.privacy.erasing import KEEP_WORDS, confirm

PERSON, ERASE = "/privacy/personne", "/privacy/personne/effacer"
WRITTEN = ("Nadia Bouchareb, habitante de Pasteur-Foch, veut bien participer au conseil "
           "citoyen (contact : 06 71 82 93 04).")
REDACTED = ("[nom effacé], habitante de Pasteur-Foch, veut bien participer au conseil "
            "citoyen (contact : [téléphone effacé]).")


def _write(webapp, text: str) -> str:
    """The section page's « Modifier le texte » form of the method block, saved."""
    page = webapp.get("/exports/section")
    form = next(f for f in page.forms.values()
                if f.action.endswith("/exports/section/text") and f["key"].value == "methode")
    form["text"] = text
    return text_of(form.submit().follow())


def _stored() -> str:
    return db.session.scalar(select(SectionText.text).where(SectionText.key == "methode")
                             .order_by(SectionText.id))


def _search(webapp, **who):
    form = form_to(webapp.get(PERSON), PERSON)
    for field, value in who.items():
        form[field] = value
    return form.submit()


@pytest.mark.forms("exports/_section_body.html", "privacy/person.html#4")
def test_staff_text_found_by_phone_and_name_then_redacted(webapp, web_login, territory,
                                                          quartier):
    _seed(territory, quartier)
    web_login("coordinator")
    saved = _write(webapp, WRITTEN)
    assert "Texte enregistré." in saved
    assert ("Ce texte contient un numéro de téléphone ou une adresse e-mail : il est masqué "
            "dans la section, mais reste enregistré dans le texte.") in saved
    assert "Bouchareb" in text_of(webapp.get("/exports/section"))

    by_name = text_of(_search(webapp, name="nadia bouchareb"))
    assert "Textes rédigés par l’équipe (section du contrat, textes validés)" in by_name
    assert "Textes rédigés par l’équipe" in text_of(_search(webapp, phone="06 71 82 93 04"))
    found = _search(webapp, phone="06 71 82 93 04", name="Nadia Bouchareb")
    form = form_to(found, ERASE)
    confirm(form, KEEP_WORDS)
    assert "Données effacées : 1 enregistrement." in text_of(form.submit().follow())

    assert _stored() == REDACTED
    page = text_of(webapp.get("/exports/section"))
    assert "Bouchareb" not in page and "[nom effacé], habitante de Pasteur-Foch" in page
    doc = Document(io.BytesIO(webapp.get("/exports/section.docx").body))
    printed = "\n".join(p.text for p in doc.paragraphs)
    assert "Bouchareb" not in printed and "[nom effacé], habitante" in printed
    assert "Aucune donnée personnelle trouvée" in text_of(_search(webapp, name="bouchareb"))


def test_a_text_without_contact_saves_without_warning(webapp, web_login, territory,
                                                       quartier):
    _seed(territory, quartier)
    web_login("coordinator")
    saved = _write(webapp, "Deux tables citoyennes au centre social.")
    assert "Texte enregistré." in saved and "numéro de téléphone" not in saved
