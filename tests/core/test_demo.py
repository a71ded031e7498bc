"""`flask demo load` is idempotent and prints the demo logins."""
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.contributions.models import Contribution
from participation.extensions import db
from participation.territory.models import Quartier, Territory


def _counts():
    return tuple(db.session.scalar(select(func.count()).select_from(m))
                 for m in (Territory, Quartier, User, Contribution))


def test_demo_load_twice_changes_nothing_the_second_time(demo_first_load, runner):
    assert "coordination@coeurdeflandre.example" in demo_first_load
    first = _counts()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert _counts() == first


def test_demo_quartier_has_the_four_espaces_vecus(demo_db, client):
    quartier = db.session.scalar(select(Quartier).where(Quartier.name == "Pasteur-Foch"))
    assert len(quartier.resident_names) == 4
    assert [c.name for c in quartier.communes] == ["Hazebrouck"]
    page = client.get("/").get_data(as_text=True)
    assert "Cité Pasteur" in page
    codes = [c.code for c in quartier.territory.current_contract.challenges]
    assert len(codes) == 11 and "TH11" in codes


def test_demo_coordinator_can_log_in(demo_db, client):
    response = client.post("/accounts/login", data={
        "email": "coordination@coeurdeflandre.example", "password": "demo-coordination-2024"})
    assert response.status_code == 302 and response.location == "/staff"
