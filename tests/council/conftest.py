"""A council of the test quartier, and helpers to fill it with candidacies."""
from __future__ import annotations

import itertools

import pytest

from participation.council import services
from participation.council.services import CandidacyInput, CouncilSpec

_n = itertools.count(1)


@pytest.fixture
def council(territory, quartier):
    c = services.create_council(territory.id, CouncilSpec(
        name="Conseil citoyen Pasteur-Foch", quartier_ids=[quartier.id], habitants_seats=8,
        acteurs_seats=4, charter_title="Charte de bienveillance",
        charter_text="Secret des échanges, discrétion."))
    services.set_candidacies_open(c, True)
    return c


def apply(council, college="habitants", sex="f", **kw):
    i = next(_n)
    data = CandidacyInput(college_kind=college, name=kw.pop("name", f"Personne {i}"),
                          phone=kw.pop("phone", f"06{i % 10**8:08d}"), consent=True, sex=sex,
                          structure_name=kw.pop("structure_name",
                                                "Association" if college != "habitants" else ""),
                          **kw)
    return services.submit_candidacy(council, data)[0]


def fill(council, women=11, men=11, acteurs=8):
    """30 candidacies by default: 22 habitants (11 women, 11 men) and 8 acteurs locaux."""
    for _ in range(women):
        apply(council, sex="f")
    for _ in range(men):
        apply(council, sex="h")
    for k in range(acteurs):
        apply(council, "acteurs_locaux", sex="f" if k % 2 else "h")


@pytest.fixture(autouse=True)
def _request(app):
    """Services translate their messages: give them a request context (French)."""
    with app.test_request_context():
        yield
