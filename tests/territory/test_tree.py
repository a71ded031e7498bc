"""The challenge tree: default national frame, edits, CSV import, avenants."""
import io

import pytest

from participation.contributions.services import record_contribution
from participation.core.errors import ImportRejected
from participation.extensions import db
from participation.territory import services
from tests import factories

GOOD_CSV = (
    "code;parent;nom;couleur;mots_cles\n"
    "OS1;;Emploi et développement économique;#7b2cbf;emploi, travail\n"
    "OS1.1;OS1;Lever les freins à l'emploi;;garde, mobilité\n"
    "O.G.1.1.1;OS1.1;Permis de conduire solidaire;#3a86ff;permis\n"
)


def test_new_contract_gets_the_national_default_tree(territory):
    codes = {n.code: n for n in services.current_tree(territory.current_contract)}
    assert codes["S2"].name == "Santé" and codes["S2"].parent.code == "S"
    assert codes["L4"].name == "Mobilité"
    assert "médecin" in codes["S2"].keyword_list


def test_coordinator_adds_a_challenge_under_an_existing_one(client, auth, territory):
    auth.login("coordinator")
    contract = territory.current_contract
    parent = factories.challenge(territory, "L4")
    response = client.post(f"/territory/contracts/{contract.id}/tree", data={
        "code": "L4.1", "name": "Navette de quartier", "parent_id": parent.id,
        "colour": "#3a86ff", "keywords": "navette, bus"})
    assert response.status_code == 302
    child = factories.challenge(territory, "L4.1")
    assert child.parent_id == parent.id and child.depth == 2


def test_duplicate_code_and_bad_colour_are_refused(client, auth, territory):
    auth.login("coordinator")
    contract = territory.current_contract
    response = client.post(f"/territory/contracts/{contract.id}/tree", data={
        "code": "S1", "name": "Doublon", "parent_id": 0, "colour": "#123456"})
    assert response.status_code == 422
    assert "Le code S1 est déjà utilisé." in response.get_data(as_text=True)
    response = client.post(f"/territory/contracts/{contract.id}/tree", data={
        "code": "X", "name": "Couleur", "parent_id": 0, "colour": "rouge"})
    assert "Au format #RRGGBB" in response.get_data(as_text=True)


def test_csv_with_one_bad_line_is_refused_whole_naming_the_line(client, auth, territory):
    auth.login("coordinator")
    contract = territory.current_contract
    before = [n.code for n in services.current_tree(contract)]
    bad = GOOD_CSV + "OS2;NOPE;Parent inconnu;;\n"
    response = client.post(f"/territory/contracts/{contract.id}/import", data={
        "file": (io.BytesIO(bad.encode()), "arbre.csv")}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ligne 5" in page and "NOPE" in page and "rien n&#39;a été importé" in page
    db.session.refresh(contract)
    assert [n.code for n in services.current_tree(contract)] == before
    assert contract.tree_version == 1


def test_parse_reports_every_bad_line():
    content = "code,parent,nom\n,,sans code\nA,,Ok\nA,,Doublon\nB,,Couleur,bleu\n"
    with pytest.raises(ImportRejected) as exc:
        services.parse_tree_csv(content)
    assert [line for line, _ in exc.value.errors] == [2, 4, 5]


def test_import_is_a_new_version_and_old_tags_are_kept(client, auth, territory):
    auth.login("coordinator")
    contract = territory.current_contract
    old_mobility = factories.challenge(territory, "L4")
    said = record_contribution(territory.id, "Le bus ne passe pas le dimanche",
                               challenge_ids=[old_mobility.id])
    response = client.post(f"/territory/contracts/{contract.id}/import", data={
        "file": (io.BytesIO(GOOD_CSV.encode()), "arbre.csv"), "label": "Avenant n° 1"},
        content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.refresh(contract)
    assert contract.tree_version == 2
    tree = services.current_tree(contract)
    assert [n.code for n in tree] == ["OS1", "OS1.1", "O.G.1.1.1"]
    assert [n.depth for n in tree] == [0, 1, 2]
    db.session.refresh(said)
    assert [c.code for c in said.challenges] == ["L4"]
    assert not said.challenges[0].is_current
    csv_out = client.get(f"/territory/contracts/{contract.id}/tree.csv").get_data(as_text=True)
    assert "O.G.1.1.1;OS1.1;Permis de conduire solidaire" in csv_out


def test_after_an_avenant_editing_a_used_node_copies_it(territory):
    contract = territory.current_contract
    health = factories.challenge(territory, "S2")
    unused = factories.challenge(territory, "S1")
    said = record_contribution(territory.id, "Pas de médecin", challenge_ids=[health.id])
    services.start_avenant(contract, "Avenant 2026")
    new_health = services.update_challenge(health, name="Santé et accès aux soins")
    assert new_health.id != health.id and new_health.replaces_id == health.id
    assert health.version_until == 2 and health.name == "Santé"
    db.session.refresh(said)
    assert said.challenges[0].name == "Santé"
    same = services.update_challenge(unused, name="Éducation et réussite")
    assert same.id == unused.id


def test_retiring_a_used_node_keeps_the_tag(territory):
    node = factories.challenge(territory, "T3")
    said = record_contribution(territory.id, "Égalité au centre social", challenge_ids=[node.id])
    services.start_avenant(territory.current_contract, "Avenant")
    services.retire_challenge(node)
    assert "T3" not in [n.code for n in services.current_tree(territory.current_contract)]
    db.session.refresh(said)
    assert said.challenges[0].code == "T3"
