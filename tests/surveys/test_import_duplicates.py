"""Likely duplicate submissions of an answers file (``surveys/duplicates.py``), walked
through the import pages with hand-made exports in the ODK Central, KoboToolbox and Google
Forms shapes.

Coordinator tester t28coord: submission 12 of an ODK Central export was sent again two
minutes later from the web form (same texts, phone, quartier and device times, a new
instanceID, no DeviceID). The preview said « 0 déjà présente » and the import stored it
twice: 4 contributions for one person's 2 answers, the person counted twice, the phone kept
twice. Now the preview names the line, the line it repeats and why; the coordinator keeps
one (the default) or both, and the messages after the import name every line set aside
with its reason.

By hand, ``ODK`` (6 lines, 2 to 7):
- line 4 repeats line 3: same answers, same contact « 0611223355 », same start and end
  (received 2 minutes later, 16:32 and 16:34 UTC, without a device: more than the minute of
  a double click, so not a reason of its own) -> set aside by default;
- line 6 has line 5's texts in another quartier (Haut-de-ville, line 5 Bas) -> not a
  duplicate; line 7 has line 5's answers from the same device 3 hours later -> not one.
- Kept one: 5 responses; contributions: 5 lines with both texts = 10 (12 with line 4);
  contacts kept: line 3 only = 1 (2 with line 4); « quartier » base 5: Haut-de-ville 3
  (lines 2, 3, 6), Bas 2 (lines 5, 7).
"""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from participation.contributions.models import Contribution
from participation.extensions import db
from participation.surveys.imports import import_xlsform
from participation.surveys.models import Response, Survey, SurveyContact
from tests import factories
from tests.formfill import form_to, text_of
from tests.reading import plain
from tests.workbooks import xlsx

LABELS = {
    "quartier": "Dans quel secteur habitez-vous ?",
    "manque": "Qu'est-ce qui vous manque le plus dans votre quartier ?",
    "changer": "Si vous étiez maire, que changeriez-vous en premier ?",
    "contact": "Votre téléphone ou e-mail, si vous souhaitez être recontacté(e)",
    "consentement": "Acceptez-vous que la ville conserve vos coordonnées pour vous "
                    "recontacter ?",
}
FORM = xlsx({
    "survey": [("type", "name", "label", "appearance"), ("start", "start", "", ""),
               ("end", "end", "", ""),
               ("select_one qu", "quartier", LABELS["quartier"], ""),
               ("begin group", "besoins", "Vos besoins", ""),
               ("text", "manque", LABELS["manque"], "multiline"),
               ("text", "changer", LABELS["changer"], "multiline"),
               ("end group", "", "", ""),
               ("text", "contact", LABELS["contact"], ""),
               ("select_one on", "consentement", LABELS["consentement"], "")],
    "choices": [("list_name", "name", "label"), ("qu", "haut", "Haut-de-ville"),
                ("qu", "bas", "Bas de ville"), ("on", "oui", "Oui"), ("on", "non", "Non")],
    "settings": [("form_title", "form_id"), ("Besoins du quartier", "besoins_2026")],
})

ODK_HEADER = ["SubmissionDate", "start", "end", "quartier", "besoins-manque",
              "besoins-changer", "contact", "consentement", "meta-instanceID", "KEY",
              "SubmitterID", "SubmitterName", "ReviewState", "DeviceID"]
BUS = ("le bus 2 ne passe plus après 20h", "bus le soir", "0611223355", "oui")


def _odk_row(received, start, end, quartier, texts, uuid, device="collect:Xy120",
             submitter=("7", "Tablette Maison de quartier")):
    manque, changer, contact, consent = texts
    return [received, start, end, quartier, manque, changer, contact, consent,
            f"uuid:{uuid}", f"uuid:{uuid}", submitter[0], submitter[1], "", device]


ODK_ROWS = [
    _odk_row("2026-09-14T07:15:00.000Z", "2026-09-14T09:09:00.000+02:00",
             "2026-09-14T09:15:00.000+02:00", "haut",
             ("un médecin généraliste, on attend 3 semaines", "des bus le soir", "", ""),
             "a1"),
    _odk_row("2026-09-15T16:32:00.000Z", "2026-09-15T18:26:00.000+02:00",
             "2026-09-15T18:32:00.000+02:00", "haut", BUS, "b2", device="collect:Xy122"),
    # line 4: line 3 sent again from the web form (Enketo): no device, no account
    _odk_row("2026-09-15T16:34:00.000Z", "2026-09-15T18:26:00.000+02:00",
             "2026-09-15T18:32:00.000+02:00", "haut", BUS, "c3", device="",
             submitter=("", "")),
    _odk_row("2026-09-16T08:00:00.000Z", "2026-09-16T09:55:00.000+02:00",
             "2026-09-16T10:00:00.000+02:00", "bas",
             ("un médecin", "des bus le soir après 19h", "", ""), "d4"),
    _odk_row("2026-09-16T08:05:00.000Z", "2026-09-16T10:01:00.000+02:00",
             "2026-09-16T10:05:00.000+02:00", "haut",
             ("un médecin", "des bus le soir après 19h", "", ""), "e5",
             device="collect:Xy121"),
    _odk_row("2026-09-16T11:00:00.000Z", "2026-09-16T12:55:00.000+02:00",
             "2026-09-16T13:00:00.000+02:00", "bas",
             ("un médecin", "des bus le soir après 19h", "", ""), "f6"),
]
ODK_REASONS = ("mêmes coordonnées ; même saisie sur l'appareil (mêmes heures de début et de "
               "fin)")
ODK_SET_ASIDE = (f"Ligne 4 : doublon probable de la ligne 3 (mêmes réponses ; {ODK_REASONS}) "
                 ": une seule réponse gardée, la ligne 3")


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    return out.getvalue().encode()


ODK = _csv(ODK_HEADER, ODK_ROWS)


def _quartiers(territory):
    factories.quartier(territory, code="QN05901A", name="Haut-de-ville", names=())
    factories.quartier(territory, code="QN05902B", name="Quartier du Bas",
                       names=("Bas de ville",))


def _count(model, survey) -> int:
    """Rows of ``model`` of ``survey`` (the test's only survey: every contribution is of
    its free texts)."""
    if model is Contribution:
        return db.session.scalar(select(func.count(Contribution.id)))
    if model is SurveyContact:
        return db.session.scalar(select(func.count(SurveyContact.id)).join(Response)
                                 .where(Response.survey_id == survey.id))
    return db.session.scalar(select(func.count(Response.id))
                             .where(Response.survey_id == survey.id))


def _duplicates(page) -> list[list[str]]:
    """The preview's table of likely duplicates as read: line, repeated line, why, the
    option selected."""
    table = page.html.find("table", class_="duplicates")
    rows = []
    for tr in table.find("tbody").find_all("tr"):
        cells = [plain(" ".join(c.get_text(" ").split())) for c in tr.find_all(["th", "td"])]
        chosen = tr.find("option", selected=True)
        rows.append([*cells[:3], plain(" ".join(chosen.get_text().split()))])
    return rows


def _results_upload(webapp, survey, name: str, content: bytes, dry_run: bool = False):
    page = webapp.get(f"/surveys/{survey.id}/results")
    form = form_to(page, f"/surveys/{survey.id}/import-answers")
    form["file"] = (name, content)
    if dry_run:
        form["dry_run"] = True
    return form.submit(status=200)


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_odk_submission_sent_twice_is_named_and_kept_once(webapp, web_login, territory):
    """The tester's case on the results page: « Importer » without « Vérifier seulement »
    stops at the preview (nothing stored), which names line 4; importing with the default
    keeps line 3 only and the message says why line 4 was set aside."""
    _quartiers(territory)
    survey = import_xlsform(territory.id, FORM)
    web_login("coordinator")
    preview = _results_upload(webapp, survey, "central.csv", ODK)
    text = plain(text_of(preview))
    assert _count(Response, survey) == 0
    assert ("Le fichier contient une réponse qui semble envoyée deux fois : rien n’est "
            "encore importé ; vérifiez-la (plus bas), puis importez.") in text
    assert "6 lignes lues : 5 réponses à ajouter, 0 déjà présente, 1 ligne écartée." in text
    assert _duplicates(preview) == [
        ["4", "3", ODK_REASONS, "Écarter la ligne 4"]]
    assert "Par défaut, une seule réponse est gardée" in text
    left = [plain(" ".join(li.get_text().split())) for li in
            preview.html.find("h2", string="Lignes écartées").find_next("ul").find_all("li")]
    assert left == [ODK_SET_ASIDE]

    done = form_to(preview, "/import-answers", contains="doublon-4").submit().follow()
    said = [plain(" ".join(p.get_text().split())) for p in done.html.select(".flashes p")]
    assert said[0].startswith("5 réponses ajoutées, 0 déjà présente, 1 ligne écartée,")
    assert ODK_SET_ASIDE + "." in said
    assert _count(Response, survey) == 5
    assert _count(Contribution, survey) == 10
    assert _count(SurveyContact, survey) == 1


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_odk_both_kept_when_the_coordinator_says_two_people(webapp, web_login, territory):
    """« Garder les deux »: 6 responses, 12 contributions, 2 contacts, and the message says
    line 4 was kept on request."""
    _quartiers(territory)
    survey = import_xlsform(territory.id, FORM)
    web_login("coordinator")
    preview = _results_upload(webapp, survey, "central.csv", ODK, dry_run=True)
    form = form_to(preview, "/import-answers", contains="doublon-4")
    form["doublon-4"].select(text="Garder les deux")
    done = plain(text_of(form.submit().follow()))
    assert "6 réponses ajoutées, 0 déjà présente, 0 ligne écartée" in done
    assert ("Ligne 4 gardée à votre demande, bien qu'elle semble un doublon de la ligne 3."
            in done)
    assert (_count(Response, survey), _count(Contribution, survey),
            _count(SurveyContact, survey)) == (6, 12, 2)


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_recomputed_preview_follows_the_choice(webapp, web_login, territory):
    """« Recalculer l'aperçu avec ces choix » with « Garder les deux »: 6 to add, 0 set
    aside, Haut-de-ville 4 (lines 2, 3, 4, 6); nothing stored."""
    _quartiers(territory)
    survey = import_xlsform(territory.id, FORM)
    web_login("coordinator")
    preview = _results_upload(webapp, survey, "central.csv", ODK, dry_run=True)
    form = form_to(preview, "/import-answers", contains="doublon-4")
    form["doublon-4"].select(text="Garder les deux")
    again = form.submit("action", value="recalculer", status=200)
    text = plain(text_of(again))
    assert "6 lignes lues : 6 réponses à ajouter, 0 déjà présente, 0 ligne écartée." in text
    assert _duplicates(again)[0][3] == "Garder les deux"
    rows = [[c.get_text().strip() for c in tr.find_all(["th", "td"])]
            for tr in again.html.find(id="by-quartier").find("tbody").find_all("tr")]
    assert rows == [["Haut-de-ville", "4"], ["Quartier du Bas", "2"]]
    assert _count(Response, survey) == 0


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_copy_of_a_submission_imported_last_week(webapp, web_login, territory):
    """The first export (lines 2 and 3 of ``ODK``) is imported; the copy of line 3 arrives
    with the next export, which ODK Central lists newest first: line 5 (the copy) repeats
    line 6, already imported. 2 already present, 3 added, line 5 set aside: 5 responses in
    all and 1 contact, as with one import of the whole file."""
    _quartiers(territory)
    survey = import_xlsform(territory.id, FORM)
    web_login("coordinator")
    first = _results_upload(webapp, survey, "central_s37.csv", _csv(ODK_HEADER, ODK_ROWS[:2]),
                            dry_run=True)
    form_to(first, "/import-answers", contains="Importer ce fichier").submit().follow()
    assert _count(Response, survey) == 2
    later = _csv(ODK_HEADER, ODK_ROWS[::-1])
    preview = _results_upload(webapp, survey, "central_s38.csv", later, dry_run=True)
    text = plain(text_of(preview))
    assert "6 lignes lues : 3 réponses à ajouter, 2 déjà présentes, 1 ligne écartée." in text
    assert _duplicates(preview) == [
        ["5", "6", ODK_REASONS, "Écarter la ligne 5"]]
    done = form_to(preview, "/import-answers", contains="doublon-5").submit().follow()
    said = [plain(" ".join(p.get_text().split())) for p in done.html.select(".flashes p")]
    assert (f"Ligne 5 : doublon probable de la ligne 6, déjà importée (mêmes réponses ; "
            f"{ODK_REASONS}) : non importée une seconde fois.") in said
    assert (_count(Response, survey), _count(SurveyContact, survey)) == (5, 1)


KOBO_HEADER = ["start", "end", "quartier", "besoins/manque", "besoins/changer", "contact",
               "consentement", "deviceid", "_id", "_uuid", "_submission_time", "_index"]


def _kobo_row(minute_start, minute_end, texts, received, number):
    manque, changer = texts
    return [f"2026-09-14T10:{minute_start:02d}:00.000+02:00",
            f"2026-09-14T10:{minute_end:02d}:00.000+02:00", "haut", manque, changer, "", "",
            "collect:AAA", str(number), f"kobo-{number}", f"2026-09-14T08:{received:02d}:00",
            str(number)]


NEED = ("pas de docteur depuis le départ du docteur Lefebvre", "une maison médicale")
KOBO = _csv(KOBO_HEADER, [
    _kobo_row(0, 6, NEED, 7, 1),
    _kobo_row(7, 9, NEED, 10, 2),  # typed again on the same tablet 3 minutes later
    _kobo_row(11, 12, ("", ""), 12, 3),  # quartier only: such rows are often alike
    _kobo_row(13, 14, ("", ""), 14, 4),
])


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1")
def test_kobo_same_tablet_minutes_apart_through_the_questionnaire_import(webapp, web_login,
                                                                         territory):
    """The questionnaire import with a Kobo export (XML values and headers): line 3 repeats
    line 2 from the same tablet (deviceid) 3 minutes later, whose texts are written alike;
    lines 4 and 5 give the quartier only, 2 minutes apart: not named. Imported with the
    default: 3 responses, 2 contributions, and the survey's page names line 3."""
    _quartiers(territory)
    web_login("coordinator")
    upload = form_to(webapp.get("/surveys/"), "/surveys/import")
    upload["file"] = ("besoins.xlsx", FORM)
    upload["answers"] = ("kobo.csv", KOBO)
    preview = upload.submit().follow()
    text = plain(text_of(preview))
    assert "4 lignes lues : 3 réponses à ajouter, 0 déjà présente, 1 ligne écartée." in text
    why = "même appareil ou compte (colonne deviceid), à 3 minutes d'intervalle"
    assert _duplicates(preview) == [
        ["3", "2", why, "Écarter la ligne 3"]]
    page = form_to(preview, "/confirm").submit().follow()
    said = plain(text_of(page))
    assert "1 ligne du fichier écartée :" in said
    assert (f"Ligne 3 : doublon probable de la ligne 2 (mêmes réponses ; {why}) : une seule "
            "réponse gardée, la ligne 2.") in said
    survey = db.session.scalar(select(Survey).order_by(Survey.id.desc()))
    assert (_count(Response, survey), _count(Contribution, survey)) == (3, 2)


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1")
def test_questionnaire_import_keeps_both_on_request(webapp, web_login, territory):
    """The questionnaire import with ``ODK``, « Garder les deux » chosen on its preview
    (which counted line 4 as set aside): the import is not taken for a changed territory,
    it stores the 6 lines, 12 contributions, 2 contacts and says line 4 was kept."""
    _quartiers(territory)
    web_login("coordinator")
    upload = form_to(webapp.get("/surveys/"), "/surveys/import")
    upload["file"] = ("besoins.xlsx", FORM)
    upload["answers"] = ("central.csv", ODK)
    preview = upload.submit().follow()
    assert "5 réponses à ajouter, 1 ligne écartée" in plain(text_of(preview))
    form = form_to(preview, "/confirm")
    form["doublon-4"].select(text="Garder les deux")
    said = plain(text_of(form.submit().follow()))
    assert "6 réponses importées, 12 textes libres ajoutés aux contributions à analyser." \
        in said
    assert ("Ligne 4 gardée à votre demande, bien qu'elle semble un doublon de la ligne 3."
            in said)
    survey = db.session.scalar(select(Survey).order_by(Survey.id.desc()))
    assert (_count(Response, survey), _count(SurveyContact, survey)) == (6, 2)


GOOGLE_HEADER = ["Horodateur", "Adresse e-mail", LABELS["quartier"], LABELS["manque"],
                 LABELS["changer"], LABELS["contact"], LABELS["consentement"]]
GOOGLE = _csv(GOOGLE_HEADER, [
    ["2026/09/14 6:10:00 PM UTC+2", "", "Haut-de-ville", "Des bancs et de l'ombre l'été",
     "", "", ""],
    # « Envoyer » clicked twice: the same answers 40 seconds later
    ["2026/09/14 6:10:40 PM UTC+2", "", "Haut-de-ville", "Des bancs et de l'ombre l'été",
     "", "", ""],
    # one word written alike by two people a minute apart: not named
    ["2026/09/14 6:30:00 PM UTC+2", "", "Bas de ville", "Médecin", "", "", ""],
    ["2026/09/14 6:31:00 PM UTC+2", "", "Bas de ville", "Médecin", "", "", ""],
    # the same person, same answers and e-mail, the next day
    ["2026/09/15 9:00:00 AM UTC+2", "", "Bas de ville", "Un bus après 20h", "",
     "nadia@example.org", "Oui"],
    ["2026/09/15 7:00:00 PM UTC+2", "", "Bas de ville", "Un bus après 20h", "",
     "nadia@example.org", "Oui"],
    # the form collects the respondent's account: the same one 5 minutes apart
    ["2026/09/16 10:00:00 AM UTC+2", "sami@example.org", "Haut-de-ville",
     "Plus de places en crèche", "", "", ""],
    ["2026/09/16 10:05:00 AM UTC+2", "sami@example.org", "Haut-de-ville",
     "Plus de places en crèche", "", "", ""],
])


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_google_forms_sent_twice_same_contact_same_account(webapp, web_login, territory):
    """A Google Forms download: line 3 repeats line 2 40 seconds later; line 7 line 6 (same
    e-mail written, 10 hours later); line 9 line 8 (the same Google account, 5 minutes
    later); lines 4 and 5 (« Médecin ») are two people. Kept one: 5 responses, 1 contact;
    the account column is never stored."""
    _quartiers(territory)
    survey = import_xlsform(territory.id, FORM)
    web_login("coordinator")
    preview = _results_upload(webapp, survey, "reponses.csv", GOOGLE, dry_run=True)
    assert _duplicates(preview) == [
        ["3", "2", "envoyée à moins d'une minute d'intervalle",
         "Écarter la ligne 3"],
        ["7", "6", "mêmes coordonnées", "Écarter la ligne 7"],
        ["9", "8", "même appareil ou compte (colonne Adresse e-mail), à 5 minutes "
         "d'intervalle", "Écarter la ligne 9"]]
    assert "sami@example.org" not in preview.text
    done = plain(text_of(form_to(preview, "/import-answers", contains="doublon-3")
                         .submit().follow()))
    assert "5 réponses ajoutées, 0 déjà présente, 3 lignes écartées" in done
    assert (_count(Response, survey), _count(SurveyContact, survey)) == (5, 1)


def test_cli_sets_aside_or_keeps(runner, territory, tmp_path):
    """``flask surveys import-answers``: the report names line 4; ``--garder-doublons``
    keeps it and says so."""
    _quartiers(territory)
    survey = import_xlsform(territory.id, FORM)
    path = tmp_path / "central.csv"
    path.write_bytes(ODK)
    args = ["surveys", "import-answers", str(survey.id), str(path)]
    result = runner.invoke(args=[*args, "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = [plain(line) for line in result.output.splitlines()]
    assert "  - ligne 4 : " + ODK_SET_ASIDE.split(" : ", 1)[1] in lines
    result = runner.invoke(args=[*args, "--garder-doublons"])
    lines = [plain(line) for line in result.output.splitlines()]
    assert ("Ligne 4 gardée à votre demande, bien qu'elle semble un doublon de la ligne 3"
            in lines)
    assert _count(Response, survey) == 6
