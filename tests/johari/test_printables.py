"""Slices 3-5: the window, the comparison page with the conclusions, poster and block."""
import pytest

from participation.extensions import db
from participation.johari import reports
from tests.reading import plain


@pytest.fixture(autouse=True)
def _facilitator(demo, auth):
    auth.login("facilitator", territory=demo.quartier.territory)


def test_window_shows_each_group_in_four_zones(client, demo):
    response = client.get(f"/johari/{demo.id}/fenetre")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count('class="jo-window"') == 2
    assert html.count("jo-cell jo-") == 8
    assert "Habitants <small>(30 post-its)</small>" in html
    assert "Partenaires <small>(35 post-its)</small>" in html
    assert "Un réseau de bus" in html
    assert len(response.data) < 40_000


def test_comparison_page_shows_shared_and_drafts_empty_headings(client, demo):
    demo.partage = demo.discordance = ""
    db.session.commit()
    html = plain(client.get(f"/johari/{demo.id}/comparaison").get_data(as_text=True))
    assert "Enjeux partagés" in html and "Enjeux discordants" in html
    assert "TH08 · Mobilité" in html and "mots-clés : bus, déplacement" in html
    assert "Post-its semblables" in html and "La gestion des espaces verts" in html
    # the empty heading is pre-filled from the computed comparison, the others are kept
    assert "préremplies" in html
    # placed in different zones: a discordance, not also a "partage" (the drafts differ)
    line = ("- Mobilité : regards différents (Habitants le place en zone inconnue ; "
            "Partenaires le place en zone aveugle)")
    assert html.count(line) == 1
    draft = reports.draft_conclusions(reports.compare_exercise(demo))
    assert draft["partage"] != draft["discordance"]
    assert not set(draft["partage"].splitlines()) & set(draft["discordance"].splitlines())


def test_conclusions_are_saved(client, demo):
    data = {"discordance": "Regards différents", "partage": "- Commerces\n- Mobilité",
            "constats_habitants": "Insécurité", "constats_partenaires": ""}
    response = client.post(f"/johari/{demo.id}/comparaison", data=data)
    assert response.status_code == 302
    db.session.refresh(demo)
    assert demo.conclusions == data


def test_poster_has_each_groups_prompts_and_qr_code(client, demo):
    html = plain(client.get(f"/johari/{demo.id}/affiche").get_data(as_text=True))
    assert f"/johari/{demo.id}/habitants/qr.svg" in html
    assert f"/johari/{demo.id}/partenaires/qr.svg" in html
    assert f"http://localhost/johari/{demo.id}/habitants" in html
    assert "Une chose connue du quartier d&#39;intervention par les partenaires et moi ?" in html


def test_block_has_window_and_the_four_headings(client, demo):
    html = plain(client.get(f"/johari/{demo.id}/bloc").get_data(as_text=True))
    for heading in ("Discordance de point de vue entre partenaires et habitants",
                    "Partage de point de vue entre habitants et partenaires",
                    "Constats des habitants", "Constats des partenaires"):
        assert f"<h4>{heading}</h4>" in html
    assert "<li>Le frein à la mobilité : limitation des déplacements" in html
    assert html.count('class="jo-window"') == 2


def test_block_partial_renders_outside_the_johari_pages(app, demo):
    from flask import render_template_string

    from participation.johari.reports import block_context

    with app.test_request_context("/"):
        html = render_template_string('{% include "johari/_block.html" %}',
                                      johari=block_context(demo))
    assert "Conclusion de la fenêtre de Johari" in html and "Un réseau de bus" in html
