"""The registry of personal data: every table that holds some declares it here.

Each feature registers its personal tables (see docs/privacy.md) with
``register_personal_table(PersonalTable(...))``. The privacy feature reads the registry to
find everything held about a person (by normalised phone number, e-mail or name), export it,
erase it, purge what is past its retention period and write the registre des traitements; the
canary tests iterate it, so a registered table is covered without touching the tests.

Every column that can hold a person's words or contacts is declared here (security findings 1
and 5): contact columns (``phone_field``/``email_field``), name columns (``name_fields``,
matched whole, case-insensitively), and free-text columns (``text_fields``) searched for the
person's phone (any French format) or e-mail — and for the name too when ``name_in_text``
(a contact typed freely: "Patrick 06 47 24 61 67"). tests/security/test_erasure_canary.py
fails when a text column of the database is neither declared nor listed as holding no
personal data.
"""
from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, and_, or_, select

from participation.core.namematch import name_found, word_pieces
from participation.core.person_keys import (
    MIN_NAME_IN_TEXT,
    NAME_WORD,
    name_matches,
    text_contains_contact,
)
from participation.core.textsearch import contains_folded, fold
from participation.extensions import db

ERASE_MODES = ("delete", "blank", "redact")


@dataclass(frozen=True)
class PersonalTable:
    """How one table holds personal data.

    ``fields``: columns holding personal data (exported, blanked, canary-tested).
    ``phone_field`` / ``email_field``: columns storing ``normalise_phone`` /
    ``normalise_email`` values, used to find a person's rows; ``match`` replaces them when
    the lookup is not a plain equality (hashed values...).
    ``erase``: "delete" the row, or "blank" the fields (set to None, then ``blank`` values,
    a value or a function of the row).
    ``holds_data``: condition selecting rows that do hold personal data (default: all).
    ``retention_key`` / ``retention_months``: the territory setting and its default;
    ``retention_from``: the date column the period counts from (may be on a parent joined by
    ``joins``); ``retention_override``: a nullable months column overriding the territory
    default for a record (e.g. ``Survey.contact_retention_months``).
    ``territory``: the territory id column (default ``model.territory_id``).
    ``sample``: ``(territory) -> row`` creating a row, for the canary test (else it uses a
    row of the demo territory); ``canary``: ``(row, phone, email, token) -> None`` putting a
    person's values where this table holds them (default: contact columns get the phone and
    e-mail, every other personal text field the token).
    ``name_fields``: columns holding a person's name, found by the name typed on the access
    page (whole value, case and spaces ignored; ``name_match`` replaces this for a derived
    column such as a normalised key). ``text_fields``: free-text columns searched for the
    person's phone or e-mail (``text_contains_contact``), and for the name when
    ``name_in_text``. ``key``: the registry key when one table is declared twice (its
    personal fields, and its free text); default the table name. ``content``: the fields are
    the record's anonymous content (an answer, a contribution), shown wherever the record is,
    and personal only when they hold the person's contact.
    ``words``: ``(rows) -> erase``, for rows that tie a person to what they said (the contact
    left with a survey response, an answer holding their phone, a quoted contribution):
    reads, before the rows are erased, which answers and contributions are theirs, and
    returns the function that erases them (called after the rows: it may delete rows the
    registry just erased) and returns what it erased per kind (a ``Counter``:
    ``("survey", title)`` responses, "answers", "contributions") — the erasure form's choice
    "their answers and contributions too" (RGPD art. 17: an answer is personal data while
    it is linked to an identified person).
    ``mentions``: ``(text) -> [name]``, the persons a free text of ``text_fields`` names
    ("Mr Martin du 12 rue…" -> ["Martin"]: ``privacy.mentions.names_mentioned``): a name
    typed on the access page finds the text when every word of it is a word of one of
    them (``mentioned_rows``), so that the erasure reaches a neighbour named in an answer.
    ``submissions``: ``(rows) -> {identity}``, the identities of the submissions the rows
    belong to (a response's ``external_id``, an offline entry's uuid): the erasure buries
    them (``privacy.tombstones``) so that no re-import brings them back.
    ``bond``: ``(row) -> hashable | None``, rows of the registry with the same bond are one
    person (the contact fields of one submission: a name and a phone imported as two
    contacts); ``bonded``: ``({bond}) -> [row]`` the table's rows holding those bonds, read
    to complete a person's records (``privacy.person._completed``).
    ``erase="redact"``: a staff-written text (a section block, a council's minutes, an
    event's description, a public reply, a Johari conclusion: ``privacy.staff_texts``) that
    mentions the person: ``redact`` ``(row, names, contacts) -> None`` replaces their
    mentions in place (``privacy.redaction``), the rest of the text stays. Such a text is
    prose, not a person's record: its name search goes through ``mentions`` (never the
    whole text matched tolerantly, ``fuzzy_name_rows``), ``hit`` ``(row, names, contacts)
    -> bool`` keeps only the rows that do mention the person ("martin" is a substring of
    "Martine"), and ``where`` ``(row) -> str`` says where the text is on the access page
    ("Conseil citoyen Pasteur — séance du 5 mars 2024, point 2").
    ``access``: ``(row) -> {"consent": {…}, "submission": {…}, "registration": {…}}``,
    what the right of access (RGPD art. 15.1: the data, the purposes, the source) gives
    besides ``fields``: the consent the record was kept with (its text, purpose, version,
    language, dates), the submission it belongs to (the survey, the date, every answer),
    the event of a sign-up, read by ``privacy.access.linked``; any key may be missing.
    ``retention_key`` None: no retention period of its own (anonymous answers kept with their
    survey); erased only at the person's request.
    Texts (label, purpose, data, legal basis, recipients) feed the registre des traitements.
    """

    model: type
    fields: tuple[str, ...]
    label: object
    purpose: object
    data: object
    retention_key: str | None
    retention_months: int | None
    retention_from: Callable[[], ColumnElement] | None
    legal_basis: object = "consent"
    recipients: object = ""
    erase: str = "delete"
    blank: dict = field(default_factory=dict)
    phone_field: str | None = None
    email_field: str | None = None
    match: Callable[[str | None, str | None], ColumnElement | None] | None = None
    holds_data: Callable[[], ColumnElement] | None = None
    retention_override: Callable[[], ColumnElement] | None = None
    joins: Callable[[Select], Select] | None = None
    territory: Callable[[], ColumnElement] | None = None
    sample: Callable | None = None
    canary: Callable | None = None
    name_fields: tuple[str, ...] = ()
    name_match: Callable[[str], ColumnElement] | None = None
    text_fields: tuple[str, ...] = ()
    name_in_text: bool = False
    key: str | None = None
    content: bool = False
    words: Callable[[list], Callable[[], int]] | None = None
    mentions: Callable[[str | None], list[str]] | None = None
    submissions: Callable[[list], set[str]] | None = None
    bond: Callable[[object], object] | None = None
    bonded: Callable[[set], list] | None = None
    redact: Callable[[object, set, set], None] | None = None
    hit: Callable[[object, set, set], bool] | None = None
    where: Callable[[object], str] | None = None
    access: Callable[[object], dict] | None = None

    @property
    def table(self) -> str:
        return self.model.__tablename__

    @property
    def registry_key(self) -> str:
        return self.key or self.table


PERSONAL_TABLES: dict[str, PersonalTable] = {}


def register_personal_table(entry: PersonalTable) -> PersonalTable:
    if entry.erase not in ERASE_MODES:
        raise ValueError(f"erase must be one of {ERASE_MODES}")
    for name in (*entry.fields, entry.phone_field, entry.email_field, *entry.blank,
                 *entry.name_fields, *entry.text_fields):
        if name and name not in entry.model.__table__.c:
            raise ValueError(f"{entry.table} has no column {name!r}")
    PERSONAL_TABLES[entry.registry_key] = entry
    return entry


def discover_registrations() -> None:
    """Import ``participation/<feature>/privacy.py`` of every feature that has one."""
    import participation

    for module in pkgutil.iter_modules(participation.__path__):
        if module.ispkg and importlib.util.find_spec(f"participation.{module.name}.privacy"):
            importlib.import_module(f"participation.{module.name}.privacy")




def _territory_column(entry: PersonalTable) -> ColumnElement:
    return entry.territory() if entry.territory else entry.model.territory_id


def _base(entry: PersonalTable, territory_id: int) -> Select:
    stmt = select(entry.model)
    if entry.joins:
        stmt = entry.joins(stmt)
    stmt = stmt.where(_territory_column(entry) == territory_id)
    if entry.holds_data:
        stmt = stmt.where(entry.holds_data())
    return stmt


def _contact_condition(entry: PersonalTable, phone: str | None, email: str | None):
    if entry.match:
        return entry.match(phone, email)
    conditions = []
    if phone and entry.phone_field:
        conditions.append(getattr(entry.model, entry.phone_field) == phone)
    if email and entry.email_field:
        conditions.append(getattr(entry.model, entry.email_field) == email)
    return or_(*conditions) if conditions else None


def _name_condition(entry: PersonalTable, name: str | None):
    if not name:
        return None
    if entry.name_match:
        return entry.name_match(name)
    conditions = [name_matches(getattr(entry.model, field), name)
                  for field in entry.name_fields]
    return or_(*conditions) if conditions else None


def _text_condition(entry: PersonalTable, phone: str | None, email: str | None,
                    name: str | None):
    conditions = [text_contains_contact(getattr(entry.model, field), phone, email,
                                        name if entry.name_in_text else None)
                  for field in entry.text_fields]
    conditions = [c for c in conditions if c is not None]
    return or_(*conditions) if conditions else None


def person_conditions(entry: PersonalTable, phone: str | None, email: str | None,
                      name: str | None = None) -> list:
    """Every way a row of ``entry`` can belong to the person: contact columns, name
    columns, free text holding the contact."""
    found = [_contact_condition(entry, phone, email), _name_condition(entry, name),
             _text_condition(entry, phone, email, name)]
    return [c for c in found if c is not None]


def find_rows(entry: PersonalTable, territory_id: int, phone: str | None, email: str | None,
              extra_ids: set[int] = frozenset(), name: str | None = None) -> list:
    """Rows of the person (normalised phone/e-mail/name, see ``person_conditions``), plus
    rows given by id (linked to them by a consent record)."""
    conditions = person_conditions(entry, phone, email, name)
    if extra_ids:
        conditions.append(entry.model.id.in_(extra_ids))
    found = []
    if conditions:
        stmt = _base(entry, territory_id).where(or_(*conditions)).order_by(entry.model.id)
        found = list(db.session.scalars(stmt).unique())
    ids = {row.id for row in found}
    for row in (*fuzzy_name_rows(entry, territory_id, name),
                *mentioned_rows(entry, territory_id, name)):
        if row.id not in ids:
            ids.add(row.id)
            found.append(row)
    if entry.hit is not None:  # a staff text: only those mentioning the person
        who = ({name} - {None}, {phone, email} - {None})
        found = [row for row in found if row.id in extra_ids or entry.hit(row, *who)]
    return sorted(found, key=lambda row: row.id)


def fuzzy_name_rows(entry: PersonalTable, territory_id: int, name: str | None) -> list:
    """Rows of ``entry`` whose name columns (``name_fields``; the free text too when
    ``name_in_text``, a contact typed as "Fatma Yıldız 0699887766") hold the name typed,
    tolerantly (``core.namematch.name_found``: word order free, one word enough, a typing
    error or two per word: "Benaly Fatima" finds "Fatima Benali"). The rows of the territory
    holding a name are read and matched in Python (no fuzzy SQL on SQLite); [] without
    ``name`` or name columns. A staff text (``erase="redact"``) is prose, not a contact:
    its names are read by ``mentioned_rows``."""
    prose = entry.erase == "redact"
    fields = (*entry.name_fields,
              *(entry.text_fields if entry.name_in_text and not prose else ()))
    if not name or not fields:
        return []
    columns = [getattr(entry.model, field) for field in fields]
    stmt = _base(entry, territory_id).where(or_(*(c.is_not(None) for c in columns)))
    return [row for row in db.session.scalars(stmt.order_by(entry.model.id)).unique()
            if any(name_found(name, getattr(row, field)) for field in fields)]


def mentioned_rows(entry: PersonalTable, territory_id: int, name: str | None) -> list:
    """Rows of ``entry`` whose free text names the person ``name`` (``PersonalTable.
    mentions``): one name the text mentions matches the name typed tolerantly
    (``core.namematch.name_found``: "martin" and "jean martn" find "Mr Jean-Pierre Martin",
    not "martinet"). The database is asked for the texts holding, for every word typed, one
    of its ``word_pieces`` (accents and case ignored, ``core.textsearch``: no text a
    tolerant match would keep is left out), Python keeps those naming the person; [] without
    ``mentions`` or a name of fewer than ``MIN_NAME_IN_TEXT`` characters."""
    words = set(NAME_WORD.findall(fold(name)))
    if entry.mentions is None or len("".join(words)) < MIN_NAME_IN_TEXT:
        return []
    columns = [getattr(entry.model, field) for field in entry.text_fields]
    held = [and_(*(or_(*(contains_folded(column, piece) for piece in word_pieces(word)))
                   for word in words)) for column in columns]
    stmt = _base(entry, territory_id).where(or_(*held)).order_by(entry.model.id)
    return [row for row in db.session.scalars(stmt).unique()
            if any(name_found(name, mentioned) for field in entry.text_fields
                   for mentioned in entry.mentions(getattr(row, field)))]


def personal_values(entry: PersonalTable, row) -> dict:
    return {name: getattr(row, name) for name in entry.fields}


def erase_rows(entry: PersonalTable, rows: list, names=(), contacts=()) -> int:
    """Delete the rows or blank their personal fields (answers stay, anonymous); a staff
    text (``erase="redact"``) loses the mentions of the person whose ``names`` and
    ``contacts`` (normalised phones and e-mails) are given."""
    for row in rows:
        if entry.erase == "delete":
            db.session.delete(row)
            continue
        if entry.erase == "redact":
            entry.redact(row, set(names), set(contacts))
            continue
        for name in entry.fields:
            setattr(row, name, None)
        for name, value in entry.blank.items():
            setattr(row, name, value(row) if callable(value) else value)
    db.session.flush()
    return len(rows)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def due_rows(entry: PersonalTable, territory_id: int, default_months: int | None,
             today: date) -> list:
    """Rows whose retention period (from ``retention_from``) has ended by ``today``; none
    for an entry without a retention period of its own."""
    if entry.retention_key is None or entry.retention_from is None:
        return []
    override = entry.retention_override() if entry.retention_override else None
    columns = [entry.retention_from()] + ([override] if override is not None else [])
    stmt = _base(entry, territory_id).add_columns(*columns).where(
        entry.retention_from().is_not(None))
    due = []
    for row, start, *months in db.session.execute(stmt):
        start = start.date() if isinstance(start, datetime) else start
        period = months[0] if months and months[0] is not None else default_months
        if add_months(start, period) <= today:
            due.append(row)
    return due
