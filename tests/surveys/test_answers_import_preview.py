"""Answers imported into an existing survey (its results page) and the command line: the
preview keeps the file between « Vérifier seulement » and « Importer », as the
questionnaire import does (tests/surveys/test_import_preview.py, whose page-reading helpers
these tests use)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.extensions import db
from participation.surveys.models import Response, Survey, SurveyContact
from participation.surveys.pending_import import PendingImport
from tests.formfill import form_to
from tests.reading import plain
from tests.surveys.import_cases import CASES, form, upload_answers
from tests.surveys.test_import_preview import _count, _haut_bas, _words


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_answers_preview_cancel_and_double_click(webapp, web_login, territory):
    """gforms-download-timestamp's 2 rows previewed twice: « Annuler » stores nothing and
    deletes the kept file; « Importer » clicked twice stores the 2 rows once."""
    survey = form(territory, "gforms-download-timestamp")
    web_login("coordinator")
    preview = upload_answers(webapp, survey, "gforms-download-timestamp", "answers_utc.csv",
                             status=200, dry_run=True)
    assert "« answers_utc.csv » est gardé pour cet import" in _words(preview)
    page = form_to(preview, "/import-answers").submit("action", value="annuler").follow()
    assert "Import annulé : rien n'a été enregistré." in _words(page)
    assert (_count(Response), _count(PendingImport)) == (0, 0)

    preview = upload_answers(webapp, survey, "gforms-download-timestamp", "answers_utc.csv",
                             status=200, dry_run=True)
    confirm = form_to(preview, "/import-answers")
    assert "2 réponses ajoutées" in _words(confirm.submit().follow())
    assert "Cet aperçu n'existe plus" in _words(confirm.submit().follow())
    assert (_count(Response), _count(PendingImport)) == (2, 0)


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_answers_imported_meanwhile_make_a_new_preview(webapp, web_login, territory):
    """Previewed: 2 rows to add. The same file is imported meanwhile (another tab): the
    preview's « Importer » stores nothing more and shows the new preview (0 to add, 2 already
    present)."""
    survey = form(territory, "gforms-download-timestamp")
    web_login("coordinator")
    preview = upload_answers(webapp, survey, "gforms-download-timestamp", "answers_utc.csv",
                             status=200, dry_run=True)
    assert "2 réponses à ajouter" in _words(preview)
    upload_answers(webapp, survey, "gforms-download-timestamp", "answers_utc.csv")
    assert _count(Response) == 2
    again = form_to(preview, "/import-answers").submit(status=200)
    text = _words(again)
    assert "Les réponses ont changé depuis l'aperçu : rien n'a été importé." in text
    assert "0 réponse à ajouter, 2 déjà présentes" in text
    assert (_count(Response), _count(PendingImport)) == (2, 1)


def test_cli_dry_run_prints_the_preview_and_stores_nothing(runner, territory):
    """``flask surveys import-form form.xlsx --territory T --answers answers.csv --dry-run``
    on personal-labels-not-detected, then without ``--dry-run``: 1 row, 1 contribution."""
    haut, _bas = _haut_bas(territory)
    case = CASES / "personal-labels-not-detected"
    args = ["surveys", "import-form", str(case / "form.xlsx"), "--territory", territory.slug,
            "--answers", str(case / "answers.csv")]
    result = runner.invoke(args=[*args, "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = [plain(line) for line in result.output.splitlines()]
    assert lines[0] == "Questionnaire « Questionnaire importé » : 6 questions"
    assert "  - nom (Texte court) : donnée personnelle, gardée à part avec le consentement" \
        in lines
    assert "  - idee (Texte court) : texte libre : chaque réponse devient une contribution " \
        "(Proposition)" in lines
    assert "Aucune question n'a été reconnue comme le quartier des réponses." in lines
    assert lines[-5:] == [
        "Coordonnées (colonnes « nom », « mail », « portable », « adresse », « tel ») ; "
        "consentement : aucune colonne dans le fichier",
        "  - ligne 2 : pas de consentement dans le fichier : coordonnées non conservées",
        "  1 coordonnée non conservée : pas de consentement dans le fichier",
        "Réponses à ajouter : 1 ; lignes écartées : 0 ; contributions : 1",
        "(essai, rien n'est enregistré)"]
    assert (_count(Survey), _count(Response)) == (0, 0)
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    slug = result.output.splitlines()[-1]
    assert db.session.scalar(select(Survey.slug)) == slug
    # no consent column in answers.csv: the row is imported without its 5 contacts (were
    # kept "as left on the original form" before import_consent)
    assert (_count(Response), _count(Contribution), _count(SurveyContact)) == (1, 1, 0)


