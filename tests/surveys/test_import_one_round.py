"""An answers file is judged in one round, on the rows it would store only.

Fault 1 (testers, last session): a file with wrong lines (a bad date, a number out of range)
and values outside the choice lists reported only the wrong lines; once they were corrected,
the re-upload stopped again on the unlisted values. Now the refusal names every wrong line
(line, column, value, French reason) and lists the unlisted values with their choice, and the
corrected file goes back from that page with the decisions: one correction, one decision.

Fault 2: rows the import skips (already imported, met twice in the file, rejected in review)
and answers dropped because their question does not apply counted in the list and summary of
the unlisted values.

Survey « Équipements »: quartier (Haut-de-ville, Bas-de-ville; no "Autre"), activités
(Atelier couture, Aide numérique, Cuisine; with "Autre"), âge (number 0 to 120, whole).
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.core.errors import ImportRejected
from participation.extensions import db
from participation.surveys import services
from participation.surveys.answers_import import import_answers_csv
from participation.surveys.models import Answer, Response
from tests.formfill import form_to
from tests.reading import plain
from tests.surveys.helpers import equipements_survey
from tests.surveys.import_cases import options, results
from tests.surveys.test_unlisted_values import _choose, _rows

HEADER = ("Horodateur,Dans quel quartier habitez-vous ?,Quelles activités voudriez-vous ?,"
          "Quel âge avez-vous ?\n")
# line 3: « Bas ville » (no choice, no "Autre"); line 4: 130 out of 0-120; line 5: 31 June
# does not exist, and « Yoga » (kept as "Autre" by default); line 6: 12,5 is no whole number
WRONG = (HEADER + "04/06/2024 10:00:00,Haut-de-ville,Atelier couture,34\n"
         "04/06/2024 10:05:00,Bas ville,Aide numérique,41\n"
         "04/06/2024 10:10:00,Haut-de-ville,Cuisine,130\n"
         "31/06/2024 10:15:00,Bas-de-ville,Yoga,27\n"
         "04/06/2024 10:20:00,Bas-de-ville,Cuisine,\"12,5\"\n").encode()
FIXED = WRONG.replace(b",130\n", b",13\n").replace(b"31/06/2024", b"30/06/2024") \
    .replace(b'"12,5"', b"12")


@pytest.fixture
def equipements(territory):
    survey = equipements_survey(territory)
    services.add_question(survey, "number", "Quel âge avez-vous ?", name="age", min_value=0,
                          max_value=120, whole_number=True)
    return survey


def _count() -> int:
    return db.session.scalar(select(func.count(Response.id)))


def _upload(webapp, survey, content: bytes, dry_run: bool = False, status: int = 200):
    page = webapp.get(f"/surveys/{survey.id}/results")
    form = form_to(page, f"/surveys/{survey.id}/import-answers")
    form["file"] = ("reponses.csv", content)
    if dry_run:
        form["dry_run"] = True
    return form.submit(status=status)


def _problems(page) -> list[str]:
    return [plain(" ".join(li.get_text().split()))
            for li in page.html.select("ul.import-errors li")]


@pytest.mark.forms("surveys/results.html#1", "surveys/import_answers_refused.html")
def test_wrong_lines_and_unlisted_values_come_in_one_round(webapp, web_login, equipements):
    web_login("coordinator")
    refused = _upload(webapp, equipements, WRONG, status=400)
    problems = _problems(refused)
    assert problems[0] == ("Ligne 4 : colonne « Quel âge avez-vous ? » : « 130 » est hors des "
                           "bornes de la question (de 0 à 120)")
    assert problems[1].startswith("Ligne 5 : colonne « Horodateur » : date « 31/06/2024 "
                                  "10:15:00 » illisible")
    assert problems[2] == ("Ligne 6 : colonne « Quel âge avez-vous ? » : « 12,5 » n'est pas "
                           "un nombre entier (la question attend un nombre sans virgule)")
    assert len(problems) == 3
    assert "3 problèmes dans le fichier" in plain(refused.text)
    assert _rows(refused) == [
        ["« Bas ville »", "Dans quel quartier habitez-vous ?",
         "Dans quel quartier habitez-vous ?", "3", "1",
         "refusée : le fichier n'est pas importé tant qu'elle y est"],
        ["« Yoga »", "Quelles activités voudriez-vous ?", "Quelles activités voudriez-vous ?",
         "5", "1", "gardée comme « Autre : Yoga »"]]
    assert _count() == 0  # nothing half-imported
    form = form_to(refused, f"/surveys/{equipements.id}/import-answers")
    form["file"] = ("reponses-corrige.csv", FIXED)
    _choose(form, "Bas ville", "comptée comme le choix « Bas-de-ville »")
    done = form.submit(status=302).follow()
    text = " ".join(plain(done.text).split())
    assert "5 réponses ajoutées" in text
    assert "2 valeurs absentes de la liste des choix : 1 gardée comme « Autre », 1 comptée " \
        "comme un choix." in text
    # hand count, base 5: haut lines 2, 4; bas 3 (Bas ville -> Bas-de-ville), 5, 6;
    # couture 2, numérique 3, cuisine 4 and 6, "Autre" « Yoga » 5
    got = results(equipements)
    assert options(got["quartier"]) == {"haut": (2, 40), "bas": (3, 60)}
    assert options(got["activites"]) == {"couture": (1, 20), "numerique": (1, 20),
                                         "cuisine": (2, 40)}
    assert (got["activites"]["other"]["count"], got["activites"]["other"]["pct"]) == (1, 20)
    assert sorted(db.session.scalars(select(Answer.number).where(
        Answer.number.is_not(None)))) == [12, 13, 27, 34, 41]


def test_kobo_file_and_cli_report_every_problem_at_once(runner, equipements, tmp_path):
    """Kobo names: « abc » is no age (line 3), « centre » no quartier (line 4), « 200 » out
    of bounds (line 4 too): the CLI prints the three problems and the value in one run."""
    content = (b"end;quartier;activites;age;_uuid\n"
               b"2024-06-04T10:00:00+02:00;haut;couture;34;k1\n"
               b"2024-06-04T10:05:00+02:00;bas;numerique;abc;k2\n"
               b"2024-06-04T10:10:00+02:00;centre;cuisine;200;k3\n")
    with pytest.raises(ImportRejected) as refused:
        import_answers_csv(equipements, content, ask=True)
    assert refused.value.errors == [
        (3, "colonne « age » : « abc » n'est pas un nombre"),
        (4, "colonne « age » : « 200 » est hors des bornes de la question (de 0 à 120)")]
    [found] = refused.value.report["unlisted"]["found"].values()
    assert (found["value"], found["columns"], found["lines"]) == ("centre", ["quartier"], [4])
    path = tmp_path / "kobo.csv"
    path.write_bytes(content)
    result = runner.invoke(args=["surveys", "import-responses", str(equipements.id), str(path)])
    assert result.exit_code == 1 and _count() == 0
    assert "  ligne 3 : colonne « age » : « abc » n'est pas un nombre" in result.output
    assert "  ligne 4 : colonne « quartier » : « centre » n'est pas un choix" in result.output
    assert "  - colonne « quartier » (question « quartier ») : « centre », 1 fois (ligne 4) : " \
        "refusée : le fichier n'est pas importé tant qu'elle y est" in result.output


FIRST = (HEADER + "04/06/2024 10:00:00,Haut-de-ville,\"Atelier couture, Yoga\",34\n"
         "04/06/2024 10:05:00,Bas-de-ville,Cuisine,41\n").encode()
# lines 2 and 3: FIRST's rows, already imported (« Yoga » on line 2 must not count again);
# line 4: « Danse », new; line 5: line 4 again (skipped); line 6: « Bas ville », new
SECOND = FIRST + (b"05/06/2024 09:00:00,Haut-de-ville,Danse,50\n"
                  b"05/06/2024 09:00:00,Haut-de-ville,Danse,50\n"
                  b"05/06/2024 09:30:00,Bas ville,Cuisine,29\n")


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_skipped_rows_do_not_count_in_the_unlisted_values(webapp, web_login, equipements):
    import_answers_csv(equipements, FIRST)  # « Yoga » kept as "Autre" (the default)
    web_login("coordinator")
    preview = _upload(webapp, equipements, SECOND, dry_run=True)
    assert "5 lignes lues : 2 réponses à ajouter, 3 déjà présentes, 0 ligne écartée" in \
        " ".join(plain(preview.text).split())
    assert _rows(preview) == [  # hand count: one line each, nothing from lines 2, 3 and 5
        ["« Danse »", "Quelles activités voudriez-vous ?", "Quelles activités voudriez-vous ?",
         "4", "1", "gardée comme « Autre : Danse »"],
        ["« Bas ville »", "Dans quel quartier habitez-vous ?",
         "Dans quel quartier habitez-vous ?", "6", "1",
         "refusée : le fichier n'est pas importé tant qu'elle y est"]]
    form = form_to(preview, f"/surveys/{equipements.id}/import-answers")  # the kept file
    _choose(form, "Bas ville", "comptée comme le choix « Bas-de-ville »")
    done = form.submit(status=302).follow()
    text = " ".join(plain(done.text).split())
    assert "2 réponses ajoutées, 3 déjà présentes" in text
    assert "2 valeurs absentes de la liste des choix : 1 gardée comme « Autre », 1 comptée " \
        "comme un choix." in text
    # base 4: haut (FIRST 2, SECOND 4), bas (FIRST 3, SECOND 6 by the decision)
    assert options(results(equipements)["quartier"]) == {"haut": (2, 50), "bas": (2, 50)}
    assert sorted(db.session.scalars(select(Answer.text).where(Answer.is_other.is_(True)))) \
        == ["Danse", "Yoga"]


def test_rejected_and_not_applicable_answers_do_not_count(equipements):
    """Kobo: k1 stored before (« yoga » again), k2 rejected in review (« plage »), k3 new with
    « danse » and a « frequence » of « jamais » while it only applies to haut (dropped),
    k3 met again on line 5: only « danse » (line 4) is listed and counted."""
    frequence = services.add_question(equipements, "single", "Y allez-vous souvent ?",
                                      ["Souvent", "Rarement"], name="frequence",
                                      option_names=["souvent", "rarement"])
    services.set_condition(frequence, "${quartier} = 'haut'")
    import_answers_csv(equipements, b"end;quartier;activites;_uuid\n"
                       b"2024-06-04T10:00:00+02:00;haut;couture yoga;k1\n")
    content = (b"end;quartier;activites;frequence;_uuid;_validation_status\n"
               b"2024-06-04T10:00:00+02:00;haut;couture yoga;;k1;\n"
               b"2024-06-04T10:05:00+02:00;haut;plage;;k2;validation_status_not_approved\n"
               b"2024-06-04T10:10:00+02:00;bas;cuisine danse;jamais;k3;\n"
               b"2024-06-04T10:10:00+02:00;bas;cuisine danse;jamais;k3;\n")
    report = import_answers_csv(equipements, content, dry_run=True)
    assert [(f["value"], f["lines"]) for f in report["unlisted"]["found"].values()] == \
        [("danse", [4])]
    assert (report["added"], report["skipped"], len(report["left_out"])) == (1, 2, 1)
    report = import_answers_csv(equipements, content)
    assert report["unlisted"]["found"][(equipements.questions[1].id, "danse")]["lines"] == [4]
    assert _count() == 2
