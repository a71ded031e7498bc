"""Search boxes ignore accents and case, on SQLite and PostgreSQL (core/textsearch.py):
"ecole" finds "École", "medecin" finds "médecin", "MEDECIN" too. Walked through the rendered
search forms of the survey results page and the contributions list."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.contributions.services import record_contribution
from participation.core.textsearch import contains_folded, fold
from participation.extensions import db
from participation.surveys import services
from participation.surveys.responses import submit_response
from tests.formfill import text_of


def _search(page, query: str):
    form = next(f for f in page.forms.values() if "q" in f.fields and f.method.lower() == "get")
    form["q"] = query
    return form.submit()


@pytest.fixture
def ideas(territory):
    survey = services.create_survey(territory.id, "Idées")
    idea = services.add_question(survey, "long_text", "Votre idée ?", name="idee")
    services.set_status(survey, "open")
    for i, text in enumerate(["Repeindre l'École Jules-Ferry", "Un médecin au centre social",
                              "Des bancs au parc"]):
        submit_response(survey, {idea.id: {"text": text}}, f"tok-idea-{i}")
    return survey


@pytest.mark.parametrize("query, found", [
    ("ecole", "Repeindre l'École Jules-Ferry"), ("medecin", "Un médecin au centre social"),
    ("MÉDECIN", "Un médecin au centre social"), ("Ecole jules", "Repeindre l'École")])
def test_results_free_text_search_ignores_accents_and_case(webapp, web_login, ideas, query,
                                                           found):
    web_login("coordinator")
    page = _search(webapp.get(f"/surveys/{ideas.id}/results"), query)
    text = text_of(page)
    assert found in text and "Des bancs au parc" not in text
    assert page.forms and query in page.text  # the query stays as typed in the box


def test_contributions_search_ignores_accents_and_case(webapp, web_login, territory):
    for text in ["Le MÉDECIN est parti à la retraite", "Plus de bancs à l'école Pasteur",
                 "Rien à signaler"]:
        record_contribution(territory.id, text)
    web_login("coordinator")
    page = _search(webapp.get("/contributions/"), "medecin")
    assert "Le MÉDECIN est parti" in text_of(page) and "Rien à signaler" not in text_of(page)
    page = _search(webapp.get("/contributions/"), "Ecole")
    assert "Plus de bancs" in text_of(page) and "MÉDECIN" not in text_of(page)


def test_sql_and_python_fold_agree(app, territory):
    """Every letter the fold maps, in SQL (this run's database) as in Python."""
    from participation.core.textsearch import ARABIC_DROPPED, FOLD_FROM

    sample = f"Œuvre Æ {FOLD_FROM}{ARABIC_DROPPED} _%"
    record_contribution(territory.id, sample)
    from participation.contributions.models import Contribution

    assert fold(sample).startswith("oeuvre ae ")
    found = db.session.scalars(select(Contribution.text).where(
        contains_folded(Contribution.text, fold(sample)))).all()
    assert found == [sample]
    assert db.session.scalars(select(Contribution.text).where(
        contains_folded(Contribution.text, "x_%"))).all() == []  # wildcards stay literal


def test_arabic_names_fold_as_people_type_them():
    """Alef forms, ta marbuta and alef maqsura written plain, short vowels and the tatweel
    taken off (DPO tester t28res, defect 2): four spellings of one name are one."""
    assert fold("فاطِمَة") == fold("فاطمه") == fold("فاطـمة") == "فاطمه"
    assert fold("إبراهيم") == fold("ابراهيم") and fold("أحمد") == fold("آحمد") == "احمد"
    assert fold("مصطفى") == "مصطفي"
