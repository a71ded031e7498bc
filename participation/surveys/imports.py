"""Importing a questionnaire from an XLSForm (.xlsx: survey, choices, settings sheets).

All or nothing: every line is checked first, errors are reported with the sheet's line number
(``ImportRejected``), and the survey is stored only when the whole file is understood.
A question whose label asks for a name, a phone number or an e-mail becomes a **personal**
question: optional, stored apart and only with consent (the Hazebrouck "nom et téléphone").
"""
from __future__ import annotations

import re
from io import BytesIO

from flask_babel import gettext as _
from openpyxl import load_workbook

from participation.core.errors import DomainError, ImportRejected
from participation.exports.cells import restore
from participation.extensions import db
from participation.surveys.services import add_question, create_survey, set_condition

TRUE = {"yes", "true", "1", "oui", "true()"}
SKIPPED = {"note", "begin group", "end group", "begin_group", "end_group", "start", "end",
           "today", "deviceid", "calculate"}
SIMPLE = {"text": "short_text", "integer": "number", "decimal": "number", "date": "date"}
PERSONAL = re.compile(r"t[ée]l[ée]phone|\bt[ée]l\b|nom ?/ ?pr[ée]nom|\bpr[ée]nom\b|e-?mail|"
                      r"courriel|coordonn[ée]es", re.IGNORECASE)
RELEVANT = [
    (re.compile(r"^\$\{(\w+)\}\s*=\s*'([^']*)'$"), "equals"),
    (re.compile(r"^selected\(\s*\$\{(\w+)\}\s*,\s*'([^']*)'\s*\)$"), "includes"),
    (re.compile(r"^\$\{(\w+)\}\s*>=\s*'?(-?[\d.]+)'?$"), "at_least"),
]


def _sheet_rows(workbook, name: str) -> list[tuple[int, dict]]:
    if name not in workbook.sheetnames:
        return []
    rows = list(workbook[name].iter_rows(values_only=True))
    if not rows:
        return []
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    result = []
    for line, row in enumerate(rows[1:], start=2):
        record = {h: ("" if v is None else restore(str(v).strip()))
                  for h, v in zip(header, row, strict=False) if h}
        if any(record.values()):
            result.append((line, record))
    return result


def _column(headers, base: str, language: str | None) -> str | None:
    """``label`` or ``label::Français (fr)``: the default language first, French next."""
    candidates = [h for h in headers if h == base or h.startswith(base + "::")]
    for wanted in (f"{base}::{language}" if language else None, base):
        if wanted in candidates:
            return wanted
    french = [h for h in candidates if "(fr)" in h or "fran" in h.lower()]
    return (french or candidates or [None])[0]


def _choices(rows, label_col) -> dict[str, list[tuple[str, str]]]:
    lists: dict[str, list[tuple[str, str]]] = {}
    for _line, row in rows:
        name = row.get("name", "")
        lists.setdefault(row.get("list_name") or row.get("list name", ""), []).append(
            (name, row.get(label_col, "") or name))
    return lists


def _range_bounds(parameters: str) -> tuple[float, float]:
    params = dict(p.split("=", 1) for p in parameters.split() if "=" in p)
    return float(params.get("start", 1)), float(params.get("end", 10))


def _bounds(constraint: str) -> dict:
    """``. >= 0 and . <= 120`` -> min_value / max_value (other constraints are ignored)."""
    found = {}
    for op, key in ((">=", "min_value"), ("<=", "max_value")):
        match = re.search(r"\.\s*" + op + r"\s*(-?\d+(?:\.\d+)?)", constraint)
        if match:
            found[key] = float(match.group(1))
    return found


def _spec(row: dict, cols: dict, lists: dict) -> dict:
    """One survey line as arguments for ``add_question`` (raises ValueError with a message)."""
    parts = row["type"].split()
    kind = parts[0]
    label = row.get(cols["label"], "") or row.get("name", "")
    spec = {"label": label, "name": row.get("name") or None, "help": row.get(cols["hint"], ""),
            "required": row.get("required", "").lower() in TRUE}
    if kind in ("select_one", "select_multiple", "rank"):
        if len(parts) < 2 or parts[1] not in lists:
            raise ValueError(_("liste de choix inconnue « %(l)s »",
                               l=parts[1] if len(parts) > 1 else ""))
        spec["type"] = {"select_one": "single", "select_multiple": "multiple",
                        "rank": "ranking"}[kind]
        spec["option_names"] = [n for n, _label in lists[parts[1]]]
        spec["options"] = [lab for _n, lab in lists[parts[1]]]
        spec["has_other"] = "or_other" in parts[2:]
        if kind == "select_one" and spec["option_names"] == ["oui", "non"] \
                and not spec["has_other"]:
            spec["type"] = "yes_no"
    elif kind == "range":
        spec["type"] = "scale"
        spec["min_value"], spec["max_value"] = _range_bounds(row.get("parameters", ""))
    elif kind == "text" and "multiline" in row.get("appearance", ""):
        spec["type"] = "long_text"
    elif kind in SIMPLE:
        spec["type"] = SIMPLE[kind]
        if spec["type"] == "number":
            spec.update(_bounds(row.get("constraint", "")))
    else:
        raise ValueError(_("type de question non pris en charge « %(t)s »", t=row["type"]))
    personal_flag = row.get("pdq_personal", "").lower()
    if personal_flag in TRUE or (spec["type"] in ("short_text", "long_text") and
                                 not personal_flag and PERSONAL.search(label)):
        spec["personal"], spec["required"] = True, False
    return spec


def _relevant(expr: str) -> tuple[str, str, str]:
    for pattern, op in RELEVANT:
        match = pattern.match(expr.strip())
        if match:
            return match.group(1), op, match.group(2)
    raise ValueError(_("condition « %(e)s » non reconnue (formes acceptées : ${q} = 'x', "
                       "selected(${q}, 'x'), ${q} >= n)", e=expr))


def parse_xlsform(content: bytes) -> tuple[str, str | None, list[tuple[int, dict, tuple]]]:
    """Title, form id and the question specs with their line, or ``ImportRejected``."""
    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not xlsx
        raise ImportRejected(_("Ce fichier n'est pas un classeur XLSForm (.xlsx) lisible."),
                             [(0, str(exc)[:200])]) from exc
    settings_rows = _sheet_rows(workbook, "settings")
    settings = settings_rows[0][1] if settings_rows else {}
    language = settings.get("default_language") or None
    survey_rows = _sheet_rows(workbook, "survey")
    if not survey_rows:
        raise ImportRejected(_("La feuille « survey » est absente ou vide."), [(1, "survey")])
    headers = list(survey_rows[0][1])
    cols = {"label": _column(headers, "label", language), "hint": _column(headers, "hint",
                                                                          language)}
    choice_rows = _sheet_rows(workbook, "choices")
    lists = _choices(choice_rows, _column(list(choice_rows[0][1]) if choice_rows else [],
                                          "label", language))
    specs, errors = [], []
    for line, row in survey_rows:
        if row.get("type", "").split()[:1] and row["type"].split()[0] in SKIPPED:
            continue
        try:
            spec = _spec(row, cols, lists)
            condition = _relevant(row["relevant"]) if row.get("relevant") else None
            specs.append((line, spec, condition))
        except (ValueError, KeyError) as exc:
            errors.append((line, _("feuille survey : %(msg)s", msg=str(exc))))
    if errors:
        raise ImportRejected(_("Le questionnaire n'a pas été importé."), errors)
    title = settings.get("form_title") or _("Questionnaire importé")
    return title, settings.get("form_id"), specs


def import_xlsform(territory_id: int, content: bytes, quartier_ids=()):
    """Create a draft survey from an XLSForm; nothing is stored if one line is wrong."""
    title, form_id, specs = parse_xlsform(content)
    survey = create_survey(territory_id, title, quartier_ids=quartier_ids, commit=False)
    survey.form_id = form_id
    errors, by_name = [], {}
    for line, spec, _condition in specs:
        try:
            by_name[spec["name"]] = add_question(survey, commit=False, **spec)
        except DomainError as exc:
            errors.append((line, exc.message))
    db.session.flush()
    for line, spec, condition in specs:
        if condition and spec["name"] in by_name:
            try:
                source = by_name.get(condition[0])
                if source is None:
                    raise DomainError(_("question « %(n)s » inconnue", n=condition[0]))
                set_condition(by_name[spec["name"]], source.id, condition[1], condition[2])
            except DomainError as exc:
                errors.append((line, _("condition : %(msg)s", msg=exc.message)))
    if errors:
        db.session.rollback()
        raise ImportRejected(_("Le questionnaire n'a pas été importé."), errors)
    db.session.commit()
    return survey
