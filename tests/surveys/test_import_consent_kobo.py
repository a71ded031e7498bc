"""Contacts of a KoboToolbox answers file are kept only with consent (``import_consent``):
its « consentement » column, none, an ``acknowledge`` box, and contacts typed in free texts,
through the rendered preview of the results page and the CLI."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.core.audit import AuditEvent
from participation.extensions import db
from participation.surveys.models import Answer, Response, SurveyContact
from tests.formfill import text_of as _words  # the page as a person reads it
from tests.reading import plain
from tests.rows import count_rows as _count
from tests.surveys.consent_files import (
    TICKED,
    _cells,
    _importer,
    _items,
    _kobo,
    _preview,
    _survey,
)
from tests.workbooks import xlsx


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



def test_kobo_acknowledge_consent_box(runner, territory, tmp_path):
    """A Kobo form whose consent is an ``acknowledge`` box (``q_rgpd``, « OK » when ticked):
    the questionnaire is imported (the box is no question: 3 questions), its column in the
    answers is the consent column; line 2 (OK) keeps its name and phone, line 3 (box left
    empty) keeps its idea only."""
    from participation.surveys.models import Survey

    form = tmp_path / "form.xlsx"
    form.write_bytes(xlsx({
        "survey": [("type", "name", "label"), ("start", "start", None), ("end", "end", None),
                   ("text", "nom", "Votre nom"), ("text", "telephone", "Téléphone"),
                   ("text", "idee", "Votre idée pour le quartier"),
                   ("acknowledge", "q_rgpd", TICKED)],
        "choices": [("list_name", "name", "label")]}))
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
