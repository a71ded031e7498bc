"""The same submissions are never imported twice in a territory, by any path
(participation/surveys/reimport.py).

The coordinator tester's case (session 25): the XLSForm « Enquête habitants Pasteur-Foch
2026 » (form_id enquete_pf_2026) imported with its Kobo export through « Importer un
questionnaire XLSForm », then the same two files again: the preview said « 62 réponses à
ajouter, 0 déjà présente » and a second identical survey was stored, every text counted
twice. Files: tests/surveys/data/reimport/README.txt. Hand counts: kobo.csv has 63 data
lines, one of them not approved in review (left out), so 62 responses; kobo_new5.csv has 5
submissions whose _uuid are not in kobo.csv.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys.answers_import import import_answers_csv
from participation.surveys.imports import import_xlsform
from participation.surveys.models import Response, Survey
from participation.surveys.pending_import import PendingImport
from tests import factories
from tests.formfill import form_to
from tests.surveys.import_cases import case_bytes
from tests.surveys.import_cases import form as case_form
from tests.surveys.test_import_preview import _count, _words
from tests.surveys.test_import_shape import DATA, data, send_answers

TITLE = "Enquête habitants Pasteur-Foch 2026"


def _questionnaire(webapp, answers: tuple[str, bytes] | None, status: int = 302):
    """The rendered « Importer un questionnaire XLSForm » form of /surveys/: form.xlsx and
    ``answers`` (name, bytes) or none."""
    upload = form_to(webapp.get("/surveys/"), "/surveys/import")
    upload["file"] = ("form.xlsx", data("form.xlsx"))
    if answers is not None:
        upload["answers"] = answers
    return upload.submit(status=status)


def _first_import(webapp) -> Survey:
    """form.xlsx + kobo.csv through the questionnaire import, « Importer » pressed."""
    preview = _questionnaire(webapp, ("kobo.csv", data("kobo.csv"))).follow()
    assert "62 réponses à ajouter, 0 déjà présente, 1 ligne écartée" in _words(preview)
    form_to(preview, "/confirm").submit().follow()
    return db.session.scalar(select(Survey))


def _responses(survey: Survey) -> int:
    return db.session.scalar(select(func.count(Response.id))
                             .where(Response.survey_id == survey.id))


def _held(n: int, total: int, survey: Survey) -> str:
    return (f"{n} réponses du fichier sur {total} sont déjà dans le questionnaire "
            f"« {TITLE} » (n° {survey.id}) : elles ne sont pas importées à nouveau")


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1",
                   "surveys/import_questionnaire.html#3", "surveys/import_preview.html")
def test_same_export_again_goes_to_its_survey(webapp, web_login, territory):
    """The same export with 5 more submissions (kobo.csv + kobo_new5.csv's 5 lines: 68
    lines, 1 left out, 67 read): the preview names the survey holding 62 of them, offers no
    « Importer », and its « Ajouter les nouvelles réponses à … » leads to that survey's
    answers preview (5 to add, 62 already there), whose « Importer » adds the 5: one survey,
    62 + 5 = 67 responses."""
    web_login("coordinator")
    first = _first_import(webapp)
    assert _responses(first) == 62
    more = data("kobo.csv").rstrip(b"\r\n") + b"\r\n" + \
        data("kobo_new5.csv").split(b"\r\n", 1)[1]
    preview = _questionnaire(webapp, ("kobo_plus5.csv", more)).follow()
    text = _words(preview)
    assert "5 réponses à ajouter, 62 déjà présentes, 1 ligne écartée" in text
    assert _held(62, 67, first) in text
    buttons = preview.html.find("form", id="import-confirm").find_all("button")
    assert "Importer" not in [b.get_text(strip=True) for b in buttons]
    answers = preview.forms[f"import-into-{first.id}"].submit(status=200)
    words = _words(answers)
    assert "68 lignes lues : 5 réponses à ajouter, 62 déjà présentes, 1 ligne écartée" in words
    done = form_to(answers, "/import-answers").submit().follow()
    assert "5 réponses ajoutées, 62 déjà présentes" in _words(done)
    assert (_count(Survey), _responses(first), _count(PendingImport)) == (1, 67, 0)


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1")
def test_confirm_of_a_held_export_is_refused(webapp, web_login, territory):
    """The same two files again, the preview's confirm form posted as rendered (it has no
    button: a stale tab, a script): refused, nothing stored, the survey holding them named."""
    web_login("coordinator")
    first = _first_import(webapp)
    preview = _questionnaire(webapp, ("kobo.csv", data("kobo.csv"))).follow()
    assert "0 réponse à ajouter, 62 déjà présentes, 1 ligne écartée" in _words(preview)
    refused = preview.forms["import-confirm"].submit(status=400)
    text = _words(refused)
    assert "Fichier « kobo.csv » : Ces réponses ont déjà été importées" in text
    assert _held(62, 62, first) in text
    assert (_count(Survey), _count(Response), _count(PendingImport)) == (1, 62, 1)


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1")
def test_same_form_alone_is_warned(webapp, web_login, territory):
    """form.xlsx alone after the first import: the preview warns that a survey of the same
    form exists (its number, form id, version 2026100101 from the settings sheet, 62
    responses) and that the file is the same version; « Importer » still makes a second,
    empty survey (a copy to adapt is allowed)."""
    web_login("coordinator")
    first = _first_import(webapp)
    preview = _questionnaire(webapp, None).follow()
    assert (f"Un questionnaire du même formulaire existe déjà : « {TITLE} » (n° {first.id}, "
            "identifiant du formulaire « enquete_pf_2026 », version « 2026100101 », 62 "
            "réponses). Ce fichier est la même version du formulaire.") in _words(preview)
    assert "import-into-" not in preview.text  # no answers file: nothing to add
    form_to(preview, "/confirm").submit().follow()
    assert (_count(Survey), _count(Response)) == (2, 62)


@pytest.mark.forms("surveys/results.html#1")
def test_answers_page_of_another_survey_adds_nothing_held(webapp, web_login, territory):
    """A second survey of the same form, kobo.csv through its results page: 0 added, 62
    already present, and the survey that holds them named; kobo_new5.csv then adds 5."""
    web_login("coordinator")
    first = _first_import(webapp)
    second = import_xlsform(territory.id, data("form.xlsx"))
    page = send_answers(webapp, second, "kobo.csv", data("kobo.csv"), 302).follow()
    text = _words(page)
    assert "0 réponse ajoutée, 62 déjà présentes, 1 ligne écartée" in text
    assert _held(62, 62, first) in text
    page = send_answers(webapp, second, "kobo_new5.csv", data("kobo_new5.csv"), 302).follow()
    assert "5 réponses ajoutées, 0 déjà présente" in _words(page)
    assert (_responses(first), _responses(second)) == (62, 5)


def test_cli_paths_and_dry_runs_add_nothing_held(runner, territory, tmp_path):
    """``import-form --answers`` again: the dry run names the survey holding the 62, the
    real run is refused (exit 1); ``import-answers`` into a second survey of the form, dry
    run then real: 0 added, 62 already present."""
    first = import_xlsform(territory.id, data("form.xlsx"))
    import_answers_csv(first, data("kobo.csv"))
    form, answers = tmp_path / "form.xlsx", tmp_path / "kobo.csv"
    form.write_bytes(data("form.xlsx"))
    answers.write_bytes(data("kobo.csv"))
    args = ["surveys", "import-form", str(form), "--territory", territory.slug,
            "--answers", str(answers)]
    dry = runner.invoke(args=[*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert _held(62, 62, first) in dry.output
    assert "Réponses à ajouter : 0 ; lignes écartées : 1" in dry.output
    real = runner.invoke(args=args)
    assert real.exit_code == 1 and "Ces réponses ont déjà été importées" in real.output
    second = import_xlsform(territory.id, data("form.xlsx"))
    for extra in (["--dry-run"], []):
        result = runner.invoke(args=["surveys", "import-answers", second.slug, str(answers),
                                     *extra])
        assert result.exit_code == 0, result.output
        assert _held(62, 62, first) in result.output
        assert "0 réponse ajoutée, 62 déjà présentes, 1 ligne écartée" in result.output
    assert (_count(Survey), _count(Response)) == (2, 62)


def test_google_forms_lines_and_other_territories(territory):
    """gforms-download-timestamp's 2 lines (identity: a hash of the line) imported into a
    survey, then into a second survey of the territory: 0 added, 2 held by the first; into
    a survey of another territory: 2 added (a territory never sees another's)."""
    first = case_form(territory, "gforms-download-timestamp")
    content = case_bytes("gforms-download-timestamp", "answers_utc.csv")
    assert import_answers_csv(first, content)["added"] == 2
    second = case_form(territory, "gforms-download-timestamp")
    report = import_answers_csv(second, content)
    assert (report["added"], report["skipped"]) == (0, 2)
    assert report["elsewhere"] == [{"id": first.id, "title": first.title, "count": 2}]
    other = case_form(factories.territory(name="Autre agglo", communes=("Lille",)),
                      "gforms-download-timestamp")
    assert import_answers_csv(other, content)["added"] == 2
    assert _count(Response) == 4


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1")
def test_answers_held_since_the_preview_make_a_new_preview(webapp, web_login, territory):
    """Previewed first (62 to add), the same answers imported meanwhile into another survey
    (another tab, the CLI): « Importer » stores nothing and shows the new preview, which
    names that survey and has no « Importer »."""
    web_login("coordinator")
    preview = _questionnaire(webapp, ("kobo.csv", data("kobo.csv"))).follow()
    assert "62 réponses à ajouter, 0 déjà présente" in _words(preview)
    meanwhile = import_xlsform(territory.id, data("form.xlsx"))
    import_answers_csv(meanwhile, data("kobo.csv"))
    again = form_to(preview, "/confirm").submit().follow()
    text = _words(again)
    assert "Ces réponses ont été importées dans un autre questionnaire depuis l'aperçu : " \
        "rien n'a été importé." in text
    assert "0 réponse à ajouter, 62 déjà présentes" in text and \
        _held(62, 62, meanwhile) in text
    buttons = again.html.find("form", id="import-confirm").find_all("button")
    assert "Importer" not in [b.get_text(strip=True) for b in buttons]
    assert (_count(Survey), _count(Response), _count(PendingImport)) == (1, 62, 1)


def test_xlsx_export_of_the_same_submissions_is_held(territory):
    """kobo.xlsx (Kobo's XLS export of the same 63 submissions) into a second survey of the
    form, after kobo.csv into the first: same _uuid, so 0 added, 62 held by the first, the
    row not approved still left out."""
    first = import_xlsform(territory.id, data("form.xlsx"))
    assert import_answers_csv(first, data("kobo.csv"))["added"] == 62
    second = import_xlsform(territory.id, data("form.xlsx"))
    report = import_answers_csv(second, data("kobo.xlsx"))
    assert (report["added"], report["skipped"], len(report["left_out"])) == (0, 62, 1)
    assert report["elsewhere"] == [{"id": first.id, "title": TITLE, "count": 62}]
    assert _count(Response) == 62


def test_cli_dry_run_names_another_version(runner, territory, tmp_path):
    """form.xlsx with its settings version changed to 2026110501, checked with ``import-form
    --dry-run`` after form.xlsx (version 2026100101) was imported: the warning gives both
    versions; nothing stored."""
    from openpyxl import load_workbook

    first = import_xlsform(territory.id, data("form.xlsx"))
    book = load_workbook(DATA / "form.xlsx")
    settings = book["settings"]
    column = [c.value for c in settings[1]].index("version") + 1
    settings.cell(row=2, column=column, value="2026110501")
    path = tmp_path / "form_v2.xlsx"
    book.save(path)
    result = runner.invoke(args=["surveys", "import-form", str(path), "--territory",
                                 territory.slug, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert (f"Un questionnaire du même formulaire existe déjà : « {TITLE} » (n° {first.id}, "
            "identifiant du formulaire « enquete_pf_2026 », version « 2026100101 », 0 "
            "réponse). Ce fichier est la version « 2026110501 » du formulaire.") \
        in result.output
    assert _count(Survey) == 1


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#3",
                   "surveys/import_preview.html")
def test_new_answers_with_the_same_form_can_go_to_its_survey(webapp, web_login, territory):
    """form.xlsx + kobo_new5.csv (5 submissions none of which is stored) after the first
    import: nothing is held, but the form is the same: the warning, « Importer » still
    offered, and « Ajouter les nouvelles réponses à … » taking the 5 to the first survey:
    one survey, 62 + 5 = 67 responses."""
    web_login("coordinator")
    first = _first_import(webapp)
    preview = _questionnaire(webapp, ("kobo_new5.csv", data("kobo_new5.csv"))).follow()
    text = _words(preview)
    assert "5 réponses à ajouter, 0 déjà présente" in text
    assert "Un questionnaire du même formulaire existe déjà" in text and \
        "Pour ajouter ces réponses au questionnaire existant, utilisez plutôt le bouton en " \
        "bas de page." in text
    buttons = preview.html.find("form", id="import-confirm").find_all("button")
    assert "Importer" in [b.get_text(strip=True) for b in buttons]
    answers = preview.forms[f"import-into-{first.id}"].submit(status=200)
    assert "5 lignes lues : 5 réponses à ajouter, 0 déjà présente, 0 ligne écartée" in \
        _words(answers)
    done = form_to(answers, "/import-answers").submit().follow()
    assert "5 réponses ajoutées, 0 déjà présente" in _words(done)
    assert (_count(Survey), _responses(first), _count(PendingImport)) == (1, 67, 0)
