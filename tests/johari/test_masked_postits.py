"""A phone or an e-mail a resident writes on a post-it (public Johari page, no account) is
masked on the printed window and the comparison (participation/privacy/masking.py); the post-it
is stored as typed."""
from __future__ import annotations

from sqlalchemy import select

from participation.extensions import db
from participation.johari.models import PostIt
from tests.formcheck import pick_form


def _items(page) -> list[str]:
    return [" ".join(li.get_text(" ").split()) for li in page.html.select("ul li")]


def test_contacts_on_a_postit_are_masked_on_the_window(webapp, web_login, exercise):
    form = pick_form(webapp.get(f"/johari/{exercise.id}/habitants"), field="publique")
    form["publique"] = "Le marché, appelez au 06.44.55.66.77"
    form["cachee"] = "Ecrivez a yasmina.b@example.fr"
    form.submit().follow()
    web_login("coordinator")
    items = _items(webapp.get(f"/johari/{exercise.id}/fenetre"))
    assert "Le marché, appelez au [téléphone masqué]" in items
    assert "Ecrivez a [e-mail masqué]" in items
    comparison = webapp.get(f"/johari/{exercise.id}/comparaison").text
    assert "44.55.66.77" not in comparison and "yasmina" not in comparison
    assert sorted(p.text for p in db.session.scalars(select(PostIt))) == [
        "Ecrivez a yasmina.b@example.fr", "Le marché, appelez au 06.44.55.66.77"]
