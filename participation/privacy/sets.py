"""The records a search on /privacy/personne found, split into one set per person.

A search by name finds every record holding that name — "haddad" finds Amel HADDAD and
Yasmine Haddad, two residents (field test t24field, defect 1). Erasing them together destroys
another person's data (RGPD art. 17 is the right of *the* person asking). So the records are
grouped, and the coordinator erases or exports the sets they choose:

- every record found by the phone or e-mail typed (its contact column, a text holding it, a
  row a consent of that contact points to) belongs to one set, ``by_contact``: the contact
  is what identifies the person;
- a record found only by the name joins the set of any record sharing one of its contacts
  (a whole phone number or an e-mail stored in, or written in, the record: ``contacts_of``;
  never a number typed short, "0612") or its submission (``PersonalTable.bond``: an import
  stores a row's name and phone as two contacts of one response, one person: tester
  t26coord); a record
  whose contacts are none of the others' is a set of its own. Two records with the same
  name and no shared contact stay apart: homonyms are not told apart by a name.

A set's ``key`` is a digest of its records ("table:id"), so a form posted after the data
changed (a record added to or erased from the set) no longer names it.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from participation.core.contacts import valid_email, whole_phone
from participation.core.person_keys import normalise_email, normalise_phone
from participation.core.personal_data import PERSONAL_TABLES
from participation.privacy.masking import contacts_in

Record = tuple[str, object]  # (registry key, ORM row)


@dataclass
class PersonSet:
    """The records of one person: ``records`` [(registry key, row)], ``contacts`` the
    normalised phones ("+33…") and e-mails found in them, ``names`` the names stored,
    ``by_contact`` True for the records found by the phone or e-mail typed, ``bonds`` the
    submissions its records belong to (``PersonalTable.bond``: a name and a phone left in
    one response are one person)."""

    records: list[Record] = field(default_factory=list)
    contacts: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)
    by_contact: bool = False
    bonds: set = field(default_factory=set)

    @property
    def key(self) -> str:
        """16 hexadecimal characters: BLAKE2b of the sorted "table:id" of the records."""
        ids = sorted(f"{table}:{row.id}" for table, row in self.records)
        return hashlib.blake2b("\n".join(ids).encode(), digest_size=8).hexdigest()

    @property
    def summary(self) -> str:
        """How the person is named on the page: names, then the contacts not already
        written in a name ("Karim Haddad · +33711223344", "Yasmine Haddad 06 00 00 00 01");
        "" when the records hold neither."""
        written = " ".join(self.names).lower()
        digits = re.sub(r"\D", "", written)
        shown = [c for c in sorted(self.contacts)
                 if c not in written and not (c.startswith("+") and c[-9:] in digits)]
        return " · ".join(dict.fromkeys([*self.names, *shown]))

    def rows_of(self) -> dict[str, list]:
        """The set's rows per registry key, in the order found."""
        rows: dict[str, list] = {}
        for table, row in self.records:
            rows.setdefault(table, []).append(row)
        return rows


def contacts_of(table: str, row) -> set[str]:
    """The normalised phones and e-mails a record holds: its contact columns, and those
    written in its name or free-text columns (``masking.contacts_in``); none for a staff
    text (``erase="redact"``: minutes naming three residents are no one's record, their
    contacts join no set, ``privacy.staff_texts``)."""
    entry = PERSONAL_TABLES[table]
    found = set()
    if entry.erase == "redact":
        return found
    if entry.phone_field:
        found.add(normalise_phone(getattr(row, entry.phone_field)))
    if entry.email_field:
        found.add(normalise_email(getattr(row, entry.email_field)))
    for name in (*entry.name_fields, *entry.text_fields):
        found |= contacts_in(getattr(row, name))
    return {contact for contact in found if whole_contact(contact)}


def whole_contact(contact: str | None) -> bool:
    """Whether a normalised contact identifies a person: a whole phone number ("+33…",
    ``core.contacts.whole_phone``) or an e-mail address. "0612", stored as typed before the
    forms checked it, is neither: two records holding it are not merged, nor is the text
    "Fatima 0612" read as an e-mail "0612" holding it (field test t26field, defect 1)."""
    return bool(contact) and (whole_phone(contact) or valid_email(contact))


def names_of(table: str, row) -> list[str]:
    """The names a record stores (``name_fields``; for a contact typed freely, such as
    "Yasmine Haddad 06 00 00 00 01", the text itself), blank ones left out; none for a
    staff text (prose, not a name)."""
    entry = PERSONAL_TABLES[table]
    if entry.erase == "redact":
        return []
    fields = entry.name_fields or (entry.text_fields if entry.name_in_text else ())
    values = (" ".join(str(getattr(row, name) or "").split()) for name in fields)
    return [value for value in values if value]


def bonds_of(table: str, row) -> set:
    """The bond of a record (``PersonalTable.bond``), as a set: empty without one."""
    bond = PERSONAL_TABLES[table].bond
    value = bond(row) if bond else None
    return {value} if value is not None else set()


def _one(table: str, row) -> PersonSet:
    return PersonSet([(table, row)], contacts_of(table, row), names_of(table, row),
                     bonds=bonds_of(table, row))


def _merge(into: PersonSet, other: PersonSet) -> None:
    into.records += other.records
    into.contacts |= other.contacts
    into.bonds |= other.bonds
    into.names += [name for name in other.names if name not in into.names]
    into.by_contact = into.by_contact or other.by_contact


def group(by_contact: list[Record], by_name: list[Record]) -> list[PersonSet]:
    """The person sets of a search: ``by_contact`` records (found by the phone or e-mail
    typed) in one set, first; each ``by_name`` record alone or with the set sharing one of
    its contacts or bonds. Sets are merged transitively; their order is the order found."""
    sets: list[PersonSet] = []
    if by_contact:
        first = PersonSet(by_contact=True)
        for table, row in by_contact:
            _merge(first, _one(table, row))
        sets.append(first)
    for table, row in by_name:
        found = _one(table, row)
        for other in [s for s in sets if s.contacts & found.contacts or s.bonds & found.bonds]:
            sets.remove(other)
            _merge(other, found)
            found = other
        sets.insert(0, found) if found.by_contact else sets.append(found)
    return sets


def joined(sets: list[PersonSet], links: list[tuple[PersonSet, PersonSet]]) -> list[PersonSet]:
    """``sets`` merged, transitively, where two share a contact or a bond, or are linked
    (``links``: a record one set reached that another held already, such as the consent
    both a phone and an e-mail point to): « فاطمة بن علي » found by her name on a sign-up
    and on a survey contact is one person when the sign-up's reminder contact is also the
    phone of her survey contact (DPO tester t28res, defect 2). The merged set keeps the
    place of its first part; a set found by the contact typed stays first."""
    parent = list(range(len(sets)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i
    index = {id(person_set): i for i, person_set in enumerate(sets)}
    pairs = [(index[id(a)], index[id(b)]) for a, b in links]
    pairs += [(i, j) for i, a in enumerate(sets) for j in range(i + 1, len(sets))
              if a.contacts & sets[j].contacts or a.bonds & sets[j].bonds]
    for i, j in pairs:
        parent[max(root(i), root(j))] = min(root(i), root(j))
    out: dict[int, PersonSet] = {}
    for i, person_set in enumerate(sets):
        if root(i) in out:
            _merge(out[root(i)], person_set)
        else:
            out[root(i)] = person_set
    merged = list(out.values())
    return sorted(merged, key=lambda person_set: not person_set.by_contact)
