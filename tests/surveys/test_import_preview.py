"""A questionnaire and its answers are previewed before anything is stored (issue #13, item 1;
"Bad input gets a clear French message and loses nothing").

Every test walks the pages as rendered: the upload form of /surveys/ (XLSForm + answers
file), the preview page, then its « Importer » or « Annuler » form. Every count below is
read by hand from the case's files under tests/surveys/data/import_cases/ (copies of
/work/shared/fixtures/import-cases/).
"""
from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from participation.contributions.models import Contribution
from participation.extensions import db
from participation.surveys import import_preview
from participation.surveys.models import Response, Survey, SurveyContact
from participation.surveys.pending_import import PendingImport, Upload
from participation.territory.models import Quartier
from tests import factories
from tests.formfill import form_to
from tests.formfill import text_of as _words  # the page as a person reads it
from tests.hardening.live import burst
from tests.reading import plain, table_rows
from tests.rows import count_rows as _count
from tests.surveys.import_cases import case_bytes


def _upload(webapp, case: str, form: str = "form.xlsx", answers: str | None = None,
            status: int = 302):
    """The rendered XLSForm upload of /surveys/ with the case's files."""
    upload = form_to(webapp.get("/surveys/"), "/surveys/import")
    upload["file"] = (form, case_bytes(case, form))
    if answers is not None:
        upload["answers"] = (answers, case_bytes(case, answers))
    return upload.submit(status=status)


def _cells(page, table_id: str) -> list[list[str]]:
    """The rows of the table ``table_id`` of ``page``, cell texts without extra spaces."""
    return table_rows(page.html.find("table", id=table_id))


def _next_browser(webapp) -> None:
    """Another browser: a new cookie jar and CSRF token (the tests' application context
    keeps it in ``g`` across requests)."""
    from flask import g

    webapp.reset()
    g.pop("csrf_token", None)


def _haut_bas(territory):
    """Haut-de-ville under its official name, Bas-de-ville under the name residents use."""
    haut = factories.quartier(territory, code="QN05901A", name="Haut-de-ville", names=())
    bas = factories.quartier(territory, code="QN05902B", name="Quartier du Bas",
                             names=("Bas de ville",))
    return haut, bas


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1")
def test_kobo_labels_export_previewed_then_imported(webapp, web_login, territory):
    """kobo-label-headers: the form (start, end, quartier, enfants) with Kobo's default
    labels export: 1 submission, of Haut-de-ville, 2 children."""
    haut, _bas = _haut_bas(territory)
    web_login("coordinator")
    preview = _upload(webapp, "kobo-label-headers", answers="kobo_labels_export.csv").follow()
    assert _count(Survey) == 0 and _count(Response) == 0  # nothing stored yet
    text = plain(preview.text)
    assert "Aperçu de l’import : rien n’est encore enregistré" in text
    assert _cells(preview, "questions") == [
        ["quartier", "Votre quartier ?", "Choix unique (2 choix)",
         "Donne le quartier des réponses"],
        ["enfants", "Combien d'enfants à la maison ?", "Nombre", "Comptée dans les résultats"]]
    assert _cells(preview, "quartier-choices") == [
        ["Haut-de-ville", "Haut-de-ville (QN05901A)", "nom officiel"],
        ["Bas-de-ville", "Quartier du Bas (QN05902B)", "nom employé par les habitants"]]
    assert "1 réponse à ajouter" in text and "0 ligne écartée" in text
    assert _cells(preview, "by-quartier") == [["Haut-de-ville", "1"]]
    columns = dict((row[0], row[1]) for row in _cells(preview, "columns"))
    assert columns["Votre quartier ?"] == "quartier"
    assert columns["Combien d'enfants à la maison ?"] == "enfants"
    personal = preview.html.find("ul", id="personal").get_text(" ")
    assert "_submitted_by" in personal and "non enregistrée" in personal

    edit = form_to(preview, "/confirm").submit().follow()
    survey = db.session.scalar(select(Survey))
    assert "Questionnaire importé : 2 questions." in plain(edit.text)
    assert "1 réponse importée" in plain(edit.text)
    (response,) = db.session.scalars(select(Response).where(Response.survey_id == survey.id))
    assert response.quartier_id == haut.id
    assert _count(PendingImport) == 0  # the kept files are deleted with the import


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1")
def test_google_forms_download_previewed_then_imported(webapp, web_login, territory):
    """gforms-download-timestamp, answers_utc.csv: 2 rows (Horodateur « 2024/06/04 6:10:00 PM
    UTC+2 » and « 6:12:30 PM UTC+2 »), one of Haut-de-ville, one of Bas-de-ville."""
    haut, bas = _haut_bas(territory)
    web_login("coordinator")
    preview = _upload(webapp, "gforms-download-timestamp", answers="answers_utc.csv").follow()
    assert _count(Survey) == 0 and _count(Response) == 0
    text = plain(preview.text)
    assert "2 réponses à ajouter" in text and "0 ligne écartée" in text
    assert _cells(preview, "by-quartier") == [["Haut-de-ville", "1"], ["Quartier du Bas", "1"]]
    assert _cells(preview, "columns")[0] == [
        "Horodateur",
        "horodateur Google Forms : envoi du formulaire, retenu comme date de la réponse"]

    form_to(preview, "/confirm").submit().follow()
    stored = db.session.execute(select(Response.submitted_at, Response.quartier_id)
                                .order_by(Response.submitted_at)).all()
    # 18:10 and 18:12:30 at UTC+2 are 16:10 and 16:12:30 UTC (stored naive UTC)
    assert [(t.isoformat(sep=" "), q) for t, q in stored] == [
        ("2024-06-04 16:10:00", haut.id), ("2024-06-04 16:12:30", bas.id)]


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1")
def test_free_text_and_personal_columns_named_before_import(webapp, web_login, territory):
    """personal-labels-not-detected: one submission; « Nom », « Adresse mail », « Numéro de
    portable », « Adresse postale », « Téléphone » are contact data (kept apart with the
    consent of the original form), « Votre idée pour le quartier » is the one free text:
    one contribution « Un composteur collectif »."""
    web_login("coordinator")
    preview = _upload(webapp, "personal-labels-not-detected", answers="answers.csv").follow()
    rows = {row[0]: row[3] for row in _cells(preview, "questions")}
    for name in ("nom", "mail", "portable", "adresse", "tel"):
        assert rows[name].startswith("Donnée personnelle : gardée à part"), name
    # its kind from its wording (contributions/kinds.py): « Votre idée » is a proposal
    assert rows["idee"] == ("Texte libre : chaque réponse devient une contribution à "
                            "analyser (Proposition)")
    assert _cells(preview, "free-texts") == [["Votre idée pour le quartier", "1"]]
    personal = preview.html.find("ul", id="personal").get_text(" ")
    for header in ("nom", "mail", "portable", "adresse", "tel"):  # no consent column
        assert f"{header} : coordonnées non conservées : le fichier n'a pas de colonne de " \
            "consentement" in " ".join(personal.split())
    assert _count(Contribution) == 0

    edit = form_to(preview, "/confirm").submit().follow()
    assert "1 texte libre ajouté aux contributions à analyser." in _words(edit)
    (contribution,) = db.session.scalars(select(Contribution))
    assert contribution.text == "Un composteur collectif"
    assert contribution.source_type == "survey_answer" and contribution.territory_id == \
        territory.id
    # untagged (an imported question has no challenge): in the review queue
    assert "Un composteur collectif" in _words(webapp.get("/analysis/review"))
    # answers.csv has no consent column: the row's 5 contacts are not kept (were kept "as
    # left on the original form" before import_consent), and the import says so
    assert "1 coordonnée non conservée : pas de consentement dans le fichier." in _words(edit)
    assert _count(SurveyContact) == 0


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#2")
def test_cancel_stores_nothing(webapp, web_login, territory):
    web_login("coordinator")
    preview = _upload(webapp, "gforms-download-timestamp", answers="answers_utc.csv").follow()
    assert _count(PendingImport) == 1
    index = form_to(preview, "/cancel").submit().follow()
    assert "Import annulé : rien n'a été enregistré." in _words(index)
    assert (_count(Survey), _count(Response), _count(PendingImport)) == (0, 0, 0)
    again = webapp.get(preview.request.path).follow()
    assert "Cet aperçu n'existe plus" in _words(again)


@pytest.mark.forms("surveys/index.html#2")
def test_a_wrong_line_is_named_and_nothing_is_kept(webapp, web_login, territory):
    """answers_utc.csv with a third line whose date is « hier à 18h »: refused at the upload,
    line 4 named; no survey, no kept file."""
    web_login("coordinator")
    content = case_bytes("gforms-download-timestamp", "answers_utc.csv") + \
        '"hier à 18h","Haut-de-ville"\n'.encode()
    upload = form_to(webapp.get("/surveys/"), "/surveys/import")
    upload["file"] = ("form.xlsx", case_bytes("gforms-download-timestamp", "form.xlsx"))
    upload["answers"] = ("reponses.csv", content)
    page = upload.submit(status=400)
    text = _words(page)
    assert "Import refusé : rien n’a été enregistré" in text
    assert "Fichier « reponses.csv » : Aucune réponse n'a été importée." in text
    assert "Ligne 4 : colonne « Horodateur » : date « hier à 18h » illisible (formats lus" in text
    assert (_count(Survey), _count(Response), _count(PendingImport)) == (0, 0, 0)


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1")
def test_a_double_click_on_importer_stores_one_survey(webapp, web_login, territory):
    web_login("coordinator")
    preview = _upload(webapp, "gforms-download-timestamp", answers="answers_utc.csv").follow()
    confirm = form_to(preview, "/confirm")
    confirm.submit().follow()
    second = confirm.submit().follow()
    assert "Cet aperçu n'existe plus" in _words(second)
    assert (_count(Survey), _count(Response)) == (1, 2)


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1")
def test_a_value_outside_the_list_is_decided_in_the_preview(webapp, web_login, territory):
    """A third row answers « Centre-ville », no choice of « Dans quel quartier habitez-vous ? »
    (no « Autre »): listed with its line; left « refusée », « Importer » refuses the file
    naming line 4 and keeps the preview; counted as « Bas-de-ville », 3 rows are stored, 2 of
    them in the Bas."""
    haut, bas = _haut_bas(territory)
    web_login("coordinator")
    content = case_bytes("gforms-download-timestamp", "answers_utc.csv") + \
        b'"2024/06/04 6:15:00 PM UTC+2","Centre-ville"\n'
    upload = form_to(webapp.get("/surveys/"), "/surveys/import")
    upload["file"] = ("form.xlsx", case_bytes("gforms-download-timestamp", "form.xlsx"))
    upload["answers"] = ("reponses.csv", content)
    preview = upload.submit().follow()
    row = preview.html.find("table", class_="unlisted").find("tbody").find("tr")
    cells = [" ".join(plain(c.get_text(" ")).split()) for c in row.find_all(["th", "td"])]
    assert cells[0] == "« Centre-ville »" and cells[3:5] == ["4", "1"]  # line 4, once
    confirm = form_to(preview, "/confirm")
    assert confirm["hl-1"].value == "refuser"
    refused = confirm.submit(status=400)
    assert "Ligne 4 : colonne « Dans quel quartier habitez-vous ? »" in _words(refused)
    assert (_count(Survey), _count(PendingImport)) == (0, 1)

    confirm = form_to(webapp.get(preview.request.path), "/confirm")
    confirm["hl-1"] = "choix:bas"
    confirm.submit().follow()
    counts = dict(db.session.execute(select(Response.quartier_id, func.count())
                                     .group_by(Response.quartier_id)).all())
    assert counts == {haut.id: 1, bas.id: 2}


@pytest.mark.forms("surveys/index.html#2")
def test_the_preview_is_its_uploaders_only(webapp, web_login, territory):
    """Another coordinator of the territory opening the preview's address finds nothing."""
    web_login("coordinator")
    preview = _upload(webapp, "gforms-download-timestamp", answers="answers_utc.csv").follow()
    _next_browser(webapp)
    web_login("coordinator")
    assert "Cet aperçu n'existe plus" in _words(webapp.get(preview.request.path).follow())
    assert (_count(Survey), _count(PendingImport)) == (0, 1)


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1")
def test_the_preview_expires_after_6_hours(webapp, web_login, territory, pinned_clock):
    """5 h 59 after the upload the preview opens; 6 h 01 after, « Importer » finds nothing
    and stores nothing, and the next upload deletes the expired files."""
    web_login("coordinator")
    preview = _upload(webapp, "gforms-download-timestamp", answers="answers_utc.csv").follow()
    pinned_clock.shift(timedelta(hours=5, minutes=59))
    confirm = form_to(webapp.get(preview.request.path), "/confirm")
    pinned_clock.shift(timedelta(minutes=2))
    assert "Cet aperçu n'existe plus" in _words(confirm.submit().follow())
    assert (_count(Survey), _count(PendingImport)) == (0, 1)
    _upload(webapp, "kobo-label-headers")
    assert _count(PendingImport) == 1  # the new one only


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1")
def test_a_territory_changed_since_the_preview_imports_nothing(webapp, web_login, territory):
    """Previewed with Haut-de-ville recognised; the quartier is renamed « Les Hauts » before
    « Importer »: nothing is stored, the new preview says the choice is « Non précisé »; its
    « Importer » then stores the survey as shown."""
    haut, _bas = _haut_bas(territory)
    web_login("coordinator")
    preview = _upload(webapp, "kobo-label-headers", answers="kobo_labels_export.csv").follow()
    haut.name = "Les Hauts"
    db.session.commit()
    again = form_to(preview, "/confirm").submit().follow()
    assert "Le territoire a changé depuis l'aperçu (quartiers, noms) : rien n'a été importé." \
        in _words(again)
    assert (_count(Survey), _count(Response), _count(PendingImport)) == (0, 0, 1)
    assert _cells(again, "quartier-choices")[0][:2] == ["Haut-de-ville", "Non précisé"]
    form_to(again, "/confirm").submit().follow()
    assert db.session.scalar(select(Response.quartier_id)) is None
    assert (_count(Survey), _count(Response), _count(PendingImport)) == (1, 1, 0)


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1")
def test_two_clicks_at_the_same_moment_store_one_survey(webapp, web_login, territory,
                                                         monkeypatch):
    """Two « Importer » requests of the same preview at once (two threads; the first holds
    its claim half a second after its import, so the second claims while the first has not
    committed): one survey, 2 responses, and the second request says the preview is gone.
    PostgreSQL: the row lock of ``pending_import.claim``; SQLite: the write lock."""
    web_login("coordinator")
    preview = _upload(webapp, "gforms-download-timestamp", answers="answers_utc.csv").follow()
    confirm = form_to(preview, "/confirm")
    run = import_preview.run

    def slow_run(*args, **kwargs):
        found = run(*args, **kwargs)
        time.sleep(0.5)
        return found

    monkeypatch.setattr(import_preview, "run", slow_run)
    db.session.commit()  # the test's own session holds no transaction meanwhile
    pages = burst([confirm.submit, confirm.submit])  # two clicks at the same instant
    db.session.expire_all()
    assert (_count(Survey), _count(Response), _count(PendingImport)) == (1, 2, 0)
    survey_id = db.session.scalar(select(Survey.id))
    # one goes to the new survey, the other to the list (« Cet aperçu n'existe plus »)
    assert sorted(urlsplit(page.location).path for page in pages) == [
        "/surveys/", f"/surveys/{survey_id}"]


PAIRS = [("excel-resaved-dates", "form.xlsx", "kobo_export_after_excel.csv"),
         ("gforms-download-timestamp", "form.xlsx", "answers_gmt.csv"),
         ("gforms-download-timestamp", "form.xlsx", "answers_utc.csv"),
         ("gforms-duplicate-labels", "form.xlsx", "answers.csv"),
         ("gforms-semicolon-checkboxes", "form.xlsx", "answers_commas.csv"),
         ("gforms-semicolon-checkboxes", "form.xlsx", "answers_semicolons.csv"),
         ("group-relevant-dropped", "form_flat.xlsx", "answers_flat.csv"),
         ("group-relevant-dropped", "form_group.xlsx", "answers_group.csv"),
         ("kobo-label-headers", "form.xlsx", "kobo_labels_export.csv"),
         ("kobo-label-headers", "form.xlsx", "kobo_xml_with_hxl_row.csv"),
         ("kobo-split-only-multiple", "form.xlsx", "answers.csv"),
         ("odk-central-group-columns", "form.xlsx", "central_export.csv"),
         ("odk-central-submissiondate", "form.xlsx", "central_export.csv"),
         ("personal-labels-not-detected", "form.xlsx", "answers.csv"),
         ("semicolon-csv-commas-in-labels", "form.xlsx", "answers_excel_fr.csv")]


@pytest.mark.parametrize(("case", "form", "answers"), PAIRS)
def test_every_import_case_stores_what_its_preview_said(territory, case, form, answers):
    """Every questionnaire + answers pair of the import cases: the preview stores nothing;
    « Importer » with the preview's defaults stores the responses, contributions and
    per-quartier counts the preview announced (same fingerprint)."""
    _haut_bas(territory)
    upload = Upload(form, case_bytes(case, form), answers, case_bytes(case, answers))
    shown = import_preview.preview(territory.id, upload)
    assert (_count(Survey), _count(Response), _count(PendingImport)) == (0, 0, 0)
    survey, stored = import_preview.run(territory.id, upload, {})
    db.session.commit()
    assert import_preview.fingerprint(stored) == import_preview.fingerprint(shown)
    said = shown["answers"]
    assert said["added"] > 0 and _count(Response) == said["added"]
    assert _count(Contribution) == sum(q["count"] for q in said["free_texts"])
    names = dict(db.session.execute(select(Quartier.id, Quartier.name)).all())
    counts = db.session.execute(select(Response.quartier_id, func.count()).where(
        Response.survey_id == survey.id).group_by(Response.quartier_id)).all()
    assert sorted((names.get(qid, "Non précisé"), n) for qid, n in counts) == \
        sorted(tuple(pair) for pair in said["quartiers"])


@pytest.mark.forms("surveys/index.html#2")
def test_an_abandoned_upload_is_deleted_by_the_daily_purge(webapp, web_login, territory,
                                                            pinned_clock):
    """personal-labels-not-detected's answers hold a name, an e-mail and phones: the upload
    left on its preview is kept 5 h 59 (the purge leaves it), not 6 h 01."""
    from participation.privacy.retention import purge

    web_login("coordinator")
    _upload(webapp, "personal-labels-not-detected", answers="answers.csv")
    pinned_clock.shift(timedelta(hours=5, minutes=59))
    assert purge()["pending_import"] == 0 and _count(PendingImport) == 1
    pinned_clock.shift(timedelta(minutes=2))
    assert purge()["pending_import"] == 1 and _count(PendingImport) == 0


@pytest.mark.forms("surveys/index.html#2", "privacy/person.html#4")
def test_an_erasure_deletes_the_uploads_waiting_for_their_preview(webapp, web_login,
                                                                  territory, quartier):
    """personal-labels-not-detected's answers hold alex.exemple@example.org and phones. The
    same person, who also left that e-mail on the public survey, asks to be erased while the
    upload waits on its preview (up to 6 hours): the upload must not keep them. Its bytes
    are not searched, so every upload kept in the territory is deleted by an erasure, and
    its preview no longer imports anything."""
    from tests.privacy.contacts import contacts_survey
    from tests.privacy.erasing import confirm

    contacts_survey(webapp, territory, quartier, ["Alex alex.exemple@example.org"],
                    label="Nom et e-mail")
    web_login("coordinator")
    preview = _upload(webapp, "personal-labels-not-detected", answers="answers.csv").follow()
    importer = form_to(preview, "/confirm")
    assert _count(PendingImport) == 1
    search = form_to(webapp.get("/privacy/personne"), "/privacy/personne")
    search["email"] = "alex.exemple@example.org"
    form = form_to(search.submit(), "/privacy/personne/effacer")
    confirm(form)
    form.submit().follow()
    assert _count(PendingImport) == 0
    assert "Cet aperçu n'existe plus" in _words(importer.submit().follow())
    assert _count(Survey) == 1  # the public survey only: nothing imported
