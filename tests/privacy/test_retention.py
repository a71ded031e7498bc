"""Retention: territory defaults, per-record overrides, and the purge under a frozen clock."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.contributions.services import record_contribution
from participation.core import clock
from participation.core.audit import AuditEvent
from participation.core.personal_data import PERSONAL_TABLES, add_months, due_rows
from participation.extensions import db
from participation.privacy.retention import (
    purge,
    retention_keys,
    retention_months,
    set_retention,
)
from tests import factories

QUOTE = {"consent": True, "age_band": "60-74 ans", "place_name": "Cité Pasteur", "sex": "f"}


def _quote(territory, said_on: date) -> Contribution:
    return record_contribution(territory.id, "Il faut un banc.", said_on=said_on,
                               attribution=QUOTE)


@pytest.mark.parametrize("start, months, end", [
    (date(2024, 1, 31), 1, date(2024, 2, 29)), (date(2024, 6, 27), 6, date(2024, 12, 27)),
    (date(2024, 11, 15), 3, date(2025, 2, 15)), (date(2023, 6, 27), 36, date(2026, 6, 27))])
def test_add_months(start, months, end):
    assert add_months(start, months) == end


def test_purge_erases_attributions_when_their_period_ends(runner, territory):
    quote = _quote(territory, date(2024, 1, 10))
    with clock.frozen(datetime(2027, 1, 9, 23, 0)):
        result = runner.invoke(args=["privacy", "purge"])
    assert "contribution: erased 0" in result.output
    with clock.frozen(datetime(2027, 1, 10, 3, 0)):
        dry = runner.invoke(args=["privacy", "purge", "--dry-run"])
        assert "contribution: would erase 1" in dry.output
        assert db.session.get(Contribution, quote.id).place_name == "Cité Pasteur"
        result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0 and "contribution: erased 1" in result.output
    db.session.expire_all()
    purged = db.session.get(Contribution, quote.id)
    assert purged.place_name is None and not purged.attribution_consent
    assert purged.text == "Il faut un banc."
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "purge"))
    assert event.count == 1 and event.details_dict == {
        "contribution": 1, "records": [f"contribution:{quote.id}"]}  # privacy.erased


def test_territory_setting_shortens_the_period(territory):
    quote = _quote(territory, date(2024, 1, 10))
    set_retention(territory.id, {"attribution": 6})
    assert retention_months(territory.id)["attribution"] == 6
    with clock.frozen(datetime(2024, 7, 10)):
        assert purge()["contribution"] == 1
    assert db.session.get(Contribution, quote.id).age_band is None


def test_each_territory_keeps_its_own_periods(territory):
    other = factories.territory(name="Autre EPCI")
    mine, theirs = _quote(territory, date(2024, 1, 10)), _quote(other, date(2024, 1, 10))
    set_retention(other.id, {"attribution": 6})
    with clock.frozen(datetime(2024, 8, 1)):
        purge()
    assert db.session.get(Contribution, mine.id).age_band == "60-74 ans"
    assert db.session.get(Contribution, theirs.id).age_band is None


def test_a_record_can_override_the_territory_default(territory):
    """A survey or an event sets its own period: ``retention_override`` (months column)."""
    from dataclasses import replace

    entry = replace(PERSONAL_TABLES["contribution"],
                    retention_override=lambda: Contribution.source_id)
    short, default = _quote(territory, date(2024, 1, 10)), _quote(territory, date(2024, 1, 10))
    short.source_id = 2  # months, as a survey's "contact_retention_months" would be
    db.session.commit()
    due = due_rows(entry, territory.id, 36, date(2024, 3, 10))
    assert [r.id for r in due] == [short.id] and default.id not in [r.id for r in due]


def test_retention_page_changes_the_periods_and_is_audited(client, auth, territory):
    auth.login("admin")
    page = client.get("/privacy/conservation").get_data(as_text=True)
    assert "Attribution des citations" in page and 'value="36"' in page
    defaults = retention_keys()
    bad = client.post("/privacy/conservation", data=defaults | {"attribution": 0})
    assert bad.status_code == 422 and "Entre 1 et 120 mois." in bad.get_data(as_text=True)
    client.post("/privacy/conservation", data=defaults | {"attribution": 24})
    assert retention_months(territory.id)["attribution"] == 24
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "retention_changed"))
    assert event.details_dict == {"attribution": 24}


def test_survey_contacts_go_six_months_after_the_close_answers_stay(runner, demo):
    from sqlalchemy import func

    from participation.surveys.models import Response, Survey, SurveyContact

    survey = db.session.scalar(select(Survey).where(Survey.territory_id == demo.id).join(
        Response).join(SurveyContact))
    survey.closes_at = datetime(2024, 1, 15, 18, 0)
    db.session.commit()
    held = db.session.scalar(select(func.count(SurveyContact.id)).join(Response).where(
        Response.survey_id == survey.id))
    answers = db.session.scalar(select(func.count(Response.id)).where(
        Response.survey_id == survey.id))
    with clock.frozen(datetime(2024, 7, 14)):
        assert purge()["survey_contact"] == 0
    with clock.frozen(datetime(2024, 7, 15)):
        result = runner.invoke(args=["privacy", "purge"])
    assert f"survey_contact: erased {held}" in result.output and held > 0
    assert db.session.scalar(select(func.count(Response.id)).where(
        Response.survey_id == survey.id)) == answers
