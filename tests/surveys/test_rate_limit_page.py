"""A community centre's Wi-Fi puts a room behind one address: the survey's answer POST
allows 120 a minute per address (participation/surveys/views.py ``ANSWER_LIMIT``), and past it
the 429 page says to wait a minute, that going back keeps the answers, with a link back to
the page the person was on (same site only: core/errors.py ``back_link``)."""
from __future__ import annotations

import pytest
from webtest import TestApp

from tests.formfill import form_to, text_of
from tests.limits import limited_app
from tests.surveys.helpers import opt, q, survey_with_condition


@pytest.fixture
def limited_web(app):
    """A WebTest browser on a second app (same database) with the rate limits on
    (``limits.limited_app``)."""
    with limited_app(app) as limited:
        yield TestApp(limited)


def test_a_room_behind_one_address_then_a_page_that_says_wait_and_go_back(limited_web,
                                                                         territory):
    survey = survey_with_condition(territory)
    url = f"/s/{survey.slug}"
    page = limited_web.get(url)
    form = form_to(page, url)
    form[f"q{q(survey, 'info').id}"] = opt(q(survey, "info"), "non")
    form[f"q{q(survey, 'note').id}"] = "7"
    here = {"Referer": f"http://{page.request.host}{url}?lang=fr"}
    codes = [form.submit(headers=here, expect_errors=True).status_int for _i in range(121)]
    assert codes[:120] == [302] * 120 and codes[120] == 429  # replays absorbed by the token
    refused = form.submit(headers=here, status=429)
    text = text_of(refused)
    assert "Attendez une minute" in text and "ce que vous avez écrit y est encore" in text
    assert refused.html.find("a", string="Revenir à la page où vous étiez")["href"] == \
        f"{url}?lang=fr"
    elsewhere = form.submit(headers={"Referer": f"https://example.org{url}"}, status=429)
    assert elsewhere.html.find("a", string="Revenir à la page où vous étiez") is None
    assert "Retour à l'accueil" in text_of(elsewhere)
