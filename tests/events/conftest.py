"""Event fixtures: a future barbecue in the test territory."""
from __future__ import annotations

from datetime import timedelta

import pytest

from participation.events import services


def make_event(territory, days: int = 10, capacity: int | None = 10, hours: float | None = None,
               **extra):
    """An event ``days`` ahead at 12:30 (Paris wall clock), or exactly ``hours`` ahead of now.

    A test that compares the start with a window counted in hours from now (reminders: 24 h,
    48 h) gives ``hours``: "tomorrow at 12:30" is 12 h 30 to 36 h 30 away depending on the
    hour the test runs at."""
    now = services.local_now().replace(second=0, microsecond=0)
    start = now + timedelta(hours=hours) if hours is not None else \
        now.replace(hour=12, minute=30) + timedelta(days=days)
    data = {"kind": "barbecue", "title": "Barbecue participatif", "description": "",
            "starts_at": start, "ends_at": start + timedelta(hours=3, minutes=30),
            "address": "Rue Pasteur, Hazebrouck", "place_words": "devant les containers Pastoch'",
            "audience": "habitants", "capacity": capacity, "signup_deadline": None,
            "offered": "Un barbecue offert pour toute participation aux tables citoyennes !"}
    data.update(extra)
    return services.save_event(territory.id, data)


@pytest.fixture
def event(territory, quartier):
    return make_event(territory, quartier_ids=[quartier.id])


def answers(name: str = "Nadia", adults: int = 1, children: int = 0, **extra) -> dict:
    return {"name": name, "adults": adults, "children": children} | extra
