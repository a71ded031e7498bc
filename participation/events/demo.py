"""Demo: the Hazebrouck barbecue participatif of 27 June 2023, chained with its two tables
citoyennes, and what the tables said (seed 003), so the results page can be seen at once."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from participation.contributions.models import ContributionLink
from participation.events import demo_data as data
from participation.events import services, tables
from participation.events.models import Event
from participation.extensions import db
from participation.territory.models import Quartier

KINDS = ("proposition", "constat", "mobilisation")


def _events(territory, codes: dict[str, int]) -> Event:
    quartier = db.session.scalar(select(Quartier).where(Quartier.territory_id == territory.id)
                                 .order_by(Quartier.id))
    quartier_ids = [quartier.id] if quartier else []
    barbecue = services.save_event(territory.id, data.BARBECUE | {
        "starts_at": datetime(2023, 6, 27, 12, 30), "ends_at": datetime(2023, 6, 27, 16, 0),
        "quartier_ids": quartier_ids,
        "challenge_ids": [codes[c] for c in data.BARBECUE_THEMES]})
    event = services.save_event(territory.id, data.TABLES | {
        "starts_at": datetime(2023, 6, 27, 13, 30), "ends_at": datetime(2023, 6, 27, 16, 0),
        "chain_head_id": barbecue.id, "quartier_ids": quartier_ids,
        "challenge_ids": list(codes.values())})
    for name, themes in data.TABLE_THEMES:
        tables.save_table(event, name, "", None, [codes[c] for c in themes])
    return event


def _unique_items(codes: dict[str, int]) -> dict[tuple[str, str], list[str]]:
    """(kind, text) -> theme codes, in the order of the contract: one item, several themes."""
    items: dict[tuple[str, str], list[str]] = {}
    for theme, rows in data.ROWS.items():
        for row in rows:
            for kind, cell in zip(KINDS, row, strict=True):
                for text in cell:
                    found = items.setdefault((kind, text), [])
                    for code in [theme, *data.EXTRA_THEMES.get(text, [])]:
                        if code not in found:
                            found.append(code)
    return items


def _link_rows(recorded: dict) -> None:
    """On each row, propositions answer manquements; partners answer the propositions
    (or the manquements when the row has no proposition). One commit for the whole demo."""
    done: set[tuple[int, int]] = set()

    def link(source, target, kind: str) -> None:
        if source.id != target.id and (source.id, target.id) not in done:
            db.session.add(ContributionLink(from_id=source.id, to_id=target.id, kind=kind))
            done.add((source.id, target.id))

    for rows in data.ROWS.values():
        for props, manques, mobs in rows:
            for p in props:
                for m in manques:
                    link(recorded[("proposition", p)], recorded[("constat", m)], "repond")
            targets = [("proposition", p) for p in props] or [("constat", m) for m in manques]
            for mob in mobs:
                for target in targets:
                    link(recorded[("mobilisation", mob)], recorded[target], "engagement")


def load_events_demo(territory) -> None:
    """Idempotent: nothing happens when the demo barbecue is already there."""
    if db.session.scalar(select(Event.id).where(
            Event.territory_id == territory.id, Event.title == data.BARBECUE["title"],
            Event.starts_at == datetime(2023, 6, 27, 12, 30))):
        return
    codes = {c.code: c.id for c in territory.current_contract.challenges if c.is_current}
    event = _events(territory, codes)
    table_of = {c.code: t for t in event.tables for c in t.challenges}
    recorded = {}
    for (kind, text), themes in _unique_items(codes).items():
        recorded[(kind, text)] = tables.record_table_contribution(
            table_of[themes[0]], text, kind,
            "partenaire" if kind == "mobilisation" else "habitant",
            challenge_ids=[codes[c] for c in themes], commit=False)
    _link_rows(recorded)
    db.session.commit()
