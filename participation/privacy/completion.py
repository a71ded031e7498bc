"""How a person's set of records is completed (``person._completed``): the records bonded to
its records (the other contact fields of the same submission, ``PersonalTable.bonded``), each
record added once, a record two sets reach linking them (``sets.joined``).

Pure registry reads: no query of its own beyond ``PersonalTable.bonded``.
"""
from __future__ import annotations

from participation.core.personal_data import PERSONAL_TABLES
from participation.privacy.erased import holds_data
from participation.privacy.sets import PersonSet, Record, bonds_of


def bonded_records(sets: list[PersonSet]) -> list[Record]:
    """The records bonded to the sets' (``PersonalTable.bonded``: the other contact fields
    of a response one of them belongs to), in the registry's order."""
    found: list[Record] = []
    for key, entry in PERSONAL_TABLES.items():
        wanted = {bond for person_set in sets for bond in person_set.bonds}
        if entry.bonded and wanted:
            found += [(key, row) for row in entry.bonded(wanted)]
    return found


def add_record(person_set: PersonSet, seen: dict, table: str, row, links: list) -> bool:
    """Add ``row`` to ``person_set`` unless it holds no data or a set holds it already
    (then the two sets are linked: ``sets.joined``)."""
    held = seen.get((table, row.id))
    if held is not None:
        if held is not person_set:
            links.append((held, person_set))
        return False
    if not holds_data(table, row):
        return False
    seen[(table, row.id)] = person_set
    person_set.records.append((table, row))
    person_set.bonds |= bonds_of(table, row)
    return True
