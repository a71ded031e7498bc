"""An import page queues its free texts (``analysis.pending``) instead of building the
suggestion model inside its request (its first import loaded the word vectors, tagger and
encoder there: 7 s of CPU on the demo, bench/import_speed.py); they get the same
suggestions once the import committed, as a resident's answers do. Walked as a coordinator
does: the questionnaire and the tester's Google Forms file through the pages."""
from __future__ import annotations

from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.extensions import db
from tests.analysis.test_pending_suggestions import (
    _expected,
    _queued,
    left_for_later,  # noqa: F401 (fixture)
)
from tests.analysis.test_said_groups import _import


def _said(survey) -> list[Contribution]:
    db.session.expire_all()
    return list(db.session.scalars(select(Contribution).where(
        Contribution.source_type == "survey_answer",
        Contribution.territory_id == survey.territory_id).order_by(Contribution.id)))


def _tags(contribution: Contribution) -> list[tuple[int, str]]:
    return sorted((t.challenge_id, t.origin) for t in contribution.tags)


def _suggested_as_before(territory, said: list[Contribution]) -> None:
    """Each contribution holds the suggestions its text gets on its own, as before."""
    expected = {text: sorted(_expected(territory, text)) for text in {c.text for c in said}}
    assert [_tags(c) for c in said] == [expected[c.text] for c in said]
    assert any(expected.values())


def test_an_imports_texts_are_queued_then_suggested_as_before(
        webapp, web_login, territory, left_for_later):  # noqa: F811 (fixture)
    survey = _import(webapp, web_login, territory)
    said = _said(survey)
    assert len(said) > 50 and _queued() == len(said)  # the request suggested nothing
    assert all(_tags(c) == [] for c in said)
    webapp.get("/analysis/review")  # a page reads the tags: the queue is drained first
    assert _queued() == 0
    _suggested_as_before(territory, _said(survey))


def test_an_imports_texts_are_suggested_once_its_response_is_sent(webapp, web_login,
                                                                  territory):
    """The tests' setting (``SUGGESTIONS_DELAY`` None): drained once the import's response
    is sent, in the request's thread; a web worker's thread drains it otherwise."""
    survey = _import(webapp, web_login, territory)
    assert _queued() == 0
    _suggested_as_before(territory, _said(survey))
