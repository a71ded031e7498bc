"""Tablet interviews entered offline keep, once synced, the language they were held in and
their place, and are stored in the order they were entered (testers: three offline
interviews at "Place du marché, devant la boulangerie" were counted under "langue non
notée", had an empty language in the responses CSV, their place on no screen or export, and
were stored 3, 1, 2). Walked through the rendered offline page and the device's sync."""
from __future__ import annotations

import csv
import io
import uuid

import pytest
from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.extensions import db
from participation.surveys import services
from participation.surveys.models import Answer, Response
from tests.formfill import form_to, tick
from tests.surveys.helpers import opt, q, survey_with_condition
from tests.surveys.test_offline_sync import _activate, _sync

MARKET = "Place du marché, devant la boulangerie"
BUS = "Arrêt de bus Foch"


def _page_fields(webapp, survey) -> list[list[str]]:
    """The hidden fields of the offline interview form as the page renders them (what
    offline.js sends with the answers)."""
    page = webapp.get(f"/surveys/{survey.id}/offline/entretien")
    form = page.html.select_one("form[data-offline-form]")
    return [[i["name"], i.get("value", "")] for i in form.select("input[type=hidden]")]


def _offline_item(survey, hidden, at: str, note: str, other: str) -> dict:
    """One interview typed on the tablet at ``at`` (ISO time): "Oui", then "Autre" with
    ``other`` as the channel, ``note`` as the score, at the market."""
    info, canal, score = q(survey, "info"), q(survey, "canal"), q(survey, "note")
    fields = hidden + [["place", MARKET], [f"q{info.id}", opt(info, "oui")],
                       [f"q{canal.id}", "autre"], [f"q{canal.id}_autre", other],
                       [f"q{score.id}", note]]
    return {"uuid": str(uuid.uuid4()), "mode": "entretien", "survey_version": "",
            "collected_at": at, "fields": fields}


def _online_interview(webapp, survey, note: str) -> None:
    """The same survey's tablet interview online, at the bus stop."""
    url = f"/surveys/{survey.id}/interview"
    form = form_to(webapp.get(url), url)
    form["place"] = BUS
    tick(form, "Non")
    tick(form, note)
    form.submit(status=302)


def _online_arabic_answer(webapp, survey) -> None:
    """A resident's answer on the public form in Arabic (``?lang=ar``)."""
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url, params={"lang": "ar"}), url)
    info, score = q(survey, "info"), q(survey, "note")
    form[f"q{info.id}"] = opt(info, "non")
    form[f"q{score.id}"] = "9"
    form.submit(status=302)


@pytest.mark.forms("surveys/answer.html")
def test_offline_interviews_keep_language_place_and_order(webapp, web_login, territory,
                                                          quartier):
    survey = survey_with_condition(territory, quartier)
    services.update_survey(survey, survey.title, "", [quartier.id], "fr, ar")
    web_login("facilitator")
    token = _activate(webapp, survey)
    hidden = _page_fields(webapp, survey)
    assert ["lang", "fr"] in hidden  # the page shows the survey in French
    first = _offline_item(survey, hidden, "2026-06-12T08:30:00Z", "1", "Par une voisine")
    second = _offline_item(survey, hidden, "2026-06-12T08:41:00Z", "2", "Par l'école")
    third = _offline_item(survey, hidden, "2026-06-12T08:52:00Z", "3", "Par la radio")
    # the device's store lists them by UUID, in any order: here 3, 1, 2
    result = _sync(webapp, survey, token, [third, first, second])
    assert result["stored"] == 3
    assert [o["uuid"] for o in result["items"]] == [third["uuid"], first["uuid"],
                                                     second["uuid"]]
    _online_interview(webapp, survey, "8")
    _next_browser(webapp)  # a resident's phone: ?lang=ar is remembered in its session
    _online_arabic_answer(webapp, survey)
    _next_browser(webapp)

    interviews = db.session.scalars(select(Response).where(
        Response.channel == "entretien").order_by(Response.id)).all()
    notes = [_note(survey, r) for r in interviews]
    assert notes == ["1", "2", "3", "8"]  # stored in the order entered, then the online one
    assert [(r.language, r.place) for r in interviews] == [("fr", MARKET)] * 3 + [("fr", BUS)]

    web_login("coordinator")
    results = webapp.get(f"/surveys/{survey.id}/results")
    rows = [[c.get_text(strip=True) for c in tr.select("th, td")]
            for tr in results.html.select("#langues tbody tr")]
    # by hand: 3 offline interviews + 1 online interview in French, 1 answer in Arabic
    assert rows == [["Français", "4", "5"], ["Arabe", "1", "5"]]

    table = list(csv.DictReader(io.StringIO(
        webapp.get(f"/surveys/{survey.id}/results.csv").body.decode("utf-8-sig")),
        delimiter=";"))
    cells = [(r["langue"], r["canal"], r["lieu de recueil"]) for r in table]
    tablet = "Entretien sur tablette"
    assert cells == [("fr", tablet, MARKET)] * 3 + [("fr", tablet, BUS), ("ar", "En ligne", "")]
    labels = {c.text: c.source_label for c in db.session.scalars(select(Contribution))}
    assert labels == {"Par une voisine": f"Enquête flash — {MARKET}",
                      "Par l'école": f"Enquête flash — {MARKET}",
                      "Par la radio": f"Enquête flash — {MARKET}"}


def _next_browser(webapp) -> None:
    """Another browser: a new cookie jar, and a new CSRF token (the tests' application
    context keeps it in ``g`` across requests)."""
    from flask import g

    webapp.reset()
    g.pop("csrf_token", None)


def _note(survey, response) -> str:
    score = q(survey, "note")
    answer = db.session.scalar(select(Answer).where(Answer.response_id == response.id,
                                                    Answer.question_id == score.id))
    option = next(o for o in score.options if o.id == answer.option_id) \
        if answer.option_id else None
    return option.label if option else f"{answer.number:g}"
