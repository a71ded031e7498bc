"""The same sign-up sent again from the same browser is stored once (field test t26field,
defect 2, checked for the event form: Back after the confirmation shows a fresh form with a
new token, refilled the same). Walked through the rendered page (WebTest)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.events.models import Registration
from participation.extensions import db
from tests.formcheck import pick_form
from tests.formfill import text_of


def _sign_up(webapp, event, name: str):
    form = pick_form(webapp.get(f"/events/{event.id}"), field="adults")
    form["name"], form["adults"], form["children"] = name, "2", "1"
    return form.submit().follow()


@pytest.mark.forms("events/public.html")
def test_a_sign_up_sent_again_after_back_is_stored_once(webapp, event):
    first = _sign_up(webapp, event, "Nadia")
    assert "3 personnes inscrites au nom de Nadia" in text_of(first)
    again = _sign_up(webapp, event, "Nadia")
    assert "Ce navigateur avait déjà envoyé cette inscription : elle n’est comptée qu’une " \
           "fois." in text_of(again)
    assert "3 personnes inscrites au nom de Nadia" in text_of(again)
    assert db.session.scalar(select(func.count(Registration.id))) == 1
    _sign_up(webapp, event, "Samir")  # another party typed on the same phone: stored
    assert db.session.scalar(select(func.count(Registration.id))) == 2
