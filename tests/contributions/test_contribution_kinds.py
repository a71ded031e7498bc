"""The kind of imported answers: chosen per question at import, per answer in the review
queue, per question on its page; audited; the section follows.

The coordinator tester's case: « Qu'aimeriez-vous améliorer dans votre quartier ? » of the
Kobo export tests/surveys/data/reimport/kobo.csv was filed « Proposition » for all its
answers (read from the wording, ``contributions.kinds``), though most of them name a lack
(« medecin !!! on attend 3 mois pour un rdv »), and no screen could change it. Hand count
(the file read line by line, README.txt there): 62 responses imported, 60 of them answer that
question.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.contributions.models import Contribution
from participation.core.audit import AuditEvent
from participation.extensions import db
from participation.surveys.models import Question
from tests import factories
from tests.formfill import form_to, text_of, tick
from tests.surveys.test_import_shape import data

IMPROVE = "Qu'aimeriez-vous améliorer dans votre quartier ?"
CLEAN = "nettoyer les espaces verts et tondre plus souvent"
BINS = "Plus de propreté, les poubelles debordent tout le temps rue Pasteur"


def _import(webapp, kind_label: str):
    """form.xlsx and kobo.csv through « Importer un questionnaire XLSForm », the kind of
    « Qu'aimeriez-vous améliorer… » chosen in the preview's list, « Importer » pressed."""
    upload = form_to(webapp.get("/surveys/"), "/surveys/import")
    upload["file"] = ("form.xlsx", data("form.xlsx"))
    upload["answers"] = ("kobo.csv", data("kobo.csv"))
    preview = upload.submit().follow()
    form = form_to(preview, "/confirm")
    assert form["nature:ameliorer"].value == "proposition"  # read from the wording
    form["nature:ameliorer"].select(text=kind_label)
    return form.submit().follow()


def _kinds(text_like: str | None = None) -> dict[str, int]:
    """{kind: contributions} of the question « Qu'aimeriez-vous améliorer… »'s answers."""
    stmt = select(Contribution.kind, func.count()).where(
        Contribution.source_type == "survey_answer")
    question = db.session.scalar(select(Question).where(Question.name == "ameliorer")
                                 .order_by(Question.id))
    from participation.surveys.models import Answer

    stmt = stmt.where(Contribution.source_id.in_(
        select(Answer.id).where(Answer.question_id == question.id)))
    if text_like:
        stmt = stmt.where(Contribution.text == text_like)
    return dict(db.session.execute(stmt.group_by(Contribution.kind)).all())


def _review_item(page, text: str):
    """The review queue's <li> showing ``text``."""
    for item in page.html.select("ol.review > li"):
        found = item.find("p", class_="text")
        if found is not None and " ".join(found.get_text().split()) == text:
            return item
    raise AssertionError(f"{text!r} is not in the review queue")


def _queue_page(webapp, text: str):
    """The page of the review queue showing ``text`` (its « N suivantes » links followed)
    and the number of its item."""
    page = webapp.get("/analysis/review")
    while not [i for i in page.html.select("ol.review > li p.text")
               if " ".join(i.get_text().split()) == text]:
        page = page.click(description=r"\d+ suivantes")
    return page, _review_item(page, text)["id"][1:]


def _kind_form(webapp, text: str):
    """The « Nature » form of ``text`` in the review queue."""
    page, number = _queue_page(webapp, text)
    return form_to(page, f"/analysis/review/{number}/kind")


def _correct_form(webapp, text: str):
    """The « Corriger » form (challenges to tick) of ``text`` in the review queue."""
    page, number = _queue_page(webapp, text)
    return form_to(page, f"/analysis/review/{number}", contains='value="correct"')


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1",
                   "analysis/review.html#4", "analysis/review.html#2")
def test_kind_chosen_at_import_then_per_answer_and_the_section_follows(webapp, web_login,
                                                                       territory):
    web_login("coordinator")
    done = _import(webapp, "Constat / manquement")
    assert "62 réponses importées" in text_of(done)
    assert _kinds() == {"constat": 60}  # every answer of the question, as chosen

    form = _kind_form(webapp, CLEAN)
    assert form["kind"].value == "constat"
    form["kind"].select(text="Proposition")
    after = form.submit().follow()
    assert f"« {CLEAN} » : nature « Proposition »." in text_of(after)
    assert _kinds(CLEAN) == {"proposition": 1} and _kinds()["constat"] == 59
    [event] = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "contribution_kind").order_by(AuditEvent.id)).all()
    assert (event.count, event.details_dict["vers"], event.details_dict["avant"]) == (
        1, "proposition", {"constat": 1})
    assert CLEAN not in event.details  # ids and counts, never the words

    node = factories.challenge(territory, "L4")
    for text in (CLEAN, BINS):  # both confirmed under one challenge in the queue
        form = _correct_form(webapp, text)
        tick(form, node.label)
        form.submit().follow()
    table = webapp.get("/exports/section").html.find(id=f"bloc-theme-{node.code}").table
    header = [" ".join(th.get_text().split()) for th in table.select("thead th")]
    cells = {header[i]: " ".join(td.get_text().split())
             for row in table.select("tbody tr") for i, td in enumerate(row.find_all("td"))
             if td.get_text(strip=True)}
    assert CLEAN in cells["Propositions des habitants pour y remédier"]
    assert BINS in cells["Manquements / dysfonctionnements relevés par les habitants"]


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1",
                   "analysis/review.html#4", "surveys/question.html")
def test_question_kind_changed_later_keeps_the_kinds_set_one_by_one(webapp, web_login,
                                                                   territory):
    """Imported as propositions (the default), one answer set to « Constat / manquement »
    in the queue; the question's kind then changed to « Défi » on its page: the 59 others
    follow, the one set by hand stays, and the page says so."""
    web_login("coordinator")
    _import(webapp, "Proposition")
    assert _kinds() == {"proposition": 60}
    form = _kind_form(webapp, BINS)
    form["kind"].select(text="Constat / manquement")
    form.submit().follow()
    question = db.session.scalar(select(Question).where(Question.name == "ameliorer")
                                 .order_by(Question.id))
    page = webapp.get(f"/surveys/questions/{question.id}")
    form = form_to(page, f"/surveys/questions/{question.id}")
    form["contribution_kind"].select(text="Défi")
    after = form.submit().follow()
    assert ("Nature « Défi » donnée à 59 contributions de ses réponses. 1 contribution dont "
            "la nature a été choisie une à une la garde.") in text_of(after)
    assert _kinds() == {"defi": 59, "constat": 1}
    assert _kinds(BINS) == {"constat": 1}


@pytest.mark.forms("surveys/index.html#2", "surveys/import_questionnaire.html#1",
                   "analysis/review.html#4")
def test_an_unknown_kind_is_refused_in_french(webapp, web_login, territory):
    web_login("coordinator")
    _import(webapp, "Proposition")
    form = _kind_form(webapp, CLEAN)
    form["kind"].force_value("inconnue")
    after = form.submit().follow()
    assert "Nature de contribution inconnue." in text_of(after)
    assert _kinds(CLEAN) == {"proposition": 1}
