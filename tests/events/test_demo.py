"""The demo territory gains the 27 June 2023 barbecue and its tables citoyennes."""
from __future__ import annotations

from sqlalchemy import func, select

from participation.contributions.models import Contribution, ContributionLink
from participation.events import results
from participation.events.models import Event
from participation.extensions import db


def test_demo_loads_barbecue_tables_and_three_columns(demo_first_load, runner, client, auth):
    result = runner.invoke(args=["demo", "load"])  # a second time: idempotent
    assert result.exit_code == 0, result.output
    events = db.session.scalars(select(Event).order_by(Event.starts_at)).all()
    assert [e.kind for e in events] == ["barbecue", "table_citoyenne"]
    barbecue, tables_event = events
    assert tables_event.chain_head_id == barbecue.id
    assert barbecue.place_words == "devant les containers Pastoch'"
    assert results.headline(tables_event) == \
        "2 tables citoyennes · 11 thématiques · 54 participants"
    count = db.session.scalar(select(func.count()).select_from(Contribution).where(
        Contribution.source_type == "event_table"))
    assert 190 < count < 236  # 236 cells, an item under two themes stored once
    assert db.session.scalar(select(func.count()).select_from(ContributionLink)) > 50
    blocks = {b["challenge"].code: b["rows"] for b in results.three_columns(tables_event)}
    assert len(blocks) == 11
    sante = blocks["TH02"][0]
    assert [c.text for c in sante["constat"]] == [
        "Pénurie de médecin traitant - beaucoup ne prennent plus de nouveau patient"]
    assert [c.text for c in sante["proposition"]] == [
        "Implanter une maison médicale sur le quartier avec psychologue, orthophoniste"]
    assert sante["mobilisation"][0].text.startswith("Développer un local associant")
    containers = "Veiller au nombre suffisant de containers à poubelle, à verres, composteurs"
    assert any(c.text == containers for r in blocks["TH07"] for c in r["proposition"])
    assert any(c.text == containers for r in blocks["TH04"] for c in r["proposition"])
    from participation.accounts.models import User

    user = db.session.scalar(select(User).where(User.role == "coordinator"))
    client.post("/accounts/login", data={"email": user.email,
                                         "password": "demo-coordination-2024"})
    page = client.get(f"/events/{tables_event.id}/results").get_data(as_text=True)
    assert "2 tables citoyennes · 11 thématiques · 54 participants" in page
    assert page.count("Propositions des habitants pour y remédier") == 11
