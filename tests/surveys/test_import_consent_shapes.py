"""The consent of an answers file in its other shapes (``import_consent``): Excel booleans,
ODK Central group paths, and the column headers and answers read as consent or not."""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys.import_consent import answer_verdict, is_consent_header
from participation.surveys.models import Response, SurveyContact
from tests.surveys.consent_files import TICKED, _kobo, _survey
from tests.surveys.test_hazebrouck import FIXTURES
from tests.workbooks import xlsx


def test_excel_booleans_and_odk_central_group_paths(territory):
    """The same kind in the other shapes: an Excel answers file (Google headers) whose
    « Consentement RGPD » column holds booleans (openpyxl TRUE / FALSE / empty on the first
    three rows with a contact: 1 kept, 1 refused, 1 empty), and an ODK Central export whose
    columns carry a group path (« grp-contact », « grp-consentement »: yes, '', no)."""
    from participation.surveys.answers_import import import_answers_csv

    survey = _survey(territory)
    rows = list(csv.reader(io.StringIO((FIXTURES / "reponses-google-forms.csv").read_text())))
    with_contact = [r for r in rows[1:] if r[3].strip()][:3]
    report = import_answers_csv(survey, xlsx({"Sheet": [
        [*rows[0], "Consentement RGPD"],
        *([*row, consent] for row, consent in zip(with_contact, (True, False, None),
                                                  strict=True))]}))
    assert report["consent"]["counts"] == {"given": 1, "refused": 1, "empty": 1}
    assert [r[1:] for r in report["consent"]["rows"]] == [
        ["True", "given"], ["False", "refused"], ["", "empty"]]
    assert set(db.session.scalars(select(SurveyContact.value))) == {with_contact[0][3]}

    other = _survey(territory)
    central = _kobo(True).replace(b";contact;", b";grp-contact;").replace(
        b";consentement;", b";grp-consentement;")
    report = import_answers_csv(other, central)
    assert report["consent"]["columns"] == ["grp-consentement"]
    assert report["consent"]["counts"] == {"given": 1, "empty": 1, "refused": 1}
    assert db.session.scalar(select(func.count(SurveyContact.id)).join(Response).where(
        Response.survey_id == other.id)) == 1



@pytest.mark.parametrize("header, labels, expected", [
    ("consentement", (), True), ("groupe/consent", (), True), ("rgpd_ok", (), True),
    ("accord_contact", (), True), ("Consentement RGPD", (), True),
    ("g1-rgpd_ok", (), True), ("meta-accord_recontact", (), True),
    ("accepte_coordonnees", (), True), ("accepte_projet", (), False),
    ("q_rgpd", (), True), ("book_contact", (), False),
    (TICKED, (), True), ("Acceptez-vous d'être recontacté(e) ?", (), True),
    ("Êtes-vous d'accord pour que la ville conserve vos coordonnées ?", (), True),
    ("q12", ("J’autorise la mairie à me recontacter",), True),
    ("Téléphone", (), False), ("Nom/prénom", (), False),
    ("Êtes-vous d'accord avec le projet de rénovation ?", (), False),
    ("Aimeriez-vous en faire partie ?", (), False), ("accord", (), False),
])
def test_consent_headers(header, labels, expected):
    assert is_consent_header(header, labels) is expected



@pytest.mark.parametrize("raw, expected", [
    ("Oui", "given"), ("yes", "given"), ("TRUE", "given"), ("1", "given"), ("1.0", "given"),
    ("VRAI", "given"), ("x", "given"), ("OK", "given"), (TICKED, "given"),
    ("J’accepte", "given"), ("Oui, j'accepte", "given"), ("d'accord", "given"),
    ("Je souhaite être recontactée", "given"), ("Je souhaite un composteur", "unclear"),
    ("Non", "refused"), ("no", "refused"), ("0", "refused"), ("FAUX", "refused"),
    ("Je refuse", "refused"), ("Je n'accepte pas", "refused"), ("peut-être", "unclear"),
    ("", "empty"), ("  ", "empty"), ("Nadia 06 11 22 33 44", "unclear"),
])
def test_consent_answers(raw, expected):
    assert answer_verdict(raw) == expected
