"""A coordinator deletes a questionnaire (``surveys/deletion.py``, ``views_delete.py``).

The coordinator tester's case: « Enquête habitants Pasteur-Foch 2026 » imported twice with
its Kobo export before the re-import guard existed (``reimport.py``), two identical surveys
counting every text twice, and no way to delete one. Hand counts of
tests/surveys/data/reimport/kobo.csv (README.txt there): 63 lines, one not approved, so 62
responses; of them 60 fill « Qu'aimeriez-vous améliorer… » and 4 the « Autre, précisez »
of « Qu'est-ce qui manque… » (each free text one contribution: 64); 7 leave a phone, all 7
with « Acceptez-vous d'être recontacté(e) ? » = oui (7 contacts kept).
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from participation.contributions.models import Contribution
from participation.core.audit import AuditEvent
from participation.extensions import db
from participation.surveys import answers_import
from participation.surveys.answers_import import import_answers_csv
from participation.surveys.imports import import_xlsform
from participation.surveys.models import Response, Survey, SurveyContact
from tests.formfill import form_to, text_of, tick
from tests.surveys.test_import_shape import data

CONFIRM = "Je supprime définitivement ce questionnaire et tout ce qu’il a apporté"


def _imported_twice(territory, monkeypatch) -> tuple[Survey, Survey]:
    """Two surveys of form.xlsx, each with kobo.csv's 62 responses, as the import stored
    them before the guard: it looked up a file's identities in its own survey only."""
    surveys = []
    with monkeypatch.context() as patch:
        patch.setattr(answers_import, "stored_identities", lambda survey: dict(
            db.session.execute(select(Response.external_id, Response.survey_id).where(
                Response.survey_id == survey.id, Response.external_id.is_not(None))).all()))
        for _time in range(2):
            survey = import_xlsform(territory.id, data("form.xlsx"))
            import_answers_csv(survey, data("kobo.csv"))
            surveys.append(survey)
    return surveys[0], surveys[1]


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _of(survey_id: int) -> dict[str, int]:
    answers = select(Response.id).where(Response.survey_id == survey_id)
    from participation.surveys.models import Answer

    texts = select(Answer.id).where(Answer.response_id.in_(answers))
    return {"responses": _count(Response, Response.survey_id == survey_id),
            "contributions": _count(Contribution, Contribution.source_type == "survey_answer",
                                    Contribution.source_id.in_(texts)),
            "contacts": _count(SurveyContact, SurveyContact.response_id.in_(answers))}


def _section(webapp) -> dict[str, list[str]]:
    """The section page's blocks: {block id: its paragraphs as read}."""
    page = webapp.get("/exports/section")
    return {block["id"]: [" ".join(p.get_text().split())
                          for p in block.find_all("p", recursive=False)]
            for block in page.html.select("article.section-doc > section")}


def _survey_blocks(section: dict[str, list[str]]) -> list[str]:
    return [key for key in section if re.fullmatch(r"bloc-enquete-\d+", key)]


def _delete_page(webapp, survey: Survey):
    """The survey's page, then its « Supprimer ce questionnaire… » link, as clicked."""
    return webapp.get(f"/surveys/{survey.id}").click(description="Supprimer ce questionnaire…")


@pytest.mark.forms("surveys/delete.html")
def test_duplicate_survey_deleted_with_what_it_brought(webapp, web_login, territory,
                                                       monkeypatch):
    first, duplicate = _imported_twice(territory, monkeypatch)
    expected = {"responses": 62, "contributions": 64, "contacts": 7}
    assert _of(first.id) == _of(duplicate.id) == expected  # every text counted twice
    web_login("coordinator")
    section = _section(webapp)  # 2 x 64 contributions, two blocks of 62 responses
    assert section["bloc-format-enquete"] == ["128 contributions recueillies"]
    assert [section[key][0] for key in _survey_blocks(section)] == ["62 avis récoltés."] * 2
    page = _delete_page(webapp, duplicate)
    text = text_of(page)
    assert "62 réponses (toutes, quel que soit leur canal de recueil)" in text
    assert "64 contributions issues de ses réponses libres, avec leurs enjeux" in text
    assert "7 coordonnées de contact laissées avec consentement" in text

    refused = form_to(page, f"/surveys/{duplicate.id}/delete").submit(status=422)
    assert "Cochez la case pour confirmer la suppression." in text_of(refused)
    assert _of(duplicate.id) == expected  # nothing deleted

    form = form_to(refused, f"/surveys/{duplicate.id}/delete")
    tick(form, CONFIRM)
    done = form.submit().follow()
    assert ("Questionnaire « Enquête habitants Pasteur-Foch 2026 » supprimé : 62 réponses, "
            "64 contributions, 7 coordonnées de contact.") in text_of(done)
    assert _count(Survey, Survey.id == duplicate.id) == 0
    assert _of(duplicate.id) == {"responses": 0, "contributions": 0, "contacts": 0}
    assert _of(first.id) == expected  # the other one untouched
    assert _count(Contribution, Contribution.source_type == "survey_answer") == 64
    [event] = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "survey_deleted").order_by(AuditEvent.id)).all()
    assert (event.target, event.count) == (f"survey:{duplicate.id}", 62)
    assert event.details_dict["contributions"] == 64 and event.details_dict["contacts"] == 7
    assert "06" not in event.details and "@" not in event.details  # no contact in the log
    section = _section(webapp)  # recomputed without the duplicate
    assert section["bloc-format-enquete"] == ["64 contributions recueillies"]
    assert _survey_blocks(section) == [f"bloc-enquete-{first.id}"]


@pytest.mark.forms("surveys/delete.html")
def test_new_answers_since_the_page_refuse_the_deletion(webapp, web_login, territory,
                                                        monkeypatch):
    """5 submissions (kobo_new5.csv) arrive while the page is open: the confirmed form is
    refused with the reason and the new counts (67 responses), nothing deleted; confirmed
    again, it goes."""
    _first, duplicate = _imported_twice(territory, monkeypatch)
    web_login("coordinator")
    form = form_to(_delete_page(webapp, duplicate), f"/surveys/{duplicate.id}/delete")
    tick(form, CONFIRM)
    import_answers_csv(duplicate, data("kobo_new5.csv"))
    refused = form.submit(status=422)
    text = text_of(refused)
    assert "Le questionnaire a changé depuis l’affichage de cette page" in text
    assert "67 réponses (toutes, quel que soit leur canal de recueil)" in text
    assert _of(duplicate.id)["responses"] == 67
    again = form_to(refused, f"/surveys/{duplicate.id}/delete")
    tick(again, CONFIRM)
    again.submit().follow()
    assert _count(Survey, Survey.id == duplicate.id) == 0


@pytest.mark.parametrize("role", ["facilitator", "partner"])
def test_only_coordinators_delete(webapp, web_login, territory, monkeypatch, role):
    first, _duplicate = _imported_twice(territory, monkeypatch)
    web_login(role)
    webapp.get(f"/surveys/{first.id}/delete", status=403)
    assert _of(first.id)["responses"] == 62
