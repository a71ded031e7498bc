"""The residents' quick answer path (``surveys.quick_answer``): a plain valid answer is
stored from the survey's snapshot with a few Core statements, and stores exactly what the
full ORM path stores; a replayed token stores one answer; a survey closed or edited after its
snapshot was kept is read afresh."""
from __future__ import annotations

from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import func, select

from participation.analysis.pending import PendingSuggestion
from participation.contributions.models import Contribution, ContributionChallenge
from participation.core import clock, driver_insert
from participation.extensions import db
from participation.surveys import quick_answer, services
from participation.surveys import views as survey_views
from participation.surveys.models import Answer, Response, SurveyContact
from tests import factories
from tests.formfill import form_to, tick

NEED = "il manque un médecin et une pharmacie dans le quartier"
IDEA = "des bancs au square"


def _survey(territory, quartier):
    """Every kind of answer row: options, "Autre", a ranking, a number, a date, an untagged
    and a tagged free text, a personal contact."""
    survey = services.create_survey(territory.id, "Vivre au quartier", quartier_ids=[quartier.id])
    services.add_question(survey, "multiple", "Comment vous déplacez-vous ?",
                          ["Bus", "Vélo", "Voiture"], has_other=True, name="transport")
    services.add_question(survey, "ranking", "Vos priorités", ["Santé", "Sécurité", "Propreté"],
                          max_choices=2, name="priorites")
    services.add_question(survey, "scale", "Note du quartier", min_value=1, max_value=5,
                          required=True, name="note")
    services.add_question(survey, "date", "Arrivée dans le quartier", name="arrivee")
    services.add_question(survey, "long_text", "Que vous manque-t-il ?", name="manques")
    services.add_question(survey, "short_text", "Une idée pour le square", name="idee",
                          challenge_ids=[factories.challenge(territory, "S1").id])
    services.add_question(survey, "short_text", "Votre téléphone", personal=True, name="tel")
    services.set_status(survey, "open")
    return survey


def _filled(webapp, survey):
    """The form loaded as a resident does, filled in."""
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url + "?autre=1"), url)
    q = {x.name: x for x in survey.questions}
    tick(form, "Bus")
    tick(form, "Autre :")
    form[f"q{q['transport'].id}_autre"] = "À pied"
    form[f"q{q['priorites'].id}_rang1"] = str(q["priorites"].options[2].id)
    form[f"q{q['priorites'].id}_rang2"] = str(q["priorites"].options[0].id)
    form[f"q{q['note'].id}"] = "4"
    form[f"q{q['arrivee'].id}"] = "2019-09-01"
    form[f"q{q['manques'].id}"] = NEED
    form[f"q{q['idee'].id}"] = IDEA
    form[f"q{q['tel'].id}"] = "06 12 34 56 78"
    tick(form, "J’accepte que mes coordonnées soient conservées")
    return form


def _answer(webapp, survey):
    return _filled(webapp, survey).submit()


def _stored(response: Response) -> dict:
    """Everything one response stored, without ids that differ between two responses."""
    answers = db.session.scalars(select(Answer).where(Answer.response_id == response.id))
    by_answer = {a.id: (a.question_id, a.is_other) for a in answers}
    rows = sorted(((a.question_id, a.option_id, a.rank, a.is_other, a.text, a.number,
                    a.date_value) for a in db.session.scalars(select(Answer).where(
                        Answer.response_id == response.id))), key=repr)
    contributions = db.session.scalars(select(Contribution).where(
        Contribution.source_type == "survey_answer",
        Contribution.source_id.in_(list(by_answer)))).all()
    return {
        "response": (response.channel, response.quartier_id, response.language,
                     response.submitted_at.date(), response.place, response.created_by_id),
        "answers": rows,
        "contributions": sorted((
            (by_answer[c.source_id], c.text, c.kind, c.author_role, c.source_format,
             c.source_label, c.quartier_id, c.said_on, c.status, c.attribution_consent,
             c.territory_id, sorted((t.challenge_id, t.origin, t.tagged_by_id) for t in c.tags))
            for c in contributions), key=repr),
        "contacts": [(c.question_id, c.value, c.consent_text, c.consent_version,
                      c.consent_language) for c in db.session.scalars(select(
                          SurveyContact).where(SurveyContact.response_id == response.id))],
    }


def _next_resident(webapp) -> None:
    """Another phone: no cookie (the tests' app context keeps the CSRF token in ``g``
    across requests: a new session needs its own)."""
    webapp.reset()
    g.pop("csrf_token", None)


def _responses():
    return db.session.scalars(select(Response).order_by(Response.id)).all()


def test_a_plain_answer_takes_the_quick_path(webapp, territory, quartier, monkeypatch):
    survey = _survey(territory, quartier)
    form = _filled(webapp, survey)

    def no_orm_survey(slug):
        raise AssertionError("the plain answer loaded the ORM survey")

    monkeypatch.setattr(survey_views, "_get", no_orm_survey)
    result = form.submit()
    # the contact kept with consent: its withdrawal link is given on the thank-you page
    path, query = result.location.split("?")
    assert result.status_int == 302 and path.endswith("/merci") and query.startswith("retrait=")
    assert len(_responses()) == 1


def test_the_quick_path_stores_what_the_full_path_stores(webapp, territory, quartier,
                                                         monkeypatch):
    survey = _survey(territory, quartier)
    assert _answer(webapp, survey).status_int == 302
    _next_resident(webapp)
    monkeypatch.setattr(survey_views, "plain_survey", lambda slug, form: None)
    assert _answer(webapp, survey).status_int == 302
    db.session.expire_all()
    quick, full = (_stored(r) for r in _responses())
    assert quick == full
    assert quick["response"][:3] == ("web", quartier.id, "fr")
    assert len(quick["answers"]) == 8  # Bus, Autre, 2 ranks, note, date, two texts
    tags = {c[1]: [origin for _c, origin, _by in c[-1]] for c in quick["contributions"]}
    assert set(tags) == {NEED, IDEA, "À pied"}
    assert tags[IDEA] == ["question"] and tags[NEED] == ["suggested"]
    assert quick["contacts"][0][1] == "06 12 34 56 78"


def test_a_plain_answer_is_written_beside_the_orm_session(webapp, territory, quartier,
                                                         monkeypatch):
    """Once the survey's snapshot is kept and the request's session holds no connection,
    the answer goes through a pooled driver connection of its own (``DriverConnection``),
    never through the session, and stores what the full ORM path stores."""
    survey = _survey(territory, quartier)
    assert _answer(webapp, survey).status_int == 302  # the snapshot is kept now
    _next_resident(webapp)
    form = _filled(webapp, survey)
    db.session.commit()  # the test's own reads end: the request finds its session idle

    def through_the_session(session):
        raise AssertionError("the plain answer was written through the ORM session")

    monkeypatch.setattr(driver_insert, "SessionConnection", through_the_session)
    assert form.submit().status_int == 302
    monkeypatch.undo()
    _next_resident(webapp)
    monkeypatch.setattr(survey_views, "plain_survey", lambda slug, form: None)
    assert _answer(webapp, survey).status_int == 302
    db.session.expire_all()
    _first, driver, full = (_stored(r) for r in _responses())
    assert driver == full and len(driver["answers"]) == 8


def test_the_quick_path_keeps_contacts_apart_and_only_with_consent(webapp, territory,
                                                                   quartier):
    survey = _survey(territory, quartier)
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url), url)
    q = {x.name: x for x in survey.questions}
    form[f"q{q['note'].id}"] = "3"
    form[f"q{q['tel'].id}"] = "06 12 34 56 78"
    page = form.submit(status=303).follow()  # Post/Redirect/Get
    assert page.status_int == 200
    assert "Cochez la case pour que nous gardions vos coordonnées" in page.text
    assert db.session.scalar(select(func.count(Response.id))) == 0
    form = form_to(page, url)
    form[f"q{q['tel'].id}"] = ""
    assert form.submit().status_int == 302
    assert db.session.scalar(select(func.count(SurveyContact.id))) == 0
    assert "06 12" not in str(db.session.scalars(select(Answer.text)).all())


def test_the_same_form_sent_twice_stores_one_answer(webapp, territory, quartier):
    survey = _survey(territory, quartier)
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url), url)
    form[f"q{survey.questions[2].id}"] = "5"
    first = form.submit()
    second = form.submit()  # Back, then send again: the same one-time token
    assert first.status_int == second.status_int == 302
    assert "deja=1" in second.location
    assert len(_responses()) == 1


def test_a_token_stored_meanwhile_by_another_request_returns_that_answer(territory,
                                                                        quartier, app):
    """Two requests with the same token at once: the second insert fails on the unique
    token and gets the first response (``quick_answer.store``'s IntegrityError branch)."""
    survey = _survey(territory, quartier)
    snapshot = quick_answer.survey_snapshot(survey.slug)
    note = survey.questions[2]
    with app.test_request_context(f"/s/{survey.slug}", method="POST"):
        first = quick_answer.store(snapshot, {note.id: {"number": 4.0}}, "jeton-unique-123",
                                   consent=False, language="fr")
        second = quick_answer.store(snapshot, {note.id: {"number": 2.0}}, "jeton-unique-123",
                                    consent=False, language="fr")
    assert first == second
    assert db.session.scalars(select(Answer.number)).all() == [4.0]


def test_a_survey_closed_after_its_snapshot_refuses_answers(webapp, territory, quartier):
    survey = _survey(territory, quartier)
    url = f"/s/{survey.slug}"
    assert _answer(webapp, survey).status_int == 302  # the snapshot is kept now
    _next_resident(webapp)
    form = form_to(webapp.get(url), url)
    form[f"q{survey.questions[2].id}"] = "5"
    services.set_status(survey, "closed")
    page = form.submit()
    assert page.status_int == 200 and "Ce questionnaire est clos" in page.text
    assert len(_responses()) == 1


def test_a_survey_past_its_closing_time_refuses_answers(webapp, territory, quartier,
                                                         time_machine):
    survey = _survey(territory, quartier)
    survey.closes_at = clock.local_now() + timedelta(hours=1)
    db.session.commit()
    url = f"/s/{survey.slug}"
    assert _answer(webapp, survey).status_int == 302
    _next_resident(webapp)
    form = form_to(webapp.get(url), url)
    form[f"q{survey.questions[2].id}"] = "5"
    time_machine.shift(timedelta(hours=2))
    page = form.submit()
    assert page.status_int == 200 and "Ce questionnaire est clos" in page.text
    assert len(_responses()) == 1


@pytest.mark.parametrize("edit", ["required", "bounds"])
def test_a_question_edited_after_the_snapshot_is_read_afresh(webapp, territory, quartier,
                                                              edit):
    survey = _survey(territory, quartier)
    url = f"/s/{survey.slug}"
    assert _answer(webapp, survey).status_int == 302
    _next_resident(webapp)
    form = form_to(webapp.get(url), url)
    when = survey.questions[3]
    note = survey.questions[2]
    form[f"q{note.id}"] = "5"
    if edit == "required":
        services.update_question(when, required=True)
        expected = "Répondez à cette question."
    else:
        services.update_question(note, min_value=1, max_value=4)
        expected = "Indiquez un nombre entre 1 et 4."
    page = form.submit(status=303).follow()  # Post/Redirect/Get
    assert page.status_int == 200 and expected in page.text
    assert len(_responses()) == 1


def test_an_untagged_free_text_is_queued_then_suggested(webapp, territory, quartier):
    survey = _survey(territory, quartier)
    assert _answer(webapp, survey).status_int == 302  # closed by WebTest: drained
    db.session.expire_all()
    need = db.session.scalar(select(Contribution).where(Contribution.text == NEED))
    assert [t.origin for t in need.tags] == ["suggested"]
    assert db.session.scalar(select(func.count()).select_from(PendingSuggestion)) == 0
    idea = db.session.scalar(select(Contribution).where(Contribution.text == IDEA))
    assert db.session.scalars(select(ContributionChallenge.origin).where(
        ContributionChallenge.contribution_id == idea.id)).all() == ["question"]


def test_each_answer_gets_the_answered_cookie_expiring_from_its_own_time(
        webapp, territory, quartier, time_machine):
    """The thank-you redirect is kept per second (``views._thanks_redirect``): an answer
    five seconds later gets its own cookie, expiring 180 days after it, on the survey's
    path."""
    import re
    from datetime import datetime
    from email.utils import format_datetime

    survey = _survey(territory, quartier)
    url = f"/s/{survey.slug}"
    for day in ("2026-11-29T10:00:00+00:00", "2026-11-29T10:00:05+00:00"):
        time_machine.move_to(day, tick=False)
        webapp.reset()  # another resident's browser
        form = form_to(webapp.get(url), url)
        form[f"q{survey.questions[2].id}"] = "5"
        response = form.submit()
        assert response.status_int == 302
        assert response.location.endswith(f"{url}/merci")
        cookie = response.headers["Set-Cookie"]
        expires = datetime.fromisoformat(day) + timedelta(days=180)
        assert re.search(r"Expires=([^;]+)", cookie).group(1) == format_datetime(
            expires, usegmt=True)
        assert cookie.startswith(f"repondu_{survey.id}=1;") and f"Path={url}" in cookie
    assert len(_responses()) == 2
