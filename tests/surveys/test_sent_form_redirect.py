"""A sent survey form that stores nothing (a wrong answer, a condition opening questions, a
missing place on the tablet) comes back by Post/Redirect/Get: a 303 to the form's address
with ``?brouillon=<key>`` (no answer in the URL), whose page shows what was typed, the
French summary of the errors with its links, the new questions. Testers: Back after the
thank-you page showed Chromium's "Confirm form resubmission" whenever the form had needed a
second round (the error page was the POST's response). The one-time token still stores an
answer once."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from participation.core.pagecache import cache
from participation.extensions import db
from participation.surveys import services
from participation.surveys.form_drafts import PREFIX
from participation.surveys.models import Answer, Response
from tests.formfill import form_to, text_of, tick
from tests.surveys.helpers import interview_form, opt, q, survey_with_condition

WHOLE = "Indiquez un nombre entier, sans virgule, par exemple 12."


def _responses() -> int:
    return db.session.scalar(select(func.count(Response.id)))


def _age_survey(territory):
    """Whole-number "age" (0-120, required), free text "manques", personal whole-number
    "naissance" (a year of birth: personal data)."""
    survey = services.create_survey(territory.id, "Vie du quartier")
    services.add_question(survey, "number", "Votre âge", name="age", whole_number=True,
                          min_value=0, max_value=120, required=True)
    services.add_question(survey, "short_text", "Que vous manque-t-il ?", name="manques")
    services.add_question(survey, "number", "Année de naissance", name="naissance",
                          whole_number=True, personal=True)
    services.set_status(survey, "open")
    return survey


def _redirected_key(response, path: str) -> str:
    """The 303's draft key; the redirect goes to the form's own address, nothing typed in
    it."""
    assert response.status_int == 303
    target = urlsplit(response.location)
    assert target.path == path
    query = parse_qs(target.query)
    assert set(query) <= {"brouillon", "autre", "lang"}
    return query["brouillon"][0]


@pytest.mark.forms("surveys/answer.html")
def test_a_wrong_answer_comes_back_by_a_redirect_with_its_errors(webapp, territory):
    survey = _age_survey(territory)
    age, manques = q(survey, "age"), q(survey, "manques")
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url), url)
    token = form["token"].value
    form[f"q{age.id}"] = "12,5"
    form[f"q{manques.id}"] = "une pharmacie"
    sent = form.submit()
    key = _redirected_key(sent, url)
    # the random draft key may itself hold "12": look for the typed values around it
    around_key = sent.location.replace(key, "")
    assert "pharmacie" not in around_key and "12" not in around_key
    page = sent.follow()
    assert page.status_int == 200 and _responses() == 0
    summary = page.html.select_one(".error-summary")
    assert summary.h2.get_text() == "Il manque des réponses ou certaines sont à corriger"
    links = [(a["href"], a.get_text()) for a in summary.select("a")]
    assert links == [(f"#q{age.id}", f"Votre âge\xa0: {WHOLE}")]
    assert page.html.select_one(f"input[name=q{age.id}]")["value"] == "12,5"
    assert page.html.select_one(f"input[name=q{manques.id}]")["value"] == "une pharmacie"
    assert cache.get(PREFIX + key)["survey"] == survey.id
    again = form_to(page, url)
    assert again["token"].value == token  # the same one-time token travels on
    again[f"q{age.id}"] = "12"
    thanks = again.submit(status=302)
    assert urlsplit(thanks.location).path == f"{url}/merci"
    stored = {a.question_id: (a.number, a.text) for a in db.session.scalars(select(Answer))}
    assert stored == {age.id: (12.0, None), manques.id: (None, "une pharmacie")}
    # Back to the draft's page and « Envoyer » again: the token is spent, nothing twice
    replay = form_to(webapp.get(f"{url}?autre=1&brouillon={key}"), url)
    replay[f"q{age.id}"] = "12"
    assert "deja=1" in replay.submit(status=302).location
    assert _responses() == 1


@pytest.mark.forms("surveys/answer.html")
def test_a_personal_answers_error_stays_off_the_server(webapp, territory):
    """A personal question's answer and its error (an error may quote what was typed) are
    kept in the resident's session, never in the server's draft."""
    survey = _age_survey(territory)
    age, birth = q(survey, "age"), q(survey, "naissance")
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url), url)
    form[f"q{age.id}"] = "40"
    form[f"q{birth.id}"] = "1985,5"
    sent = form.submit()
    kept = cache.get(PREFIX + _redirected_key(sent, url))
    assert "1985" not in repr(kept)
    page = sent.follow()
    hrefs = [a["href"] for a in page.html.select(".error-summary a")]
    assert hrefs == [f"#q{birth.id}"]  # an invalid personal answer asks no consent yet
    assert f"Année de naissance : {WHOLE}" in text_of(page)
    assert page.html.select_one(f"input[name=q{birth.id}]")["value"] == "1985,5"
    assert page.html.select_one(f"input[name=q{age.id}]")["value"] == "40"


@pytest.mark.forms("surveys/answer.html")
def test_questions_opened_by_an_answer_come_back_by_a_redirect(webapp, territory):
    survey = survey_with_condition(territory)
    info, canal, note = q(survey, "info"), q(survey, "canal"), q(survey, "note")
    url = f"/s/{survey.slug}"
    page = webapp.get(url)
    shown_ids = page.html.select_one("input[name=shown]")["value"].split(",")
    assert str(canal.id) not in shown_ids  # not yet asked (without JavaScript: hidden)
    form = form_to(page, url)
    form[f"q{info.id}"] = opt(info, "oui")
    tick(form, "7")
    sent = form.submit()
    _redirected_key(sent, url)
    shown = sent.follow()
    assert _responses() == 0 and shown.html.select_one(".error-summary") is None
    notice = shown.html.select_one("#nouvelles")
    assert "Votre réponse ouvre une nouvelle question" in notice.get_text()
    assert [a["href"] for a in notice.select("a")] == [f"#q{canal.id}"]
    assert shown.html.select_one(f"input[name=q{note.id}][checked]")["value"] == "7"
    assert str(canal.id) in shown.html.select_one("input[name=shown]")["value"].split(",")
    form = form_to(shown, url)
    tick(form, "Facebook")
    form.submit(status=302).follow()
    assert _responses() == 1
    stored = {a.question_id for a in db.session.scalars(select(Answer))}
    assert stored == {info.id, canal.id, note.id}


@pytest.mark.forms("surveys/answer.html")
def test_the_tablet_interview_comes_back_by_a_redirect(webapp, web_login, territory):
    survey = survey_with_condition(territory)
    form, url = interview_form(webapp, web_login, survey)
    form["place"] = ""
    tick(form, "Non")
    tick(form, "4")
    sent = form.submit()
    _redirected_key(sent, url)
    page = sent.follow()
    summary = page.html.select_one(".error-summary")
    assert [(a["href"], a.get_text()) for a in summary.select("a")] == \
        [("#place", "Indiquez le lieu de recueil.")]
    assert _responses() == 0
    form = form_to(page, url)
    assert form["place"].value == ""
    form["place"] = "Place du marché"
    form.submit(status=302).follow()
    response = db.session.scalar(select(Response))
    assert (response.channel, response.place) == ("entretien", "Place du marché")
