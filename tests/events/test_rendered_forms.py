"""Every POST form of the event pages, loaded and submitted as a browser renders it (WebTest,
CSRF on), with its real effect checked: rows stored and the next page showing them."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.events import attendance
from participation.events.models import (
    CANCELLED,
    CheckIn,
    Event,
    Registration,
    RegistrationContact,
)
from participation.events.signup import registration_token, sign_up
from participation.extensions import db
from participation.privacy.models import ConsentRecord
from tests.events.conftest import answers, make_event
from tests.formcheck import pick_form
from tests.formfill import text_of as _text  # the page as a person reads it
from tests.reading import plain
from tests.rows import count_rows as _count


@pytest.mark.forms("events/public.html")
def test_resident_signs_up_as_rendered(webapp, event):
    page = webapp.get(f"/events/{event.id}")
    form = pick_form(page, field="adults")
    form["name"], form["adults"], form["children"] = "Nadia", "2", "1"
    form["allergies"] = "arachides"
    confirmation = form.submit().follow()
    registration = db.session.scalar(select(Registration))
    assert (registration.name, registration.adults, registration.children) == ("Nadia", 2, 1)
    assert registration.status == "confirmed"
    assert "3 personnes inscrites au nom de Nadia" in _text(confirmation)


@pytest.mark.forms("events/public.html")
def test_party_too_big_for_the_last_place_is_told_once(webapp, territory):
    """A party of two, one place left, waiting-list box unticked: one clear message, the
    answers kept, nothing stored; ticking the box puts them on the waiting list."""
    event = make_event(territory, capacity=3)
    sign_up(event.id, "first", answers("Karim", adults=2))
    page = webapp.get(f"/events/{event.id}")
    form = pick_form(page, field="adults")
    form["name"], form["adults"] = "Léa", "2"
    form["accept_waitlist"] = False
    page = form.submit(status=422)
    text = _text(page)
    assert "complet" not in text.lower()
    assert text.count("Il reste 1 place, pas assez pour 2 personnes") == 2  # summary + field
    assert _count(Registration) == 1
    form = pick_form(page, field="adults")
    assert form["name"].value == "Léa"
    form["accept_waitlist"] = True
    form.submit().follow()
    lea = db.session.scalar(select(Registration).where(Registration.name == "Léa"))
    assert lea.status == "waitlisted"


@pytest.mark.forms("events/cancel.html")
def test_resident_cancels_from_the_private_link(webapp, event):
    registration = sign_up(event.id, "tok-1", answers("Sami", adults=2))
    page = webapp.get(f"/events/annuler/{registration_token(registration)}")
    page = pick_form(page, button="Oui, annuler").submit()
    assert "Inscription annulée" in _text(page)
    db.session.refresh(registration)
    assert registration.status == CANCELLED


@pytest.mark.forms("events/cancel.html")
def test_a_cancelled_sign_up_ends_its_reminders_consent(webapp, event):
    """The contact is erased on cancellation: its reminders consent ends with it (it stayed
    active, for a contact no longer held: s28privacy's leftover), withdrawn by the link."""
    registration = sign_up(event.id, "tok-2", answers("Sami", phone="06 12 34 56 78",
                                                      consent=True))
    consent = db.session.scalar(select(ConsentRecord).where(
        ConsentRecord.purpose == "reminders").order_by(ConsentRecord.id))
    assert consent.active
    page = webapp.get(f"/events/annuler/{registration_token(registration)}")
    pick_form(page, button="Oui, annuler").submit()
    db.session.refresh(consent)
    assert (consent.active, consent.withdrawn_by) == (False, "link")
    assert _count(RegistrationContact) == 0


@pytest.mark.forms("events/checkin.html#1", "events/checkin.html#2", "events/checkin.html#3",
                   "events/checkin.html#4")
def test_facilitator_ticks_unticks_and_adds_walk_ins(webapp, web_login, territory, event):
    sign_up(event.id, "t1", answers("Habitant Un", adults=2))
    web_login("facilitator")
    url = f"/events/{event.id}/checkin"
    page = pick_form(webapp.get(url), action="/checkin/tick").submit().follow()  # #2
    assert attendance.headcount(event) == 2
    assert "Habitant Un est pointé(e)." in _text(page)
    page = pick_form(page, action="/checkin/undo").submit().follow()  # #1
    assert _count(CheckIn) == 0
    form = pick_form(page, action="/walk-in")  # #3
    form["name"], form["adults"], form["children"] = "Passante", "1", "2"
    page = form.submit().follow()
    walk_in = db.session.scalar(select(CheckIn))
    assert (walk_in.name, walk_in.registration_id, attendance.headcount(event)) == (
        "Passante", None, 3)
    assert "Passante · 1 + 2" in _text(page)
    page = pick_form(page, action="/checkin/undo").submit().follow()  # #4, the walk-in's
    assert _count(CheckIn) == 0 and "Passante" not in _text(page).split("Pointage annulé.")[1]


@pytest.mark.forms("events/checkin.html#3")
def test_a_walk_in_named_like_a_registered_party_is_asked_about_first(webapp, web_login,
                                                                      event):
    """« fatma yilmaz » typed at the door while « Fatma Yılmaz » signed up (field tester,
    2026-11-30: both were counted, 2 people for 1): refused once naming her, what was typed
    kept; ticked « C'est une autre personne », added. A name like no other goes in at once."""
    sign_up(event.id, "t1", answers("Fatma Yılmaz", adults=1))
    web_login("facilitator")
    form = pick_form(webapp.get(f"/events/{event.id}/checkin"), action="/walk-in")
    assert "other_person" not in form.fields
    form["name"], form["adults"], form["children"] = "fatma yilmaz", "1", "0"
    refused = form.submit(status=422)
    assert ("« fatma yilmaz » ressemble à « Fatma Yılmaz », déjà sur la liste : pointez "
            "cette personne dans la liste ci-dessus, ou cochez « C'est une autre personne ».") \
        in _text(refused)
    assert _count(CheckIn) == 0
    form = pick_form(refused, action="/walk-in")
    assert (form["name"].value, form["adults"].value) == ("fatma yilmaz", "1")
    form["other_person"] = True
    form.submit().follow()
    assert db.session.scalars(select(CheckIn.name)).all() == ["fatma yilmaz"]
    form = pick_form(webapp.get(f"/events/{event.id}/checkin"), action="/walk-in")
    form["name"], form["adults"], form["children"] = "Karim", "2", "0"
    form.submit().follow()
    assert attendance.headcount(event) == 3


@pytest.mark.forms("events/paper.html")
def test_facilitator_types_a_paper_sheet(webapp, web_login, event):
    first = sign_up(event.id, "t1", answers("Habitant Un"))
    sign_up(event.id, "t2", answers("Habitant Deux"))
    attendance.check_in(event, first.id)
    web_login("facilitator")
    form = pick_form(webapp.get(f"/events/{event.id}/paper"), field="lines")
    form["lines"] = "Habitant Un\nHabitant Deux\nMme Dupont ; 2 ; 1"
    page = form.submit().follow()
    assert attendance.headcount(event) == 5
    text = _text(page)
    assert "Feuille enregistrée : 1 inscrit pointé, 1 venu sur place, 1 déjà présent." in text
    assert "Mme Dupont" in text


@pytest.mark.forms("events/form.html")
def test_coordinator_creates_then_edits_an_event(webapp, web_login, territory, quartier):
    from participation.surveys.models import Survey

    survey = Survey(territory_id=territory.id, slug="mobilite", title="Se déplacer au quartier")
    db.session.add(survey)
    db.session.commit()
    web_login("coordinator")
    form = pick_form(webapp.get("/events/new"), field="title")
    assert [label for _v, _s, label in form["survey_id"].options] == [
        "— Aucun —", "Se déplacer au quartier"]  # a title, never a number
    form["kind"], form["title"] = "barbecue", "Barbecue de la rue Pasteur"
    form["starts_at"], form["ends_at"] = "2031-06-14T12:00", "2031-06-14T15:30"
    form["address"], form["capacity"] = "Rue Pasteur", "40"
    form["survey_id"] = str(survey.id)
    form.get("quartier_ids", index=0).checked = True
    page = form.submit().follow()
    event = db.session.scalar(select(Event))
    assert (event.title, event.capacity, event.survey_id) == (
        "Barbecue de la rue Pasteur", 40, survey.id)
    assert [q.id for q in event.quartiers] == [quartier.id]
    assert "40 places libres sur 40." in _text(page)
    manage = plain(_text(webapp.get(f"/events/{event.id}/manage")))
    assert ("Proposé aux personnes ayant répondu au questionnaire « Se déplacer au quartier »."
            in manage and f"n° {survey.id}" not in manage)  # issue #11: a title, not an id
    form = pick_form(webapp.get(f"/events/{event.id}/edit"), field="title")
    assert form["survey_id"].value == str(survey.id)
    form["capacity"] = "1"
    page = form.submit().follow()
    assert "1 place libre sur 1." in _text(page)


def test_stats_say_people_and_groups_with_plurals(webapp, web_login, territory):
    event = make_event(territory, capacity=None)
    attendance.add_walk_in(event, "Passante", 1, 0)
    sign_up(event.id, "t1", answers("Habitant Un"))
    web_login("coordinator")
    text = _text(webapp.get(f"/events/{event.id}/stats"))
    assert "Inscrits 1 personne (1 inscription)" in text
    assert "Venus sans inscription 1 personne (1 groupe)" in text
