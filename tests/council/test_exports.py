"""The participation section's block for the conseil citoyen: figures, no personal data."""
from __future__ import annotations

import json

from participation.council import exports


def test_demo_council_in_the_participation_section(demo_db, territory):
    from sqlalchemy import select

    from participation.extensions import db
    from participation.territory.models import Territory

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


def test_section_block_and_exports_render(demo_db):
    from sqlalchemy import select

    from participation.exports import render
    from participation.exports.registry import EXPORTS
    from participation.exports.section import build_section
    from participation.extensions import db
    from participation.territory.models import Territory

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


def _csv_rows(response) -> list[dict]:
    import csv
    import io
    return list(csv.DictReader(io.StringIO(response.body.decode("utf-8-sig")), delimiter=";"))


def test_council_csv_exports_carry_words_not_codes(webapp, web_login, council):
    """Issue #11 item 6: the CSVs said "f", "habitants", "web", "actif"; a coordinator
    downloading them from the exports page reads the labels the pages show, and a cell that
    would be a formula stays inert (participation/exports/cells.py)."""
    from datetime import date

    from participation.council import draws, members
    from tests.council.conftest import apply, fill

    fill(council, 2, 2, 0)
    apply(council, "acteurs_locaux", sex="h", structure_name="=HYPERLINK(\"http://x\")")
    d = draws.prepare_draw(council, council.colleges[0].id, 2, 0)
    draws.run_stored_draw(d, "1 2")
    members.seat_drawn_members(d, date(2024, 1, 1))
    web_login("coordinator")
    index = webapp.get("/exports/")
    candidacies = _csv_rows(index.click(href=r"/exports/conseil_candidatures\.csv$"))
    assert len(candidacies) == 5
    assert {r["sexe"] for r in candidacies} == {"Femme", "Homme"}
    assert {r["collège"] for r in candidacies} == {"Habitants", "Acteurs locaux"}
    assert {r["origine"] for r in candidacies} == {"En ligne"}
    assert candidacies[-1]["structure"] == "'=HYPERLINK(\"http://x\")"
    seated = _csv_rows(index.click(href=r"/exports/conseil_membres\.csv$"))
    assert [(r["collège"], r["statut"]) for r in seated] == [("Habitants", "En fonction")] * 2
    assert {r["sexe"] for r in seated} <= {"Femme", "Homme"}
