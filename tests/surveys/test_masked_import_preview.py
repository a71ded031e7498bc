"""The preview of an answers file, kept 6 hours, shows a resident's « Autre » text as every
other page shows residents' words: phones, e-mails, titled names and postal addresses masked
(``privacy.masking``; testers of last session read them in full there). Every place the
import shows text from the file is checked: the table of values outside the choice lists
(the value, the select's label, « gardée comme « Autre : … » »), the form (a keyed digest of
the value, never the value: the page's source holds no contact either), the refusal's
messages. The answer stored keeps the text as typed (the privacy search finds it).
Walked through the results page's import form with WebTest.

Survey « Équipements » (``helpers.equipements_survey``): « Quelles activités voudriez-vous ? »
has « Autre ». Google Forms file: line 2 « Atelier couture, Appelez Mme Durand au 06 12 34 56
78 », line 3 « écrire à awa.diallo@example.org du 3 rue des Lilas ».
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.surveys.models import Answer
from tests.formfill import form_to, text_of
from tests.surveys.helpers import equipements_survey
from tests.surveys.test_unlisted_values import _choose, _rows, _upload

CALL = "Appelez Mme Durand au 06 12 34 56 78"
WRITE = "écrire à awa.diallo@example.org du 3 rue des Lilas"
GOOGLE = ("Horodateur,Dans quel quartier habitez-vous ?,Quelles activités voudriez-vous ?\n"
          f"04/06/2024 10:00:00,Haut-de-ville,\"Atelier couture, {CALL}\"\n"
          f"04/06/2024 10:05:00,Bas-de-ville,{WRITE}\n").encode()
CALL_SHOWN = "Appelez [nom masqué] au [téléphone masqué]"
WRITE_SHOWN = "écrire à [e-mail masqué] du [adresse masquée]"
SECRETS = ("Durand", "06 12 34 56 78", "awa.diallo", "example.org", "Lilas")


def _no_secret(page) -> None:
    source = page.text
    assert [s for s in SECRETS if s in source] == []


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_the_kept_preview_masks_the_autre_texts_and_imports_them_as_typed(
        webapp, web_login, territory):
    survey = equipements_survey(territory)
    web_login("coordinator")
    preview = _upload(webapp, survey, "reponses.csv", GOOGLE, dry_run=True)
    assert _rows(preview) == [
        [f"« {CALL_SHOWN} »", "Quelles activités voudriez-vous ?",
         "Quelles activités voudriez-vous ?", "2", "1", f"gardée comme « Autre : {CALL_SHOWN} »"],
        [f"« {WRITE_SHOWN} »", "Quelles activités voudriez-vous ?",
         "Quelles activités voudriez-vous ?", "3", "1",
         f"gardée comme « Autre : {WRITE_SHOWN} »"]]
    _no_secret(preview)
    form = form_to(preview, f"/surveys/{survey.id}/import-answers")  # the kept file
    _choose(form, CALL_SHOWN, f"gardée comme « Autre : {CALL_SHOWN} »")
    again = form.submit("action", value="recalculer")  # the kept preview, shown again
    assert _rows(again) == _rows(preview)
    _no_secret(again)
    done = form_to(again, f"/surveys/{survey.id}/import-answers").submit(status=302).follow()
    assert "2 réponses ajoutées" in text_of(done)
    _no_secret(done)
    stored = db.session.scalars(select(Answer.text).where(Answer.is_other.is_(True))
                                .order_by(Answer.id)).all()
    assert stored == [CALL, WRITE]  # kept as typed: the privacy search finds them


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_a_refused_value_is_quoted_masked(webapp, web_login, territory):
    survey = equipements_survey(territory)
    web_login("coordinator")
    asked = _upload(webapp, survey, "reponses.csv", GOOGLE, dry_run=False)
    _no_secret(asked)
    form = form_to(asked, f"/surveys/{survey.id}/import-answers")
    _choose(form, CALL_SHOWN, "refusée : le fichier n'est pas importé tant qu'elle y est")
    refused = form.submit(status=400)
    _no_secret(refused)
    assert f"« {CALL_SHOWN} » n'est pas un choix" in text_of(refused).replace("&#39;", "'")
