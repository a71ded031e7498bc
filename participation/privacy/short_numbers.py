"""A phone typed short on /privacy/personne ("0612"): the free texts holding that very
number are listed as possible records, never as the person's.

A contact stored before the forms checked numbers may be "0612" (field test t26field,
defect 1). Its records are found by the number typed, compared whole (the contact column
equals it). A free-text contact such as "Fatima 0612" holds the same digits but may be
anyone's: it is returned here, for ``person.find_person`` to show as a person set of its
own, never ticked for the erasure nor part of another set's export unless the coordinator
ticks it. A whole number ("+33612345678") is searched in texts by ``core.personal_data``
(its last nine digits), not here.
"""
from __future__ import annotations

import re

from participation.core.contacts import whole_phone
from participation.core.person_keys import PHONE_SEPARATORS
from participation.core.personal_data import PERSONAL_TABLES, _base
from participation.extensions import db

MIN_DIGITS = 4  # "12" (a house number) finds nothing


def _digits_only(column):
    for char in PHONE_SEPARATORS:
        column = db.func.replace(column, char, "")
    return column


def short_number_rows(territory_id: int, phone: str | None) -> list[tuple[str, object]]:
    """[(registry key, row)] of the free-text columns (``text_fields``) of the territory
    holding ``phone`` (normalised, not a whole number, 4 digits or more) as a number of its
    own: "Fatima 0612" and "06-12" for "0612", not "06123" nor "+33612345678". [] for a
    whole or missing number. A staff text is left out: its erasure redacts whole numbers
    only (``privacy.redaction``), and "salle 1204" is no one's number."""
    digits = re.sub(r"\D", "", phone or "")
    if whole_phone(phone) or len(digits) < MIN_DIGITS:
        return []
    alone = re.compile(rf"(?<!\d){digits}(?!\d)")
    found = []
    for key, entry in PERSONAL_TABLES.items():
        for field in entry.text_fields if entry.erase != "redact" else ():
            column = getattr(entry.model, field)
            stmt = _base(entry, territory_id).where(
                _digits_only(column).contains(digits, autoescape=True)).order_by(entry.model.id)
            found += [(key, row) for row in db.session.scalars(stmt).unique()
                      if alone.search(_strip(getattr(row, field)))]
    return list(dict.fromkeys(found))


def _strip(text: str | None) -> str:
    text = text or ""
    for char in PHONE_SEPARATORS:
        text = text.replace(char, "")
    return text
