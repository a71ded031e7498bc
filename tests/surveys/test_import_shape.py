"""A line of an answers file that is not as wide as its header is refused, naming it, and
nothing is imported (all or nothing, as for a wrong value); a spreadsheet row that stops
before its last empty cells is normal and imported.

The files are the coordinator tester's (tests/surveys/data/reimport/README.txt):
kobo_cut_line5.csv has 5 submissions, line 5 holding 18 of the 31 fields (cut after
groupe_2/conseil, before _uuid); kobo_new5.csv is the same file with line 5 complete.
Before the fix the cut line was stored under a hash of the line (``kobo-row:…``) and the
corrected file added it a second time.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest

from participation.surveys.imports import import_xlsform
from participation.surveys.models import Response, Survey
from participation.surveys.pending_import import PendingImport
from tests.formfill import form_to
from tests.surveys.test_import_preview import _count, _words
from tests.workbooks import xlsx

DATA = __import__("pathlib").Path(__file__).resolve().parent / "data" / "reimport"
CUT = "Ligne 5 : 18 colonnes au lieu de 31"


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def send_answers(webapp, survey, name: str, content: bytes, status: int,
                 dry_run: bool = False):
    """The results page's rendered answers import form, with ``content`` as file ``name``."""
    page = webapp.get(f"/surveys/{survey.id}/results")
    form = next(f for f in page.forms.values() if f.action.endswith("/import-answers"))
    form["file"] = (name, content)
    if dry_run:
        form["dry_run"] = True
    return form.submit(status=status)


def _survey(territory) -> Survey:
    return import_xlsform(territory.id, data("form.xlsx"))


@pytest.mark.forms("surveys/results.html#1", "surveys/import_answers_refused.html")
def test_cut_line_refused_then_corrected_file_adds_five(webapp, web_login, territory):
    """The cut file, checked then imported: refused both times, line 5 named, 0 stored; the
    refusal page's own form takes the corrected file: 5 responses (lines 2 to 6), once."""
    survey = _survey(territory)
    web_login("coordinator")
    for dry_run in (True, False):
        page = send_answers(webapp, survey, "cut.csv", data("kobo_cut_line5.csv"), 400,
                            dry_run)
        text = _words(page)
        assert CUT in text and "Aucune réponse n'a été importée" in text
        assert "Ligne 2" not in text and "Ligne 6" not in text  # only the wrong line
        assert (_count(Response), _count(PendingImport)) == (0, 0)
    again = next(f for f in page.forms.values() if f.action.endswith("/import-answers"))
    again["file"] = ("corrige.csv", data("kobo_new5.csv"))
    done = again.submit().follow()
    assert "5 réponses ajoutées, 0 déjà présente" in _words(done)
    assert _count(Response) == 5
    again_page = send_answers(webapp, survey, "corrige.csv", data("kobo_new5.csv"), 302)
    assert "0 réponse ajoutée, 5 déjà présentes" in _words(again_page.follow())
    assert _count(Response) == 5


@pytest.mark.forms("surveys/index.html#2")
def test_cut_line_refuses_the_questionnaire_import(webapp, web_login, territory):
    """XLSForm + the cut file through /surveys/: refused at the upload, the answers file and
    its line 5 named; no survey, no kept file."""
    web_login("coordinator")
    upload = form_to(webapp.get("/surveys/"), "/surveys/import")
    upload["file"] = ("form.xlsx", data("form.xlsx"))
    upload["answers"] = ("cut.csv", data("kobo_cut_line5.csv"))
    text = _words(upload.submit(status=400))
    assert "Fichier « cut.csv » : Aucune réponse n'a été importée" in text and CUT in text
    assert (_count(Survey), _count(Response), _count(PendingImport)) == (0, 0, 0)


def test_cli_dry_run_names_the_cut_line(runner, territory, tmp_path):
    """``flask surveys import-answers SLUG cut.csv --dry-run``: exit 1, line 5 named."""
    survey = _survey(territory)
    path = tmp_path / "cut.csv"
    path.write_bytes(data("kobo_cut_line5.csv"))
    result = runner.invoke(args=["surveys", "import-answers", survey.slug, str(path),
                                 "--dry-run"])
    assert result.exit_code == 1
    assert "  ligne 5 : 18 colonnes au lieu de 31" in result.output
    assert _count(Response) == 0


@pytest.mark.forms("surveys/results.html#1")
def test_extra_field_refused(webapp, web_login, territory):
    """kobo_new5.csv with a 32nd field on line 3 (« ;oups »): refused, line 3 named."""
    survey = _survey(territory)
    web_login("coordinator")
    lines = data("kobo_new5.csv").decode("utf-8-sig").split("\r\n")
    lines[2] += ";oups"
    page = send_answers(webapp, survey, "plus.csv", "\r\n".join(lines).encode(), 400)
    assert "Ligne 3 : 32 colonnes au lieu de 31" in _words(page)
    assert _count(Response) == 0


def _sheet(rows: list[list[str]]) -> bytes:
    """An .xlsx of ``rows`` (empty strings as empty cells) without its ``<dimension>``, as
    some tools write it: then each row ends at its last filled cell when read."""
    raw = io.BytesIO(xlsx({"Sheet": [[cell or None for cell in row] for row in rows]}))
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            content = src.read(name)
            if name.startswith("xl/worksheets/"):
                content = re.sub(rb"<dimension[^>]*/>", b"", content)
            dst.writestr(name, content)
    return out.getvalue()


@pytest.mark.forms("surveys/results.html#1")
def test_spreadsheet_rows_without_trailing_empty_cells_are_imported(webapp, web_login,
                                                                   territory):
    """kobo_new5.csv as an .xlsx without the ``_index`` column: ``_tags``, now last, is
    empty, so the header has 30 cells and each data row 29; normal, the 5 rows are imported.
    A value past the header's last column (row 4, column AE) refuses the sheet."""
    survey = _survey(territory)
    web_login("coordinator")
    rows = [row[:-1] for row in csv.reader(io.StringIO(
        data("kobo_new5.csv").decode("utf-8-sig")), delimiter=";")]
    beyond = [row + ["oups"] if i == 3 else row for i, row in enumerate(rows)]
    page = send_answers(webapp, survey, "plus.xlsx", _sheet(beyond), 400)
    assert "Ligne 4 : 31 colonnes au lieu de 30" in _words(page)
    assert _count(Response) == 0
    done = send_answers(webapp, survey, "new5.xlsx", _sheet(rows), 302).follow()
    assert "5 réponses ajoutées, 0 déjà présente" in _words(done)
    assert _count(Response) == 5


@pytest.mark.forms("surveys/results.html#1")
def test_spreadsheet_lines_are_named_by_their_row(webapp, web_login, territory):
    """The same sheet with row 3 left blank: the value past the last column, now on row 5,
    is named « Ligne 5 » (the spreadsheet's row; blank rows used to be removed before the
    rows were numbered, which named it « Ligne 4 »); without it, the 5 rows are imported."""
    survey = _survey(territory)
    web_login("coordinator")
    rows = [row[:-1] for row in csv.reader(io.StringIO(
        data("kobo_new5.csv").decode("utf-8-sig")), delimiter=";")]
    blank = [[""] * len(rows[0])]
    spaced = rows[:2] + blank + rows[2:]
    beyond = [row + ["oups"] if i == 4 else row for i, row in enumerate(spaced)]
    page = send_answers(webapp, survey, "plus.xlsx", _sheet(beyond), 400)
    assert "Ligne 5 : 31 colonnes au lieu de 30" in _words(page)
    done = send_answers(webapp, survey, "new5.xlsx", _sheet(spaced), 302).follow()
    assert "5 réponses ajoutées, 0 déjà présente" in _words(done)
    assert _count(Response) == 5
