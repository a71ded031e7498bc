"""What an event's tables said, laid out the way the contracts print it.

- three columns per theme (seed 003): propositions | manquements | mobilisation des
  partenaires, one row per group of linked items, empty cells allowed, an item under two
  themes shown under both;
- the four questions of the tables rondes (seed 004);
- forces / faiblesses per theme and quartier, split by commune (seed 000).
"""
from __future__ import annotations

from collections import defaultdict

from flask_babel import ngettext

from participation.contributions.models import Contribution
from participation.events import attendance
from participation.events.models import Event, TableNote
from participation.events.tables import QUESTIONS, event_notes

COLUMNS = ("proposition", "constat", "mobilisation")


def participants(event: Event) -> int:
    """Tables' own counts when given, else the count reported on paper, else the check-ins."""
    counted = [t.participants for t in event.tables if t.participants is not None]
    if counted:
        return sum(counted)
    return event.reported_participants or attendance.headcount(event)


def themes(event: Event, notes: list[TableNote]) -> list:
    found = {c.id: c for t in event.tables for c in t.challenges}
    for note in notes:
        found.update({c.id: c for c in note.contribution.challenges})
    return sorted(found.values(), key=lambda c: (c.position, c.code))


def headline(event: Event, notes: list[TableNote] | None = None) -> str:
    """'2 tables citoyennes · 11 thématiques · 54 participants'."""
    notes = event_notes(event) if notes is None else notes
    return " · ".join([
        _tables_label(event.kind, len(event.tables)),
        ngettext("%(num)s thématique", "%(num)s thématiques", len(themes(event, notes))),
        ngettext("%(num)s participant", "%(num)s participants", participants(event))])


def _tables_label(kind: str, n: int) -> str:
    if kind == "table_citoyenne":
        return ngettext("%(num)s table citoyenne", "%(num)s tables citoyennes", n)
    if kind == "table_ronde":
        return ngettext("%(num)s table ronde", "%(num)s tables rondes", n)
    if kind == "table_quartier":
        return ngettext("%(num)s table de quartier", "%(num)s tables de quartier", n)
    return ngettext("%(num)s table", "%(num)s tables", n)


def _rows(members: list[Contribution]) -> list[dict[str, list[Contribution]]]:
    """Group one theme's items into rows: items linked together share a row."""
    ids = {c.id for c in members}
    parent = {i: i for i in ids}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for c in members:
        for link in c.links_out:
            if link.to_id in ids:
                parent[find(c.id)] = find(link.to_id)
    groups: dict[int, list[Contribution]] = defaultdict(list)
    for c in sorted(members, key=lambda c: c.id):
        groups[find(c.id)].append(c)
    rows = [{k: [c for c in group if c.kind == k] for k in COLUMNS}
            for group in groups.values()]
    return sorted(rows, key=lambda r: min(c.id for k in COLUMNS for c in r[k]))


def said_columns(said: list[Contribution]) -> dict:
    """What one table said, for its page: ``{"rows": [{proposition: [...], constat: [...],
    mobilisation: [...]}], "others": [atouts, défis…]}``; linked items share a row (as in
    :func:`three_columns`), rows in the order things were said."""
    in_columns = [c for c in said if c.kind in COLUMNS]
    return {"rows": _rows(in_columns) if in_columns else [],
            "others": sorted((c for c in said if c.kind not in COLUMNS), key=lambda c: c.id)}


def three_columns(event: Event, notes: list[TableNote] | None = None) -> list[dict]:
    """[{challenge, rows: [{proposition: [...], constat: [...], mobilisation: [...]}]}]."""
    notes = event_notes(event) if notes is None else notes
    by_theme: dict[int, list[Contribution]] = defaultdict(list)
    for note in notes:
        if note.contribution.kind in COLUMNS:
            for challenge in note.contribution.challenges:
                by_theme[challenge.id].append(note.contribution)
    return [{"challenge": ch, "rows": _rows(by_theme[ch.id])}
            for ch in themes(event, notes) if by_theme.get(ch.id)]


def four_questions(event: Event, notes: list[TableNote] | None = None) -> list[dict]:
    """Seed 004's tables rondes: défis, atouts, solutions et projets, participation."""
    notes = event_notes(event) if notes is None else notes
    fallback = {"defi": "defis", "atout": "atouts", "proposition": "solutions"}
    grouped: dict[str, list[Contribution]] = defaultdict(list)
    for note in notes:
        key = note.question or fallback.get(note.contribution.kind)
        if key:
            grouped[key].append(note.contribution)
    return [{"key": k, "label": label, "items": grouped.get(k, [])}
            for k, label in QUESTIONS.items()]


def forces_faiblesses(event: Event, notes: list[TableNote] | None = None) -> list[dict]:
    """Per quartier, per theme: forces (atouts) and faiblesses (constats) by commune."""
    notes = event_notes(event) if notes is None else notes
    grid: dict = defaultdict(lambda: defaultdict(lambda: {"forces": defaultdict(list),
                                                          "faiblesses": defaultdict(list)}))
    quartiers = {}
    for note in notes:
        c = note.contribution
        side = {"atout": "forces", "constat": "faiblesses"}.get(c.kind)
        if side is None:
            continue
        quartiers[c.quartier_id] = c.quartier
        commune = note.commune.name if note.commune else ""
        for challenge in c.challenges:
            grid[c.quartier_id][challenge][side][commune].append(c)
    return [{"quartier": quartiers[qid],
             "themes": sorted(grid[qid].items(), key=lambda kv: (kv[0].position, kv[0].code))}
            for qid in grid]


def default_layout(event: Event) -> str:
    if event.kind == "table_ronde":
        return "questions"
    if event.kind == "reunion_publique":
        return "forces"
    return "colonnes"
