"""One validation of a resident's phone number and e-mail, for every form that takes one.

Shared by the event sign-up (``events.signup``), the conseil citoyen candidacy (its form
and ``council.services``), the survey's contact questions (online, paper sheet, tablet
interview, offline collection: ``surveys.answering``). A contact that cannot be a person's
whole number or address ("0612", "karim.example.org") is refused with a French message
rather than stored: stored, it would be matched to another resident's record by the access
and erasure page (field test t26field, defect 1).

- a phone: digits and the usual separators (``person_keys.PHONE_SEPARATORS``, "+"); a
  French number of 10 digits starting with 0 ("06 12 34 56 78"), or an international one
  of 8 to 15 digits after "+" or "00" ("+33 6 12…", "0049 151…"), or 8 to 15 digits
  not starting with 0 (a number without its "+");
- an e-mail: one "@", something before it, a domain with a dot after it, no space.
"""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

PHONE_INVALID = _l("Ce numéro de téléphone n'est pas valide.")
EMAIL_INVALID = _l("Cette adresse e-mail n'est pas valide.")

_SEPARATORS = re.compile(r"[\s.\-()/_\u00a0\u202f]")
_PHONE = re.compile(r"0[1-9]\d{8}|(?:\+|00)[1-9]\d{7,14}|[1-9]\d{7,14}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")
# in a free text: a run of digits and separators holding 4 digits or more is a number the
# resident meant as a phone ("Ali 0612"); shorter runs are a house number, an age
_NUMBER_IN_TEXT = re.compile(r"(?:\+|\b)\d[\d\s.\-/()\u00a0\u202f]*\d")
_WORD_WITH_AT = re.compile(r"\S*@\S*")
_PHONE_DIGITS_MIN = 4


def valid_phone(value: str | None) -> bool:
    """Whether ``value`` is a whole phone number (see the module's rule); False if blank."""
    return bool(value) and _PHONE.fullmatch(_SEPARATORS.sub("", value.strip())) is not None


def valid_email(value: str | None) -> bool:
    """Whether ``value`` is an e-mail address (see the module's rule); False if blank."""
    return bool(value) and _EMAIL.fullmatch(value.strip()) is not None


def contact_problem(phone: str | None, email: str | None) -> dict[str, str]:
    """``{"phone": message, "email": message}`` for a typed phone / e-mail that is not
    blank and not valid; empty when both are blank or valid."""
    problems = {}
    if (phone or "").strip() and not valid_phone(phone):
        problems["phone"] = str(PHONE_INVALID)
    if (email or "").strip() and not valid_email(email):
        problems["email"] = str(EMAIL_INVALID)
    return problems


def written_contact_problem(text: str | None) -> str | None:
    """The message for a contact typed freely ("Ali 06 12 34 56 78", "ali@example.fr")
    holding a number of 4 digits or more that is not a whole phone ("Ali 0612"), or a word
    with "@" that is not an e-mail; None when it holds none."""
    text = text or ""
    for match in _NUMBER_IN_TEXT.finditer(text):
        number = match.group().strip(" .-/()")
        if len(re.sub(r"\D", "", number)) >= _PHONE_DIGITS_MIN and not valid_phone(number):
            return str(PHONE_INVALID)
    if any(not valid_email(word.strip(".,;:()")) for word in _WORD_WITH_AT.findall(text)):
        return str(EMAIL_INVALID)
    return None


class PhoneNumber:
    """WTForms validator: a blank field passes, else ``valid_phone``."""

    def __call__(self, form, field) -> None:
        if (field.data or "").strip() and not valid_phone(field.data):
            raise ValidationError(str(PHONE_INVALID))


class EmailAddress:
    """WTForms validator: a blank field passes, else ``valid_email``."""

    def __call__(self, form, field) -> None:
        if (field.data or "").strip() and not valid_email(field.data):
            raise ValidationError(str(EMAIL_INVALID))


def whole_phone(normalised: str | None) -> bool:
    """Whether a normalised phone (``person_keys.normalise_phone``: "+33612345678") is a
    whole number, so that two records holding it are the same person's: "+" and 8 to 15
    digits. "0612" (a number typed short, stored before validation) is not."""
    return bool(normalised) and re.fullmatch(r"\+\d{8,15}", normalised) is not None
