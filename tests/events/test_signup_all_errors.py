"""The public sign-up shows every mistake at once (field test s27: a tester on a 360 px phone
sent three mistakes, saw one message, fixed it, sent again, saw the next): the form's own
checks (WTForms) and the sign-up's (``signup.check_signup``) run together; the summary
(role="alert") links to each field, each message is next to its field (aria-describedby),
the values typed stay, nothing is stored. The form works without JavaScript: WebTest sends
it as rendered."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.events.models import Registration
from participation.events.signup import sign_up
from participation.extensions import db
from tests.errorcheck import assert_every_error_shown
from tests.events.conftest import answers, make_event
from tests.formcheck import pick_form
from tests.rows import count_rows

EXPECTED = {
    "name": "Ce champ est obligatoire.",
    "interpreter_language": "Précisez la langue de l'interprète.",
    "phone": "Ce numéro de téléphone n'est pas valide.",
    "email": "Cette adresse e-mail n'est pas valide.",
    "consent": "Cochez la case d'accord pour recevoir un rappel, ou laissez le téléphone et "
               "l'e-mail vides.",
    # 3 places left (capacity 5, a party of 2 signed up), 4 people, waiting list unticked
    "accept_waitlist": "Il reste 3 places, pas assez pour 4 personnes : cochez la case pour "
                       "être sur la liste d'attente, ou inscrivez moins de personnes.",
}


@pytest.mark.forms("events/public.html")
def test_every_mistake_of_a_sign_up_is_shown_at_once(webapp, territory):
    event = make_event(territory, capacity=5)
    sign_up(event.id, "first", answers("Karim", adults=2))
    form = pick_form(webapp.get(f"/events/{event.id}"), field="adults")
    form["name"], form["adults"], form["children"] = "", "3", "1"
    form["interpreter"], form["allergies"] = True, "arachides"
    form["phone"], form["email"] = "0612", "karim.example.org"
    form["accept_waitlist"] = False
    page = form.submit(status=422)
    assert_every_error_shown(page, EXPECTED)
    assert count_rows(Registration) == 1  # Karim's alone
    form = pick_form(page, field="adults")
    assert (form["adults"].value, form["children"].value, form["allergies"].value,
            form["phone"].value, form["email"].value) == ("3", "1", "arachides", "0612",
                                                          "karim.example.org")
    form["name"], form["interpreter_language"] = "Nadia", "arabe"
    form["phone"], form["email"], form["consent"] = "06 12 34 56 78", "", True
    form["accept_waitlist"] = True
    form.submit(status=303)
    nadia = db.session.scalar(select(Registration).where(Registration.name == "Nadia")
                              .order_by(Registration.id))
    assert (nadia.status, nadia.people, nadia.interpreter_language) == ("waitlisted", 4,
                                                                       "arabe")


@pytest.mark.forms("events/public.html")
def test_two_mistakes_of_the_sign_up_rules_are_told_together(webapp, territory):
    """Nobody in the party and a reminder asked without a contact: the sign-up's rules
    (``signup.clean_answers``) stopped at the first; both are on one page."""
    event = make_event(territory, capacity=None)
    form = pick_form(webapp.get(f"/events/{event.id}"), field="adults")
    form["name"], form["adults"], form["children"] = "Sami", "0", "0"
    form["consent"] = True
    page = form.submit(status=422)
    assert_every_error_shown(page, {
        "adults": "Indiquez au moins une personne.",
        "phone": "Indiquez un téléphone ou un e-mail pour recevoir un rappel."})
    assert count_rows(Registration) == 0
