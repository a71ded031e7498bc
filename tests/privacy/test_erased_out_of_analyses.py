"""A text erased at a person's request is out of every analysis (field test t24field, defect
3: the placeholder "[Texte effacé à la demande d'une personne dont il contenait les
coordonnées]" came back as a residents' "Manquement", in the section, and its words
"effacé", "demande", "coordonnées" in "Les mots qui reviennent"), and a phone a resident
wrote is masked on every staff page that shows the text (defect 10: the "Accepter" message
showed "rappelez moi au 06 1…", the contributions list the whole number)."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from participation.analysis import frames
from participation.contributions.models import Contribution
from participation.contributions.services import record_contribution
from participation.extensions import db
from tests.analysis.test_kept import _answers, _group_row
from tests.formfill import form_to, text_of
from tests.privacy.erasing import confirm

CALL_ME = "un médecin svp, rappelez moi au 06 12 34 56 78"
ERASED_WORDS = ("effacé", "coordonnées", "demande d")


def _erase_by_phone(webapp, phone: str):
    form = form_to(webapp.get("/privacy/personne"), "/privacy/personne")
    form["phone"] = phone
    form = form_to(form.submit(), "/privacy/personne/effacer")
    confirm(form)
    return form.submit().follow()


@pytest.mark.forms("privacy/person.html#4")
def test_an_erased_text_leaves_the_words_counts_pages_and_section(webapp, web_login, territory,
                                                                  quartier):
    health, _social = _answers(territory, quartier)
    record_contribution(territory.id, CALL_ME, quartier_id=quartier.id,
                        said_on=date(2024, 6, 3), challenge_ids=[health.id])
    web_login("coordinator")
    # 6 of the 8 answers say "médecin" (5 of _answers and the call-me one): 75 %
    assert _group_row(webapp.get("/analysis/words"), "Un médecin") == [
        "Un médecin", "6", "75\u202f%"]
    done = _erase_by_phone(webapp, "0612345678")
    assert "Données effacées : 1 enregistrement." in text_of(done)
    stored = db.session.scalar(select(Contribution).where(Contribution.erased_at.is_not(None)))
    assert stored.text == ""  # marked erased in the data, no placeholder sentence to analyse
    # back to 5 of the 7 answers residents said: 71 %
    words = webapp.get("/analysis/words")
    assert _group_row(words, "Un médecin") == ["Un médecin", "5", "71\u202f%"]
    pages = [text_of(webapp.get(url)) for url in (
        "/analysis/words", f"/analysis/challenge/{health.id}", "/exports/section",
        f"/analysis/quartier/{quartier.id}", "/analysis/review")]
    assert [w for page in pages for w in ERASED_WORDS if w in page.lower()] == []
    assert stored.id not in set(frames.contributions_frame(territory.id)["id"])
    assert stored.id not in set(frames.tags_frame(territory.id)["contribution_id"])
    # the staff list says it was erased
    assert "Texte effacé à la demande d’une personne (hors des analyses)." in text_of(
        webapp.get("/contributions/"))


def test_a_phone_in_a_text_is_masked_on_the_staff_pages(webapp, web_login, territory,
                                                       quartier):
    contribution = record_contribution(
        territory.id, "les poubelles debordent tout le temps, rappelez moi au 06 12 34 56 78",
        quartier_id=quartier.id, said_on=date(2024, 6, 3))
    web_login("coordinator")
    for url in ("/contributions/", f"/contributions/{contribution.id}", "/analysis/review"):
        page = text_of(webapp.get(url))
        assert "[téléphone masqué]" in page and "06 12" not in page, url
    review = webapp.get("/analysis/review")
    form = form_to(review, f"/analysis/review/{contribution.id}", contains="Aucun enjeu")
    said = text_of(form.submit().follow())
    assert "« les poubelles debordent tout le temps, rappelez moi au [" in said
    assert "06 1" not in said
