"""No overbooking: simultaneous sign-ups from threads, each with its own session."""
from __future__ import annotations

import threading

from flask import current_app
from sqlalchemy import func, select

from participation.events.models import CONFIRMED, WAITLISTED, Registration
from participation.events.signup import sign_up
from participation.extensions import db
from tests.events.conftest import answers, make_event


def _fire(app, event_id: int, n: int, sizes) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(n)

    def worker(i: int) -> None:
        with app.app_context():
            try:
                barrier.wait()
                sign_up(event_id, f"tok-{i}", answers(f"P{i}", adults=sizes(i)))
            except BaseException as exc:  # noqa: BLE001 - reported by the test
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def _people(event_id: int, status: str) -> int:
    return db.session.scalar(select(func.coalesce(func.sum(Registration.adults), 0)).where(
        Registration.event_id == event_id, Registration.status == status))


def test_fifty_simultaneous_signups_fill_ten_places_exactly(territory):
    event = make_event(territory, capacity=10)
    app = current_app._get_current_object()
    errors = _fire(app, event.id, 50, lambda i: 1)
    assert errors == []
    assert _people(event.id, CONFIRMED) == 10
    assert _people(event.id, WAITLISTED) == 40


def test_parties_of_mixed_sizes_never_exceed_capacity(territory):
    event = make_event(territory, capacity=10)
    app = current_app._get_current_object()
    errors = _fire(app, event.id, 20, lambda i: 1 + i % 3)
    assert errors == []
    confirmed = _people(event.id, CONFIRMED)
    assert 8 <= confirmed <= 10
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 20
