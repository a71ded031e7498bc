"""The import cases of ``/work/shared/fixtures/import-cases`` copied under
``tests/surveys/data/import_cases`` (one folder per case, with its README.txt), and the
paths a coordinator takes to import them: the service, the CLI and the web upload."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from participation.extensions import db
from participation.surveys.answers_import import import_answers_csv
from participation.surveys.frames import read_frames
from participation.surveys.imports import import_xlsform
from participation.surveys.models import Response
from participation.surveys.results import survey_results

CASES = Path(__file__).resolve().parent / "data" / "import_cases"


def case_bytes(case: str, name: str) -> bytes:
    return (CASES / case / name).read_bytes()


def form(territory, case: str, name: str = "form.xlsx"):
    return import_xlsform(territory.id, case_bytes(case, name))


def results(survey) -> dict:
    """``{question name: its result}`` as ``flask surveys results --json`` prints them."""
    return {q["name"]: q for q in survey_results(read_frames(survey))["questions"]}


def options(result: dict) -> dict:
    """``{option name: (count, pct)}`` of a choice question's result."""
    return {o["name"]: (o["count"], o["pct"]) for o in result["options"]}


def upload_form(webapp, case: str, name: str, status: int = 302):
    """Upload an XLSForm through the rendered import form of /surveys/."""
    page = webapp.get("/surveys/")
    form_ = next(f for f in page.forms.values() if f.action.endswith("/surveys/import"))
    form_["file"] = (name, case_bytes(case, name))
    return form_.submit(status=status)


def upload_answers(webapp, survey, case: str, name: str, status: int = 302,
                   dry_run: bool = False):
    """Upload an answers file through the rendered import form of the results page."""
    page = webapp.get(f"/surveys/{survey.id}/results")
    form_ = next(f for f in page.forms.values() if f.action.endswith("/import-answers"))
    form_["file"] = (name, case_bytes(case, name))
    if dry_run:
        form_["dry_run"] = True
    return form_.submit(status=status)


def imported(territory, case: str, content: bytes):
    """The form of ``case`` with the answers file ``content`` imported through the service:
    ``(survey, report)``, the report as ``import_answers_csv`` returns it."""
    survey = form(territory, case)
    return survey, import_answers_csv(survey, content)


def stored_times(survey) -> list[str]:
    """The survey's stored response instants (``submitted_at``, naive UTC), sorted, as
    ``"YYYY-MM-DD HH:MM:SS"``."""
    return [t.isoformat(sep=" ") for t in db.session.scalars(
        select(Response.submitted_at).where(Response.survey_id == survey.id)
        .order_by(Response.submitted_at))]


def previewed(webapp, web_login, territory, case: str, name: str):
    """The form of ``case``, a coordinator signed in, and its answers file ``name`` uploaded
    as a dry run through the results page: ``(survey, the preview page)`` (200)."""
    survey = form(territory, case)
    web_login("coordinator")
    return survey, upload_answers(webapp, survey, case, name, status=200, dry_run=True)


def import_from_preview(preview, case: str, name: str, status: int = 302):
    """The preview page's own « Importer » form, as the coordinator sends it after reading
    the preview: the file the preview read (``case``'s ``name``, named by the caller for its
    reader) is kept on the server, not chosen again; returns the response (``status``)."""
    again = next(f for f in preview.forms.values() if f.action.endswith("/import-answers"))
    assert "file" not in again.fields and again["token"].value  # kept: nothing to pick
    return again.submit(status=status)
