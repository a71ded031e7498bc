"""Bad input never gives a server error nor a half-stored response (hypothesis)."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from participation.core.errors import ImportRejected
from participation.extensions import db
from participation.surveys.answers_import import import_google_csv
from participation.surveys.imports import import_xlsform
from participation.surveys.models import Answer, Response
from tests.surveys.helpers import survey_with_condition

FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
texts = st.one_of(st.text(max_size=50), st.integers().map(str),
                  st.just("x" * 100_000), st.just("autre"), st.just(""))


def _counts() -> tuple[int, int]:
    return (db.session.scalar(select(func.count(Response.id))),
            db.session.scalar(select(func.count(Answer.id))))


@FUZZ
@given(values=st.lists(texts, min_size=6, max_size=6), token=texts, shown=texts)
def test_public_endpoint_never_fails(client, territory, values, token, shown):
    survey = survey_with_condition(territory)
    names = [f"q{q.id}" for q in survey.questions] + [f"q{survey.questions[1].id}_autre",
                                                      "consent"]
    before = _counts()
    data = dict(zip(names, values, strict=False)) | {"token": token[:80], "shown": shown}
    response = client.post(f"/s/{survey.slug}", data=data)
    nul = any("\x00" in value for value in data.values())  # refused before any view (400)
    assert response.status_code in ((400,) if nul else (200, 302, 303))
    if response.status_code != 302:
        assert _counts() == before
    if response.status_code == 303:  # nothing stored: the form's page with a draft
        assert client.get(response.location).status_code == 200


@FUZZ
@given(content=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode),
                         st.just(b""), st.just("Horodateur;Note\n01/01/2023;é".encode("latin-1"))))
def test_csv_importer_rejects_or_stores_all(territory, content):
    survey = survey_with_condition(territory)
    before = _counts()
    try:
        import_google_csv(survey, content)
    except ImportRejected as exc:
        assert exc.message and all(isinstance(line, int) for line, _m in exc.errors)
        assert _counts() == before


@FUZZ
@given(content=st.binary(max_size=300))
def test_xlsform_importer_rejects_garbage(territory, content):
    try:
        import_xlsform(territory.id, content)
    except ImportRejected as exc:
        assert "XLSForm" in exc.message
