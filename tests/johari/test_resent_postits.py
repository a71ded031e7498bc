"""The same post-its sent again from the same browser are stored once (field test t26field,
defect 2: JavaScript off, « Merci ! », Back, the browser refilled the texts in a page with a
new token, « Envoyer » again stored a second copy). Walked through the rendered page: the
second send is a fresh GET of the form (new token) filled with the same texts."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.johari.models import PostIt
from tests.formcheck import pick_form
from tests.formfill import text_of


def _send(webapp, url: str, publique: str, cachee: str):
    form = pick_form(webapp.get(url), field="publique")
    form["publique"], form["cachee"] = publique, cachee
    return form.submit().follow()


@pytest.mark.forms("johari/public.html")
def test_the_same_postits_sent_twice_from_one_browser_are_stored_once(webapp, exercise):
    url = f"/johari/{exercise.id}/habitants"
    first = _send(webapp, url, "Le marché du samedi", "Le jardin")
    assert "Ce navigateur avait déjà envoyé" not in text_of(first)
    again = _send(webapp, url, "Le marché du samedi", "Le jardin")
    assert "Ce navigateur avait déjà envoyé ces post-its : ils ne sont comptés qu’une fois." \
        in text_of(again)
    assert _count() == 2  # two post-its, once
    _send(webapp, url, "Le marché du dimanche", "")  # other texts: stored
    assert _count() == 3


def _count() -> int:
    return db.session.scalar(select(func.count(PostIt.id)))
