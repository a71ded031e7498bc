"""Records a search on /privacy/personne still finds once their personal data is gone.

A consent withdrawn (the public link, or the coordinator at the person's request) blanks the
row it covered but keeps its proof, so the phone or e-mail typed still finds the
registration, the candidacy or the attribution it pointed to; a retention purge leaves the
same rows. Listed as records ("Inscriptions aux événements — Nom : Personne (données
effacées), Repas — …"), they read as data still held, are counted, exported and offered to
erasure again (testers of last session). So a record whose registered fields hold nothing
(``holds_data``: every field empty, false, or the placeholder its erasure writes) is taken
out of the person's sets and said apart, with what erased it and when, read from the audit
log (``erasure`` and ``purge`` events name the records they erased as "table:id" under
``records``, ``record_refs``; a ``consent_withdrawn`` event names its consent, which names
its row), never with the personal data. A consent's proof, still held and still found,
also tells what was erased of the row it points to when the search no longer finds that
row (a candidate's contact deleted by the withdrawal, a quote's attribution purged):
"Conseil citoyen : coordonnées des candidats — 1 enregistrement — effacé le …".
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from participation.core.audit import AuditEvent
from participation.core.personal_data import PERSONAL_TABLES, personal_values
from participation.extensions import db
from participation.privacy.models import ConsentRecord
from participation.privacy.sets import Record

ERASING_ACTIONS = ("erasure", "purge", "consent_withdrawn")


@dataclass(frozen=True)
class ErasedRecords:
    """Records of one table erased by one event: ``label`` the registry's label of the
    table, ``count`` how many, ``when`` the event's time and ``how`` its action (one of
    ``ERASING_ACTIONS``), both None when the audit log no longer holds it (kept 12 months)."""

    label: str
    count: int
    when: datetime | None
    how: str | None


def _empty(entry, name: str, value) -> bool:
    blank = entry.blank.get(name)
    return value is None or value == "" or value is False or (
        not callable(blank) and blank is not None and value == blank)


def holds_data(table: str, row) -> bool:
    """Whether ``row`` of the registry entry ``table`` still holds a personal value: some
    registered field neither empty, false, nor its erasure's placeholder
    ("Personne (données effacées)")."""
    entry = PERSONAL_TABLES[table]
    return any(not _empty(entry, name, value)
               for name, value in personal_values(entry, row).items())


def split_held(records: list[Record]) -> tuple[list[Record], list[Record]]:
    """``records`` -> (those still holding data, those holding none), order kept."""
    held = [record for record in records if holds_data(*record)]
    return held, [record for record in records if record not in held]


def record_refs(rows: dict[str, list]) -> list[str]:
    """The "table:id" of every row erased (``{registry key: rows}``), for the audit event."""
    return sorted(f"{table}:{row.id}" for table, table_rows in rows.items()
                  for row in table_rows)


def _withdrawals(territory_id: int, events: list[AuditEvent]) -> dict[str, AuditEvent]:
    """"table:id" of the row each consent withdrawal erased -> its event."""
    by_consent = {int(e.target.split(":", 1)[1]): e for e in events
                  if e.action == "consent_withdrawn" and e.count
                  and e.target.startswith("consent_record:")}
    if not by_consent:
        return {}
    consents = db.session.scalars(select(ConsentRecord).where(
        ConsentRecord.territory_id == territory_id, ConsentRecord.id.in_(by_consent))
        .order_by(ConsentRecord.id))
    return {f"{c.source_table}:{c.source_id}": by_consent[c.id] for c in consents
            if c.source_table and c.source_id}


def _erasing_events(territory_id: int) -> dict[str, AuditEvent]:
    """"table:id" -> the latest audit event of the territory that erased that record."""
    events = list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.territory_id == territory_id, AuditEvent.action.in_(ERASING_ACTIONS))
        .order_by(AuditEvent.at, AuditEvent.id)))
    named = _withdrawals(territory_id, events)
    for event in events:
        for ref in event.details_dict.get("records", []) if event.action != \
                "consent_withdrawn" else ():
            named[ref] = event
    return named


def _proven_rows(held: list[Record], events: dict[str, AuditEvent],
                 seen: set[str]) -> list[tuple[str, AuditEvent]]:
    """(registry key, event) of each row a consent proof among ``held`` points to, erased
    by a known event (its consent withdrawn, a purge, an erasure) and no longer found
    (deleted, as a candidate's contact, or out of the search once blanked)."""
    refs = {f"{row.source_table}:{row.source_id}" for table, row in held
            if table == "consent_record" and row.source_table and row.source_id}
    return [(ref.split(":", 1)[0], events[ref]) for ref in sorted(refs - seen)
            if ref in events and ref.split(":", 1)[0] in PERSONAL_TABLES]


def erased_summary(territory_id: int, records: list[Record],
                   held: list[Record] = ()) -> list[ErasedRecords]:
    """The ``records`` holding no data, and the erased rows the consent proofs among
    ``held`` (the records still held) point to, counted per table and erasing event: the
    events known to the audit log first (oldest first), then those it no longer holds."""
    events = _erasing_events(territory_id) if records or held else {}
    found = [(table, events.get(f"{table}:{row.id}")) for table, row in records]
    found += _proven_rows(held, events, {f"{t}:{row.id}" for t, row in (*records, *held)})
    counts: dict[tuple[str, int | None], int] = {}
    known = {}
    for table, event in found:
        key = (table, event.id if event else None)
        counts[key] = counts.get(key, 0) + 1
        known[key[1]] = event
    summary = [ErasedRecords(str(PERSONAL_TABLES[table].label), count,
                             known[event_id].at if event_id else None,
                             known[event_id].action if event_id else None)
               for (table, event_id), count in counts.items()]
    return sorted(summary, key=lambda s: (s.when is None, s.when or datetime.min, s.label))
