"""The Hazebrouck flash survey imported through the CLI gives back the contract's figures."""
from __future__ import annotations

import json
import re
from pathlib import Path

from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys.models import Answer, Response, Survey, SurveyContact

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "hazebrouck-2023"
if not FIXTURES.exists():  # worktree or main checkout: ../shared relative to the repo
    FIXTURES = Path("/work/shared/fixtures/hazebrouck-2023")
CODEBOOK = (Path(__file__).resolve().parents[2] / "participation" / "surveys" / "demo_data"
            / "codebook-manques.txt")


def _import(runner, territory) -> Survey:
    result = runner.invoke(args=["surveys", "import-form", str(FIXTURES / "questionnaire.xlsx"),
                                 "--territory", territory.slug])
    assert result.exit_code == 0, result.output
    slug = result.output.strip()
    result = runner.invoke(args=["surveys", "import-responses", slug,
                                 str(FIXTURES / "reponses-google-forms.csv")])
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
