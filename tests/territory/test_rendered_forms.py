"""The territory's staff forms, submitted as rendered (WebTest, CSRF on): communes, contracts,
quartiers, and the challenge tree (add, edit, retire, CSV import, avenant)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.territory import services
from participation.territory.models import Challenge, Commune, Contract, Quartier
from tests.formcheck import pick_form
from tests.formfill import text_of as _text  # the page as a person reads it

TREE_CSV = ("code;parent;nom;couleur;mots_cles\n"
            "OS1;;Emploi et développement économique;#7b2cbf;emploi, travail\n"
            "OS1.1;OS1;Lever les freins à l'emploi;;garde, mobilité\n")


@pytest.mark.forms("territory/overview.html#1", "territory/overview.html#2")
def test_coordinator_adds_a_contract_and_a_commune(webapp, web_login, territory):
    web_login("coordinator")
    form = pick_form(webapp.get("/territory/"), action="/contracts")
    form["name"] = "Contrat de ville 2024-2030 bis"
    page = form.submit().follow()
    contract = db.session.scalar(select(Contract).where(
        Contract.name == "Contrat de ville 2024-2030 bis"))
    assert contract is not None and "Contrat de ville 2024-2030 bis" in _text(page)
    form = pick_form(webapp.get("/territory/"), action="/communes")
    form["name"], form["insee_code"] = "Steenvoorde", "59580"
    page = form.submit().follow()
    assert db.session.scalar(select(Commune).where(Commune.name == "Steenvoorde")) is not None
    assert "Steenvoorde" in _text(page)


@pytest.mark.forms("territory/quartier_form.html")
def test_coordinator_creates_then_edits_a_quartier(webapp, web_login, territory):
    web_login("coordinator")
    form = pick_form(webapp.get("/territory/quartiers/new"), field="name")
    form["code"], form["name"], form["population"] = "QN05999X", "Les Prés", "1800"
    form.get("communes", index=0).checked = True
    form["resident_names"] = "Cité des Prés\nLes Tours"
    form.submit().follow()
    quartier = db.session.scalar(select(Quartier).where(Quartier.code == "QN05999X"))
    assert (quartier.name, quartier.population) == ("Les Prés", 1800)
    assert [n.name for n in quartier.resident_names] == ["Cité des Prés", "Les Tours"]
    form = pick_form(webapp.get(f"/territory/quartiers/{quartier.id}/edit"), field="name")
    assert "code" not in form.fields
    form["population"] = "1850"
    form.submit().follow()
    db.session.refresh(quartier)
    assert quartier.population == 1850


@pytest.mark.forms("territory/tree.html#1", "territory/challenge_form.html#1",
                   "territory/challenge_form.html#2")
def test_coordinator_adds_edits_and_retires_a_challenge(webapp, web_login, territory):
    contract = territory.current_contract
    web_login("coordinator")
    url = f"/territory/contracts/{contract.id}/tree"
    form = pick_form(webapp.get(url), field="code")
    form["code"], form["name"], form["keywords"] = "X9", "Jardins partagés", "jardin, potager"
    page = form.submit().follow()
    node = db.session.scalar(select(Challenge).where(Challenge.code == "X9"))
    assert node.name == "Jardins partagés" and "Jardins partagés" in _text(page)
    form = pick_form(webapp.get(f"/territory/challenges/{node.id}/edit"), field="code")
    form["name"] = "Jardins partagés et potagers"
    form.submit().follow()
    db.session.refresh(node)
    assert node.name == "Jardins partagés et potagers"
    page = pick_form(webapp.get(f"/territory/challenges/{node.id}/edit"),
                     action="/retire").submit().follow()
    assert "X9" not in [n.code for n in services.current_tree(contract)]
    assert "Enjeu retiré" in _text(page)


@pytest.mark.forms("territory/tree.html#2", "territory/tree.html#3")
def test_coordinator_imports_a_tree_then_opens_an_avenant(webapp, web_login, territory):
    contract = territory.current_contract
    version = contract.tree_version
    web_login("coordinator")
    url = f"/territory/contracts/{contract.id}/tree"
    form = pick_form(webapp.get(url), action="/import")
    form["file"] = ("arbre.csv", TREE_CSV.encode("utf-8"))
    form["label"] = "Avenant 2025"
    page = form.submit().follow()
    db.session.refresh(contract)
    assert contract.tree_version == version + 1
    assert [n.code for n in services.current_tree(contract)] == ["OS1", "OS1.1"]
    assert "Lever les freins à l'emploi" in _text(page)
    form = pick_form(page, action="/avenant")
    form["label"] = "Avenant 2026"
    form.submit().follow()
    db.session.refresh(contract)
    assert (contract.tree_version, contract.tree_version_label) == (version + 2, "Avenant 2026")
