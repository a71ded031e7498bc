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
