"""The chips of a post-it's challenges (johari/_tags.html) submit the page's one form through
the HTML ``form`` attribute, which only a real browser follows: a facilitator removes a
suggested challenge in one tap, without JavaScript."""
from __future__ import annotations

from datetime import date

import pytest

from participation.extensions import db
from participation.johari import services
from tests import factories
from tests.e2e.test_events import _login

pytestmark = pytest.mark.e2e


@pytest.mark.forms("johari/_tags.html")
def test_facilitator_removes_a_challenge_with_its_chip(make_page, territory, quartier):
    exercise = services.create_exercise(territory.id, "Johari du barbecue", quartier.id,
                                        date(2023, 6, 27))
    code = next(c.code for c in territory.current_contract.challenges if c.parent_id is None)
    theme = factories.challenge(territory, code)
    [postit] = services.add_postits(exercise.group("habitants"), [("publique", "Texte")],
                                    "tok-1")
    services.toggle_challenge(postit, theme.id, None)
    page = make_page(java_script_enabled=False)
    _login(page, territory, "facilitator")
    page.goto(f"/johari/{exercise.id}/postits")
    page.get_by_role("button", name=f"{theme.label} — retirer").click()
    assert "Enjeu retiré." in page.inner_text("main")
    db.session.refresh(postit)
    assert postit.contribution.tags == []
