"""On the day: check-in, walk-ins, paper sheet merge, and the figures after."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.core.errors import ImportRejected
from participation.events import attendance
from participation.events.models import CheckIn
from participation.events.signup import sign_up
from participation.extensions import db
from tests.events.conftest import answers, make_event


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(CheckIn))


@pytest.fixture
def event40(territory):
    event = make_event(territory, capacity=100)
    for i in range(40):
        sign_up(event.id, f"t{i}", answers(f"Habitant {i:02d}", adults=1))
    return event


def test_facilitator_checks_in_thirty_and_five_walk_ins(client, auth, event40):
    auth.login("facilitator")
    rows = attendance.checkin_list(event40)
    for registration, _c in rows[:30]:
        response = client.post(f"/events/{event40.id}/checkin/tick",
                               data={"registration_id": registration.id})
        assert response.status_code == 302
    for i in range(5):
        response = client.post(f"/events/{event40.id}/walk-in",
                               data={"name": f"Passant {i}", "adults": "1", "children": "1"})
        assert response.status_code == 302
    page = client.get(f"/events/{event40.id}/checkin").get_data(as_text=True)
    assert "40 personnes présentes" in page
    search = client.get(f"/events/{event40.id}/checkin?q=habitant 3").get_data(as_text=True)
    assert "Habitant 35" in search and "Habitant 12" not in search
    stats = attendance.event_stats(event40)
    assert stats["attended_parties"] == 30 and stats["walk_in_people"] == 10
    assert stats["no_show_rate"] == 25
    page = client.get(f"/events/{event40.id}/stats").get_data(as_text=True)
    assert "25\u202f%" in page


def test_ticking_twice_counts_once_and_undo_works(client, auth, event40):
    auth.login("facilitator")
    registration = attendance.checkin_list(event40)[0][0]
    for _twice in range(2):
        client.post(f"/events/{event40.id}/checkin/tick",
                    data={"registration_id": registration.id})
    assert _count() == 1
    checkin = db.session.scalar(select(CheckIn))
    client.post(f"/events/{event40.id}/checkin/undo", data={"checkin_id": checkin.id})
    assert _count() == 0


def test_paper_sheet_merges_without_duplicates(client, auth, event40):
    auth.login("facilitator")
    first = attendance.checkin_list(event40)[0][0]
    attendance.check_in(event40, first.id)
    attendance.add_walk_in(event40, "Zoé", 1, 0)
    lines = "\n".join(["habitant 00 ; 1", "HABITANT 01", "Zoe", "Inconnu ; 2 ; 3", ""])
    response = client.post(f"/events/{event40.id}/paper", data={"lines": lines})
    assert response.status_code == 302
    assert _count() == 4  # 00 and Zoé already there; 01 ticked; Inconnu added
    assert attendance.headcount(event40) == 1 + 1 + 1 + 5


def test_paper_sheet_with_bad_line_is_refused_whole(client, auth, event40):
    auth.login("facilitator")
    response = client.post(f"/events/{event40.id}/paper",
                           data={"lines": "Nadia ; 1\nKarim ; mille"})
    assert response.status_code == 422
    assert "Ligne 2" in response.get_data(as_text=True)
    assert _count() == 0
    with pytest.raises(ImportRejected):
        attendance.parse_paper_sheet("Nadia ; 0 ; 0")


def test_sheet_prints_registered_names(client, auth, event40):
    auth.login("facilitator")
    page = client.get(f"/events/{event40.id}/sheet").get_data(as_text=True)
    assert "Feuille d’émargement" in page and "Habitant 39" in page


def test_distinct_people_across_a_chain(territory):
    barbecue = make_event(territory)
    tables = make_event(territory, kind="table_citoyenne", title="Tables",
                        chain_head_id=barbecue.id)
    registration = sign_up(barbecue.id, "a", answers("Nadia", adults=2))
    attendance.check_in(barbecue, registration.id)
    attendance.check_in(tables, registration.id)
    attendance.add_walk_in(barbecue, "Paul")
    attendance.add_walk_in(tables, "paul")
    attendance.add_walk_in(tables, "Léa")
    assert attendance.event_stats(tables)["chain_people"] == 4


def test_partner_cannot_open_check_in(client, auth, event40):
    auth.login("partner")
    assert client.get(f"/events/{event40.id}/checkin").status_code == 403
