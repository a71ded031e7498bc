"""Every staff view checks the role and the territory."""
from tests import factories


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/territory/quartiers/new")
    assert response.status_code == 302
    assert response.location.startswith("/accounts/login?next=")


def test_facilitator_gets_403_on_a_coordinator_page(client, auth):
    auth.login("facilitator")
    response = client.get("/territory/quartiers/new")
    assert response.status_code == 403
    assert "Accès refusé" in response.get_data(as_text=True)


def test_partner_cannot_open_contributions(client, auth):
    auth.login("partner")
    assert client.get("/contributions/").status_code == 403
    assert client.get("/staff").status_code == 200


def test_another_territory_record_is_not_found(client, auth, territory):
    other = factories.territory(name="Autre EPCI")
    foreign = factories.quartier(other, code="QN09999M")
    auth.login("coordinator")
    assert client.get(f"/territory/quartiers/{foreign.id}/edit").status_code == 404
    contract = other.current_contract
    assert client.get(f"/territory/contracts/{contract.id}/tree").status_code == 404


def test_dashboard_lists_only_what_the_role_may_open(client, auth):
    auth.login("facilitator")
    page = client.get("/staff").get_data(as_text=True)
    assert "Saisir une contribution" in page
    assert "/accounts/users" not in page
