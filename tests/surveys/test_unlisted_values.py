"""Values of an answers file that are not in the questionnaire's choice list are never turned
into anything silently: the preview names each one with its column, lines and count and what
will be done; the coordinator chooses (keep as "Autre", count as a choice, refuse); the
figures after import match a hand count. Walked through the results page's import form with
WebTest; runs on PostgreSQL too (DATABASE_URL).

Survey « Équipements »: « Dans quel quartier habitez-vous ? » (Haut-de-ville, Bas-de-ville; no
"Autre") and « Quelles activités voudriez-vous ? » (Atelier couture, Aide numérique, Cuisine;
with "Autre"). Google Forms file, header on line 1:

    line 2: Haut-de-ville | Atelier couture, Yoga
    line 3: Bas ville     | Aide numérique
    line 4: Haut-de-ville | Yoga
    line 5: Bas-de-ville  | Cuisine, Atelier couturee
    line 6: Bas ville     | Atelier couture

Outside the lists: « Bas ville » (quartier, lines 3 and 6, 2 times, no "Autre": refused unless
decided), « Yoga » (activités, lines 2 and 4, 2 times, "Autre" by default), « Atelier
couturee » (activités, line 5, once, "Autre" by default).
Chosen: Bas ville -> Bas-de-ville, Yoga -> kept as "Autre", Atelier couturee -> Atelier
couture. Hand count (base 5): quartier haut 2 (lines 2, 4) 40 %, bas 3 (3, 5, 6) 60 %;
activités couture 3 (lines 2, 5, 6) 60 %, numérique 1 (3) 20 %, cuisine 1 (5) 20 %, Autre 2
(« Yoga » on lines 2 and 4) 40 %.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys.models import Answer, Response
from tests.formfill import form_to
from tests.surveys.helpers import equipements_survey
from tests.surveys.import_cases import options, results

GOOGLE = ("Horodateur,Dans quel quartier habitez-vous ?,Quelles activités voudriez-vous ?\n"
          "04/06/2024 10:00:00,Haut-de-ville,\"Atelier couture, Yoga\"\n"
          "04/06/2024 10:05:00,Bas ville,Aide numérique\n"
          "04/06/2024 10:10:00,Haut-de-ville,Yoga\n"
          "04/06/2024 10:15:00,Bas-de-ville,\"Cuisine, Atelier couturee\"\n"
          "04/06/2024 10:20:00,Bas ville,Atelier couture\n").encode()
# Kobo "XML values and headers": names; « yoga » and « centre » are no choice names,
# « other » + activites_other is Kobo's own "Autre" (not a value outside the list)
KOBO = (b"end;quartier;activites;activites_other;_uuid;_submission_time\n"
        b"2024-06-04T10:00:00+02:00;haut;couture yoga;;k1;2024-06-04T08:01:00\n"
        b"2024-06-04T10:05:00+02:00;bas;numerique other;Danse;k2;2024-06-04T08:06:00\n"
        b"2024-06-04T10:10:00+02:00;centre;cuisine;;k3;2024-06-04T08:11:00\n")


@pytest.fixture
def equipements(territory):
    survey = equipements_survey(territory)
    return survey


def _count() -> int:
    return db.session.scalar(select(func.count(Response.id)))


def _upload(webapp, survey, name: str, content: bytes, dry_run: bool, status: int = 200):
    page = webapp.get(f"/surveys/{survey.id}/results")
    form = form_to(page, f"/surveys/{survey.id}/import-answers")
    form["file"] = (name, content)
    if dry_run:
        form["dry_run"] = True
    return form.submit(status=status)


def _rows(page) -> list[list[str]]:
    """The preview's table of values outside the list, cells as read (selects: the option
    shown as chosen)."""
    rows = []
    for tr in page.html.select("table.unlisted tbody tr"):
        cells = [" ".join(c.get_text(" ").split()) for c in tr.find_all(["th", "td"])[:5]]
        chosen = tr.select_one("option[selected]")
        rows.append([*cells, " ".join(chosen.get_text().split())])
    return rows


def _choose(form, value: str, text: str) -> None:
    """Pick, for the value ``value`` as its row shows it (the select's label « Que faire de
    « … » ? »; the form carries a digest of the value, never the value), the option whose
    words are ``text``."""
    wanted = f"Que faire de « {value} » ?"
    label = next((tag for tag in form.html.find_all("label")
                  if " ".join(tag.get_text().split()) == wanted), None)
    assert label is not None, value
    select = form[label["for"]]
    select.value = next(v for v, _sel, words in select.options
                        if " ".join(words.split()) == text)


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_google_preview_names_each_value_and_the_choices_give_the_hand_count(
        webapp, web_login, equipements):
    web_login("coordinator")
    preview = _upload(webapp, equipements, "reponses.csv", GOOGLE, dry_run=True)
    assert _rows(preview) == [  # in the order met in the file
        ["« Yoga »", "Quelles activités voudriez-vous ?", "Quelles activités voudriez-vous ?",
         "2, 4", "2", "gardée comme « Autre : Yoga »"],
        ["« Bas ville »", "Dans quel quartier habitez-vous ?", "Dans quel quartier habitez-vous ?",
         "3, 6", "2", "refusée : le fichier n'est pas importé tant qu'elle y est"],
        ["« Atelier couturee »", "Quelles activités voudriez-vous ?",
         "Quelles activités voudriez-vous ?", "5", "1",
         "gardée comme « Autre : Atelier couturee »"]]
    assert "5 réponses à ajouter" in preview.text and _count() == 0
    form = form_to(preview, f"/surveys/{equipements.id}/import-answers")  # the kept file
    _choose(form, "Bas ville", "comptée comme le choix « Bas-de-ville »")
    _choose(form, "Atelier couturee", "comptée comme le choix « Atelier couture »")
    done = form.submit(status=302).follow()
    assert "5 réponses ajoutées" in done.text
    assert "3 valeurs absentes de la liste des choix : 1 gardée comme « Autre », 2 comptées " \
        "comme un choix." in " ".join(done.text.split())
    got = results(equipements)
    assert options(got["quartier"]) == {"haut": (2, 40), "bas": (3, 60)}
    assert options(got["activites"]) == {"couture": (3, 60), "numerique": (1, 20),
                                         "cuisine": (1, 20)}
    assert (got["activites"]["other"]["count"], got["activites"]["other"]["pct"]) == (2, 40)
    assert sorted(db.session.scalars(select(Answer.text).where(Answer.is_other.is_(True)))) \
        == ["Yoga", "Yoga"]


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_a_direct_import_asks_first_and_a_refusal_stores_nothing(webapp, web_login,
                                                                  equipements):
    web_login("coordinator")
    asked = _upload(webapp, equipements, "reponses.csv", GOOGLE, dry_run=False)
    assert asked.html.select_one("#a-decider") is not None and _count() == 0
    assert len(_rows(asked)) == 3
    form = form_to(asked, f"/surveys/{equipements.id}/import-answers")  # the kept file
    _choose(form, "Bas ville", "comptée comme le choix « Bas-de-ville »")
    _choose(form, "Yoga", "refusée : le fichier n'est pas importé tant qu'elle y est")
    refused = form.submit(status=400)
    text = " ".join(refused.text.split())
    assert "Ligne 2" in text and "Ligne 4" in text and "« Yoga » n'est pas un choix" in \
        text.replace("&#39;", "'")
    assert _count() == 0


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_kobo_unknown_names_are_listed_and_mapped(webapp, web_login, equipements):
    web_login("coordinator")
    preview = _upload(webapp, equipements, "kobo.csv", KOBO, dry_run=True)
    assert _rows(preview) == [
        ["« yoga »", "activites", "Quelles activités voudriez-vous ?", "2", "1",
         "gardée comme « Autre : yoga »"],
        ["« centre »", "quartier", "Dans quel quartier habitez-vous ?", "4", "1",
         "refusée : le fichier n'est pas importé tant qu'elle y est"]]
    form = form_to(preview, f"/surveys/{equipements.id}/import-answers")  # the kept file
    _choose(form, "centre", "comptée comme le choix « Haut-de-ville »")
    form.submit(status=302)
    got = results(equipements)
    # base 3: haut k1 + k3 (centre -> haut), bas k2; couture k1, numérique k2, cuisine k3;
    # "Autre": « yoga » (k1, kept) and Kobo's own « Danse » (k2)
    assert options(got["quartier"]) == {"haut": (2, 67), "bas": (1, 33)}
    assert options(got["activites"]) == {"couture": (1, 33), "numerique": (1, 33),
                                         "cuisine": (1, 33)}
    assert sorted(db.session.scalars(select(Answer.text).where(Answer.is_other.is_(True)))) \
        == ["Danse", "yoga"]


def test_cli_keeps_autre_by_default_and_says_so(runner, equipements, tmp_path):
    path = tmp_path / "unlisted-google.csv"
    path.write_bytes(GOOGLE.replace(b"Bas ville", b"Bas-de-ville"))
    result = runner.invoke(args=["surveys", "import-responses", str(equipements.id), str(path)])
    assert result.exit_code == 0, result.output
    assert "Valeurs absentes de la liste des choix :" in result.output
    assert ("  - colonne « Quelles activités voudriez-vous ? » (question « activites ») : "
            "« Yoga », 2 fois (lignes 2, 4) : gardée comme « Autre : Yoga »") in result.output
    assert _count() == 5


def test_cli_decisions_give_the_hand_count(runner, equipements, tmp_path):
    path = tmp_path / "unlisted-google.csv"
    path.write_bytes(GOOGLE)
    args = ["surveys", "import-responses", str(equipements.id), str(path)]
    refused = runner.invoke(args=args)
    assert refused.exit_code != 0 and "« Bas ville » n'est pas un choix" in refused.output
    assert _count() == 0
    result = runner.invoke(args=[*args, "--hors-liste", "quartier", "Bas ville", "bas",
                                 "--hors-liste", "activites", "Atelier couturee", "couture"])
    assert result.exit_code == 0, result.output
    assert "« Bas ville », 2 fois (lignes 3, 6) : comptée comme le choix « Bas-de-ville »" \
        in result.output
    got = results(equipements)
    assert options(got["quartier"]) == {"haut": (2, 40), "bas": (3, 60)}
    assert options(got["activites"]) == {"couture": (3, 60), "numerique": (1, 20),
                                         "cuisine": (1, 20)}
    assert (got["activites"]["other"]["count"], got["activites"]["other"]["pct"]) == (2, 40)


def test_split_columns_of_an_unknown_choice_are_listed_not_dropped(territory):
    """Kobo "separate columns" only: « equipements/skatepark » is no choice of the form.
    Lines 2 and 4 tick it; decided as « Stade »: base 3, piscine 1 (e1) 33 %, médiathèque 1
    (e2) 33 %, stade 2 (e1 by the decision, e3 ticked both: counted once) 67 %."""
    from participation.core.errors import ImportRejected
    from participation.surveys.answers_import import import_answers_csv
    from tests.surveys.import_cases import form

    survey = form(territory, "kobo-split-only-multiple")
    content = (b"quartier;equipements/piscine;equipements/mediatheque;equipements/stade;"
               b"equipements/skatepark;_uuid;_submission_time\n"
               b"haut;1;0;0;1;e1;2024-05-02T08:05:00\n"
               b"bas;0;1;0;0;e2;2024-05-02T09:05:00\n"
               b"bas;0;0;1;1;e3;2024-05-02T10:05:00\n")
    preview = import_answers_csv(survey, content, dry_run=True)
    [found] = preview["unlisted"]["found"].values()
    assert (found["value"], found["columns"], found["lines"], found["action"]) == \
        ("skatepark", ["equipements/skatepark"], [2, 4], "refuser")
    with pytest.raises(ImportRejected) as refused:
        import_answers_csv(survey, content)
    assert [line for line, _why in refused.value.errors] == [2, 4] and _count() == 0
    equipements = next(q for q in survey.questions if q.name == "equipements")
    import_answers_csv(survey, content, decisions={(equipements.id, "skatepark"):
                                                   "choix:stade"})
    assert options(results(survey)["equipements"]) == {
        "piscine": (1, 33), "mediatheque": (1, 33), "stade": (2, 67)}
