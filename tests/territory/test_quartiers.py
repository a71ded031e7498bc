"""Coordinators create quartiers with the names residents use."""
from sqlalchemy import select

from participation.extensions import db
from participation.territory.models import Quartier


def _post(client, **data):
    form = {"code": "QN05938M", "name": "Pasteur-Foch", "kind": "qpv", "population": "1200",
            "resident_names": "Cité des Pâtures\nrésidence Danvers\n"} | data
    return client.post("/territory/quartiers/new", data=form)


def test_create_quartier_with_two_resident_names_and_communes(client, auth, territory):
    auth.login("coordinator")
    ids = [c.id for c in territory.communes]
    response = _post(client, communes=ids)
    assert response.status_code == 302
    quartier = db.session.scalar(select(Quartier))
    assert quartier.code == "QN05938M"
    assert sorted(n.name for n in quartier.resident_names) == ["Cité des Pâtures",
                                                               "résidence Danvers"]
    assert len(quartier.communes) == 2
    home = client.get("/").get_data(as_text=True)
    assert "Cité des Pâtures (Pasteur-Foch)" in home


def test_empty_name_shows_french_error_and_keeps_typed_values(client, auth):
    auth.login("coordinator")
    response = _post(client, name="")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ce champ est obligatoire." in page
    assert 'value="QN05938M"' in page and "résidence Danvers" in page
    assert 'aria-invalid="true"' in page


def test_duplicate_code_is_refused_next_to_the_field(client, auth):
    auth.login("coordinator")
    _post(client)
    response = _post(client, code="qn05938m", name="Autre")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Un quartier porte déjà le code QN05938M." in page
    assert 'id="code-erreur"' in page
    assert db.session.scalar(select(db.func.count()).select_from(Quartier)) == 1


def test_edit_quartier_changes_names(client, auth, quartier):
    auth.login("coordinator")
    response = client.post(f"/territory/quartiers/{quartier.id}/edit", data={
        "name": "Pasteur-Foch", "kind": "qpv", "resident_names": "Résidence Foch\nLes Pâtures"})
    assert response.status_code == 302
    db.session.refresh(quartier)
    assert sorted(n.name for n in quartier.resident_names) == ["Les Pâtures", "Résidence Foch"]


def test_resident_picks_a_name_and_lands_on_the_quartier_page(client, quartier):
    response = client.get(f"/?quartier={quartier.id}")
    assert response.location == f"/quartiers/{quartier.id}"
    page = client.get(response.location).get_data(as_text=True)
    assert "Pasteur-Foch" in page and "Rien n’est ouvert" in page


def test_edit_without_the_names_field_keeps_the_names(client, auth, quartier):
    auth.login("coordinator")
    response = client.post(f"/territory/quartiers/{quartier.id}/edit",
                           data={"name": "Pasteur-Foch", "kind": "qpv"})
    assert response.status_code == 302
    db.session.refresh(quartier)
    assert sorted(n.name for n in quartier.resident_names) == ["Cité Pasteur", "Résidence Foch"]
