"""Contacts of an imported answers file are kept only with consent (``import_consent``).

The Hazebrouck questionnaire (seed 003) with a KoboToolbox export (XML names, ";") and its
Google Forms export (112 rows, 26 of them with a contact in « Commentaire : numéro de
téléphone et Nom/prénom », expected.json ``contacts_given``), with and without a consent
column, walked through the rendered preview of the results page as a coordinator does.
"""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from participation.core.audit import AuditEvent
from participation.extensions import db
from participation.surveys.import_consent import answer_verdict, is_consent_header
from participation.surveys.imports import import_xlsform
from participation.surveys.models import Answer, Response, SurveyContact
from tests.formfill import form_to
from tests.reading import plain
from tests.surveys.test_hazebrouck import FIXTURES
from tests.surveys.test_kobo import HEADER

# test_kobo's submission, with its contact, free text, consent and identity to fill in
ROW = ("2023-06-05T08:30:00.000+02:00;2023-06-05T08:35:51.000+02:00;oui;oui;{contact};"
       "{manques};tapage trafic other;1;0;1;0;0;0;1;les rodéos;oui;other;Par une voisine;oui;"
       "6;{consent}10{n};5b1c7a4e-1111-4c2a-9a57-0c6f1f3c000{n};2023-06-05T06:36:02;;;submitted_via_web;"
       ";vGk3;;{n}")
KOBO = [("Nadia 06 11 22 33 44", "yes"), ("Karim 06 22 33 44 55", ""),
        ("Léa 06 33 44 55 66", "no"), ("", "")]  # (contact, consentement) of lines 2 to 5
TICKED = "J'accepte que mes coordonnées soient conservées pour être recontacté(e)"
DECLARED = "fiches papier signées, classées au centre social"


def _kobo(consent_column: bool, manques: str = "des bancs") -> bytes:
    """Four Kobo submissions (``KOBO``), with or without the « consentement » column."""
    header = HEADER.replace(";_id;", ";consentement;_id;") if consent_column else HEADER
    rows = [ROW.format(contact=contact, manques=manques, n=n,
                       consent=f"{consent};" if consent_column else "")
            for n, (contact, consent) in enumerate(KOBO, 1)]
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def _google(ticked: int | None) -> bytes:
    """The Hazebrouck Google Forms export; ``ticked``: a consent checkbox column added, ticked
    (Google writes the box's label) on the first ``ticked`` rows with a contact."""
    rows = list(csv.reader(io.StringIO((FIXTURES / "reponses-google-forms.csv").read_text())))
    if ticked is not None:
        rows[0].append(TICKED)
        given = 0
        for row in rows[1:]:
            tick = bool(row[3].strip()) and given < ticked
            given += tick
            row.append(TICKED if tick else "")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _survey(territory):
    return import_xlsform(territory.id, (FIXTURES / "questionnaire.xlsx").read_bytes())


def _preview(webapp, survey, content: bytes, name: str):
    """The results page's rendered import form, « Vérifier seulement » ticked: the preview
    (a coordinator signed in)."""
    upload = form_to(webapp.get(f"/surveys/{survey.id}/results"), "/import-answers")
    upload["file"] = (name, content)
    upload["dry_run"] = True
    return upload.submit(status=200)


def _importer(preview):
    """The preview's own « Importer ce fichier » form (the file kept on the server)."""
    return form_to(preview, "/import-answers", contains="Importer ce fichier")


def _cells(page, table_id: str) -> list[list[str]]:
    table = page.html.find("table", id=table_id)
    return [[" ".join(plain(c.get_text(" ")).split()) for c in row.find_all(["th", "td"])]
            for row in table.find("tbody").find_all("tr")]


def _items(page, list_id: str) -> list[str]:
    return [" ".join(plain(li.get_text(" ")).split())
            for li in page.html.find("ul", id=list_id).find_all("li")]


def _words(page) -> str:
    return " ".join(plain(page.html.get_text(" ")).split())


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_kobo_consent_column_keeps_only_the_rows_that_say_yes(territory, webapp, web_login):
    """Lines 2-4 hold a contact; « consentement » says yes, nothing, no: one contact kept
    (line 2), two not kept and said; all four answers are imported."""
    survey, _user = _survey(territory), web_login("coordinator")
    preview = _preview(webapp, survey, _kobo(True), "kobo.csv")
    words = _words(preview)
    assert "Colonnes de coordonnées : contact. Colonne de consentement du fichier : " \
        "consentement." in words
    assert _cells(preview, "consent-rows") == [
        ["2", "« yes »", "consentement donné dans le fichier : coordonnées gardées à part"],
        ["3", "vide", "réponse de consentement vide : coordonnées non conservées"],
        ["4", "« no »", "consentement refusé : coordonnées non conservées"]]
    assert _items(preview, "consent-counts") == [
        "1 coordonnée gardée à part : consentement donné dans le fichier",
        "1 coordonnée non conservée : réponse de consentement vide",
        "1 coordonnée non conservée : consentement refusé"]
    assert preview.html.find("fieldset", id="consent-outside") is not None  # line 3: empty
    assert _count(Response) == 0

    done = _importer(preview).submit().follow()
    assert "1 coordonnée non conservée : consentement refusé." in _words(done)
    (contact,) = db.session.scalars(select(SurveyContact)).all()
    assert contact.value == "Nadia 06 11 22 33 44"
    assert contact.consent_text == ("Consentement donné dans le fichier importé (colonne "
                                    "« consentement » : « yes »).")
    assert contact.consent_version == "import-fichier"
    assert _count(Response) == 4  # the answers of lines 3 and 4 stay, without the contact
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "import_consent")) == 0  # nothing declared


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_kobo_without_consent_column_keeps_no_contact_by_default(territory, webapp, web_login):
    survey, _user = _survey(territory), web_login("coordinator")
    preview = _preview(webapp, survey, _kobo(False), "kobo.csv")
    assert "Le fichier n’a pas de colonne de consentement." in _words(preview)
    assert _items(preview, "consent-counts") == [
        "3 coordonnées non conservées : pas de consentement dans le fichier"]
    assert [row[1] for row in _cells(preview, "consent-rows")] == ["pas de colonne"] * 3
    importer = _importer(preview)
    assert importer["consent_outside"].checked is False  # never the default
    done = importer.submit().follow()
    assert "3 coordonnées non conservées : pas de consentement dans le fichier." in _words(done)
    assert (_count(Response), _count(SurveyContact)) == (4, 0)
    contact_q = next(q for q in survey.questions if q.name == "contact")
    assert db.session.scalar(select(func.count(Answer.id)).where(
        Answer.question_id == contact_q.id)) == 0


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_consent_declared_outside_the_file_needs_its_text_and_is_audited(territory, webapp,
                                                                          web_login):
    """Ticked without saying where and how: nothing imported, the preview again with the
    reason; with it: the 3 contacts kept with the declaration, one audit event."""
    survey, user = _survey(territory), web_login("coordinator")
    preview = _preview(webapp, survey, _kobo(False), "kobo.csv")
    importer = _importer(preview)
    importer["consent_outside"].checked = True
    again = importer.submit(status=200)
    assert "Dites où et comment le consentement a été recueilli hors du fichier" in \
        _words(again)
    assert (_count(Response), _count(SurveyContact)) == (0, 0)

    importer = _importer(again)
    importer["consent_outside"].checked = True
    importer["consent_how"] = DECLARED
    done = importer.submit().follow()
    assert "3 coordonnées gardées à part : consentement recueilli hors du fichier." in \
        _words(done)
    values = set(db.session.scalars(select(SurveyContact.value)))
    assert values == {"Nadia 06 11 22 33 44", "Karim 06 22 33 44 55", "Léa 06 33 44 55 66"}
    assert set(db.session.scalars(select(SurveyContact.consent_text))) == {
        "Consentement recueilli hors du fichier importé, déclaré à l'import : " + DECLARED}
    (event,) = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "import_consent")).all()
    assert (event.count, event.target, event.actor_id) == (3, f"survey:{survey.id}", user.id)
    assert event.details_dict["declaration"] == DECLARED
    assert "06 " not in event.details  # never a resident's contact in the log


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_declaration_never_covers_a_refusal(territory, webapp, web_login):
    """With a consent column, the declaration covers the empty answer of line 3, never the
    « no » of line 4."""
    survey, _user = _survey(territory), web_login("coordinator")
    importer = _importer(_preview(webapp, survey, _kobo(True), "kobo.csv"))
    importer["consent_outside"].checked = True
    importer["consent_how"] = DECLARED
    importer.submit().follow()
    kept = dict(db.session.execute(select(SurveyContact.value,
                                           SurveyContact.consent_version)).all())
    assert kept == {"Nadia 06 11 22 33 44": "import-fichier",
                    "Karim 06 22 33 44 55": "import-declare"}


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_google_forms_consent_checkbox(territory, webapp, web_login):
    """The Hazebrouck export with a consent checkbox ticked on 20 of the 26 rows with a
    contact: 20 kept, 6 not kept (box left empty), 112 answers imported."""
    survey, _user = _survey(territory), web_login("coordinator")
    preview = _preview(webapp, survey, _google(ticked=20), "reponses.csv")
    assert f"Colonne de consentement du fichier : {TICKED}." in _words(preview)
    assert _items(preview, "consent-counts") == [
        "20 coordonnées gardées à part : consentement donné dans le fichier",
        "6 coordonnées non conservées : réponse de consentement vide"]
    assert len(_cells(preview, "consent-rows")) == 26
    done = _importer(preview).submit().follow()
    assert "6 coordonnées non conservées : réponse de consentement vide." in _words(done)
    assert (_count(Response), _count(SurveyContact)) == (112, 20)
    assert not any("06 " in text for text in db.session.scalars(select(Answer.text))
                   if text)


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_google_forms_without_consent_column(territory, webapp, web_login):
    survey, _user = _survey(territory), web_login("coordinator")
    preview = _preview(webapp, survey, _google(ticked=None), "reponses.csv")
    personal = " ".join(plain(preview.html.get_text(" ")).split())
    assert ("Commentaire : numéro de téléphone et Nom/prénom : coordonnées non conservées : le "
            "fichier n'a pas de colonne de consentement") in personal
    assert _items(preview, "consent-counts") == [
        "26 coordonnées non conservées : pas de consentement dans le fichier"]
    done = _importer(preview).submit().follow()
    assert "26 coordonnées non conservées : pas de consentement dans le fichier." in \
        _words(done)
    assert (_count(Response), _count(SurveyContact)) == (112, 0)


@pytest.mark.forms("surveys/results.html#1", "surveys/import_preview.html")
def test_contacts_typed_in_free_texts_are_said_and_masked(territory, webapp, web_login):
    """A phone and an e-mail typed in « Que vous manque-t-il ? » (a free text: each answer a
    contribution) on the 4 Kobo rows: the preview says so, results.csv, the results page
    and the analyses' review queue show them masked; the stored answer keeps them for the
    privacy search and erasure."""
    said = "des bancs, appelez-moi au 06 12 34 56 78 ou nadia.b@example.fr"
    survey, _user = _survey(territory), web_login("coordinator")
    preview = _preview(webapp, survey, _kobo(True, manques=said), "kobo.csv")
    assert plain(preview.html.find(id="texts-contacts").get_text(" ")).startswith(
        "4 textes libres contiennent des coordonnées (téléphone, e-mail, nom ou adresse) : "
        "masquées dans les analyses")
    _importer(preview).submit().follow()
    csv_text = webapp.get(f"/surveys/{survey.id}/results.csv").body.decode("utf-8-sig")
    results = _words(webapp.get(f"/surveys/{survey.id}/results"))
    review = _words(webapp.get("/analysis/review"))
    for shown in (csv_text, results, review):
        assert "06 12 34 56 78" not in shown and "nadia.b@example.fr" not in shown
    assert "des bancs, appelez-moi au [téléphone masqué] ou [e-mail masqué]" in csv_text
    assert "[téléphone masqué]" in results and "[téléphone masqué]" in review
    assert said in set(db.session.scalars(select(Answer.text)))


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1")
def test_questionnaire_import_with_consent_declared(territory, webapp, web_login):
    """personal-labels-not-detected (XLSForm and answers, no consent column): the preview
    kept between the two steps holds no contact; ticked without text, nothing imported;
    with it, the row's 5 contacts are kept with the declaration and audited."""
    from tests.surveys.import_cases import case_bytes

    web_login("coordinator")
    upload = form_to(webapp.get("/surveys/"), "/surveys/import")
    upload["file"] = ("form.xlsx", case_bytes("personal-labels-not-detected", "form.xlsx"))
    upload["answers"] = ("answers.csv", case_bytes("personal-labels-not-detected",
                                                   "answers.csv"))
    preview = upload.submit().follow()
    assert _items(preview, "consent-counts") == [
        "1 coordonnée non conservée : pas de consentement dans le fichier"]
    from participation.surveys.pending_import import PendingImport

    kept = str(db.session.scalar(select(PendingImport.preview)))
    assert "alex.exemple" not in kept and "06 00 00 00" not in kept
    confirm = form_to(preview, "/confirm")
    confirm["consent_outside"].checked = True
    again = confirm.submit().follow()
    assert "Dites où et comment" in _words(again) and _count(SurveyContact) == 0
    confirm = form_to(again, "/confirm")
    confirm["consent_outside"].checked = True
    confirm["consent_how"] = DECLARED
    edit = confirm.submit().follow()
    assert "1 coordonnée gardée à part : consentement recueilli hors du fichier." in \
        _words(edit)
    assert _count(SurveyContact) == 5
    assert db.session.scalar(select(AuditEvent.count).where(
        AuditEvent.action == "import_consent")) == 1


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


@pytest.mark.parametrize("header, labels, expected", [
    ("consentement", (), True), ("groupe/consent", (), True), ("rgpd_ok", (), True),
    ("accord_contact", (), True), ("Consentement RGPD", (), True),
    ("g1-rgpd_ok", (), True), ("meta-accord_recontact", (), True),
    ("accepte_coordonnees", (), True), ("accepte_projet", (), False),
    ("q_rgpd", (), True), ("book_contact", (), False),
    (TICKED, (), True), ("Acceptez-vous d'être recontacté(e) ?", (), True),
    ("Êtes-vous d'accord pour que la ville conserve vos coordonnées ?", (), True),
    ("q12", ("J’autorise la mairie à me recontacter",), True),
    ("Téléphone", (), False), ("Nom/prénom", (), False),
    ("Êtes-vous d'accord avec le projet de rénovation ?", (), False),
    ("Aimeriez-vous en faire partie ?", (), False), ("accord", (), False),
])
def test_consent_headers(header, labels, expected):
    assert is_consent_header(header, labels) is expected


@pytest.mark.parametrize("raw, expected", [
    ("Oui", "given"), ("yes", "given"), ("TRUE", "given"), ("1", "given"), ("1.0", "given"),
    ("VRAI", "given"), ("x", "given"), ("OK", "given"), (TICKED, "given"),
    ("J’accepte", "given"), ("Oui, j'accepte", "given"), ("d'accord", "given"),
    ("Je souhaite être recontactée", "given"), ("Je souhaite un composteur", "unclear"),
    ("Non", "refused"), ("no", "refused"), ("0", "refused"), ("FAUX", "refused"),
    ("Je refuse", "refused"), ("Je n'accepte pas", "refused"), ("peut-être", "unclear"),
    ("", "empty"), ("  ", "empty"), ("Nadia 06 11 22 33 44", "unclear"),
])
def test_consent_answers(raw, expected):
    assert answer_verdict(raw) == expected


def test_excel_booleans_and_odk_central_group_paths(territory):
    """The same kind in the other shapes: an Excel answers file (Google headers) whose
    « Consentement RGPD » column holds booleans (openpyxl TRUE / FALSE / empty on the first
    three rows with a contact: 1 kept, 1 refused, 1 empty), and an ODK Central export whose
    columns carry a group path (« grp-contact », « grp-consentement »: yes, '', no)."""
    from openpyxl import Workbook

    from participation.surveys.answers_import import import_answers_csv

    survey = _survey(territory)
    rows = list(csv.reader(io.StringIO((FIXTURES / "reponses-google-forms.csv").read_text())))
    with_contact = [r for r in rows[1:] if r[3].strip()][:3]
    book = Workbook()
    book.active.append([*rows[0], "Consentement RGPD"])
    for row, consent in zip(with_contact, (True, False, None), strict=True):
        book.active.append([*row, consent])
    buffer = io.BytesIO()
    book.save(buffer)
    report = import_answers_csv(survey, buffer.getvalue())
    assert report["consent"]["counts"] == {"given": 1, "refused": 1, "empty": 1}
    assert [r[1:] for r in report["consent"]["rows"]] == [
        ["True", "given"], ["False", "refused"], ["", "empty"]]
    assert set(db.session.scalars(select(SurveyContact.value))) == {with_contact[0][3]}

    other = _survey(territory)
    central = _kobo(True).replace(b";contact;", b";grp-contact;").replace(
        b";consentement;", b";grp-consentement;")
    report = import_answers_csv(other, central)
    assert report["consent"]["columns"] == ["grp-consentement"]
    assert report["consent"]["counts"] == {"given": 1, "empty": 1, "refused": 1}
    assert db.session.scalar(select(func.count(SurveyContact.id)).join(Response).where(
        Response.survey_id == other.id)) == 1


def test_the_registre_says_how_imported_contacts_are_kept(webapp, web_login):
    """The registre des traitements (/privacy/registre) describes the contacts of an import
    as kept only with the file's consent or the coordinator's logged declaration."""
    web_login("coordinator")
    page = " ".join(plain(webapp.get("/privacy/registre").html.get_text(" ")).split())
    assert ("Ceux d'un fichier de réponses importé (Kobo, ODK, Google Forms, Excel) seulement "
            "pour les lignes dont le fichier porte le consentement") in page


def test_kobo_acknowledge_consent_box(runner, territory, tmp_path):
    """A Kobo form whose consent is an ``acknowledge`` box (``q_rgpd``, « OK » when ticked):
    the questionnaire is imported (the box is no question: 3 questions), its column in the
    answers is the consent column; line 2 (OK) keeps its name and phone, line 3 (box left
    empty) keeps its idea only."""
    from openpyxl import Workbook

    from participation.surveys.models import Survey

    book = Workbook()
    book.active.title = "survey"
    for row in [("type", "name", "label"), ("start", "start", None), ("end", "end", None),
                ("text", "nom", "Votre nom"), ("text", "telephone", "Téléphone"),
                ("text", "idee", "Votre idée pour le quartier"),
                ("acknowledge", "q_rgpd", TICKED)]:
        book.active.append(row)
    book.create_sheet("choices").append(("list_name", "name", "label"))
    form = tmp_path / "form.xlsx"
    book.save(form)
    answers = tmp_path / "kobo.csv"
    answers.write_text(
        "start;end;nom;telephone;idee;q_rgpd;_uuid;_submission_time\n"
        "2025-05-10T10:00:00+02:00;2025-05-10T10:05:00+02:00;Awa;06 10 20 30 40;un banc;OK;"
        "a1;2025-05-10T08:06:00\n"
        "2025-05-10T11:00:00+02:00;2025-05-10T11:05:00+02:00;Rémi;06 50 60 70 80;un parc;;"
        "a2;2025-05-10T09:06:00\n", encoding="utf-8")
    result = runner.invoke(args=["surveys", "import-form", str(form), "--territory",
                                 territory.slug, "--answers", str(answers)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-3:-1] == [
        "1 coordonnée gardée à part : consentement donné dans le fichier",
        "1 coordonnée non conservée : réponse de consentement vide"]
    survey = db.session.scalar(select(Survey))
    assert [q.name for q in survey.questions] == ["nom", "telephone", "idee"]
    assert sorted(db.session.scalars(select(SurveyContact.value))) == ["06 10 20 30 40", "Awa"]
    assert sorted(db.session.scalars(select(Answer.text))) == ["un banc", "un parc"]
