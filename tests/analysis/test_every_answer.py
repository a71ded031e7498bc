"""Every free-text answer is a Contribution, even when its question has no challenge."""
from __future__ import annotations

from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.extensions import db
from participation.surveys.answers_import import import_answers_csv
from participation.surveys.models import Question
from tests import factories
from tests.surveys.test_kobo import HEADER, ROWS
from tests.surveys.test_kobo import _survey as kobo_survey

NEEDS = ["un médecin", "Pas de medecin traitant", "un docteur pour les enfants",
         "des bancs", "plus de médecins", "un medecin le samedi"]


def _rows() -> list[str]:
    """Kobo rows (real export format) that differ by their answer to "manques" and their ids."""
    rows = []
    for i, need in enumerate(NEEDS):
        row = ROWS[1].replace(";un médecin;", f";{need};").replace(";102;", f";{200 + i};")
        rows.append(row.replace("0c6f1f3c0002", f"0c6f1f3c{i:04d}").replace(";vGk3;;2",
                                                                            f";vGk3;;{i + 3}"))
    return rows


def _import(territory):
    survey = kobo_survey(territory)
    content = ("\n".join([HEADER, *_rows()]) + "\n").encode("utf-8")
    assert import_answers_csv(survey, content)["added"] == len(NEEDS)
    return survey


def _review_form(page, contribution: Contribution, action: str):
    """The accept or correct form of one contribution, as the review page renders it."""
    return next(f for f in page.forms.values() if f.action.endswith(f"/{contribution.id}")
                and f["action"].value == action)


def _check(form, name: str, values: set[str]) -> None:
    """Tick exactly ``values`` among the checkboxes ``name`` of the rendered form."""
    for box in form.fields.get(name, []):
        box.checked = box._value in values


def _by_text() -> dict[str, Contribution]:
    return {c.text: c for c in db.session.scalars(select(Contribution).where(
        Contribution.source_type == "survey_answer"))}


def test_imported_kobo_free_text_is_suggested_and_reviewed(territory, webapp, web_login):
    survey = _import(territory)
    health = factories.challenge(territory, "S2")
    found = _by_text()
    assert set(NEEDS) <= set(found)  # untagged question: still contributions
    assert found["Pas de medecin traitant"].source_format == "enquete"
    assert {t.origin for c in found.values() for t in c.tags} == {"suggested"}
    assert [t.challenge_id for t in found["plus de médecins"].tags] == [health.id]
    assert found["Pas de medecin traitant"].source_label == survey.title
    web_login("coordinator")
    page = webapp.get(f"/analysis/challenge/{health.id}")
    assert "5 contributions" in page.text  # the five answers about a doctor
    review = webapp.get("/analysis/review")
    assert "un docteur pour les enfants" in review.text and "des bancs" in review.text
    _review_form(review, found["des bancs"], "accept").submit().follow()
    assert found["des bancs"].tags[0].tagged_by_id is not None


def test_tagging_the_question_later_retags_its_answers(territory, webapp, web_login):
    survey = _import(territory)
    web_login("coordinator")
    question = db.session.scalar(select(Question).where(Question.survey_id == survey.id,
                                                        Question.name == "manques"))
    corrected = _by_text()["des bancs"]
    living = factories.challenge(territory, "T1")
    review = webapp.get("/analysis/review")
    form = _review_form(review, corrected, "correct")
    _check(form, "challenge_ids", {str(living.id)})
    form.submit().follow()
    edit = webapp.get(f"/surveys/questions/{question.id}")
    form = next(f for f in edit.forms.values() if "label" in f.fields)
    _check(form, "challenges", {str(living.id)})
    assert form.submit().status_int == 302
    db.session.expire_all()
    found = _by_text()
    for text in NEEDS:
        assert [t.challenge_id for t in found[text].tags] == [living.id]
    assert [t.origin for t in found["un médecin"].tags] == ["question"]
    assert [t.origin for t in found["des bancs"].tags] == ["manual"]  # the correction stays
    edit = webapp.get(f"/surveys/questions/{question.id}")
    form = next(f for f in edit.forms.values() if "label" in f.fields)
    _check(form, "challenges", set())
    form.submit()
    db.session.expire_all()
    assert {t.origin for t in _by_text()["un médecin"].tags} == {"suggested"}


def test_bulk_import_stores_the_contributions_one_by_one_entry_would(territory):
    """The import writes contributions in bulk (``surveys.bulk``); each must be what
    ``record_contributions`` stores for one response: texts of the free-text question and of
    the "Autre" answers, the question's kind and challenges (origin "question"), the day of the
    submission, the response's quartier, the answer it comes from."""
    from participation.surveys.models import Answer, Response
    from participation.surveys.responses import text_answers

    survey = kobo_survey(territory)
    question = next(q for q in survey.questions if q.name == "manques")
    living = factories.challenge(territory, "T1")
    question.challenges, question.contribution_kind = [living], "proposition"
    db.session.commit()
    content = ("\n".join([HEADER, *ROWS]) + "\n").encode("utf-8")
    assert import_answers_csv(survey, content)["added"] == 2
    found = _by_text()
    # by hand: row 1 "des bancs" + Autre "les rodéos" (insecurite) + "Par une voisine"
    # (info_canal); row 2 "un médecin": 4 free texts
    assert sorted(found) == ["Par une voisine", "des bancs", "les rodéos", "un médecin"]
    for response in db.session.scalars(select(Response).where(Response.survey_id == survey.id)):
        for q, answer in text_answers(survey, response.answers):
            c = found[answer.text]
            assert (c.source_id, c.territory_id, c.quartier_id, c.said_on) == (
                answer.id, territory.id, response.quartier_id, response.submitted_at.date())
            assert (c.kind, c.source_label, c.author_role, c.status) == (
                q.contribution_kind, survey.title, "habitant", "recue")
    assert str(found["un médecin"].said_on) == "2023-06-05"
    assert [(t.challenge_id, t.origin) for t in found["des bancs"].tags] == [
        (living.id, "question")]
    assert found["les rodéos"].kind == "constat" and all(
        t.origin == "suggested" for t in found["les rodéos"].tags)
    assert db.session.get(Answer, found["les rodéos"].source_id).is_other
