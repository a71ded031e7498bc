"""The Johari exports: the post-its table and the Johari page of the participation section."""
from participation.exports.registry import EXPORTS
from participation.exports.section import build_section


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
    assert block["paragraphs"][0].endswith("Habitants 30, Partenaires 35 post-its.")
    assert "Partage de point de vue entre habitants et partenaires :" in block["paragraphs"]
    assert ("– Les commerces de proximité semblent insuffisants et / ou inaccessibles pour la "
            "population") in block["paragraphs"]
    habitants, partenaires = block["tables"]
    assert habitants["caption"] == "Habitants : 30 post-its"
    assert habitants["header"] == ["Zone publique", "Zone aveugle"]
    assert "– Un réseau de bus" in habitants["rows"][1][1].splitlines()
    assert partenaires["rows"][0][1].startswith("Zone aveugle (connu seulement des autres)")
