"""``flask surveys import-answers``'s consent report (``import_consent``): each row with a
contact and its outcome on a dry run, a blank declaration refused."""
from __future__ import annotations

from participation.surveys.models import Response, SurveyContact
from tests.rows import count_rows as _count
from tests.surveys.consent_files import _kobo, _survey


def test_cli_dry_run_lists_each_row(runner, territory, tmp_path):
    """``flask surveys import-answers ID kobo.csv --dry-run``: each row with a contact, its
    outcome and the counts; nothing stored. A blank declaration is refused."""
    survey = _survey(territory)
    answers = tmp_path / "kobo.csv"
    answers.write_bytes(_kobo(True))
    result = runner.invoke(args=["surveys", "import-answers", str(survey.id), str(answers),
                                 "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = lines.index("Coordonnées (colonnes « contact ») ; consentement : « consentement »")
    assert lines[start + 1:start + 7] == [
        "  - ligne 2 : consentement donné dans le fichier : coordonnées gardées à part",
        "  - ligne 3 : réponse de consentement vide : coordonnées non conservées",
        "  - ligne 4 : consentement refusé : coordonnées non conservées",
        "  1 coordonnée gardée à part : consentement donné dans le fichier",
        "  1 coordonnée non conservée : réponse de consentement vide",
        "  1 coordonnée non conservée : consentement refusé"]
    assert (_count(Response), _count(SurveyContact)) == (0, 0)
    blank = runner.invoke(args=["surveys", "import-answers", str(survey.id), str(answers),
                                "--consentement-hors-fichier", " "])
    assert blank.exit_code == 2 and "Dites où et comment" in blank.output
    assert _count(Response) == 0
