"""Days people read and days figures are grouped by are Europe/Paris days (fault 4, testers).

An answer given at 00:30 in Paris on 1 December is 23:30 UTC on 30 November: its
contribution was "said on" 30 November (the UTC date), and counted in November and, on
31 December, in the wrong year. A paper batch's answers were dated the batch's day at 12:00
UTC (an hour nobody wrote). Now the said-on day is ``clock.local_day`` of the instant on every
path (resident form, tablet, micro-trottoir, bulk import), and a paper sheet's response is
dated midnight in Paris of the batch's day (``clock.day_start``), exported as the day alone.
The clock is pinned at 23:30 UTC (00:30 in Paris, winter time UTC+1).
"""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from participation.analysis import frames
from participation.contributions.models import Contribution
from participation.core import clock
from participation.extensions import db
from participation.surveys import services
from participation.surveys.answers_import import import_answers_csv
from participation.surveys.models import Response
from tests.formfill import form_to
from tests.surveys.helpers import needs_survey, q, survey_with_condition

NIGHT = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # 00:30 on Tuesday 1 December in Paris
NEW_YEAR = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 January 2027 in Paris


def test_clock_days_at_half_past_midnight_in_paris():
    assert clock.local_day(datetime(2026, 11, 30, 23, 30)) == date(2026, 12, 1)
    assert clock.local_day(datetime(2026, 6, 30, 22, 30)) == date(2026, 7, 1)  # UTC+2
    assert clock.day_start(date(2026, 12, 1)) == datetime(2026, 11, 30, 23, 0)
    assert clock.day_start(date(2026, 6, 10)) == datetime(2026, 6, 9, 22, 0)


@pytest.mark.forms("surveys/answer.html")
@pytest.mark.parametrize(("moment", "day"), [(NIGHT, date(2026, 12, 1)),
                                             (NEW_YEAR, date(2027, 1, 1))])
def test_a_resident_answer_at_half_past_midnight_is_said_on_that_paris_day(
        webapp, territory, pinned_clock, moment, day):
    """An answer at 00:30 in Paris on 1 December (1 January): said on that day, and counted
    in that day's year by the figures (hand count: 1 contribution, base 1, in 2026 / 2027)."""
    pinned_clock.move_to(moment, tick=False)
    survey = needs_survey(territory)
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url), url)
    form[f"q{q(survey, 'manques').id}"] = "Un banc devant l'école"
    form.submit().follow()
    assert db.session.scalar(select(Contribution.said_on)) == day
    years = frames.contributions_frame(territory.id)["year"].value_counts().to_dict()
    assert years == {day.year: 1}


@pytest.mark.forms("surveys/street.html")
def test_micro_trottoir_at_half_past_midnight_is_said_on_that_paris_day(
        webapp, web_login, territory, pinned_clock):
    survey = services.create_survey(territory.id, "Parole de rue")
    services.add_question(survey, "long_text", "Qu'est-ce qui manque ici ?", name="manque")
    services.set_status(survey, "open")
    pinned_clock.move_to(NIGHT, tick=False)
    web_login("facilitator")
    url = f"/surveys/{survey.id}/street"
    form = form_to(webapp.get(url), url)
    form["place"] = "Sortie d'école"
    form[f"q{q(survey, 'manque').id}"] = "Un banc à l'ombre"
    form.submit().follow()
    assert db.session.scalar(select(Contribution.said_on)) == date(2026, 12, 1)


def test_imported_answer_at_half_past_midnight_is_said_on_that_paris_day(territory):
    """Bulk import (``bulk.insert_responses``): Google's « 01/12/2026 00:30:00 » is Paris time,
    stored 23:30 UTC on 30 November, said on 1 December; another line of 2 December."""
    survey = needs_survey(territory)
    import_answers_csv(survey, b"Horodateur,Que vous manque-t-il ?\n"
                               b"01/12/2026 00:30:00,Un banc\n"
                               b"02/12/2026 12:00:00,Un abri\n")
    stored = db.session.scalars(select(Response.submitted_at).order_by(Response.id)).all()
    assert stored == [datetime(2026, 11, 30, 23, 30), datetime(2026, 12, 2, 11, 0)]
    said = dict(db.session.execute(select(Contribution.text, Contribution.said_on)).all())
    assert said == {"Un banc": date(2026, 12, 1), "Un abri": date(2026, 12, 2)}


@pytest.mark.forms("surveys/entry_home.html", "surveys/sheet.html")
def test_paper_batch_answers_are_dated_the_batch_day_not_noon_utc(
        webapp, web_login, territory, pinned_clock):
    """Sheets of the batch of 1 December typed at 00:30 in Paris that night: the response
    is dated midnight in Paris of 1 December (23:00 UTC on 30 November), its free text is
    said on 1 December, and the export gives the day alone, with no invented hour."""
    survey = survey_with_condition(territory)
    text = services.add_question(survey, "long_text", "Un mot sur le quartier ?", name="mot")
    pinned_clock.move_to(NIGHT, tick=False)
    web_login("facilitator")
    url = f"/surveys/{survey.id}/entry"
    form = form_to(webapp.get(url), f"/surveys/{survey.id}/batches")
    form["label"], form["collected_on"], form["place"] = "Marché", "2026-12-01", "Marché"
    page = form.submit().follow()
    form = form_to(page, page.request.path)
    form[f"q{q(survey, 'info').id}"] = "2"
    form[f"q{q(survey, 'note').id}"] = "6"
    form[f"q{text.id}"] = "Trop de voitures"
    form.submit().follow()
    response = db.session.scalar(select(Response))
    assert (response.channel, response.submitted_at) == ("papier", datetime(2026, 11, 30, 23))
    assert db.session.scalar(select(Contribution.said_on)) == date(2026, 12, 1)
    web_login("coordinator")
    lines = webapp.get(f"/surveys/{survey.id}/results.csv").text.splitlines()
    assert lines[0].split(";")[1] == "date de réponse (heure de Paris)"
    assert lines[1].split(";")[1] == "2026-12-01"  # the day alone: a sheet has no hour


def test_migration_moves_the_days_the_old_code_stored(territory):
    """migrations/versions/tfix2_3c5f8a1d6e27.py on rows as the old code wrote them: a paper
    sheet of the 1 December batch at 12:00 UTC -> 23:00 UTC on 30 November (midnight in
    Paris); a web answer at 23:30 UTC on 30 November said on 30 November -> 1 December; a
    day corrected by hand (15 November) and a web answer of the afternoon stay."""
    import importlib.util

    from participation.config import ROOT
    from participation.surveys import paper
    from participation.surveys.responses import new_token, submit_response

    spec = importlib.util.spec_from_file_location(
        "tfix2_migration", ROOT / "migrations/versions/tfix2_3c5f8a1d6e27.py")
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    survey = needs_survey(territory)
    manques = q(survey, "manques").id
    batch = paper.create_batch(survey, "Lot", date(2026, 12, 1), "Marché", None)
    sheet = paper.add_sheet_response(batch, 1, {manques: {"text": "Un banc"}}, {}, None)
    sheet.submitted_at = datetime(2026, 12, 1, 12, 0)  # the old code's noon UTC
    for text, at in (("Un abri", datetime(2026, 11, 30, 23, 30)),
                     ("Des bancs", datetime(2026, 11, 30, 23, 30)),
                     ("Un parc", datetime(2026, 11, 30, 15, 0))):
        submit_response(survey, {manques: {"text": text}}, new_token(), submitted_at=at)
    said = {c.text: c for c in db.session.scalars(select(Contribution))}
    said["Un banc"].said_on = date(2026, 12, 1)
    said["Un abri"].said_on = said["Un parc"].said_on = date(2026, 11, 30)
    said["Des bancs"].said_on = date(2026, 11, 15)
    db.session.commit()
    connection = db.session.connection()
    assert (migration.redate_paper(connection), migration.paris_said_on(connection)) == (1, 1)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Response, sheet.id).submitted_at == datetime(2026, 11, 30, 23, 0)
    assert {c.text: c.said_on for c in db.session.scalars(select(Contribution))} == {
        "Un banc": date(2026, 12, 1), "Un abri": date(2026, 12, 1),
        "Des bancs": date(2026, 11, 15), "Un parc": date(2026, 11, 30)}
