"""Residents sign up on a phone: confirmation, waitlist, cancellation, bad input."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from participation.events import notify, signup
from participation.events.models import (
    CANCELLED,
    CONFIRMED,
    WAITLISTED,
    Registration,
    RegistrationContact,
)
from participation.extensions import db
from participation.privacy.models import ConsentRecord
from tests.conftest import pinned_instant
from tests.events.conftest import make_event
from tests.reading import plain


def _count(model=Registration) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _post(client, event, token="tok-1", **fields):
    data = {"form_token": token, "name": "Nadia", "adults": "1", "children": "0",
            "accept_waitlist": "y"} | fields
    return client.post(f"/events/{event.id}", data=data)


def test_page_shows_places_and_place_words(client, event):
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Il reste 10 places." in page
    assert "devant les containers Pastoch&#39;" in page
    assert 'name="form_token"' in page


def test_party_of_three_is_confirmed_with_ics_and_cancel_link(client, event):
    response = _post(client, event, adults="2", children="1", meal_needs=["halal"],
                     childcare="y", interpreter="y", interpreter_language="arabe")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "3 personnes inscrites au nom de Nadia" in page
    assert "Nous avons noté : repas halal, garde des enfants, interprète : arabe." in plain(page)
    registration = db.session.scalar(select(Registration))
    assert (registration.status, registration.people) == (CONFIRMED, 3)
    assert registration.meal_needs == "halal" and registration.childcare
    assert registration.interpreter_language == "arabe"
    ics = client.get(response.headers["Location"] + "/evenement.ics")
    assert ics.mimetype == "text/calendar"
    body = ics.get_data(as_text=True)
    assert "BEGIN:VEVENT" in body and "DTSTART;TZID=Europe/Paris:" in body
    assert "\r\n" in body and "containers Pastoch'" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_double_click_stores_one_registration(client, event, pinned_clock):
    # The confirmation link is signed with its time: both clicks within one frozen second.
    pinned_clock.move_to(pinned_instant(), tick=False)
    first, second = _post(client, event), _post(client, event)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert _count() == 1


def test_contact_is_kept_apart_and_only_with_consent(client, event):
    response = _post(client, event, phone="06 12 34 56 78")
    assert response.status_code == 422
    assert "Cochez la case d&#39;accord" in response.get_data(as_text=True)
    assert _count() == 0
    assert _post(client, event, phone="06 12 34 56 78", consent="y").status_code == 303
    contact = db.session.scalar(select(RegistrationContact))
    assert contact.phone == "+33612345678"


def test_bad_party_sizes_and_unknown_need_store_nothing(client, event):
    for adults in ("0", "-1", "1000"):
        response = _post(client, event, adults=adults)
        assert response.status_code == 422
        assert "Indiquez un nombre entre 0 et 20." in response.get_data(as_text=True) \
            or "au moins une personne" in response.get_data(as_text=True)
    response = _post(client, event, meal_needs=["caviar"])
    assert response.status_code == 422
    assert _count() == 0


def test_unknown_need_refused_by_the_service(event):
    import pytest

    from participation.core.errors import DomainError

    with pytest.raises(DomainError, match="Besoin inconnu"):
        signup.sign_up(event.id, "t", {"name": "A", "adults": 1, "meal_needs": ["caviar"]})
    assert _count() == 0


def test_past_event_and_deadline_refuse_with_french_message(client, territory):
    past = make_event(territory, days=-2)
    response = _post(client, past)
    assert "Cet événement est passé" in response.get_data(as_text=True)
    soon = make_event(territory, days=3,
                      signup_deadline=make_event(territory).starts_at - timedelta(days=20))
    response = _post(client, soon, token="tok-2")
    assert response.status_code == 422
    assert "La date limite d&#39;inscription est dépassée." in response.get_data(as_text=True)
    assert _count() == 0


def test_full_event_waitlists_then_promotes_the_party_that_fits(client, app, territory):
    app.config["SMS_BACKEND"] = "memory"
    notify.OUTBOX.clear()
    event = make_event(territory, capacity=4)
    first = _post(client, event, "a", name="Karim", adults="3")
    assert _post(client, event, "b", name="Léa", adults="2", phone="0611111111",
                 consent="y").status_code == 303
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Il reste 1 place." in page
    lea = db.session.scalar(select(Registration).where(Registration.name == "Léa"))
    assert lea.status == WAITLISTED
    token = first.headers["Location"].rsplit("/", 1)[1]
    assert client.get(f"/events/annuler/{token}").status_code == 200
    done = client.post(f"/events/annuler/{token}")
    assert "Inscription annulée" in done.get_data(as_text=True)
    db.session.expire_all()
    assert lea.status == CONFIRMED and lea.promoted_at and lea.promotion_notified_at
    assert notify.OUTBOX[-1][0:2] == ("sms", "+33611111111")
    karim = db.session.scalar(select(Registration).where(Registration.name == "Karim"))
    assert karim.status == CANCELLED
    app.config.pop("SMS_BACKEND")


def test_full_event_without_waitlist_consent_stores_nothing(client, territory):
    event = make_event(territory, capacity=2)
    _post(client, event, "a", adults="2")
    response = _post(client, event, "b", accept_waitlist="")
    assert response.status_code == 422
    assert "complet" in response.get_data(as_text=True)
    assert _count() == 1
    assert "C’est complet" in client.get(f"/events/{event.id}").get_data(as_text=True)


def test_forged_and_expired_cancel_tokens(client, event, monkeypatch):
    response = client.get("/events/annuler/forged.token")
    assert response.status_code == 404
    assert "Ce lien n&#39;est pas valide." in response.get_data(as_text=True)
    location = _post(client, event).headers["Location"]
    token = location.rsplit("/", 1)[1]
    monkeypatch.setattr(signup, "TOKEN_MAX_AGE", -1)
    response = client.post(f"/events/annuler/{token}")
    assert response.status_code == 404
    assert "Ce lien a expiré." in response.get_data(as_text=True)
    assert db.session.scalar(select(Registration)).status == CONFIRMED


def test_cancel_erases_contact(client, event):
    location = _post(client, event, email="nadia@example.org", consent="y").headers["Location"]
    token = location.rsplit("/", 1)[1]
    client.post(f"/events/annuler/{token}")
    assert _count(RegistrationContact) == 0


def test_chain_signs_up_once_for_both(client, territory, event):
    tables = make_event(territory, kind="table_citoyenne", title="Tables citoyennes",
                        capacity=3, chain_head_id=event.id)
    assert client.get(f"/events/{tables.id}").headers["Location"].endswith(
        f"/events/{event.id}")
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Tables citoyennes" in page and "Il reste 3 places." in page
    _post(client, event, adults="3")
    body = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "C’est complet" in body


def test_quartier_page_lists_upcoming_events(client, event, quartier):
    page = client.get(f"/quartiers/{quartier.id}").get_data(as_text=True)
    assert "Barbecue participatif" in page


def test_waitlist_position_is_shown(client, territory):
    event = make_event(territory, capacity=1)
    _post(client, event, "a")
    _post(client, event, "b", name="Deux")
    third = _post(client, event, "c", name="Trois")
    page = client.get(third.headers["Location"]).get_data(as_text=True)
    assert "Vous êtes n° 2 sur la liste d’attente." in page


def test_purge_contacts_after_the_event(runner, territory):
    from participation.events.services import local_now

    event = make_event(territory, days=2)
    signup.sign_up(event.id, "a", {"name": "A", "adults": 1, "phone": "0612345678",
                                   "consent": True})
    assert signup.purge_contacts(30) == 0
    assert signup.purge_contacts(30, now=local_now() + timedelta(days=40)) == 1
    assert _count(RegistrationContact) == 0 and _count() == 1
    consent = db.session.scalar(select(ConsentRecord).order_by(ConsentRecord.id))
    assert (consent.active, consent.withdrawn_by) == (False, "erasure")  # ended with it
    assert "0 contact(s) erased." in runner.invoke(args=["events", "purge-contacts"]).output


def test_events_for_survey_lists_open_events_only(territory):
    from participation.events.services import events_for_survey
    from participation.surveys.services import create_survey

    first, second = (create_survey(territory.id, t) for t in ("Enquête A", "Enquête B"))
    open_event = make_event(territory, survey_id=first.id)
    make_event(territory, days=-3, survey_id=first.id)
    make_event(territory, survey_id=second.id)
    assert events_for_survey(first.id) == [open_event]


def test_honeypot_stores_nothing(client, event):
    response = _post(client, event, site_web="http://spam.example")
    assert response.status_code == 200
    assert "C’est noté" in response.get_data(as_text=True)
    assert _count() == 0


def test_contact_is_declared_to_the_personal_data_registry(event):
    from participation.core.personal_data import PERSONAL_TABLES, find_rows

    signup.sign_up(event.id, "a", {"name": "A", "adults": 1, "phone": "06 12 34 56 78",
                                   "consent": True})
    entry = PERSONAL_TABLES["event_registration_contact"]
    rows = find_rows(entry, event.territory_id, "+33612345678", None)
    assert [r.phone for r in rows] == ["+33612345678"]
