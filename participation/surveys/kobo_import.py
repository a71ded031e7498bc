"""Answers from a KoboToolbox, Ona or ODK Central / Briefcase CSV export.

Headers (docs/surveys.md, "what each tool exports and how it is read"):
- question names (XML values and headers), possibly with their group path: ``groupe/nom``
  (Kobo, Ona) or ``groupe-nom`` (ODK Central, Briefcase);
- or question labels (Kobo's default "labels" export, values are then choice labels); a file
  matching neither is refused with the Kobo export setting to choose;
- a select_multiple as one space-separated column, or only as one 0/1 (True/False) column
  per choice, ``nom/choix`` (Kobo and Ona "separate columns", Central's split select-many);
  when both are present the combined column is read;
- a second row made only of HXL ``#tags`` is skipped.
Identity of a submission: the export's own id (``KEY``, ``meta/rootUuid``, ``_uuid``,
``meta/instanceID``, ``meta-instanceID``; ``uuid:`` prefix dropped), so re-importing a later
export adds exactly the new submissions. Date: the device's ``end``, else ``start``, ``today``,
else the server's reception (``_submission_time``, ``SubmissionDate``); why, and the guards
against a wrong device clock: ``export_metadata``. Every metadata column is named in the
preview for what it is (``export_metadata.DESCRIPTIONS``). Review: rows whose
``ReviewState`` is ``rejected`` (Central) or whose ``_validation_status`` is not approved
(Kobo) are left out and reported.
"""
from __future__ import annotations

import hashlib
from datetime import UTC

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from participation.core.errors import ImportRejected
from participation.privacy.masking import masked_excerpt
from participation.surveys import answer_values
from participation.surveys.answer_values import cell_value_memo, snapshots
from participation.surveys.answers_header import CONSENT_ROLE, column_orders
from participation.surveys.answers_report import cell_problem
from participation.surveys.csv_read import norm
from participation.surveys.duplicates import plan, row_meta, signature
from participation.surveys.export_metadata import (
    DESCRIPTIONS,
    PERSONAL,
    TIME_COLUMNS,
    UTC_COLUMNS,
    ZONE,
    ZONE_NOTE,
    parse_instant,
    response_moment,
    time_role,
)
from participation.surveys.import_consent import consent_columns, is_consent_header, row_cells
from participation.surveys.models import Survey
from participation.surveys.personal import label_is_personal, name_is_personal
from participation.surveys.unlisted import decide
from participation.surveys.xlsform_export import xml_name

ID_COLUMNS = ("KEY", "meta/rootUuid", "meta-rootUuid", "_uuid", "meta/instanceID",
              "meta-instanceID", "instanceID")
META = set(ID_COLUMNS) | set(TIME_COLUMNS) | set(DESCRIPTIONS) | set(PERSONAL)
REJECTED = {"ReviewState": {"rejected"},
            "_validation_status": {"validation_status_not_approved", "not approved",
                                   "non approuvé", "rejected"}}
CHOSEN = {"1", "1.0", "true", "vrai", "yes", "oui", "x"}
NOT_CHOSEN = {"", "0", "0.0", "false", "faux", "no", "non"}
KOBO_HINT = _l("dans KoboToolbox, exportez avec « Valeurs et en-têtes XML » (XML values and "
             "headers) ; dans ODK Central, l'export CSV par défaut convient")


def _names(survey: Survey) -> dict:
    names = {}
    for q in snapshots(survey):
        names[q.name] = q
        names[xml_name(q.name)] = q
    return names


def _resolve(title: str, names: dict):
    """A header to its question: the name, or the name after a ``/`` or ``-`` group path."""
    tail = title.split("/")[-1]
    for candidate in (title, tail):
        if candidate in names:
            return names[candidate]
    parts = tail.split("-")
    return next((names["-".join(parts[i:])] for i in range(1, len(parts))
                 if "-".join(parts[i:]) in names), None)


def _split(title: str, names: dict):
    """``nom/choix`` of a select_multiple to ``(question, choice name)``; a choice name the
    question does not have is kept too: a 1 in its column is a value outside the choice
    list (``unlisted``), never dropped."""
    head, slash, tail = title.rpartition("/")
    question = _resolve(head, names) if slash and tail else None
    if question is not None and question.type == "multiple":
        return question, tail
    return None


def _label_split(title: str, labels: dict):
    """``Libellé de la question/Libellé du choix`` (labels export, separate columns)."""
    head, slash, tail = title.rpartition("/")
    question = labels.get(norm(head)) if slash else None
    if question is not None and question.type == "multiple":
        ids = {o.id: o.name for o in question.options}
        option_id = question.maps[1].get(norm(tail))
        return (question, ids[option_id]) if option_id else None
    return None


def known_header(survey: Survey, title: str) -> bool:
    names = _names(survey)
    return title in META or bool(_resolve(title, names) or _split(title, names))


def is_kobo(survey: Survey, header: list[str]) -> bool:
    return any(h in META for h in header) or any(known_header(survey, h) for h in header)


def _map(header: list[str], resolve, split) -> dict:
    mapping = {"questions": {}, "split": {}, "cache": {}, "memo": {}}
    for i, title in enumerate(header):
        if title in META or title.startswith("_"):
            continue
        pair = split(title)
        if pair:
            mapping["split"].setdefault(pair[0].id, (pair[0], {}))[1][i] = pair[1]
        elif (question := resolve(title)) is not None:
            mapping["questions"][i] = question
    return mapping


def _mapping(survey: Survey, header: list[str]) -> dict:
    names = _names(survey)
    mapping = _map(header, lambda h: _resolve(h, names), lambda h: _split(h, names))
    mapping["by_names"] = True
    if not mapping["questions"] and not mapping["split"]:
        labels = {}
        for q in snapshots(survey):
            for label in q.labels:  # every language of the form (Kobo "_default" or other)
                labels.setdefault(norm(label), q)
        mapping = _map(header, lambda h: labels.get(norm(h)), lambda h: _label_split(h, labels))
        mapping["by_names"] = False
    if not mapping["questions"] and not mapping["split"]:
        raise ImportRejected(_("Aucune colonne ne correspond aux questions."),
                             [(1, _("en-têtes inconnus : ni les noms ni les libellés des "
                                    "questions ; %(hint)s", hint=str(KOBO_HINT)))])
    return mapping


def _ignored_reason(title: str, header: list[str]) -> tuple[str, str]:
    """``("matched"|"ignored"|"personal", what)`` for a header that is not read as a
    question; a metadata column is named for what it is (``export_metadata``)."""
    if title.endswith("_other") and title[:-6] in header:
        return "matched", title[:-6]
    if title in TIME_COLUMNS:
        return "matched", time_role(title, header)
    if title in ID_COLUMNS:
        return "matched", _("%(what)s — sert à reconnaître la soumission à un nouvel import",
                            what=DESCRIPTIONS[title])
    if title in REJECTED:
        return "matched", _("%(what)s — les soumissions rejetées ne sont pas comptées",
                            what=DESCRIPTIONS[title])
    if is_consent_header(title):
        return "matched", str(CONSENT_ROLE)
    if title in PERSONAL or (title.startswith("_") and name_is_personal(title)):
        what = PERSONAL.get(title) or _("métadonnée personnelle de l'export")
        return "personal", _("%(what)s : donnée personnelle, non enregistrée", what=what)
    if title in DESCRIPTIONS:
        return "ignored", _("%(what)s : métadonnée de l'export, non lue", what=DESCRIPTIONS[title])
    if title.startswith("_"):
        return "ignored", _("métadonnée de l'export, non lue")
    if label_is_personal(title) or name_is_personal(title.split("/")[-1]):
        return "personal", _("données personnelles sans question correspondante : non "
                             "enregistrées")
    return "ignored", _("aucune question ne porte ce nom ou ce libellé : colonne non lue")


def _describe(header: list[str], mapping: dict, report: dict) -> None:
    """Fill the report's column lists; split columns of a question with a combined column
    are not read (the combined column is)."""
    read = {q.id for q in mapping["questions"].values()}
    done = set()
    for qid in [qid for qid in mapping["split"] if qid in read]:
        question, columns = mapping["split"].pop(qid)
        done |= set(columns)
        report["ignored"].extend((header[i], _("détail du choix multiple : la colonne "
                                               "« %(q)s » est lue", q=question.name))
                                 for i in columns)
    split_cols = {i: q for q, cols in mapping["split"].values() for i in cols}
    for i, title in enumerate(header):
        question = mapping["questions"].get(i) or split_cols.get(i)
        if question is not None:
            report["matched"].append((title, question.name))
            if question.personal:
                report["consent"]["contacts"].append(title)
        elif title.strip() and i not in done:
            kind, why = _ignored_reason(title, header)
            report[kind].append((title, why))


def _split_value(question, columns: dict, row: list[str], other_text: str):
    """0/1 columns of one question -> value (None when every cell is empty)."""
    cells = {name: (row[i] if i < len(row) else "").strip().lower()
             for i, name in columns.items()}
    if not any(cells.values()):
        return None
    bad = [v for v in cells.values() if v not in CHOSEN | NOT_CHOSEN]
    if bad:
        raise ValueError(_("« %(v)s » dans une colonne détaillée du choix multiple (attendu "
                           "0/1 ou True/False)", v=masked_excerpt(bad[0], 20)))
    chosen = [name for name, v in cells.items() if v in CHOSEN]
    names = {o.name: o.id for o in question.options}
    own_other = "other" in chosen and answer_values.own_other(question, names)
    other = (other_text.strip() or _("Autre")) if own_other else None
    unknown = [n for n in chosen if n not in names and not (n == "other" and own_other)]
    return {"options": [names[n] for n in chosen if n in names], "other": other,
            "unlisted": " ".join(unknown) or None}


def _row(mapping: dict, header: list[str], row: list[str], orders: dict, record: dict,
         line: int) -> tuple[dict, list[tuple[str, int]]]:
    """One submission's values ``{question id: value}`` and problems ``(message, question
    id)``: combined columns, then the 0/1 columns of a split select_multiple."""
    values, problems = {}, []
    for i, question in mapping["questions"].items():
        raw = row[i] if i < len(row) else ""
        if not raw.strip():
            continue
        try:
            values[question.id] = cell_value_memo(
                mapping["memo"], question, raw, orders.get(i, True), mapping["by_names"],
                record.get(header[i] + "_other", ""), mapping["cache"], (header[i], line))
        except ValueError as exc:
            problems.append((cell_problem(header[i], str(exc)), question.id))
    for question, columns in mapping["split"].values():
        try:
            value = _split_value(question, columns, row,
                                 record.get(question.name + "_other", ""))
        except ValueError as exc:
            problems.append((cell_problem(" / ".join(header[i] for i in columns), str(exc)),
                             question.id))
            continue
        if value is not None and value["unlisted"]:
            unknown = value["unlisted"].split()
            column = " / ".join(header[i] for i, n in columns.items() if n in unknown)
            try:
                value = decide(value, question, mapping["cache"]["unlisted"], column, line)
            except ValueError as exc:
                problems.append((cell_problem(column, str(exc)), question.id))
                continue
        if value is not None:
            values[question.id] = {"options": value["options"], "other": value["other"]}
    return values, problems


def _when(record: dict, header: list[str], orders: dict, used: dict):
    """The row's date (``export_metadata.response_moment``); ``used`` counts the lines per
    column that gave it ("clock": the device's clock was wrong)."""
    def read(key: str, raw: str):
        try:
            return parse_instant(raw, orders.get(header.index(key), True),
                                 UTC if key in UTC_COLUMNS else ZONE)
        except ValueError as exc:
            raise ValueError(cell_problem(key, str(exc))) from None

    try:
        column, moment = response_moment(record, read)
    except LookupError:
        raise ValueError(_("date de la réponse absente (colonnes lues : %(c)s)",
                           c=", ".join(TIME_COLUMNS))) from None
    used[column] = used.get(column, 0) + 1
    return moment


def _identity(record: dict, row: list[str]) -> str:
    for key in ID_COLUMNS:
        value = (record.get(key) or "").strip().removeprefix("uuid:")
        if value:
            return f"kobo:{value}" if len(value) <= 90 else \
                "kobo:" + hashlib.sha1(value.encode()).hexdigest()
    return "kobo-row:" + hashlib.sha1("\x1f".join(row).encode()).hexdigest()


def _left_out(record: dict) -> str | None:
    for key, states in REJECTED.items():
        state = (record.get(key) or "").strip()
        if state.lower() in states:
            return _("soumission rejetée (%(c)s = %(v)s) : non comptée", c=key, v=state)
    return None


def _body(rows: list[list[str]], report: dict) -> list[tuple[int, list[str]]]:
    """Numbered data rows: blank rows and a second row of HXL tags are skipped."""
    body = [(line, row) for line, row in enumerate(rows[1:], start=2)
            if any(cell.strip() for cell in row)]
    if body and body[0][0] == 2 and all(c.strip().startswith("#") for c in body[0][1]
                                        if c.strip()):
        report["notes"].append(_("ligne 2 : étiquettes HXL, ignorée"))
        body = body[1:]
    return body


def _kobo_row(read: dict, row: list[str], line: int, report: dict) -> dict:
    """One submission: its values and date; every problem of the line goes to
    ``report["errors"]``. ``read``: header, mapping, orders, used (``_when``)."""
    header = read["header"]
    record = dict(zip(header, row, strict=False))
    values, problems = _row(read["mapping"], header, row, read["orders"], record, line)
    try:
        submitted_at = _when(record, header, read["orders"], read["used"])
    except ValueError as exc:
        submitted_at = None
        report["errors"].append((line, str(exc)))
    report["errors"].extend((line, p, qid) for p, qid in problems)
    return {"line": line, "values": values, "submitted_at": submitted_at}


def parse_kobo_rows(survey: Survey, rows: list[list[str]], report: dict,
                    known: set[str] | None = None) -> list[dict]:
    """Rows as ``{line, submitted_at, values, external_id}``; problems go to
    ``report["errors"]`` (``answers_import.store_rows`` refuses with all of them). A
    submission rejected in review is left out; one whose identity is in ``known`` (stored
    before) or met on an earlier line is ``{line, external_id, skipped: True}``: none of
    them is read (no refusal, no value outside the choice lists counted)."""
    header = [h.strip() for h in rows[0]]
    mapping = _mapping(survey, header)
    mapping["cache"]["unlisted"] = report["unlisted"]
    _describe(header, mapping, report)
    body = _body(rows, report)
    orders = column_orders([header] + [r for _line, r in body], mapping["questions"],
                           extra=[header.index(k) for k in TIME_COLUMNS if k in header],
                           errors=report["errors"])
    read = {"header": header, "mapping": mapping, "orders": orders, "used": {},
            "consent": consent_columns(header, mapping["questions"])}
    report["consent"]["columns"] = [header[i] for i in read["consent"]]
    compared = plan(mapping["questions"], [i for _q, cols in mapping["split"].values()
                                           for i in cols] + list(read["consent"]))
    report["duplicates"]["kinds"] = compared["kinds"]
    parsed, seen = [], set(known or ())
    for line, row in body:
        record = dict(zip(header, row, strict=False))
        reason, identity = _left_out(record), _identity(record, row)
        seen_row = {"sig": signature(compared, row), "meta": row_meta(record)}
        if reason:
            report["left_out"].append((line, reason))
        elif identity in seen:
            parsed.append({"line": line, "external_id": identity, "skipped": True} | seen_row)
        else:
            seen.add(identity)
            parsed.append(_kobo_row(read, row, line, report) | seen_row | {
                "external_id": identity, "consent": row_cells(row, read["consent"])})
    report["notes"].extend(_date_notes(read["used"]))
    return parsed


def _date_notes(used: dict) -> list[str]:
    """Which column gave the responses' date, with its count of lines (preview, CLI)."""
    notes = [ngettext("Date de la réponse prise dans « %(c)s » (%(what)s) : %(num)s ligne.",
                      "Date de la réponse prise dans « %(c)s » (%(what)s) : %(num)s lignes.",
                      n, c=column, what=DESCRIPTIONS[column])
             for column, n in used.items() if column != "clock"]
    if used.get("clock"):
        notes.append(ngettext(
            "%(num)s ligne dont l'horloge de l'appareil était fausse (en avance sur la "
            "réception par le serveur, ou avant l'an 2000) : date de réception retenue.",
            "%(num)s lignes dont l'horloge de l'appareil était fausse (en avance sur la "
            "réception par le serveur, ou avant l'an 2000) : date de réception retenue.",
            used["clock"]))
    return notes + [str(ZONE_NOTE)] if used else notes
