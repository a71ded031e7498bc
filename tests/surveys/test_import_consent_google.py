"""Contacts of the Hazebrouck Google Forms export (112 rows, 26 with a contact) are kept only
with consent (``import_consent``): a consent checkbox column, or none, through the rendered
preview of the results page."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.surveys.models import Answer, Response, SurveyContact
from tests.formfill import text_of as _words  # the page as a person reads it
from tests.reading import plain
from tests.rows import count_rows as _count
from tests.surveys.consent_files import (
    TICKED,
    _cells,
    _google,
    _importer,
    _items,
    _preview,
    _survey,
)


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_google_forms_consent_checkbox(territory, webapp, web_login):
    """The Hazebrouck export with a consent checkbox ticked on 20 of the 26 rows with a
    contact: 20 kept, 6 not kept (box left empty), 112 answers imported."""
    survey, _user = _survey(territory), web_login("coordinator")
    preview = _preview(webapp, survey, _google(ticked=20), "reponses.csv")
    assert f"Colonne de consentement du fichier : {TICKED}." in _words(preview)
    assert _items(preview, "consent-counts") == [
        "20 coordonnées gardées à part : consentement donné dans le fichier",
        "6 coordonnées non conservées : réponse de consentement vide"]
    assert len(_cells(preview, "consent-rows")) == 26
    done = _importer(preview).submit().follow()
    assert "6 coordonnées non conservées : réponse de consentement vide." in _words(done)
    assert (_count(Response), _count(SurveyContact)) == (112, 20)
    assert not any("06 " in text for text in db.session.scalars(select(Answer.text))
                   if text)



@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_google_forms_without_consent_column(territory, webapp, web_login):
    survey, _user = _survey(territory), web_login("coordinator")
    preview = _preview(webapp, survey, _google(ticked=None), "reponses.csv")
    personal = " ".join(plain(preview.html.get_text(" ")).split())
    assert ("Commentaire : numéro de téléphone et Nom/prénom : coordonnées non conservées : le "
            "fichier n'a pas de colonne de consentement") in personal
    assert _items(preview, "consent-counts") == [
        "26 coordonnées non conservées : pas de consentement dans le fichier"]
    done = _importer(preview).submit().follow()
    assert "26 coordonnées non conservées : pas de consentement dans le fichier." in \
        _words(done)
    assert (_count(Response), _count(SurveyContact)) == (112, 0)
