"""The participation section's block for the conseil citoyen: figures, no personal data."""
from __future__ import annotations

import json

from participation.council import exports


def test_demo_council_in_the_participation_section(runner, territory):
    from sqlalchemy import select

    from participation.extensions import db
    from participation.territory.models import Territory

    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    demo = db.session.scalar(select(Territory).where(Territory.slug == "coeur-de-flandre"))
    [summary] = exports.section_summary(demo.id)
    assert summary["candidacies"] == 12 and summary["meetings"] == 1
    habitants = summary["colleges"][0]
    assert (habitants["members"], habitants["women"], habitants["men"]) == (6, 3, 3)
    assert len(summary["draws"]) == 2 and summary["draws"][0]["seed"] == "3 5 1 6 2 4"
    assert len(summary["decisions"]) == 3 and summary["decisions"][0]["for"] == 7
    assert exports.headline(summary) == (
        "Conseil citoyen Pasteur-Foch : 12 candidatures, 8 membres (4 femmes, 4 hommes), "
        "1 séance, 3 décisions.")
    assert "Demo-" not in json.dumps(summary, default=str)
    assert exports.section_summary(territory.id) == []


def test_section_block_and_exports_render(runner):
    from sqlalchemy import select

    from participation.exports import render
    from participation.exports.registry import EXPORTS
    from participation.exports.section import build_section
    from participation.extensions import db
    from participation.territory.models import Territory

    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    demo = db.session.scalar(select(Territory).where(Territory.slug == "coeur-de-flandre"))
    [block] = exports.council_blocks(demo)
    assert block["title"] == "Le conseil citoyen : Conseil citoyen Pasteur-Foch"
    assert [t["caption"] for t in block["tables"]] == [
        "Collèges", "Décisions", "Membres en fonction par année"]
    assert any("graine « 3 5 1 6 2 4 »" in p for p in block["paragraphs"])
    model = build_section(demo)
    assert any(b["key"] == "conseil_citoyen_1" for b in model["blocks"])
    assert render.to_docx(model)[:2] == b"PK" and render.to_odt(model)[:2] == b"PK"
    anonymous = EXPORTS["conseil_candidatures"].func(demo.id)
    assert len(anonymous) == 12 and "Demo-" not in anonymous.to_csv()
    assert not EXPORTS["conseil_candidatures"].personal
    contacts = EXPORTS["conseil_candidatures_contacts"]
    assert contacts.personal and "Demo-" in contacts.func(demo.id).to_csv()
    members = EXPORTS["conseil_membres"].func(demo.id)
    assert len(members) == 8 and "Demo-" not in members.to_csv()
