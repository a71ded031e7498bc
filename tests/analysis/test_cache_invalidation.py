"""Analyses and the section are kept between requests, and follow every change: a tag
corrected in the review queue shows at once on the challenge page and in the section."""
from __future__ import annotations

import pytest

from participation.contributions.services import record_contribution
from tests import factories
from tests.formfill import form_to, text_of, tick


@pytest.mark.forms("analysis/review.html#2")
def test_a_corrected_tag_shows_on_the_cached_pages(webapp, web_login, territory):
    housing = factories.challenge(territory, "L5")
    words = "l'ascenseur est en panne depuis un mois"
    contribution = record_contribution(territory.id, words)
    web_login("coordinator")
    challenge_page = f"/analysis/challenge/{housing.id}"
    assert words not in text_of(webapp.get(challenge_page))
    heading = f"{housing.code} · {housing.name}"
    assert heading not in text_of(webapp.get("/exports/section"))
    assert words not in text_of(webapp.get(challenge_page))  # served from the cache
    page = webapp.get("/analysis/review")
    form = form_to(page, f"/analysis/review/{contribution.id}",
                   contains="Enregistrer la correction")
    tick(form, housing.label)
    form.submit().follow()
    assert words in text_of(webapp.get(challenge_page))
    section = text_of(webapp.get("/exports/section"))
    assert words in section.split(heading, 1)[1]
