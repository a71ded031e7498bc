"""The contact fields of one submission are one person (tester t26coord, defect 2).

An import stores a row's name and phone as two contacts of one response. Erasing Ginette
Verhaeghe by phone (06 86 68 76 72, « garder anonymes ») said « 1 enregistrement » and her
name stayed on /surveys/<id>/contacts; searching Nadia by phone and name showed her one
response as two persons. Records bonded by their submission (``PersonalTable.bond``) are
now found, shown and erased together. Files: tests/privacy/data/t26coord/README.txt.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.surveys.imports import import_xlsform
from participation.surveys.models import SurveyContact
from tests.formfill import form_to, text_of
from tests.privacy.erasing import KEEP_WORDS, confirm
from tests.privacy.test_erasure_tombstones import KOBO, PERSON, _file, _imported

ERASE = "/privacy/personne/effacer"


@pytest.fixture
def kobo_survey(territory, webapp, web_login):
    survey = import_xlsform(territory.id, _file("kobo_xlsform_cadre_vie_2026.xlsx"))
    web_login("coordinator")
    _imported(webapp, survey, KOBO)
    return survey


def _search(webapp, phone: str = "", name: str = ""):
    form = form_to(webapp.get(PERSON), PERSON)
    form["phone"], form["name"] = phone, name
    return form.submit()


def _values() -> list[str]:
    return list(db.session.scalars(select(SurveyContact.value).order_by(SurveyContact.id)))


@pytest.mark.forms("privacy/person.html#4")
def test_erasing_by_phone_erases_the_name_of_the_same_response(webapp, kobo_survey):
    assert {"Ginette Verhaeghe", "06 86 68 76 72"} <= set(_values())
    contacts = f"/surveys/{kobo_survey.id}/contacts"
    assert "Ginette Verhaeghe" in text_of(webapp.get(contacts))
    found = _search(webapp, phone="06 86 68 76 72")
    assert "Ginette Verhaeghe" in text_of(found)  # her name, found through her response
    form = form_to(found, ERASE)
    confirm(form, KEEP_WORDS)
    done = text_of(form.submit().follow())
    assert "Données effacées : 3 enregistrements." in done  # name, phone, consent record
    assert "Ginette Verhaeghe" not in _values() and "06 86 68 76 72" not in _values()
    assert "Ginette Verhaeghe" not in text_of(webapp.get(contacts))


def test_phone_and_name_together_find_one_person(webapp, kobo_survey):
    """Nadia searched by her phone and her name: one person, her name and phone records."""
    page = text_of(_search(webapp, phone="06 71 82 93 04", name="Nadia Bouchareb"))
    assert "Personne 1 : Nadia Bouchareb · 06 71 82 93 04 — 3 enregistrements" in page
    assert "Personne 2" not in page
