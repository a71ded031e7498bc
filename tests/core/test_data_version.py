"""The territory's data version: every write to its data gives it a new token, other writes
(logins, export logs) and other territories' writes do not; cached results follow it."""
from __future__ import annotations

from participation.contributions.services import record_contribution, retag
from participation.core import data_version, memo
from participation.exports.models import ExportLog
from participation.extensions import db
from tests import factories


def _version(territory) -> str:
    return data_version.current(db.session, territory.id)


def test_a_contribution_and_a_tag_change_only_their_territory(territory):
    other = factories.territory(name="Autre agglo")
    health = factories.challenge(territory, "S2")
    before, other_before = _version(territory), _version(other)
    contribution = record_contribution(territory.id, "Il manque un médecin")
    after_record = _version(territory)
    assert after_record != before
    retag(contribution, [health.id], None)
    assert _version(territory) != after_record
    assert _version(other) == other_before


def test_export_logs_and_logins_leave_the_version(territory):
    user = factories.user(territory)
    before = _version(territory)
    db.session.add(ExportLog(territory_id=territory.id, user_id=user.id, name="x", fmt="csv"))
    user.name = "Nouveau nom"
    db.session.commit()
    assert _version(territory) == before


def test_an_object_without_territory_is_traced_through_its_parents(territory):
    contribution = record_contribution(territory.id, "Le parc est beau")
    tag_parent = contribution  # ContributionChallenge -> Contribution -> territory
    from participation.contributions.models import ContributionChallenge

    tag = ContributionChallenge(contribution=tag_parent,
                                challenge_id=factories.challenge(territory, "S2").id)
    assert data_version.territory_of(tag) == territory.id


def test_a_statement_through_the_session_changes_every_version(territory):
    from sqlalchemy import update

    from participation.contributions.models import Contribution

    record_contribution(territory.id, "Des bancs")
    before = _version(territory)
    db.session.execute(update(Contribution).values(kind="atout"))
    db.session.commit()
    assert _version(territory) != before


def test_memo_computes_again_only_when_the_data_changed(app, territory):
    calls = []

    def compute():
        calls.append(1)
        return {"n": len(calls)}

    first = memo.memo(territory.id, "test", compute)
    first["n"] = 99  # callers get a copy: the kept value is untouched
    assert memo.memo(territory.id, "test", compute) == {"n": 1}
    record_contribution(territory.id, "Une épicerie")
    assert memo.memo(territory.id, "test", compute) == {"n": 2}
    assert len(calls) == 2


def test_a_bulk_survey_import_changes_the_version(territory):
    """The import writes with COPY / executemany beside the ORM: it bumps the version."""
    from participation.surveys.answers_import import import_answers_csv
    from tests.analysis.test_every_answer import _rows
    from tests.surveys.test_kobo import HEADER
    from tests.surveys.test_kobo import _survey as kobo_survey

    survey = kobo_survey(territory)
    before = _version(territory)
    content = ("\n".join([HEADER, *_rows()]) + "\n").encode("utf-8")
    assert import_answers_csv(survey, content)["added"] > 0
    assert _version(territory) != before


def test_a_residents_answer_gives_a_new_version_without_writing_the_territory_row(
        webapp, territory):
    """The quick answer path bumps nothing (no row lock that every answer of a territory
    would wait for): the version counts the territory's responses, so the analyses kept
    under the former version are computed again (``core.memo``)."""
    from participation.surveys import services
    from participation.territory.models import Territory
    from tests.formfill import form_to

    other = factories.territory(name="Autre agglo")
    survey = services.create_survey(territory.id, "Note du quartier")
    services.add_question(survey, "scale", "Note", min_value=1, max_value=10, required=True)
    services.set_status(survey, "open")
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert memo.memo(territory.id, "answers", compute) == 1
    token = db.session.get(Territory, territory.id).data_version
    before, other_before = _version(territory), _version(other)
    db.session.commit()
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url), url)
    form[f"q{survey.questions[0].id}"] = "7"
    assert form.submit().status_int == 302
    db.session.expire_all()
    assert db.session.get(Territory, territory.id).data_version == token  # row untouched
    assert _version(territory) != before
    assert _version(other) == other_before
    assert memo.memo(territory.id, "answers", compute) == 2
