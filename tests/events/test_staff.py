"""Coordinators plan events through the form; every staff page checks role and territory."""
from __future__ import annotations

from sqlalchemy import select

from participation.events.models import Event
from participation.extensions import db
from tests import factories
from tests.events.conftest import make_event


def _form(**extra) -> dict:
    return {"kind": "barbecue", "title": "Barbecue participatif",
            "starts_at": "2030-06-27T12:30", "ends_at": "2030-06-27T16:00",
            "place_words": "devant les containers Pastoch'", "address": "Hazebrouck",
            "audience": "habitants", "capacity": "100", "chain_head_id": "0", "survey_id": "0",
            "offered": "Un barbecue offert"} | extra


def test_coordinator_creates_and_chains_events(client, auth, territory, quartier):
    auth.login("coordinator")
    th = factories.challenge(territory, territory.current_contract.challenges[0].code)
    response = client.post("/events/new", data=_form(quartier_ids=[str(quartier.id)],
                                                     challenge_ids=[str(th.id)]))
    assert response.status_code == 302
    head = db.session.scalar(select(Event))
    assert head.capacity == 100 and head.quartiers == [quartier] and head.challenges == [th]
    response = client.post("/events/new", data=_form(
        kind="table_citoyenne", title="Tables citoyennes", starts_at="2030-06-27T13:30",
        chain_head_id=str(head.id), capacity=""))
    assert response.status_code == 302
    db.session.expire_all()
    assert [e.title for e in head.chain] == ["Barbecue participatif", "Tables citoyennes"]
    page = client.get(f"/events/{head.id}/manage").get_data(as_text=True)
    assert "100 places libres sur 100." in page


def test_end_before_start_is_refused_in_french(client, auth):
    auth.login("coordinator")
    response = client.post("/events/new", data=_form(ends_at="2030-06-27T10:00"))
    assert response.status_code == 422
    assert "La fin doit être après le début." in response.get_data(as_text=True)
    assert db.session.scalar(select(Event)) is None


def test_edit_keeps_values_and_raising_capacity_promotes(client, auth, territory):
    from participation.events.signup import sign_up
    from tests.events.conftest import answers

    auth.login("coordinator")
    event = make_event(territory, capacity=1)
    sign_up(event.id, "a", answers("A"))
    waiting = sign_up(event.id, "b", answers("B"))
    assert waiting.status == "waitlisted"
    form = _form(starts_at=event.starts_at.strftime("%Y-%m-%dT%H:%M"),
                 ends_at=event.ends_at.strftime("%Y-%m-%dT%H:%M"), capacity="2")
    assert client.post(f"/events/{event.id}/edit", data=form).status_code == 302
    db.session.expire_all()
    assert waiting.status == "confirmed" and waiting.promoted_at is not None


def test_roles_and_territories(client, auth, territory):
    event = make_event(territory)
    assert client.get("/events/").status_code == 302  # to login
    auth.login("facilitator")
    assert client.get("/events/").status_code == 200
    assert client.get("/events/new").status_code == 403
    other = factories.territory(name="Ailleurs")
    auth.logout()
    auth.login("coordinator", territory=other)
    assert client.get(f"/events/{event.id}/manage").status_code == 404
    assert client.get(f"/events/{event.id}/edit").status_code == 404


def test_staff_list_shows_needs_but_never_the_contact(client, auth, territory):
    from participation.events.signup import sign_up

    event = make_event(territory)
    sign_up(event.id, "a", {"name": "Nadia", "adults": 2, "children": 1, "phone": "0612345678",
                            "consent": True, "meal_needs": ["halal"], "childcare": True})
    auth.login("facilitator")
    page = client.get(f"/events/{event.id}/manage").get_data(as_text=True)
    assert "Nadia" in page and "2 + 1" in page and "Halal" in page
    assert "+33612345678" not in page and "Résultats" not in page
    auth.logout()
    auth.login("coordinator")
    page = client.get(f"/events/{event.id}/manage").get_data(as_text=True)
    assert "+33612345678" not in page and "accepté" in page


def test_event_with_registrations_cannot_become_a_follower(territory):
    import pytest

    from participation.core.errors import DomainError
    from participation.events.services import save_event
    from participation.events.signup import sign_up

    head, other = make_event(territory), make_event(territory, title="Tables")
    sign_up(other.id, "a", {"name": "A", "adults": 1})
    data = {"kind": "table_citoyenne", "title": "Tables", "starts_at": other.starts_at,
            "ends_at": other.ends_at, "audience": "tous", "chain_head_id": head.id}
    with pytest.raises(DomainError, match="déjà inscrites"):
        save_event(territory.id, data, other)
