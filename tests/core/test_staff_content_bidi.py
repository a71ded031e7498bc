"""An Arabic or Turkish staff screen keeps its content French and each resident's words in
their own direction (tester s28): the review queue read « Constat / manquement · استبيان /
استطلاع » (a channel label that residents also read, hence with an Arabic msgstr, inside
French content), and an Arabic answer, in a French paragraph, put its full stop on the wrong
side. Answers sent through the survey form as rendered."""
from __future__ import annotations

import re

import pytest

from tests.analysis.test_pending_suggestions import _answer
from tests.surveys.helpers import needs_survey

ARABIC_ANSWER = "لا يوجد طبيب في الحي."
ARABIC_LETTERS = re.compile("[\u0600-\u06ff]")


@pytest.mark.parametrize("lang", ["ar", "tr", "fr"])
def test_the_review_queue_keeps_its_labels_french_and_answers_in_their_direction(
        webapp, web_login, territory, lang):
    survey = needs_survey(territory)
    _answer(webapp, survey, ARABIC_ANSWER)
    _answer(webapp, survey, "il manque un médecin dans le quartier.")
    web_login("coordinator")
    page = webapp.get("/analysis/review", headers={"Accept-Language": lang})
    assert f'<html lang="{lang}"' in page.text
    items = page.html.select("main li[id^=c]")
    assert len(items) == 2
    for item in items:
        text = item.select_one("p.text")
        assert text["dir"] == "auto"
        words = text.find("bdi")
        # a <bdi>'s direction is "auto" unless an attribute says otherwise (HTML)
        assert words.get("dir", "auto") == "auto" and words.get_text() in (
            ARABIC_ANSWER, "il manque un médecin dans le quartier.")
        meta = item.find("small").get_text(" ", strip=True)
        assert "Enquête / questionnaire" in meta  # the survey's channel, in French
        assert not ARABIC_LETTERS.search(meta)
    # the header stays in the person's language
    if lang == "ar":
        assert ARABIC_LETTERS.search(page.html.find("header").get_text())
