"""Likely duplicate submissions of an answers file: one person's answers sent twice.

Coordinator tester t28coord: in an ODK Central export, submission 12 was sent again from the
web form two minutes later (same texts, phone and quartier, a new ``instanceID``). The
preview said « 0 déjà présente » and the import stored it twice: its two texts became four
contributions, the person was counted twice among the people asked and their phone was
kept twice. A new identity is not a new person: the export tools give every sending its own
id (KoboToolbox ``_uuid``, ODK ``instanceID``, Google Forms a new line), so a repeat can only
be told by its content and by what the file says of how it was sent.

A row is a **likely duplicate** of another row of the file when every answer cell is the
same as written (every question's column, the consent columns; ``plan``, ``signature``) and
one of:

- the same contact written (a personal question's answer: one person);
- the same filling on the device: the same ``start`` (and ``end``) of the device's clock, to
  the second (KoboCollect, ODK Collect, Enketo: a form sent again keeps the times of its
  filling);
- sent within ``WINDOW`` (a double click: a minute; from the same device or account, as the
  ``deviceid`` / ``DeviceID`` / ``SubmitterID`` / ``_submitted_by`` / ``username`` columns
  or Google Forms' collected « Adresse e-mail » say: ``DEVICE_WINDOW``), the identical
  answers holding a free text of
  ``MIN_WORDS`` words or more (choices and one-word texts, « Médecin », are often given
  alike by different people); two different devices are never within a window.

The other row is an earlier one to be stored, or any line of the file already imported
(« déjà présente »: a later export of ODK Central or Kobo holds both the submission imported
last week and its copy sent since).

Nothing is dropped silently: every likely duplicate is named in the preview by its line, the
line it repeats and why (the values of the device and account columns are never shown:
personal metadata). The coordinator chooses for each one (``choices_from``): **set it aside**,
keeping the earlier line only (the default, said on the page), or **keep both** (two people).
A line set aside goes to the report's lines left out with its reason, and the messages after
the import say it (``answers_report.left_out_lines``). An import of the results page that
meets a likely duplicate without a choice posted stops and shows the preview (``asked``), as
for a value outside the choice lists.
"""
from __future__ import annotations

from datetime import UTC, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext

from participation.surveys.csv_read import norm
from participation.surveys.export_metadata import parse_instant
from participation.surveys.models import TEXT_TYPES

SET_ASIDE, KEEP = "ecarter", "garder"
ALL = "*"  # a choice for every line (the CLI's --garder-doublons)
WINDOW = timedelta(minutes=1)
DEVICE_WINDOW = timedelta(minutes=10)
MIN_WORDS = 3
DEVICE_COLUMNS = ("deviceid", "DeviceID", "meta/deviceid", "meta-deviceid", "SubmitterID",
                  "_submitted_by", "SubmitterName", "username")
RECEIVED_COLUMNS = ("SubmissionDate", "_submission_time")
# Google Forms' respondent account, when the form collects it (never stored: personal)
ACCOUNT_HEADERS = {"adresse e-mail", "adresse email", "email address", "e-mail address",
                   "nom d'utilisateur", "username"}


def new_state(choices: dict | None = None, ask: bool = False) -> dict:
    """The report's ``duplicates``: ``choices`` ``{line: SET_ASIDE|KEEP}`` posted by the
    preview (``ALL`` for every line; None: nothing posted yet), ``ask``: stop to ask when
    some are found and nothing was posted, ``found``: each likely duplicate ``{line, of,
    reasons, kept}``, ``asked``: the import stopped to ask."""
    return {"choices": choices, "ask": ask, "found": [], "asked": False, "kinds": []}


def choices_from(form) -> dict:
    """The preview's lists posted back (``doublon-<line>``: ``SET_ASIDE`` or ``KEEP``) as
    ``{line: action}``; anything else is left out (the line is then set aside)."""
    found = {}
    for key in form:
        head, _dash, line = key.partition("-")
        if head == "doublon" and line.isdigit() and form[key] in (SET_ASIDE, KEEP):
            found[int(line)] = form[key]
    return found


def plan(columns: dict, extra=()) -> dict:
    """What of a file's row is compared (``signature``): the cells of its question columns
    (``columns``: ``{index: question}``) then of ``extra`` (split choice columns, consent
    columns), and each one's kind: "contact" (a personal question), "text" (a free text) or
    "" (the ``kinds`` list, kept in the report: ``set_aside``)."""
    order = sorted(columns) + sorted(set(extra) - set(columns))
    kinds = ["" if i not in columns else "contact" if columns[i].personal
             else "text" if columns[i].type in TEXT_TYPES else "" for i in order]
    return {"order": order, "kinds": kinds}


def signature(read_plan: dict, row: list[str]) -> tuple:
    """The row's compared cells as written, spaces around dropped (``plan``)."""
    return tuple((row[i] if i < len(row) else "").strip() for i in read_plan["order"])


def row_meta(record: dict) -> dict:
    """What a Kobo/ODK row says of its sending (``record``: header -> cell): the device
    clock's ``start``/``end`` as written, the device or account columns filled, and the raw
    reception time."""
    return {"filling": tuple((record.get(k) or "").strip() for k in ("start", "end")),
            "device": {k: record[k].strip() for k in DEVICE_COLUMNS
                       if (record.get(k) or "").strip()},
            "received": next(((record.get(k) or "").strip() for k in RECEIVED_COLUMNS
                              if (record.get(k) or "").strip()), "")}


def google_meta(header: list[str], row: list[str]) -> dict:
    """A Google Forms row's account columns (``ACCOUNT_HEADERS``), as ``row_meta``'s
    ``device``, and its ``Horodateur`` as the sending time."""
    return {"device": {h: row[i].strip() for i, h in enumerate(header)
                       if i < len(row) and row[i].strip() and norm(h) in ACCOUNT_HEADERS},
            "received": row[0].strip() if row else ""}


def _minutes(first: dict, later: dict) -> float | None:
    """Minutes between two rows' sendings: the server's reception when the file has it,
    else the responses' dates; None when one is missing."""
    times = []
    for row in (first, later):
        raw = row.get("meta", {}).get("received", "")
        try:
            times.append(parse_instant(raw, True, UTC) if raw else row.get("submitted_at"))
        except ValueError:
            times.append(row.get("submitted_at"))
    if None in times:
        return None
    return abs((times[1] - times[0]).total_seconds()) / 60


def _reasons(first: dict, later: dict, kinds: list[str]) -> list[str]:
    """Why ``later`` repeats ``first`` (same cells already), [] when nothing says so.
    ``kinds``: each compared cell's (``plan``)."""
    cells = later["sig"]
    reasons = []
    if any(kind == "contact" and cell for kind, cell in zip(kinds, cells, strict=True)):
        reasons.append(_("mêmes coordonnées"))
    filling = later.get("meta", {}).get("filling", ("", ""))
    if filling[0] and filling == first.get("meta", {}).get("filling"):
        reasons.append(_("même saisie sur l'appareil (mêmes heures de début et de fin)"))
    written = any(kind == "text" and len(cell.split()) >= MIN_WORDS
                  for kind, cell in zip(kinds, cells, strict=True))
    minutes = _minutes(first, later)
    if written and minutes is not None:
        devices = [row.get("meta", {}).get("device", {}) for row in (first, later)]
        same = sorted(k for k in devices[0] if devices[1].get(k) == devices[0][k])
        apart = bool(devices[0]) and bool(devices[1]) and not same  # two known devices
        if same and minutes <= DEVICE_WINDOW.total_seconds() / 60:
            reasons.append(_("même appareil ou compte (colonne %(c)s), %(gap)s", c=same[0],
                             gap=_gap(minutes)))
        elif not apart and minutes <= WINDOW.total_seconds() / 60:
            reasons.append(_("envoyée %(gap)s", gap=_gap(minutes)))
    return reasons


def _gap(minutes: float) -> str:
    """ "à 2 minutes d'intervalle", "à moins d'une minute d'intervalle"."""
    if minutes < 1:
        return _("à moins d'une minute d'intervalle")
    return ngettext("à %(num)s minute d'intervalle", "à %(num)s minutes d'intervalle",
                    round(minutes))


def find(rows: list[dict], stored: list[dict], kinds: list[str]) -> list[dict]:
    """The likely duplicates among ``rows`` (parsed, to be stored: ``{line, sig, meta,
    submitted_at}``), each ``{line, of, reasons, stored}``: ``of`` the line it repeats,
    one of ``stored`` (the file's lines already imported: ``stored`` True, whatever their
    place in the file; an export may list the newest first) or an earlier one of ``rows``.
    ``kinds``: ``plan``'s."""
    earlier: dict[tuple, list[dict]] = {}
    for row in stored:
        if "sig" in row:
            earlier.setdefault(row["sig"], []).append(row | {"stored": True})
    found = []
    for row in rows:
        same = earlier.setdefault(row["sig"], [])
        match = next(((first, why) for first in same
                      if (why := _reasons(first, row, kinds))), None)
        if match is None:
            same.append(row)
        else:
            found.append({"line": row["line"], "of": match[0]["line"], "reasons": match[1],
                          "stored": bool(match[0].get("stored"))})
    return found


def set_aside(rows: list[dict], stored: list[dict], report: dict) -> list[dict]:
    """``rows`` without the likely duplicates the coordinator did not keep (module
    docstring; ``stored``: the file's lines already imported, compared too); each set aside
    goes to ``report["left_out"]`` with its reason, every one found to
    ``report["duplicates"]["found"]`` with ``kept``. When the state's ``ask`` is set,
    nothing was posted yet (``choices`` None) and some are found, ``asked`` is set (the
    caller stores nothing and shows the preview)."""
    state = report.setdefault("duplicates", new_state())
    state["found"] = find(rows, stored, state.get("kinds", []))
    choices = state["choices"] or {}
    state["asked"] = bool(state["ask"] and state["found"] and state["choices"] is None)
    aside = set()
    for item in state["found"]:
        item["kept"] = choices.get(item["line"], choices.get(ALL, SET_ASIDE)) == KEEP
        if not item["kept"]:
            aside.add(item["line"])
            report["left_out"].append((item["line"], reason(item)))
    report["left_out"].sort(key=lambda entry: entry[0])
    return [row for row in rows if row["line"] not in aside]


def reason(item: dict) -> str:
    """The French reason of a likely duplicate set aside, as the lines left out say it."""
    if item.get("stored"):
        return _("doublon probable de la ligne %(of)s, déjà importée (mêmes réponses ; "
                 "%(why)s) : non importée une seconde fois", of=item["of"],
                 why=" ; ".join(item["reasons"]))
    return _("doublon probable de la ligne %(of)s (mêmes réponses ; %(why)s) : une seule "
             "réponse gardée, la ligne %(of)s", of=item["of"], why=" ; ".join(item["reasons"]))


def set_aside_count(report: dict) -> int:
    """How many lines of ``report`` were set aside as likely duplicates."""
    return sum(1 for item in (report.get("duplicates") or {}).get("found", ())
               if not item.get("kept"))


def kept_lines(report: dict) -> list[str]:
    """The likely duplicates the coordinator kept, as French sentences (messages after the
    import, CLI)."""
    return [_("Ligne %(n)s gardée à votre demande, bien qu'elle semble un doublon de la "
              "ligne %(of)s", n=item["line"], of=item["of"])
            for item in (report.get("duplicates") or {}).get("found", ()) if item.get("kept")]
