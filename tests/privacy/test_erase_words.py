"""The erase form offers to erase a person's answers and contributions too (field test
t24field, defect 9: Karim Haddad, erased by phone, kept his three answers in the analyses
and the section; the page said "les réponses restent, anonymes"). Walked through the
public survey and the rendered forms of /privacy/personne."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.analysis import frames
from participation.contributions.models import Contribution
from participation.extensions import db
from participation.surveys import services
from participation.surveys.models import Response
from tests import factories
from tests.formfill import form_to, text_of, tick
from tests.privacy.erasing import CONFIRM, ERASE_WORDS, KEEP_WORDS, confirm
from tests.surveys.helpers import q

PERSON, ERASE = "/privacy/personne", "/privacy/personne/effacer"
KARIM = ["le toboggan rouge du square Lamartine est cassé",
         "reparer le toboggan Lamartine avant l'été"]
OTHERS = ["le toboggan du square est dangereux", "il manque des bancs au square"]


def _answer(webapp, survey, texts: list[str], contact: str | None = None) -> None:
    url = f"/s/{survey.slug}"
    page = webapp.get(url)
    if "Je suis une autre personne" in text_of(page):
        page = page.click(description="Je suis une autre personne")
    form = form_to(page, url)
    form[f"q{q(survey, 'constat').id}"], form[f"q{q(survey, 'idee').id}"] = texts
    if contact:
        form[f"q{q(survey, 'contact').id}"] = contact
        tick(form, "J’accepte que mes coordonnées soient conservées")
    assert form.submit().follow().request.path == f"{url}/merci"


@pytest.fixture
def square(webapp, territory, quartier):
    """Three residents answer two free-text questions tagged L4; Karim leaves his
    contact, 07 11 22 33 44."""
    living = factories.challenge(territory, "L4")
    survey = services.create_survey(territory.id, "Le square", quartier_ids=[quartier.id])
    services.add_question(survey, "long_text", "Qu'est-ce qui ne va pas ?", name="constat",
                          challenge_ids=[living.id])
    services.add_question(survey, "long_text", "Une idée ?", name="idee",
                          challenge_ids=[living.id])
    services.add_question(survey, "short_text", "Nom et téléphone", personal=True,
                          name="contact")
    services.set_status(survey, "open")
    _answer(webapp, survey, KARIM, "Karim Haddad 07 11 22 33 44")
    _answer(webapp, survey, OTHERS)
    return survey, living


def _erase_by_phone(webapp, words: str | None):
    form = form_to(webapp.get(PERSON), PERSON)
    form["phone"] = "0711223344"
    form = form_to(form.submit(), ERASE)
    if words is None:
        tick(form, CONFIRM)
    else:
        confirm(form, words)
    return form


def _documents(webapp) -> str:
    """The section as DOCX (paragraphs and table cells) and ODT (content.xml), as text."""
    import io
    import zipfile

    from docx import Document

    doc = Document(io.BytesIO(webapp.get("/exports/section.docx").body))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    odt = zipfile.ZipFile(io.BytesIO(webapp.get("/exports/section.odt").body))
    return "\n".join([p.text for p in doc.paragraphs] + cells
                      + [odt.read("content.xml").decode()])


def _said(territory) -> list[str]:
    return sorted(frames.contributions_frame(territory.id)["text"])


@pytest.mark.forms("privacy/person.html#4")
def test_erasing_the_words_takes_them_out_of_everything(webapp, web_login, territory, square):
    survey, living = square
    web_login("coordinator")
    assert _said(territory) == sorted(KARIM + OTHERS)
    page = webapp.get(f"/surveys/{survey.id}/results")
    assert "2 avis récoltés" in text_of(page)
    pages = (f"/analysis/challenge/{living.id}", "/exports/section",
             f"/surveys/{survey.id}/results")
    assert [url for url in pages if "lamartine" not in text_of(webapp.get(url)).lower()] == []
    assert "Lamartine" in _documents(webapp)
    refused = _erase_by_phone(webapp, None).submit(status=422)
    assert "Choisissez ce que deviennent ses réponses et contributions." in text_of(refused)
    assert db.session.scalar(select(func.count()).select_from(Response)) == 2

    done = _erase_by_phone(webapp, ERASE_WORDS).submit().follow()
    said = text_of(done)
    # his contact (1 record), then his 2 answers and the 2 contributions made of them
    assert "Données effacées : 2 enregistrements." in said  # the contact, its consent
    assert ("Effacé aussi : 1 réponse au questionnaire « Le square », 2 réponses aux "
            "questions, 2 contributions.") in said
    assert _said(territory) == sorted(OTHERS)
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    assert "1 avis récolté" in text_of(webapp.get(f"/surveys/{survey.id}/results"))
    for url in (*pages, "/analysis/words"):
        page = text_of(webapp.get(url)).lower()
        assert "lamartine" not in page, url
    assert "Lamartine" not in _documents(webapp)
    assert text_of(webapp.get("/contributions/")).count(
        "Texte effacé à la demande d’une personne (hors des analyses).") == 2


def test_keeping_the_words_erases_the_contact_only(webapp, web_login, territory, square):
    web_login("coordinator")
    done = _erase_by_phone(webapp, KEEP_WORDS).submit().follow()
    assert "Données effacées : 2 enregistrements." in text_of(done)  # contact, consent
    assert "Effacé aussi" not in text_of(done)
    assert _said(territory) == sorted(KARIM + OTHERS)
    assert db.session.scalar(select(func.count()).select_from(Contribution).where(
        Contribution.erased_at.is_not(None))) == 0
