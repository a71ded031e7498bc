"""Fresh tester, public questionnaire without JavaScript: "Oui" reveals a required follow-up
question; sent with another answer missing, the page showed the follow-up but its error
summary listed only the other error, so the resident had to notice the new question alone.
The summary now lists, in page order, the newly shown required question as one to answer
("Répondez à cette question : …", linked to it), without marking it as a wrong answer
(it has no error of its own: the resident had not seen it); an optional newly shown question
stays in the "nouvelle question" notice; nothing typed is lost.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys import services
from participation.surveys.models import Answer, Response
from tests.formfill import form_to, text_of, tick
from tests.surveys.helpers import opt, q, survey_with_condition


def _summary(page) -> list[tuple[str, str]]:
    return [(a["href"], " ".join(a.get_text().split()))
            for a in page.html.select(".error-summary a")]


@pytest.mark.forms("surveys/answer.html")
def test_a_newly_shown_required_question_is_listed_to_answer(webapp, territory):
    survey = survey_with_condition(territory)       # info (oui/non) -> canal, required
    info, canal, note = q(survey, "info"), q(survey, "canal"), q(survey, "note")
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url), url)
    form[f"q{info.id}"] = opt(info, "oui")          # the score, required, is forgotten
    page = form.submit().follow()
    assert _summary(page) == [
        (f"#q{canal.id}", "Répondez à cette question : Par quel biais ?"),
        (f"#q{note.id}", "Note de sécurité : Répondez à cette question.")]
    # the new question is asked, not marked as wrongly answered; the forgotten one is
    fieldsets = {f["id"]: f.get("class", []) for f in page.html.select("fieldset.question")}
    assert "has-error" not in fieldsets[f"q{canal.id}"]
    assert "has-error" in fieldsets[f"q{note.id}"]
    assert page.html.select_one("#nouvelles") is None    # listed once, in the summary
    assert page.html.select_one(f"input[name=q{info.id}][checked]")["value"] == \
        opt(info, "oui")                                 # nothing typed is lost
    form = form_to(page, url)
    tick(form, "Facebook")
    tick(form, "7")
    form.submit(status=302).follow()
    assert db.session.scalar(select(func.count(Response.id))) == 1
    stored = {a.question_id for a in db.session.scalars(select(Answer))}
    assert stored == {info.id, canal.id, note.id}


@pytest.mark.forms("surveys/answer.html")
def test_a_newly_shown_optional_question_stays_in_the_notice(webapp, territory):
    survey = survey_with_condition(territory)
    info, canal, note = q(survey, "info"), q(survey, "canal"), q(survey, "note")
    detail = services.add_question(survey, "short_text", "Où l'avez-vous appris ?",
                                   name="detail")
    services.set_condition(detail, "${info} = 'oui'")
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url), url)
    form[f"q{info.id}"] = opt(info, "oui")
    page = form.submit().follow()
    assert _summary(page) == [
        (f"#q{canal.id}", "Répondez à cette question : Par quel biais ?"),
        (f"#q{note.id}", "Note de sécurité : Répondez à cette question.")]
    notice = page.html.select_one("#nouvelles")
    assert [a["href"] for a in notice.select("a")] == [f"#q{detail.id}"]
    assert "Votre réponse ouvre une nouvelle question" in text_of(page)
