"""Slice 2: post-its from the QR page and from the facilitator's fast entry, tagged."""
import re

import pytest

from participation.contributions.models import Contribution
from participation.contributions.services import record_contribution
from participation.extensions import db
from participation.johari import services
from participation.johari.keywords import suggest
from participation.johari.models import JohariSubmission, PostIt
from tests import factories
from tests.reading import plain
from tests.rows import count_rows as _count


def _token(page: str) -> str:
    return re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)


def test_resident_posts_from_the_qr_page_without_account(client, exercise):
    page = client.get(f"/johari/{exercise.id}/habitants")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Qu&#39;est ce que je ne connais pas de mon quartier ?" in plain(html)
    assert "<script" not in html
    data = {"token": _token(html), "publique": "Un réseau de bus", "aveugle": "",
            "cachee": "L'existence du jardin Abbé Lemire", "inconnue": "  "}
    response = client.post(f"/johari/{exercise.id}/habitants", data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith("/merci")
    postits = db.session.scalars(db.select(PostIt).order_by(PostIt.id)).all()
    assert [(p.quadrant, p.text) for p in postits] == [
        ("publique", "Un réseau de bus"), ("cachee", "L'existence du jardin Abbé Lemire")]
    c = postits[0].contribution
    assert (c.kind, c.author_role, c.source_format, c.source_type, c.source_id) == (
        "perception", "habitant", "johari", "johari_postit", postits[0].id)
    assert c.quartier_id == exercise.quartier_id and postits[0].entered_by_id is None
    assert [t.challenge.code for t in c.tags] == ["L4"]  # "bus" is a Mobilité keyword
    assert c.tags[0].origin == "suggested"


def test_double_click_stores_one_set_of_postits(client, exercise):
    token = _token(client.get(f"/johari/{exercise.id}/partenaires").get_data(as_text=True))
    data = {"token": token, "inconnue": "Les moyens de déplacements"}
    first = client.post(f"/johari/{exercise.id}/partenaires", data=data)
    second = client.post(f"/johari/{exercise.id}/partenaires", data=data)
    assert first.status_code == second.status_code == 302
    assert _count(PostIt) == 1 and _count(Contribution) == 1 and _count(JohariSubmission) == 1
    assert db.session.scalars(db.select(PostIt)).one().contribution.author_role == "partenaire"


@pytest.mark.parametrize("data, message", [
    ({"publique": "", "aveugle": " "}, "Écrivez au moins un post-it."),
    ({"publique": "x" * 5000}, "Un post-it fait au plus 500 caractères."),
])
def test_bad_postits_are_refused_in_french_and_nothing_is_stored(client, exercise, data,
                                                                   message):
    data = {"token": "abc123"} | data
    response = client.post(f"/johari/{exercise.id}/habitants", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and 'class="error-summary"' in html
    assert _count(PostIt) == 0 and _count(Contribution) == 0 and _count(JohariSubmission) == 0


def test_typed_answers_are_kept_on_error(client, exercise):
    response = client.post(f"/johari/{exercise.id}/habitants",
                           data={"token": "t1", "publique": "Le calme", "cachee": "y" * 600})
    assert response.status_code == 422
    assert "Le calme</textarea>" in response.get_data(as_text=True)


def test_closed_exercise_takes_no_postit(client, exercise):
    exercise.is_open = False
    db.session.commit()
    page = client.get(f"/johari/{exercise.id}/habitants").get_data(as_text=True)
    assert "Cet exercice est clos" in page and "<textarea" not in page
    response = client.post(f"/johari/{exercise.id}/habitants",
                           data={"token": "t2", "publique": "Le calme"})
    assert response.status_code == 422
    assert "Cet exercice est clos" in response.get_data(as_text=True)
    assert _count(PostIt) == 0


def test_forged_group_is_not_found_and_nothing_is_stored(client, exercise):
    response = client.post(f"/johari/{exercise.id}/elus", data={"token": "t3",
                                                               "publique": "Le calme"})
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)
    assert _count(PostIt) == 0


def test_qr_codes_point_to_the_group_page(client, exercise):
    svg = client.get(f"/johari/{exercise.id}/habitants/qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert b"<svg" in svg.data
    png = client.get(f"/johari/{exercise.id}/partenaires/qr.png")
    assert png.status_code == 200 and png.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(f"/johari/{exercise.id}/elus/qr.svg").status_code == 404


def test_facilitator_fast_entry_keeps_group_and_zone(client, auth, exercise):
    user = auth.login("facilitator")
    url = f"/johari/{exercise.id}/saisie"
    html = client.get(url + "?groupe=partenaires&zone=aveugle").get_data(as_text=True)
    assert 'value="partenaires" selected' in html
    assert 'value="aveugle" data-key="2" checked autofocus' in html
    assert "johari.js" in html and "<script>" not in html
    response = client.post(url, data={"token": _token(html), "group": "partenaires",
                                      "quadrant": "aveugle", "text": "Le niveau de délinquances"})
    assert response.status_code == 302
    assert "groupe=partenaires" in response.headers["Location"]
    assert "zone=aveugle" in response.headers["Location"]
    postit = db.session.scalars(db.select(PostIt)).one()
    assert postit.entered_by_id == user.id and postit.contribution.said_on == exercise.held_on
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Post-it ajouté : Zone aveugle, Partenaires." in plain(page)
    assert "Le niveau de délinquances" in page


@pytest.mark.parametrize("data, message", [
    ({"group": "intrus", "quadrant": "publique", "text": "Le calme"},
     "Groupe inconnu pour cet exercice."),
    ({"group": "habitants", "quadrant": "ailleurs", "text": "Le calme"},
     "Choisissez une zone de la fenêtre."),
    ({"group": "habitants", "quadrant": "publique", "text": ""}, "Le post-it est vide."),
    ({"group": "habitants", "quadrant": "publique", "text": "z" * 5000},
     "Un post-it fait au plus 500 caractères."),
])
def test_fast_entry_refuses_bad_input_in_french(client, auth, exercise, data, message):
    auth.login("facilitator")
    response = client.post(f"/johari/{exercise.id}/saisie", data={"token": "tok"} | data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count(PostIt) == 0


def test_suggestion_explains_the_keyword_and_is_corrected_in_one_tap(client, auth, exercise,
                                                                      territory):
    auth.login("facilitator")
    [postit] = services.add_postits(exercise.group("habitants"),
                                    [("inconnue", "Les bus et la sécurité des enfants")], "t9")
    codes = sorted(t.challenge.code for t in postit.contribution.tags)
    assert codes == ["L4", "S1", "S5"]
    page = client.get(f"/johari/{exercise.id}/postits").get_data(as_text=True)
    assert "mot-clé : bus" in plain(page) and "mot-clé : sécurité" in plain(page)
    education = factories.challenge(territory, "S1")
    assert f'name="tag" value="{postit.id}:{education.id}"' in page
    response = client.post("/johari/postits/enjeux", data={"tag": f"{postit.id}:{education.id}"})
    assert response.status_code == 302
    db.session.refresh(postit.contribution)
    assert sorted(t.challenge.code for t in postit.contribution.tags) == ["L4", "S5"]
    client.post(f"/johari/postits/{postit.id}/enjeux", data={"challenge_id": education.id})
    db.session.refresh(postit.contribution)
    origins = {t.challenge.code: t.origin for t in postit.contribution.tags}
    assert origins == {"L4": "suggested", "S1": "manual", "S5": "suggested"}


def test_a_tag_learned_from_a_correction_shows_the_corrected_text(client, auth, exercise,
                                                                   territory):
    """The chip's reason is the tagger's own (the review queue's): a post-it like a text a
    coordinator corrected is suggested its challenge, that text shown as the reason. (A book
    box, which the model sends to Accès aux droits; the ressourcerie used before now goes to
    Transition écologique without any correction.)"""
    culture = factories.challenge(territory, "L3")
    record_contribution(territory.id, "une boîte à livres pour échanger nos livres",
                        challenge_ids=[culture.id], origin="manual")
    auth.login("facilitator")
    [postit] = services.add_postits(exercise.group("habitants"),
                                    [("publique", "mettre une boîte à livres dans le parc")],
                                    "t10")
    assert [t.challenge.code for t in postit.contribution.tags] == ["L3"]
    page = plain(client.get(f"/johari/{exercise.id}/postits").get_data(as_text=True))
    page = re.sub(r"</?bdi[^>]*>", "", page)  # the resident's words isolated (direction)
    assert ("L3 · Culture, sport et loisirs <small>(proche de « une boîte à livres pour "
            "échanger nos livres » (corrigé))</small>") in page


def test_a_challenge_of_another_territory_cannot_be_added(client, auth, exercise):
    auth.login("facilitator")
    [postit] = services.add_postits(exercise.group("habitants"), [("publique", "Rien")], "t8")
    foreign = factories.challenge(factories.territory(name="Autre"), "S1")
    response = client.post(f"/johari/postits/{postit.id}/enjeux",
                           data={"challenge_id": foreign.id}, follow_redirects=True)
    assert "Enjeu inconnu pour ce territoire." in response.get_data(as_text=True)
    db.session.refresh(postit.contribution)
    assert postit.contribution.tags == []


def test_suggestion_ignores_accents_case_and_plural():
    tree = [(1, ["sécurité"]), (2, ["espaces verts"]), (3, ["commerce"]), (4, ["bus"])]
    found = suggest("INSECURITE ? Non : les Espaces Verts et les commerces", tree)
    assert [(s.challenge_id, s.keyword) for s in found] == [(2, "espaces verts"),
                                                           (3, "commerce")]
    assert suggest("Abus de pouvoir", tree) == []


def test_public_quartier_page_lists_the_residents_page(client, exercise, quartier):
    page = client.get(f"/quartiers/{quartier.id}").get_data(as_text=True)
    assert f"/johari/{exercise.id}/habitants" in page
    assert f"/johari/{exercise.id}/partenaires" not in page


def test_postit_page_lists_the_tree_for_one_tap_tagging(client, auth, exercise, territory):
    auth.login("facilitator")
    [postit] = services.add_postits(exercise.group("habitants"),
                                    [("publique", "Un réseau de bus")], "t7")
    html = client.get(f"/johari/postits/{postit.id}?next=/johari/{exercise.id}/saisie"
                      ).get_data(as_text=True)
    assert 'aria-pressed="true">✓ L4 · Mobilité' in html
    assert 'aria-pressed="false">+ S1 · Éducation' in html
    assert f'href="/johari/{exercise.id}/saisie"' in html
    forged = client.get(f"/johari/postits/{postit.id}?next=//ailleurs.example").get_data(
        as_text=True)
    assert 'href="//ailleurs.example"' not in forged
    # a forged target falls back on the post-its of the post-it's own group
    assert f'href="/johari/{exercise.id}/postits?groupe=habitants"' in forged


def test_facilitator_deletes_a_postit_and_its_contribution(client, auth, exercise):
    auth.login("facilitator")
    [postit] = services.add_postits(exercise.group("habitants"), [("publique", "Doublon")],
                                    "t6")
    response = client.post(f"/johari/postits/{postit.id}/delete",
                           data={"next": f"/johari/{exercise.id}/saisie"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/johari/{exercise.id}/saisie"
    assert _count(PostIt) == 0 and _count(Contribution) == 0
