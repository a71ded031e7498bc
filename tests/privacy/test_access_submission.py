"""The right of access gives the person their submission and consent, and one submission is
one person (coordinator tester t28coord, defect 2).

Searching « 06 11 22 33 55 » found the 2 contact rows only and the JSON export listed the
phone alone: no answer, no consent text or date. Karima's phone, written in her answer,
found the answer but not the e-mail she left in the same submission, and erasing by that
phone left « karima.benali@example.org » stored. Walked through the rendered
/privacy/personne, after the coordinator's import of a hand-made ODK Central export
(tests/privacy/t28coord_files.py).
"""
from __future__ import annotations

import csv
import io
import json
from datetime import UTC

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.surveys.models import SurveyContact
from tests.conftest import pinned_instant
from tests.formfill import form_to, text_of
from tests.privacy.erasing import KEEP_WORDS, confirm
from tests.privacy.t28coord_files import CONSENT_TEXT, besoins_survey, import_odk

PERSON, ERASE = "/privacy/personne", "/privacy/personne/effacer"


@pytest.fixture
def imported(territory, webapp, web_login):
    survey = besoins_survey(territory)
    web_login("coordinator")
    assert "5 réponses ajoutées" in import_odk(webapp, survey)
    return survey


def _search(webapp, phone: str = "", email: str = ""):
    form = form_to(webapp.get(PERSON), PERSON)
    form["phone"], form["email"] = phone, email
    return form.submit()


def _download(page, fmt: str):
    return form_to(page, f"/privacy/personne/export.{fmt}").submit()


def _values() -> list[str]:
    return list(db.session.scalars(select(SurveyContact.value).order_by(SurveyContact.id)))


@pytest.mark.forms("privacy/person.html#1", "privacy/person.html#3")
def test_the_access_export_gives_the_answers_and_the_consent(webapp, imported):
    page = _search(webapp, phone="06 11 22 33 55")
    shown = text_of(page)
    # both submissions' answers and their consent, on the page
    assert shown.count("le bus 2 passe plus apres 20h, pour rentrer du boulot c galere") == 2
    assert shown.count(CONSENT_TEXT) == 2
    records = json.loads(_download(page, "json").text)["records"]
    assert [r["data"] for r in records] == [{"value": "0611223355"}] * 2
    # the import's instant (naive UTC, as stored): when the file was read
    day = pinned_instant().astimezone(UTC).date().isoformat()
    for record, minute in zip(records, ("19:02", "19:03"), strict=True):
        consent = record["consent"]
        assert consent["text"] == CONSENT_TEXT and consent["version"] == "import-fichier"
        assert consent["purpose"].startswith("Recontacter les habitants qui l'ont demandé")
        assert consent["given_at"].startswith(day)
        submission = record["submission"]
        assert submission["survey"] == "Besoins Pasteur-Foch"
        assert submission["submitted_at"].startswith(f"2026-09-18T{minute}")
        assert submission["answers"] == [
            {"question": "Qu'est-ce qui manque dans le quartier ?",
             "answer": "le bus 2 passe plus apres 20h, pour rentrer du boulot c galere"},
            {"question": "Que faudrait-il changer ?", "answer": "bus le soir"}]
    lines = list(csv.reader(io.StringIO(_download(page, "csv").text.lstrip("\ufeff")),
                              delimiter=";"))
    assert ["survey_contact", "Contacts laissés dans les questionnaires", str(records[0]["id"]),
            "Que faudrait-il changer ?", "bus le soir"] in lines
    assert [str(records[1]["id"]), "Consentement : texte", CONSENT_TEXT] in [
        line[2:] for line in lines]


@pytest.mark.forms("privacy/person.html#1", "privacy/person.html#4")
def test_a_phone_written_in_an_answer_finds_and_erases_the_submissions_email(webapp, imported):
    page = _search(webapp, phone="06 12 34 56 78")
    shown = text_of(page)
    assert "karima.benali@example.org" in shown  # the contact of her submission
    assert "Personne 2" not in shown
    records = json.loads(_download(page, "json").text)["records"]
    # the contribution made of her answer, the answer, the e-mail of the same submission
    assert [r["table"] for r in records] == ["contribution_text", "survey_answer",
                                             "survey_contact"]
    assert records[2]["data"] == {"value": "karima.benali@example.org"}
    assert records[2]["consent"]["text"] == CONSENT_TEXT
    # her submission, given once (with the answer found first), not again with the e-mail
    assert records[1]["submission"]["answers"][1] == {
        "question": "Que faudrait-il changer ?", "answer": "je veux participer au conseil citoyen"}
    assert "submission" not in records[2]
    form = form_to(page, ERASE)
    confirm(form, KEEP_WORDS)
    done = text_of(form.submit().follow())
    assert "Données effacées : 3 enregistrements." in done
    assert "karima.benali@example.org" not in _values()
    assert _values() == ["0611223355", "0611223355"]  # the other person's stay
    # searched by her e-mail now: nothing held
    assert "Aucune donnée personnelle trouvée" in text_of(
        _search(webapp, email="karima.benali@example.org"))


@pytest.mark.forms("privacy/person.html#1")
def test_an_answer_naming_someone_brings_no_contact_of_its_author(territory, webapp,
                                                                    web_login):
    """Mme Benali, named by a neighbour who left her phone in the same submission: the
    neighbour's phone is no record of Mme Benali's (searched by name, the answer alone)."""
    survey = besoins_survey(territory)
    web_login("coordinator")
    rows = [("Mme Benali fait du bruit la nuit", "rien", "06 44 55 66 77", "oui")]
    assert "1 réponse ajoutée" in import_odk(webapp, survey, rows)
    form = form_to(webapp.get(PERSON), PERSON)
    form["name"] = "Benali"
    shown = text_of(form.submit())
    assert "Mme Benali fait du bruit la nuit" in shown
    assert "06 44 55 66 77" not in shown and "0644556677" not in shown


@pytest.mark.forms("privacy/person.html#1", "privacy/person.html#4")
def test_the_email_left_finds_and_erases_the_phone_written_in_the_same_submission(
        webapp, imported):
    """The other way round: searched by the e-mail she left, Karima's answer holding her
    phone (her own words: a whole phone), and the contribution made of it, are hers too."""
    from participation.surveys.models import Answer

    page = _search(webapp, email="karima.benali@example.org")
    records = json.loads(_download(page, "json").text)["records"]
    assert sorted(r["table"] for r in records) == ["contribution_text", "survey_answer",
                                                   "survey_contact"]
    form = form_to(page, ERASE)
    confirm(form, KEEP_WORDS)
    assert "Données effacées : 3 enregistrements." in text_of(form.submit().follow())
    texts = list(db.session.scalars(select(Answer.text).where(Answer.text.is_not(None))
                                    .order_by(Answer.id)))
    assert not [t for t in texts if "56 78" in t or "Benali" in t]
    assert "Aucune donnée personnelle trouvée" in text_of(_search(webapp, phone="06 12 34 56 78"))
