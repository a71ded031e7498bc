"""Consent declared outside the imported file (``import_consent``): its text required, never
covering a refusal, audited, in the answers' import and the questionnaire's import, and what
the registre des traitements says of it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.core.audit import AuditEvent
from participation.extensions import db
from participation.surveys.models import Response, SurveyContact
from tests.formfill import form_to
from tests.formfill import text_of as _words  # the page as a person reads it
from tests.reading import plain
from tests.rows import count_rows as _count
from tests.surveys.consent_files import (
    DECLARED,
    _importer,
    _items,
    _kobo,
    _preview,
    _survey,
)


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_consent_declared_outside_the_file_needs_its_text_and_is_audited(territory, webapp,
                                                                          web_login):
    """Ticked without saying where and how: nothing imported, the preview again with the
    reason; with it: the 3 contacts kept with the declaration, one audit event."""
    survey, user = _survey(territory), web_login("coordinator")
    preview = _preview(webapp, survey, _kobo(False), "kobo.csv")
    importer = _importer(preview)
    importer["consent_outside"].checked = True
    again = importer.submit(status=200)
    assert "Dites où et comment le consentement a été recueilli hors du fichier" in \
        _words(again)
    assert (_count(Response), _count(SurveyContact)) == (0, 0)

    importer = _importer(again)
    importer["consent_outside"].checked = True
    importer["consent_how"] = DECLARED
    done = importer.submit().follow()
    assert "3 coordonnées gardées à part : consentement recueilli hors du fichier." in \
        _words(done)
    values = set(db.session.scalars(select(SurveyContact.value)))
    assert values == {"Nadia 06 11 22 33 44", "Karim 06 22 33 44 55", "Léa 06 33 44 55 66"}
    assert set(db.session.scalars(select(SurveyContact.consent_text))) == {
        "Consentement recueilli hors du fichier importé, déclaré à l'import : " + DECLARED}
    (event,) = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "import_consent")).all()
    assert (event.count, event.target, event.actor_id) == (3, f"survey:{survey.id}", user.id)
    assert event.details_dict["declaration"] == DECLARED
    assert "06 " not in event.details  # never a resident's contact in the log



@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_declaration_never_covers_a_refusal(territory, webapp, web_login):
    """With a consent column, the declaration covers the empty answer of line 3, never the
    « no » of line 4."""
    survey, _user = _survey(territory), web_login("coordinator")
    importer = _importer(_preview(webapp, survey, _kobo(True), "kobo.csv"))
    importer["consent_outside"].checked = True
    importer["consent_how"] = DECLARED
    importer.submit().follow()
    kept = dict(db.session.execute(select(SurveyContact.value,
                                           SurveyContact.consent_version)).all())
    assert kept == {"Nadia 06 11 22 33 44": "import-fichier",
                    "Karim 06 22 33 44 55": "import-declare"}



@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1")
def test_questionnaire_import_with_consent_declared(territory, webapp, web_login):
    """personal-labels-not-detected (XLSForm and answers, no consent column): the preview
    kept between the two steps holds no contact; ticked without text, nothing imported;
    with it, the row's 5 contacts are kept with the declaration and audited."""
    from tests.surveys.import_cases import case_bytes

    web_login("coordinator")
    upload = form_to(webapp.get("/surveys/"), "/surveys/import")
    upload["file"] = ("form.xlsx", case_bytes("personal-labels-not-detected", "form.xlsx"))
    upload["answers"] = ("answers.csv", case_bytes("personal-labels-not-detected",
                                                   "answers.csv"))
    preview = upload.submit().follow()
    assert _items(preview, "consent-counts") == [
        "1 coordonnée non conservée : pas de consentement dans le fichier"]
    from participation.surveys.pending_import import PendingImport

    kept = str(db.session.scalar(select(PendingImport.preview)))
    assert "alex.exemple" not in kept and "06 00 00 00" not in kept
    confirm = form_to(preview, "/confirm")
    confirm["consent_outside"].checked = True
    again = confirm.submit().follow()
    assert "Dites où et comment" in _words(again) and _count(SurveyContact) == 0
    confirm = form_to(again, "/confirm")
    confirm["consent_outside"].checked = True
    confirm["consent_how"] = DECLARED
    edit = confirm.submit().follow()
    assert "1 coordonnée gardée à part : consentement recueilli hors du fichier." in \
        _words(edit)
    assert _count(SurveyContact) == 5
    assert db.session.scalar(select(AuditEvent.count).where(
        AuditEvent.action == "import_consent")) == 1



def test_the_registre_says_how_imported_contacts_are_kept(webapp, web_login):
    """The registre des traitements (/privacy/registre) describes the contacts of an import
    as kept only with the file's consent or the coordinator's logged declaration."""
    web_login("coordinator")
    page = " ".join(plain(webapp.get("/privacy/registre").html.get_text(" ")).split())
    assert ("Ceux d'un fichier de réponses importé (Kobo, ODK, Google Forms, Excel) seulement "
            "pour les lignes dont le fichier porte le consentement") in page
