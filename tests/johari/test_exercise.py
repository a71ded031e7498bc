"""Slice 1: an exercise with its groups and their own four questions."""
from datetime import date

import pytest

from participation.core.errors import DomainError
from participation.johari import services
from tests import factories


def test_new_exercise_has_residents_and_partners_with_the_contract_wording(exercise):
    habitants, partenaires = exercise.groups
    assert [habitants.slug, partenaires.slug] == ["habitants", "partenaires"]
    assert habitants.author_role == "habitant" and partenaires.author_role == "partenaire"
    assert habitants.prompt("publique") == "Qu'est ce que nous connaissons de notre quartier ?"
    assert habitants.prompt("cachee") == ("Qu'est ce que je suis le seul à connaître de mon "
                                          "quartier ?")
    assert partenaires.prompt("aveugle") == ("Qu'est-ce que les partenaires pensent du "
                                             "quartier d'intervention ?")
    assert exercise.is_open and exercise.event_id is None


def test_missing_title_and_date_are_refused_in_french(client, auth, quartier):
    auth.login("coordinator")
    response = client.post("/johari/new", data={"title": "", "quartier_id": quartier.id,
                                                "held_on": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Ce champ est obligatoire." in page and "Indiquez une date valide." in page


def test_quartier_of_another_territory_is_refused(territory, req):
    other = factories.territory(name="Autre")
    foreign = factories.quartier(other)
    with pytest.raises(DomainError, match="Quartier inconnu"):
        services.create_exercise(territory.id, "X", foreign.id, date(2023, 6, 27))


def test_elected_and_young_groups_can_be_added_once(client, auth, exercise):
    auth.login("coordinator")
    client.post(f"/johari/{exercise.id}/groups", data={"kind": "elus"})
    client.post(f"/johari/{exercise.id}/groups", data={"kind": "jeunes"})
    response = client.post(f"/johari/{exercise.id}/groups", data={"kind": "elus"},
                           follow_redirects=True)
    assert "Ce groupe participe déjà à l&#39;exercice." in response.get_data(as_text=True)
    assert [g.slug for g in exercise.groups] == ["habitants", "partenaires", "elus", "jeunes"]
    assert exercise.group("elus").author_role == "elu"
    assert exercise.group("jeunes").author_role == "habitant"


def test_prompts_are_edited_per_group(client, auth, exercise):
    auth.login("coordinator")
    data = {"publique": "Ce que tout le monde sait ?", "aveugle": "Ce que les autres voient ?",
            "cachee": "Ce que je suis seul à savoir ?", "inconnue": ""}
    response = client.post(f"/johari/{exercise.id}/groups/partenaires/questions", data=data)
    assert response.status_code == 422
    assert "Ce champ est obligatoire." in response.get_data(as_text=True)
    data["inconnue"] = "Ce que personne ne sait ?"
    response = client.post(f"/johari/{exercise.id}/groups/partenaires/questions", data=data)
    assert response.status_code == 302
    assert exercise.group("partenaires").prompt("inconnue") == "Ce que personne ne sait ?"
    assert exercise.group("habitants").prompt("inconnue").startswith("Qu'est ce que nous")


def test_staff_pages_need_the_right_role_and_territory(client, auth, exercise):
    assert client.get("/johari/").status_code == 302
    auth.login("partner")
    assert client.get("/johari/").status_code == 403
    auth.logout()
    other = factories.territory(name="Autre")
    auth.login("coordinator", territory=other)
    assert client.get(f"/johari/{exercise.id}").status_code == 404


def test_closing_an_exercise(client, auth, exercise, quartier):
    auth.login("coordinator")
    response = client.post(f"/johari/{exercise.id}/edit", data={
        "title": exercise.title, "quartier_id": quartier.id, "held_on": "2023-06-27",
        "event_id": "0"})
    assert response.status_code == 302
    assert exercise.is_open is False
