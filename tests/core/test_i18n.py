"""French by default, English on request, the choice remembered."""


def test_home_is_french_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="fr"' in page
    assert "Donnez votre avis sur votre quartier" in page


def test_accept_language_english_is_honoured(client):
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en"' in page


def test_language_switch_is_remembered_over_accept_language(client):
    response = client.get("/langue/en?next=/accessibilite")
    assert response.status_code == 302 and response.location == "/accessibilite"
    page = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="en"' in page
    client.get("/langue/fr")
    assert '<html lang="fr"' in client.get("/").get_data(as_text=True)


def test_language_switch_refuses_open_redirect_and_unknown_language(client):
    assert client.get("/langue/en?next=https://evil.example/").location == "/"
    assert client.get("/langue/en?next=//evil.example/").location == "/"
    assert client.get("/langue/xx").status_code == 404


def test_every_page_offers_the_language_switch_and_skip_link(client):
    page = client.get("/accessibilite").get_data(as_text=True)
    assert 'href="#contenu"' in page
    assert "/langue/en?next=" in page
