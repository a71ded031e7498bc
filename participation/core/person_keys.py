"""How a person is recognised in the tables of ``personal_data``'s registry: phone numbers,
e-mails and names in one normalised form, and the SQL conditions matching them in a name
column, a free-text column ("Patrick 06 47 24 61 67") or through a separate contact table.
Moved from ``personal_data`` unchanged."""
from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from sqlalchemy import func, or_, select

from participation.core.textsearch import contains_folded, fold, folded


def normalise_phone(value: str | None) -> str | None:
    """French numbers in one form: "06 12 34 56 78", "+33 6 12..." -> "+33612345678"."""
    if not value:
        return None
    digits = re.sub(r"[^\d+]", "", value)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if re.fullmatch(r"0\d{9}", digits):
        digits = "+33" + digits[1:]
    return digits or None


# Characters people put between the digits of a phone number: "06 47 24 61 67",
# "06.47.24.61.67", "06-47-24-61-67", "(0)6 47…", "06/47/24/61/67", non-breaking spaces.
PHONE_SEPARATORS = (" ", ".", "-", "(", ")", "/", "\u00a0", "\u202f", "_")
MIN_NAME_IN_TEXT = 3
NAME_WORD = re.compile(r"[^\W_]+")  # "jean-pierre d'almeida": jean, pierre, d, almeida


def normalise_name(value: str | None) -> str | None:
    """A name as typed on the access page, compared whole: "  Léa  Martin " -> "léa martin"."""
    value = " ".join((value or "").split()).lower()
    return value or None


MAX_ORDERED_WORDS = 4  # a longer name is tried as typed and reversed only (4! = 24 orders)


def name_orders(name: str) -> list[str]:
    """The words of ``name`` folded (``core.textsearch.fold``: "Yıldız" -> "yildiz") in every
    order, as typed first: "Benali Yasmina" -> ["benali yasmina", "yasmina benali"] — people
    give their family name first or last. A name of more than ``MAX_ORDERED_WORDS`` words:
    as typed and reversed. [] for a blank name."""
    words = fold(name).split()
    orders = itertools.permutations(words) if len(words) <= MAX_ORDERED_WORDS else (
        words, words[::-1])
    return list(dict.fromkeys(" ".join(order) for order in orders if order))


def name_matches(column, name: str):
    """The SQL condition "``column`` is the name ``name``", whatever the case, the accents
    and the order of its words (``name_orders``): "helene martin" and "Martin Hélène" find
    "Hélène Martin"."""
    return folded(func.trim(column)).in_(name_orders(name))


def text_contains_contact(column, phone: str | None, email: str | None,
                          name: str | None = None):
    """Condition for a free-text column ("Patrick 06 47 24 61 67") holding the contact:
    its digits (separators removed) contain the phone's last nine — so "+33 6 47…",
    "06.47…" and "0647…" all match —, or it contains the e-mail, or (when ``name`` is
    given, 3 characters or more) the name, case, accents and order of its words ignored
    (``name_orders``: "benali yasmina" finds "Yasmina Benali 06…")."""
    conditions = []
    if phone and len(re.sub(r"\D", "", phone)) >= 9:
        digits = column
        for char in PHONE_SEPARATORS:
            digits = func.replace(digits, char, "")
        conditions.append(digits.contains(re.sub(r"\D", "", phone)[-9:], autoescape=True))
    if email:
        conditions.append(func.lower(column).contains(email, autoescape=True))
    if name and len(name) >= MIN_NAME_IN_TEXT:  # "Yildiz" finds "Yıldız" (core.textsearch)
        conditions.extend(contains_folded(column, order) for order in name_orders(name))
    return or_(*conditions) if conditions else None


def contact_match(contact_model, key, target) -> Callable:
    """A ``PersonalTable.match`` for rows found through a separate contact table: given
    (phone, e-mail), the condition "``target`` is among the ``key`` values of the
    ``contact_model`` rows whose ``phone`` is the phone or whose ``email`` is the e-mail"
    (exact, normalised values); None when neither is given. ``contact_match(
    RegistrationContact, RegistrationContact.registration_id, CheckIn.registration_id)``: the
    check-ins of the registrations holding that phone or e-mail."""
    def match(phone: str | None, email: str | None):
        conditions = [c for c in (contact_model.phone == phone if phone else None,
                                  contact_model.email == email if email else None)
                      if c is not None]
        if not conditions:
            return None
        return target.in_(select(key).where(or_(*conditions)))
    return match


def normalise_email(value: str | None) -> str | None:
    value = (value or "").strip().lower()
    return value or None
