"""What the access page and export give about a record besides its personal columns (RGPD
art. 15.1; coordinator tester t28coord, defect 2: the export of a survey contact listed the
phone alone, without the answers of its response, nor the consent text or date).

A registered table declares ``PersonalTable.access`` (``(row) -> {"consent": …,
"submission": …}``, see ``surveys.access``); ``linked`` reads it for a record and gives the
JSON export's keys, ``linked_shown`` the lines the page and the CSV show:

- ``consent``: « Consentement : texte », « … : finalité », « … : version », « … : langue »,
  « … : donné le », « … : retiré le » (those present);
- ``registration``: « Événement » (its title), « Date de l'événement » (its start),
  « Taille du groupe » (adults and children), « Statut de l'inscription » (DPO tester
  t28res, defect 1: an event sign-up exported without its event);
- ``submission``: « Questionnaire », « Réponse envoyée le », then one line per answer, the
  question's label and the answer.
Dates are ISO 8601 (naive UTC, as stored) in the JSON and the CSV, the Paris day « 18 sept.
2026 » on the page (``core.templating.day``).
"""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.core.templating import day
from participation.privacy.models import PURPOSES, WITHDRAWN_BY

REGISTRATION_LABELS = {
    "event": _l("Événement"), "starts_at": _l("Date de l'événement"),
    "party_size": _l("Taille du groupe"), "status": _l("Statut de l'inscription"),
}
CONSENT_LABELS = {
    "text": _l("Consentement : texte"), "purpose": _l("Consentement : finalité"),
    "version": _l("Consentement : version"), "language": _l("Consentement : langue"),
    "given_at": _l("Consentement : donné le"), "withdrawn_at": _l("Consentement : retiré le"),
    "withdrawn_by": _l("Consentement : retiré par"),
}


class Stored(str):
    """A value shown as a person or the team stored it (a name, a comment, an answer, a
    consent text): the access page marks it ``said`` (filter ``stored``), so the French
    typography of the product's own strings never retouches it (« Tel: 06… » stays so, DPO
    tester t28res, defect 3). A plain ``str`` for JSON and CSV."""


def stored(value):
    """``value`` marked ``said`` when it is ``Stored``, else as it is (template filter)."""
    from participation.core.typography import said

    return said(value) if isinstance(value, Stored) else value


def _iso(value):
    return value.isoformat() if isinstance(value, datetime | date) else value


def linked(entry, row) -> dict:
    """``entry.access(row)`` with its dates in ISO 8601 (the export's keys ``consent`` and
    ``submission``, those present); ``{}`` for a table without ``access``."""
    if entry.access is None:
        return {}
    found = entry.access(row)
    out: dict = {}
    if found.get("consent"):
        out["consent"] = {k: _iso(v) for k, v in found["consent"].items() if v is not None}
    if found.get("submission"):
        out["submission"] = {k: _iso(v) for k, v in found["submission"].items()}
    if found.get("registration"):
        out["registration"] = {k: _iso(v) for k, v in found["registration"].items()}
    return out


def _shown(value, page: bool) -> str:
    if page and isinstance(value, str) and len(value) >= 10 and value[4] == "-":
        try:
            parse = date.fromisoformat if len(value) == 10 else datetime.fromisoformat
            return day(parse(value))
        except ValueError:
            return value
    return "" if value is None else str(value)


def _as_stored(value) -> str:
    return Stored(value) if isinstance(value, str) else _shown(value, False)


def linked_shown(found: dict, page: bool = True) -> list[tuple[str, str]]:
    """[(label, value)] of ``linked``'s result, as the page (``page``: dates in words) or
    the CSV reads them."""
    lines = [(str(REGISTRATION_LABELS[k]), _shown(v, page and k.endswith("_at")))
             for k, v in found.get("registration", {}).items() if k in REGISTRATION_LABELS]
    lines += [(str(CONSENT_LABELS[k]), _as_stored(v) if k == "text" else
               _shown(v, page and k.endswith("_at")))
              for k, v in found.get("consent", {}).items() if k in CONSENT_LABELS]
    submission = found.get("submission")
    if submission:
        lines += [(_("Questionnaire"), submission["survey"]),
                  (_("Réponse envoyée le"), _shown(submission["submitted_at"], page))]
        lines += [(answer["question"], _as_stored(answer["answer"]))
                  for answer in submission["answers"]]
    return lines


def consent_access(row) -> dict:
    """A consent record's proof as the person reads it (``PersonalTable.access`` of
    ``consent_record``): the purpose in words, the exact text, version, language, dates."""
    by = WITHDRAWN_BY.get(row.withdrawn_by or "")
    return {"consent": {"text": row.text, "purpose": str(PURPOSES.get(row.purpose, row.purpose)),
                        "version": row.text_version, "language": row.language,
                        "given_at": row.given_at, "withdrawn_at": row.withdrawn_at,
                        "withdrawn_by": str(by) if by else row.withdrawn_by}}
