"""Switching the language of a survey form without JavaScript keeps what was typed: the
language buttons are submit inputs of the same form; pressing one brings the same answers
back in that language with nothing stored; the answer is stored once, when sent. The switch
answers with a 303 redirect to the form's address (Post/Redirect/Get: "Back" never asks to
resubmit), the typed answers kept as a draft named by ``?brouillon=`` (form_drafts)."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys.models import Response
from tests.formfill import form_to
from tests.surveys.helpers import interview_form
from tests.surveys.test_survey_languages import _choose, _demo

ARABIC_TITLE = "استطلاع سريع – حي باستور-فوش (أزبروك)"


def _count() -> int:
    """Responses given through a form (the demo's 112 imported ones have no language)."""
    return db.session.scalar(select(func.count(Response.id)).where(
        Response.language.is_not(None)))


def _q(survey, name: str):
    return next(q for q in survey.questions if q.name == name)


def _option(question, name: str) -> str:
    return str(next(o.id for o in question.options if o.name == name))


def _switch(form, button: str):
    """Press a language button: a 303 to the form's GET address with a draft key and no
    answer in the URL, then the page it shows."""
    redirected = form.submit(button, status=303)
    query = parse_qs(urlsplit(redirected.location).query)
    assert "brouillon" in query and set(query) <= {"brouillon", "lang", "autre"}
    return redirected.follow()


def _checked(page, question) -> list[str]:
    return [i["value"] for i in page.html.select(f"input[name=q{question.id}][checked]")]


@pytest.mark.forms("surveys/answer.html")
def test_language_button_keeps_the_answers_and_stores_nothing(webapp, territory):
    survey = _demo(territory)
    url = f"/s/{survey.slug}"
    page = webapp.get(url)
    assert page.html.select_one(".survey-content")["lang"] == "fr"
    form = form_to(page, url)
    # Enter in a field presses the form's first submit in the document: "send" (no name),
    # not a language button (those of the header come before the form)
    first = page.html.select("[type=submit]")[0]
    assert (first.get("name"), first["form"], first["value"]) == \
        (None, "reponses", "Envoyer mes réponses")
    header = {i["value"]: (i["name"], i["form"]) for i in page.html.select("nav.lang input")}
    assert header == {"Français facile à lire": ("interface:fr-x-falc", "reponses"),
                      "English": ("interface:en", "reponses"),
                      "العربية": ("interface:ar", "reponses"),
                      "Türkçe": ("interface:tr", "reponses")}
    assert page.html.select_one("form[data-survey]")["id"] == "reponses"
    # one language bar: the survey's languages are all interface languages, so the header's
    # are its choices (no second bar above the form)
    assert len(page.html.select("nav.lang")) == 1 and not page.html.select(".survey-langs")
    connu, manques, insecurite = (_q(survey, n) for n in ("cc_connu", "manques", "insecurite"))
    _choose(form, "Connaissez-vous le conseil citoyen", "Oui")
    form[f"q{manques.id}"] = "un médecin, et des bancs"
    _choose(form, "Sentiment d'insécurité", "Violence")

    switched = _switch(form, "interface:ar")  # the header's « العربية », bound to the form
    assert switched.status_int == 200 and _count() == 0
    assert switched.html.select_one(".error-summary") is None
    assert switched.html.select_one("html")["dir"] == "rtl"
    assert switched.html.select_one(".survey-content")["lang"] == "ar"
    assert switched.html.h1.text == ARABIC_TITLE
    assert switched.html.select_one('nav.lang [aria-current="true"]').text == "العربية"
    assert switched.html.select_one(f"textarea[name=q{manques.id}]").text == \
        "un médecin, et des bancs"
    assert _checked(switched, connu) == [_option(connu, "oui")]
    assert _checked(switched, insecurite) == [_option(insecurite, "violence")]

    form = form_to(switched, url)
    assert form["lang"].value == "ar"
    _choose(form, "هل تودّون الانضمام إليه؟", "لا")
    _choose(form, "هل تعرفون ما يجري في حيّكم؟", "لا")
    _choose(form, "كيف تقيّمون", "7")
    thanks = form.submit().follow()
    assert "شكرًا! ستساعد إجاباتكم" in thanks.text
    assert _count() == 1
    response = db.session.scalar(select(Response).where(Response.language.is_not(None)))
    assert response.language == "ar"
    names = {o.id: (q.name, o.name) for q in survey.questions for o in q.options}
    assert sorted(names[a.option_id] for a in response.answers if a.option_id) == [
        ("cc_connu", "oui"), ("cc_participer", "non"), ("info_quartier", "non"),
        ("insecurite", "violence")]
    assert {(a.question_id, a.text, a.number) for a in response.answers
            if not a.option_id} == {(manques.id, "un médecin, et des bancs", None),
                                    (_q(survey, "securite_note").id, None, 7.0)}


@pytest.mark.forms("surveys/answer.html")
def test_tablet_interview_language_button_stores_nothing(webapp, web_login, territory):
    survey = _demo(territory)
    form, url = interview_form(webapp, web_login, survey)
    manques = _q(survey, "manques")
    form["place"] = "Marché"
    form[f"q{manques.id}"] = "un médecin"
    switched = _switch(form, "interface:tr")
    assert switched.status_int == 200 and _count() == 0
    assert switched.html.select_one(".survey-content")["lang"] == "tr"
    assert switched.html.select_one(f"textarea[name=q{manques.id}]").text == "un médecin"
    assert switched.html.select_one("input[name=place]")["value"] == "Marché"
    assert switched.html.select_one(".error-summary") is None
    # a staff page: the interface follows for this page only
    assert webapp.get(url).html.select_one("html")["lang"] == "fr"


@pytest.mark.forms("surveys/answer.html")
def test_one_language_bar_keeps_the_answers_french_only_and_romani(webapp, territory,
                                                                   quartier):
    """The tester's case: a questionnaire without a language of the interface's other than
    French, the site header's « English » pressed after typing: the answers come back, the
    interface in English, the questions still in French, nothing stored. A survey language
    the interface lacks (Romani) joins the header's one bar, bound to the form too."""
    from participation.surveys import services
    from tests.formfill import tick

    survey = services.create_survey(territory.id, "Vie du quartier", quartier_ids=[quartier.id])
    services.add_question(survey, "short_text", "Votre rue", required=True, name="rue")
    services.add_question(survey, "number", "Votre âge", name="age")
    services.add_question(survey, "single", "Vous venez", ["À pied", "En bus"],
                          has_other=True, name="venue")
    services.add_question(survey, "multiple", "Vos lieux", ["Parc", "Marché", "École"],
                          name="lieux")
    services.set_status(survey, "open")
    url = f"/s/{survey.slug}"
    page = webapp.get(url)
    assert len(page.html.select("nav.lang")) == 1 and not page.html.select(".survey-langs")
    assert page.html.select("header a[href^='/langue/']") == []
    form = form_to(page, url)
    rue, age, venue, lieux = (_q(survey, n) for n in ("rue", "age", "venue", "lieux"))
    form[f"q{rue.id}"] = "rue Pasteur"
    form[f"q{age.id}"] = "42"
    tick(form, "Autre :")
    form[f"q{venue.id}_autre"] = "Trottinette"
    tick(form, "Parc")
    tick(form, "École")

    switched = _switch(form, "interface:en")  # the header's « English », bound to this form
    assert switched.status_int == 200 and _count() == 0
    assert switched.html.select_one("html")["lang"] == "en"
    assert switched.html.select_one(".survey-content")["lang"] == "fr"
    assert switched.html.select_one(".error-summary") is None
    assert switched.html.select_one('nav.lang [aria-current="true"]').text == "English"
    assert switched.html.select_one(f"input[name=q{rue.id}]")["value"] == "rue Pasteur"
    assert switched.html.select_one(f"input[name=q{age.id}]")["value"] == "42"
    assert switched.html.select_one(f"input[name=q{venue.id}_autre]")["value"] == "Trottinette"
    assert sorted(_checked(switched, lieux)) == sorted(
        [_option(lieux, "parc"), _option(lieux, "ecole")])
    assert webapp.get(url).html.select_one("html")["lang"] == "en"  # remembered

    survey.languages = "fr rom"
    db.session.commit()
    page = webapp.get(url)
    assert len(page.html.select("nav.lang")) == 1 and not page.html.select(".survey-langs")
    romani = page.html.select_one("nav.lang input[name='langue:rom']")
    assert romani["form"] == "reponses" and romani["lang"] == "rom"
    form = form_to(page, url)
    form[f"q{rue.id}"] = "rue Foch"
    switched = _switch(form, "langue:rom")
    assert switched.status_int == 200 and _count() == 0
    assert switched.html.select_one(".survey-content")["lang"] == "rom"
    assert switched.html.select_one('nav.lang [aria-current="true"][lang="rom"]') is not None
    assert switched.html.select_one(f"input[name=q{rue.id}]")["value"] == "rue Foch"
    form = form_to(switched, url)
    assert form["lang"].value == "rom"
    form.submit().follow()
    assert _count() == 1


@pytest.mark.forms("surveys/answer.html")
def test_a_switch_keeps_contact_details_off_the_server(webapp, territory, quartier):
    """The draft of a switch (``form_drafts``): the answers on the server under a random key
    named in the redirect, the personal question's answer (no consent yet) only in the
    resident's session cookie; both come back on the page."""
    from participation.core.pagecache import cache
    from participation.surveys.form_drafts import PREFIX
    from tests.surveys.helpers import survey_with_condition

    survey = survey_with_condition(territory, quartier)
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url), url)
    contact, info = _q(survey, "contact"), _q(survey, "info")
    form[f"q{contact.id}"] = "Awa 06 12 34 56 78"
    form[f"q{info.id}"] = _option(info, "oui")
    redirected = form.submit("interface:en", status=303)
    key = parse_qs(urlsplit(redirected.location).query)["brouillon"][0]
    assert "06 12" not in redirected.location
    kept = cache.get(PREFIX + key)
    assert kept["survey"] == survey.id and (f"q{info.id}", _option(info, "oui")) in \
        [tuple(p) for p in kept["pairs"]]
    assert "06 12" not in repr(kept)
    page = redirected.follow()
    assert page.html.select_one("html")["lang"] == "en"
    assert page.html.select_one(f"input[name=q{contact.id}]")["value"] == "Awa 06 12 34 56 78"
    assert _checked(page, info) == [_option(info, "oui")]
    other = webapp.get(f"/s/{survey.slug}?brouillon=inconnu")  # an unknown key: a blank form
    assert other.html.select_one(f"input[name=q{contact.id}]")["value"] == ""
