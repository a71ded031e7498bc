"""The contribution spine: record, filter, re-tag, follow up, show back to residents."""
from participation.contributions import services
from participation.contributions.models import Contribution
from participation.extensions import db
from tests import factories


def test_attribution_is_dropped_without_consent(territory, quartier):
    kept = services.record_contribution(
        territory.id, "Il y a rien pour les jeunes", quartier_id=quartier.id,
        attribution={"consent": True, "age_band": "40-59 ans", "sex": "f",
                     "place_name": "Résidence Foch"})
    dropped = services.record_contribution(
        territory.id, "Pas de médecin", attribution={"consent": False, "age_band": "40-59 ans",
                                                     "place_name": "Cité Pasteur"})
    assert kept.attribution == "Habitante — Résidence Foch, 40-59 ans"
    assert dropped.age_band is None and dropped.place_name is None and dropped.attribution == ""


def test_facilitator_types_in_a_contribution_with_challenges(client, auth, territory, quartier):
    auth.login("facilitator")
    mobility = factories.challenge(territory, "L4")
    response = client.post("/contributions/new", data={
        "text": "La navette ne passe pas le samedi", "kind": "constat",
        "author_role": "habitant", "source_format": "reunion_publique",
        "quartier_id": quartier.id, "challenges": [mobility.id], "age_band": "",
        "sex": "", "place_name": ""})
    assert response.status_code == 302
    saved = db.session.scalar(db.select(Contribution))
    assert saved.quartier_id == quartier.id and [c.code for c in saved.challenges] == ["L4"]
    empty = client.post("/contributions/new", data={"text": "  ", "kind": "constat",
                                                    "author_role": "habitant",
                                                    "source_format": "saisie",
                                                    "quartier_id": 0})
    assert empty.status_code == 422


def test_coordinator_filters_and_retags(client, auth, territory, quartier):
    auth.login("coordinator")
    health, mobility = factories.challenge(territory, "S2"), factories.challenge(territory, "L4")
    a = services.record_contribution(territory.id, "Pas de pédiatre", kind="constat",
                                     challenge_ids=[health.id], quartier_id=quartier.id)
    services.record_contribution(territory.id, "Un abri de bus", kind="proposition")
    page = client.get("/contributions/?kind=constat").get_data(as_text=True)
    assert "Pas de pédiatre" in page and "Un abri de bus" not in page
    page = client.get("/contributions/?untagged=1").get_data(as_text=True)
    assert "Un abri de bus" in page and "Pas de pédiatre" not in page
    page = client.get(f"/contributions/?challenge_id={health.id}").get_data(as_text=True)
    assert "Pas de pédiatre" in page
    response = client.post(f"/contributions/{a.id}/tags",
                           data={"challenges": [mobility.id, health.id]})
    assert response.status_code == 302
    db.session.refresh(a)
    assert sorted(c.code for c in a.challenges) == ["L4", "S2"]
    assert {t.origin for t in a.tags} == {"manual"}


def test_public_page_shows_only_contributions_with_a_reply(client, territory, quartier):
    replied = services.record_contribution(territory.id, "Horaires de la navette inadaptés",
                                           quartier_id=quartier.id)
    services.record_contribution(territory.id, "Sans réponse encore", quartier_id=quartier.id)
    services.set_follow_up(replied, "retenue", "Une étude mobilité est lancée.")
    page = client.get(f"/contributions/quartier/{quartier.id}/vous-avez-dit")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Horaires de la navette inadaptés" in text and "Une étude mobilité" in text
    assert "Retenue" in text and "Sans réponse encore" not in text
    quartier_page = client.get(f"/quartiers/{quartier.id}").get_data(as_text=True)
    assert "Vous avez dit, nous avons fait" in quartier_page


def test_links_between_contributions(client, auth, territory):
    auth.login("coordinator")
    manque = services.record_contribution(territory.id, "Manque d'abris de bus")
    prop = services.record_contribution(territory.id, "Installer des abris", kind="proposition")
    response = client.post(f"/contributions/{prop.id}/links",
                           data={"kind": "repond", "target_id": manque.id})
    assert response.status_code == 302
    page = client.get(f"/contributions/{manque.id}").get_data(as_text=True)
    assert "Installer des abris" in page
    again = client.post(f"/contributions/{prop.id}/links",
                        data={"kind": "repond", "target_id": manque.id})
    assert "déjà liées" in again.get_data(as_text=True)
    missing = client.post(f"/contributions/{prop.id}/links",
                          data={"kind": "repond", "target_id": 99999})
    assert missing.status_code == 422
