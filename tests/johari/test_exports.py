"""The Johari exports: the post-its table and the Johari page of the participation section."""
from flask_babel import format_date

from participation.exports.registry import EXPORTS
from participation.exports.section import build_section
from participation.johari.exports import exercise_name as reports_name


def test_postits_export_has_one_anonymous_row_per_postit(demo):
    spec = EXPORTS["johari_postits"]
    assert spec.personal is False
    frame = spec.func(demo.territory_id)
    assert len(frame) == 65
    assert list(frame.columns) == ["exercice", "date", "quartier", "groupe", "zone", "post-it",
                                   "enjeux"]
    bus = frame[frame["post-it"] == "Un réseau de bus"].iloc[0]
    assert (bus["groupe"], bus["zone"], bus["enjeux"]) == ("Habitants", "Zone inconnue", "TH08")


def test_participation_section_has_the_johari_page(app, demo):
    with app.test_request_context("/"):
        model = build_section(demo.quartier.territory)
    [block] = [b for b in model["blocks"] if b["key"] == f"johari-{demo.id}"]
    # one heading per exercise, with its own name (never "Fenêtre de Johari : Fenêtre de …")
    titles = [b["title"] for b in model["blocks"] if b["key"].startswith("johari")]
    assert titles == ["La fenêtre de Johari", f"{reports_name(demo)} — Pasteur-Foch, "
                      f"{format_date(demo.held_on, 'd MMMM y')}"]
    assert not reports_name(demo).lower().startswith("fenêtre de johari")
    assert block["level"] == 3
    assert block["paragraphs"][0] == "Habitants : 30 post-its ; Partenaires : 35 post-its."
    assert "Partage de point de vue entre habitants et partenaires :" in block["paragraphs"]
    assert ("– Les commerces de proximité semblent insuffisants et / ou inaccessibles pour la "
            "population") in block["paragraphs"]
    habitants, partenaires = block["tables"]
    assert habitants["caption"] == "Habitants : 30 post-its"
    # columns: what the group knows (publique, cachée) and does not (aveugle, inconnue)
    assert habitants["header"] == ["Connu du groupe", "Inconnu du groupe"]
    assert habitants["rows"][1][0].startswith("Zone cachée (connu seulement de moi)")
    # the post-its are marked as the residents' own words (kept as written by the typography)
    assert "– \u2068Un réseau de bus\u2069" in habitants["rows"][1][1].splitlines()
    assert partenaires["rows"][0][1].startswith("Zone aveugle (connu seulement des autres)")


def test_a_small_windows_caption_says_it_as_the_paragraph(app):
    # a group with 3 post-its: the block's paragraph says "moins de 5"; the table's caption
    # printed "3 post-its" beside it (issue #13, item 3: the same count hidden in one place
    # of the document and printed in another)
    from types import SimpleNamespace

    from participation.johari.exports import window_table

    cells = {"publique": [], "aveugle": [], "cachee": [], "inconnue": []}
    with app.test_request_context("/"):
        table = window_table({"group": SimpleNamespace(name="Habitants"), "total": 3,
                              "cells": cells})
    assert table["caption"] == "Habitants : moins de 5 post-its"
