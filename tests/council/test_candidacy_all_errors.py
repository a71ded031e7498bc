"""The candidacy form shows every mistake at once (field test s27: one message a submit): the
form's own checks (WTForms) and the council's (``services.check_candidacy``) run together;
the summary (role="alert") links to each field, each message is next to its field
(aria-describedby), the values typed stay, nothing is stored. No JavaScript: WebTest sends
the form as rendered."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.council.models import Candidacy
from participation.extensions import db
from tests.errorcheck import assert_every_error_shown
from tests.formcheck import pick_form
from tests.rows import count_rows

PARITY = ("Indiquez si vous êtes une femme ou un homme : le tirage au sort respecte la "
          "parité.")
CONSENT = "Sans votre accord, nous ne pouvons pas garder votre candidature."


@pytest.mark.forms("council/apply.html")
def test_every_mistake_of_a_candidacy_is_shown_at_once(webapp, council):
    form = pick_form(webapp.get(f"/conseil/{council.id}/candidater"), field="name")
    form["college"], form["name"] = "habitants", ""
    form["phone"], form["email"] = "0612", "awa.example.org"
    form["motivation"] = "Améliorer le quartier"
    page = form.submit(status=422)
    assert_every_error_shown(page, {
        "name": "Ce champ est obligatoire.",
        "phone": "Ce numéro de téléphone n'est pas valide.",
        "email": "Cette adresse e-mail n'est pas valide.",
        "sex": PARITY, "consent": CONSENT})
    assert count_rows(Candidacy) == 0
    form = pick_form(page, field="name")
    assert (form["college"].value, form["phone"].value, form["motivation"].value) == (
        "habitants", "0612", "Améliorer le quartier")
    form["name"], form["phone"], form["email"] = "Awa Diallo", "06 12 34 56 78", ""
    form["sex"], form["consent"] = "f", True
    form.submit(status=302)
    stored = db.session.scalar(select(Candidacy).order_by(Candidacy.id))
    assert (stored.contact.name, stored.sex, stored.motivation) == (
        "Awa Diallo", "f", "Améliorer le quartier")


@pytest.mark.forms("council/apply.html")
def test_a_local_actor_without_structure_nor_contact_is_told_both(webapp, council):
    """Three rules of the council alone (``check_candidacy`` stopped at the first)."""
    form = pick_form(webapp.get(f"/conseil/{council.id}/candidater"), field="name")
    form["college"], form["name"] = "acteurs_locaux", "Karim B."
    page = form.submit(status=422)
    assert_every_error_shown(page, {
        "consent": CONSENT,
        "phone": "Indiquez un téléphone ou un e-mail pour être recontacté.",
        "structure_name": "Indiquez la structure que vous représentez."})
    assert count_rows(Candidacy) == 0


@pytest.mark.forms("council/apply.html")
def test_a_paper_candidacy_typed_in_is_told_every_mistake(webapp, web_login, council):
    web_login("facilitator")
    form = pick_form(webapp.get(f"/council/{council.id}/candidacies/new"), field="name")
    form["college"], form["name"] = "habitants", "Marc Petit"
    page = form.submit(status=422)
    assert_every_error_shown(page, {
        "consent": CONSENT, "sex": PARITY,
        "phone": "Indiquez un téléphone ou un e-mail pour être recontacté."})
    assert count_rows(Candidacy) == 0
