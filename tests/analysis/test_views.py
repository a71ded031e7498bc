"""The analysis pages as a coordinator uses them."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from participation.contributions.models import ContributionChallenge
from participation.contributions.services import record_contribution
from participation.extensions import db
from tests import factories
from tests.reading import plain


def _seed(territory, quartier, code="L4", n=6):
    mobility = factories.challenge(territory, code)
    texts = ["pas de bus le dimanche", "Il manque une ligne de bus vers la gare",
             "un bus le soir", "plus de bus", "le bus passe trop peu", "des bus plus tard"]
    for i in range(n):
        record_contribution(territory.id, texts[i % len(texts)], kind="constat",
                            source_format="enquete", quartier_id=quartier.id,
                            said_on=date(2024, 6, 1), challenge_ids=[mobility.id],
                            attribution={"consent": i == 1, "sex": "f", "age_band": "40-59 ans",
                                         "place_name": "résidence Foch"})
    return mobility


def test_challenge_page_says_what_residents_said(client, auth, territory, quartier):
    mobility = _seed(territory, quartier)
    auth.login("coordinator")
    index = client.get("/analysis/")
    assert index.status_code == 200 and "Mobilité" in index.get_data(as_text=True)
    page = client.get(f"/analysis/challenge/{mobility.id}").get_data(as_text=True)
    assert "6 contributions" in page
    assert "Habitante — résidence Foch, 40-59 ans" in page
    assert "Enquête / questionnaire" in page and "Pasteur-Foch" in page
    svg = client.get(f"/analysis/challenge/{mobility.id}/source_format.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert b"<svg" in svg.data
    png = client.get(f"/analysis/challenge/{mobility.id}/kind.png")
    assert png.data.startswith(b"\x89PNG")


def test_small_challenge_shows_no_figures(client, auth, territory, quartier):
    mobility = _seed(territory, quartier, n=3)
    auth.login("partner")
    page = client.get(f"/analysis/challenge/{mobility.id}").get_data(as_text=True)
    assert "aucun chiffre détaillé" in page
    assert client.get(f"/analysis/challenge/{mobility.id}/kind.svg").status_code == 404
    assert client.get("/analysis/review").status_code == 403


def test_other_territory_challenge_is_not_found(client, auth, territory):
    other = factories.territory(name="Autre agglo")
    auth.login("coordinator")
    foreign = factories.challenge(other, "L4")
    assert client.get(f"/analysis/challenge/{foreign.id}").status_code == 404


def test_review_accept_and_correct_in_one_tap(client, auth, territory, quartier):
    health = factories.challenge(territory, "S2")
    housing = factories.challenge(territory, "L5")
    c1 = record_contribution(territory.id, "pas assez de medecins", quartier_id=quartier.id)
    c2 = record_contribution(territory.id, "l'ascenseur est en panne depuis un mois")
    user = auth.login("coordinator")
    page = client.get("/analysis/review").get_data(as_text=True)
    assert "2 contributions à vérifier" in page
    assert "S2 · Santé" in page and "mots-clés : médecin" in plain(page)
    client.post(f"/analysis/review/{c1.id}", data={"action": "accept",
                                                   "challenge_ids": [health.id]})
    tag = db.session.scalar(select(ContributionChallenge).where(
        ContributionChallenge.contribution_id == c1.id))
    assert (tag.challenge_id, tag.origin, tag.tagged_by_id) == (health.id, "suggested", user.id)
    response = client.post(f"/analysis/review/{c2.id}", data={
        "action": "correct", "challenge_ids": [housing.id]}, follow_redirects=True)
    assert "Enjeux enregistrés" in response.get_data(as_text=True)
    assert "Tout est vérifié" in response.get_data(as_text=True)
    # The correction is learned: a new text about the lift is now suggested "Logement"
    record_contribution(territory.id, "encore l'ascenseur en panne")
    page = client.get("/analysis/review").get_data(as_text=True)
    # "ascenseur" is a keyword of Logement (shown as such); what is learned is the residents'
    # word the tree does not have (learned words never repeat a keyword: issue #13 (b))
    assert "L5 · Logement" in page and "mots-clés : ascenseur" in plain(page)
    # one text whose best suggestion the coordinator kept teaches no word on its own
    # (issue #13, tester A: accepted post-its filled "mots-clés" with incidental words);
    # a word learned from a correction: test_review_learning.py's boîte à livres
    assert "appris de vos choix" not in plain(page)


def test_words_page_groups_answers(client, auth, territory, quartier):
    # 5 answers name "médecin" first (accents, plural), "un docteur" its synonym (the sentence
    # encoder, ``need_synonyms``: tester t28coord), 6 in the row; "un bus" in no row of 5
    for text in ["un médecin", "Médecin, pédiatre", "pas assez de medecins", "des medecins",
                 "Un médecin le samedi", "un docteur", "un bus"]:
        record_contribution(territory.id, text, source_format="enquete",
                            source_label="Que vous manque-t-il ?")
    auth.login("coordinator")
    page = client.get("/analysis/words?source_format=enquete").get_data(as_text=True)
    assert "7 réponses" in page
    assert "Médecin, pédiatre" in page
    assert "<td>6</td>" in page and "Part (sur 7)" in page  # 6 of the 7, each once
    doctors = page.split("<summary>Médecin")[1].split("</ul>")[0]
    assert "pas assez de medecins" in doctors and "un docteur" in doctors


def test_quartier_and_format_pages(client, auth, territory, quartier):
    _seed(territory, quartier)
    auth.login("partner")
    index = client.get("/analysis/").get_data(as_text=True)
    assert f'/analysis/quartier/{quartier.id}' in index and "/analysis/format/enquete" in index
    page = plain(client.get(f"/analysis/quartier/{quartier.id}").get_data(as_text=True))
    assert "Ce que les habitants ont dit : Pasteur-Foch" in page and "6 contributions" in page
    fmt = client.get("/analysis/format/enquete").get_data(as_text=True)
    assert "Enquête / questionnaire" in fmt and "6 contributions" in fmt
    assert client.get("/analysis/format/enquete/quartier.png").data.startswith(b"\x89PNG")
    assert client.get("/analysis/format/nope").status_code == 404
    assert client.get("/analysis/quartier/abc").status_code == 404
