"""The residents' post-it page shows every mistake at once (field test s27): two boxes too
long, both messages on one page, in the summary (a link to each box, named by the question
people read) and next to each box (aria-describedby); the text of the third box stays and
nothing is stored until the mistakes are fixed. No JavaScript: WebTest sends the form as
rendered, without the browser's maxlength."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.johari.models import POSTIT_MAX, PostIt
from tests.errorcheck import assert_every_error_shown
from tests.formcheck import pick_form
from tests.reading import plain
from tests.rows import count_rows

TOO_LONG = f"Un post-it fait au plus {POSTIT_MAX} caractères."


@pytest.mark.forms("johari/public.html")
def test_every_box_too_long_is_told_at_once(webapp, exercise):
    form = pick_form(webapp.get(f"/johari/{exercise.id}/habitants"), field="publique")
    form["publique"], form["aveugle"] = "x" * (POSTIT_MAX + 1), "y" * (POSTIT_MAX + 20)
    form["cachee"] = "Le jardin derrière l'école"
    page = form.submit(status=422)
    assert_every_error_shown(page, {"publique": TOO_LONG, "aveugle": TOO_LONG})
    summary = plain(page.html.select_one(".error-summary").get_text(" "))
    assert plain(exercise.group("habitants").prompt("publique")) in summary
    assert count_rows(PostIt) == 0
    form = pick_form(page, field="publique")
    assert form["cachee"].value == "Le jardin derrière l'école"
    form["publique"], form["aveugle"] = "Le marché du samedi", ""
    form.submit().follow()
    assert [p.text for p in db.session.scalars(select(PostIt).order_by(PostIt.id))] == [
        "Le marché du samedi", "Le jardin derrière l'école"]
