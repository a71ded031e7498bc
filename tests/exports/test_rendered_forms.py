"""The exports pages' forms filled as rendered (WebTest, CSRF on): a personal export asked
with a reason and a confirmation, and a block of the participation section rewritten."""
from __future__ import annotations

import pytest
from babel.dates import format_date
from sqlalchemy import func, select

from participation.contributions.models import Contribution
from participation.exports.models import ExportLog, SectionText
from participation.extensions import db
from tests.exports.test_downloads import _seed
from tests.formfill import form_to, text_of, tick

PERSONAL = "/exports/contributions_attribuees"


@pytest.mark.forms("exports/index.html")
def test_personal_export_form_returns_the_file_and_logs_the_reason(webapp, web_login,
                                                                   territory, quartier):
    _seed(territory, quartier)
    user = web_login("coordinator")
    form = form_to(webapp.get("/exports/"), PERSONAL)
    form.select("contributions_attribuees-fmt", text="CSV")
    form["contributions_attribuees-reason"] = "Citer les habitants dans le bilan"
    tick(form, "Je confirme avoir besoin des données personnelles et je m'engage à ne pas "
               "les diffuser.")
    response = form.submit()
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.content_type == "text/csv"
    rows = [line.split(";") for line in response.body.decode("utf-8-sig").splitlines()]
    quoted = dict(zip(rows[0], next(r for r in rows[1:] if "Plus de bus le dimanche" in r),
                      strict=True))
    assert (quoted["sexe"], quoted["âge"], quoted["suivi"]) == ("Femme", "40-59 ans", "Reçue")
    log = db.session.scalar(select(ExportLog))
    assert (log.name, log.fmt, log.personal, log.user_id, log.reason) == (
        "contributions_attribuees", "csv", True, user.id, "Citer les habitants dans le bilan")


@pytest.mark.forms("exports/index.html")
def test_personal_export_without_confirmation_keeps_the_reason(webapp, web_login, territory,
                                                               quartier):
    _seed(territory, quartier)
    web_login("coordinator")
    form = form_to(webapp.get("/exports/"), PERSONAL)
    form["contributions_attribuees-reason"] = "Bilan annuel"
    page = form.submit(status=400)
    assert "Cochez la confirmation." in text_of(page)
    assert form_to(page, PERSONAL)["contributions_attribuees-reason"].value == "Bilan annuel"
    assert db.session.scalar(select(ExportLog.id)) is None


@pytest.mark.forms("exports/_section_body.html")
def test_section_block_rewritten_through_its_form(webapp, web_login, territory, quartier):
    _seed(territory, quartier)
    web_login("coordinator")
    page = webapp.get("/exports/section")
    form = form_to(page, "/exports/section/text")
    key = form["key"].value
    form["text"] = "Premier paragraphe réécrit.\nSecond paragraphe."
    page = form.submit().follow()
    assert "Texte enregistré." in text_of(page)
    row = db.session.scalar(select(SectionText))
    assert (row.key, row.text) == (key, "Premier paragraphe réécrit.\nSecond paragraphe.")
    block = page.html.find(id=f"bloc-{key}")
    assert [p.get_text() for p in block.find_all("p", recursive=False)] == [
        "Premier paragraphe réécrit.", "Second paragraphe."]


def _paragraphs(page, key: str) -> list[str]:
    block = page.html.find(id=f"bloc-{key}")
    return [p.get_text() for p in block.find_all("p", recursive=False)]


@pytest.mark.forms("exports/_section_body.html")
def test_section_block_saved_unchanged_keeps_following_the_contributions(
        webapp, web_login, territory, quartier):
    from participation.contributions.services import record_contribution

    _seed(territory, quartier)
    web_login("coordinator")
    page = webapp.get("/exports/section")
    form = form_to(page, "/exports/section/text")
    key, before = form["key"].value, _paragraphs(page, form["key"].value)
    assert form["text"].value.splitlines() == before
    form.submit().follow()
    assert not db.session.scalar(select(SectionText.text))  # no frozen copy kept
    said_on = db.session.scalar(select(func.max(Contribution.said_on)))  # all the same day
    month = format_date(said_on, "MMMM y", locale="fr")
    assert before == ["La parole des habitants et des partenaires a été recueillie par 2 "
                      f"formats différents, en {month}."]
    record_contribution(territory.id, "Un banc devant l'école", quartier_id=quartier.id,
                        source_format="micro_trottoir")
    after = _paragraphs(webapp.get("/exports/section"), key)
    assert after == ["La parole des habitants et des partenaires a été recueillie par 3 "
                     f"formats différents, en {month}."]
