"""The Hazebrouck flash survey imported through the CLI gives back the contract's figures."""
from __future__ import annotations

import json
import re
from pathlib import Path

from sqlalchemy import func, select

from participation.core.audit import AuditEvent
from participation.extensions import db
from participation.surveys.models import Answer, Response, Survey, SurveyContact

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "hazebrouck-2023"
if not FIXTURES.exists():  # worktree or main checkout: ../shared relative to the repo
    FIXTURES = Path("/work/shared/fixtures/hazebrouck-2023")
CODEBOOK = (Path(__file__).resolve().parents[2] / "participation" / "surveys" / "demo_data"
            / "codebook-manques.txt")


# The flash survey was asked at the door (seed 003): the file has no consent column, the
# residents agreed to be called back when they gave their number to the interviewer. The
# coordinator says so (import_consent: without it the 26 contacts are not kept,
# test_without_the_declaration_no_contact_is_kept).
DECLARATION = "accord oral noté par les enquêteurs au porte-à-porte, juin 2023"


def _import(runner, territory, declaration: str | None = DECLARATION) -> Survey:
    result = runner.invoke(args=["surveys", "import-form", str(FIXTURES / "questionnaire.xlsx"),
                                 "--territory", territory.slug])
    assert result.exit_code == 0, result.output
    slug = result.output.strip()
    declared = ["--consentement-hors-fichier", declaration] if declaration else []
    result = runner.invoke(args=["surveys", "import-responses", slug,
                                 str(FIXTURES / "reponses-google-forms.csv"), *declared])
    assert result.exit_code == 0, result.output
    assert "112 réponses ajoutées" in result.output
    return db.session.scalar(select(Survey).where(Survey.slug == slug))


def _by_name(data: dict) -> dict:
    return {q["name"]: q for q in data["questions"]}


def _pct(question: dict, option: str) -> int:
    return next(o["pct"] for o in question["options"] if o["name"] == option)


def test_every_figure_of_expected_json(runner, territory):
    expected = json.loads((FIXTURES / "expected.json").read_text())
    survey = _import(runner, territory)
    survey.questions[3].codebook = CODEBOOK.read_text()  # "Que vous manque-t-il..."
    db.session.commit()
    result = runner.invoke(args=["surveys", "results", survey.slug, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    q = _by_name(data)
    assert data["responses"] == expected["responses"]
    assert _pct(q["info_quartier"], "oui") == expected["pct_informed"]
    assert q["info_canal"]["base"] == 64  # the informed: a sub-population
    assert _pct(q["info_canal"], "bouche") == expected["pct_informed_by_word_of_mouth"]
    assert _pct(q["cc_connu"], "non") == expected["pct_not_knowing_council"]
    assert _pct(q["cc_participer"], "oui") == expected["pct_wanting_to_join_council"]
    assert data["contacts_given"] == expected["contacts_given"]
    assert q["securite_note"]["mean"] == expected["security_mean"]
    assert q["securite_note"]["n"] == 112
    codes = q["manques"]["codes"]
    assert [c["label"] for c in codes] == expected["needs_in_order_printed"]
    assert all(c["count"] > 0 for c in codes)


def test_contacts_are_kept_apart_and_absent_from_results(runner, territory):
    survey = _import(runner, territory)
    contact_q = next(q for q in survey.questions if q.name == "contact")
    assert contact_q.personal and not contact_q.required
    assert db.session.scalar(select(func.count(Answer.id)).where(
        Answer.question_id == contact_q.id)) == 0
    contacts = db.session.scalars(select(SurveyContact)).all()
    assert len(contacts) == 26 and all(c.consent_text for c in contacts)
    result = runner.invoke(args=["surveys", "results", survey.slug, "--json"])
    assert "06 " not in result.output and "contact" not in _by_name(json.loads(result.output))


def test_the_declaration_is_recorded_with_each_contact_and_in_the_audit_log(runner,
                                                                           territory):
    """The 26 rows with a contact (the file's « Commentaire : numéro de téléphone et
    Nom/prénom » filled) are kept on the coordinator's declaration: each contact says so,
    and one audit event counts them with the declaration's text."""
    _import(runner, territory)
    texts = set(db.session.scalars(select(SurveyContact.consent_text)))
    assert texts == {"Consentement recueilli hors du fichier importé, déclaré à l'import : "
                     + DECLARATION}
    assert set(db.session.scalars(select(SurveyContact.consent_version))) == {
        "import-declare"}
    (event,) = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "import_consent")).all()
    assert (event.count, event.details_dict["declaration"]) == (26, DECLARATION)
    assert event.territory_id == territory.id


def test_without_the_declaration_no_contact_is_kept(runner, territory):
    """No consent column and no declaration: the 112 answers are imported, none of the 26
    contacts is kept, and the command says so; the results count no contact."""
    result = runner.invoke(args=["surveys", "import-form", str(FIXTURES / "questionnaire.xlsx"),
                                 "--territory", territory.slug])
    slug = result.output.strip()
    result = runner.invoke(args=["surveys", "import-responses", slug,
                                 str(FIXTURES / "reponses-google-forms.csv")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  26 coordonnées non conservées : pas de consentement dans le fichier" in lines
    assert ("Coordonnées (colonnes « Commentaire : numéro de téléphone et Nom/prénom ») ; "
            "consentement : aucune colonne dans le fichier") in lines
    assert "112 réponses ajoutées" in result.output
    assert db.session.scalar(select(func.count(SurveyContact.id))) == 0
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "import_consent")) == 0
    data = json.loads(runner.invoke(args=["surveys", "results", slug, "--json"]).output)
    assert (data["responses"], data["contacts_given"]) == (112, 0)


def test_reimporting_the_same_file_adds_nothing(runner, territory):
    survey = _import(runner, territory)
    result = runner.invoke(args=["surveys", "import-answers", str(survey.id),
                                 str(FIXTURES / "reponses-google-forms.csv")])
    assert "0 réponse ajoutée, 112 déjà présentes" in result.output
    assert db.session.scalar(select(func.count(Response.id))) == 112


def test_other_answers_are_split_from_labels_with_commas(runner, territory):
    survey = _import(runner, territory)
    insecurite = next(q for q in survey.questions if q.name == "insecurite")
    others = db.session.scalars(select(Answer.text).where(
        Answer.question_id == insecurite.id, Answer.is_other.is_(True))).all()
    assert "rodéos urbains" in others and "les chiens pas tenus en laisse" in others
    assert not any("Tapage" in t for t in others)


def test_coordinator_sees_and_erases_contacts(client, auth, runner, territory):
    survey = _import(runner, territory)
    auth.login("coordinator")
    page = client.get(f"/surveys/{survey.id}/contacts").get_data(as_text=True)
    # one line per person, each value after its question's (visually hidden) label
    assert len(re.findall(r"</span>[^<]*06 ", page)) == 26
    contact = db.session.scalars(select(SurveyContact).order_by(SurveyContact.id)).first()
    client.post(f"/surveys/{survey.id}/contacts/{contact.id}/erase")
    assert db.session.scalar(select(func.count(SurveyContact.id))) == 25
    assert db.session.scalar(select(func.count(Response.id))) == 112
    auth.logout()
    auth.login("facilitator")
    assert client.get(f"/surveys/{survey.id}/contacts").status_code == 403
