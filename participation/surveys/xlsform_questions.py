"""The lines of an XLSForm's survey and choices sheets mapped to the platform's questions.

One survey line becomes the arguments of ``services.add_question`` (``_spec``): types
mapped as docs/surveys.md, "Imports" says (``select_one`` -> single, ``range`` -> scale with
step 1 only, ``integer`` -> whole number...), bounds read from ``constraint``, a question
asking for a name, a phone number, an e-mail or an address made **personal** (optional,
stored apart, only with consent). Groups (``begin group`` / ``begin_group``, any case) are
flattened: the group's ``relevant`` is joined by "and" to the condition of every question
inside it (``conditions.combine``). Metadata types (XLSForm spec, "Metadata") and
notes/calculations are skipped. Lengths are those of the schema (``survey_question``,
``survey_option``). Errors are ``(line, message)`` pairs in French, with the sheet's line.
"""
from __future__ import annotations

import re

from flask_babel import gettext as _

from participation.surveys import conditions
from participation.surveys.models import Option, Question
from participation.surveys.personal import is_personal
from participation.surveys.quartier_link import EXPORT_COLUMN
from participation.surveys.xlsform_columns import TRANSLATED, row_texts, type_words

TRUE = {"yes", "true", "1", "oui", "true()"}
# XLSForm spec "Metadata" (with their uri: variants) plus rows that hold no answer
METADATA = {"start", "end", "today", "deviceid", "phonenumber", "username", "email",
            "simserial", "subscriberid", "audit", "start-geopoint", "background-audio",
            "imei", "instanceid"}
# ``acknowledge`` (a box set to « OK »: Kobo's consent statement) is no question to count; its
# column in an answers file is the consent column when its name says so (import_consent)
SKIPPED = METADATA | {"note", "calculate", "hidden", "xml-external", "csv-external",
                      "acknowledge"}
SIMPLE = {"text": "short_text", "integer": "number", "decimal": "number", "date": "date"}
CHOICE_KINDS = ("select_one", "select_multiple", "rank")


def max_length(column) -> int:
    """The length of a ``String`` column of the schema, in characters."""
    return column.type.length


def _skipped(kind: str) -> bool:
    return kind.removeprefix("uri:") in SKIPPED


def choice_lists(rows, main: dict, other: dict, errors: list) -> dict[str, list[tuple]]:
    """List name -> ``(line, name, label, {(field, tag): text}, quartier code)`` in the
    sheet's order; the code is the ``pdq_quartier`` cell the platform's export writes ("" when
    absent, ``quartier_link``)."""
    lists: dict[str, list[tuple]] = {}
    for line, row in rows:
        name = row.get("name", "")
        lists.setdefault(row.get("list_name") or row.get("list name", ""), []).append(
            (line, name, row.get(main.get("label", ""), "") or name,
             row_texts(row, other, line, errors), row.get(EXPORT_COLUMN, "")))
    return lists


def _list_errors(list_name: str, items: list[tuple[int, str, str]]) -> list[tuple[int, str]]:
    """Lengths of the schema (``survey_option``), empty and duplicated names or labels."""
    errors, names, labels = [], {}, {}
    for line, name, label, *_rest in items:
        if not name:
            errors.append((line, _("liste « %(l)s » : choix sans nom", l=list_name)))
        elif len(name) > max_length(Option.__table__.c.name):
            errors.append((line, _("liste « %(l)s » : nom de choix trop long (%(n)s caractères, "
                                   "%(max)s au plus) : raccourcissez-le", l=list_name,
                                   n=len(name), max=max_length(Option.__table__.c.name))))
        if len(label) > max_length(Option.__table__.c.label):
            errors.append((line, _("liste « %(l)s » : libellé de choix trop long (%(n)s "
                                   "caractères, %(max)s au plus) : raccourcissez-le",
                                   l=list_name, n=len(label),
                                   max=max_length(Option.__table__.c.label))))
        for seen, key, what in ((names, name, _("nom")), (labels, label, _("libellé"))):
            if key and key in seen:
                errors.append((line, _("liste « %(l)s » : le %(what)s « %(v)s » est déjà celui "
                                       "de la ligne %(first)s ; chaque choix d'une question "
                                       "doit avoir un %(what)s distinct : rendez-les "
                                       "différents (par exemple « %(v)s (2) »)", l=list_name,
                                       what=what, v=key[:80], first=seen[key])))
            seen.setdefault(key, line)
    return [(line, _("feuille choices : %(msg)s", msg=msg)) for line, msg in errors]


def _range_bounds(parameters: str) -> tuple[float, float]:
    """``start=1 end=5``, ``start=1, end=5`` or ``start=1;end=5`` (pyxform's separators)."""
    params = {}
    for part in re.split(r"[\s,;]+", parameters.strip()):
        key, eq, value = part.partition("=")
        if eq:
            params[key.strip().lower()] = value.strip()
    numbers = {}
    for key, default in (("start", "1"), ("end", "10"), ("step", "1")):
        try:
            numbers[key] = float(params.get(key, default).replace(",", "."))
        except ValueError:
            raise ValueError(_("paramètre « %(k)s » de range : « %(v)s » n'est pas un nombre",
                               k=key, v=params[key][:20])) from None
    if numbers["step"] != 1:
        raise ValueError(_("range : seul le pas 1 est pris en charge (step=%(s)s)",
                           s=params["step"]))
    return numbers["start"], numbers["end"]


def _bounds(constraint: str) -> dict:
    """``. >= 0 and . <= 120`` -> min_value / max_value (other constraints are ignored)."""
    found = {}
    for op, key in ((">=", "min_value"), ("<=", "max_value")):
        match = re.search(r"\.\s*" + op + r"\s*(-?\d+(?:\.\d+)?)", constraint)
        if match:
            found[key] = float(match.group(1))
    return found


def _choice_spec(spec: dict, parts: list[str], lists: dict) -> None:
    kind = parts[0]
    if len(parts) < 2 or parts[1] not in lists:
        raise ValueError(_("liste de choix inconnue « %(l)s »",
                           l=parts[1] if len(parts) > 1 else ""))
    items = lists[parts[1]]
    spec["type"] = {"select_one": "single", "select_multiple": "multiple",
                    "rank": "ranking"}[kind]
    spec["option_names"] = [item[1] for item in items]
    spec["options"] = [item[2] for item in items]
    spec["option_texts"] = [item[3] for item in items]
    spec["option_codes"] = [item[4] for item in items]
    spec["has_other"] = "or_other" in parts[2:]
    # yes/no only when nothing changes: names oui/non and labels Oui/Non (else a single choice)
    if kind == "select_one" and spec["option_names"] == ["oui", "non"] \
            and [x.casefold() for x in spec["options"]] == ["oui", "non"] \
            and not spec["has_other"]:
        spec["type"] = "yes_no"


def _spec(row: dict, cols: dict, lists: dict, parts: list[str]) -> dict:
    """One survey line as arguments for ``add_question`` (raises ValueError with a message);
    ``texts`` holds its other languages' texts (``row_texts``)."""
    kind = parts[0]
    main = cols["main"]
    label = row.get(main.get("label", ""), "") or row.get("name", "")
    spec = {"label": label, "name": row.get("name") or None,
            "required": row.get("required", "").lower() in TRUE}
    for base, field in TRANSLATED.items():
        if base != "label":
            spec[field] = row.get(main.get(base, ""), "")
    if kind in CHOICE_KINDS:
        _choice_spec(spec, parts, lists)
    elif kind == "range":
        spec["type"] = "scale"
        spec["min_value"], spec["max_value"] = _range_bounds(row.get("parameters", ""))
    elif kind == "text" and "multiline" in row.get("appearance", ""):
        spec["type"] = "long_text"
    elif kind in SIMPLE:
        spec["type"] = SIMPLE[kind]
        if spec["type"] == "number":
            spec.update(_bounds(row.get("constraint", "")), whole_number=kind == "integer")
    else:
        raise ValueError(_("type de question non pris en charge « %(t)s »", t=row["type"]))
    if is_personal(row.get("pdq_personal", ""), spec["type"], label, spec["name"] or ""):
        spec["personal"], spec["required"] = True, False
        spec["type"] = "short_text" if spec["type"] == "number" else spec["type"]
        spec.pop("min_value", None), spec.pop("max_value", None)
        spec.pop("whole_number", None)
    return spec


def _relevant_of(row: dict) -> str:
    """The row's ``relevant`` (pyxform also reads ``relevance`` and ``bind::relevant``)."""
    return (row.get("relevant") or row.get("relevance") or row.get("bind::relevant")
            or "").strip()


def _condition(row: dict, groups: list[tuple[int, str, str]]) -> str:
    """The question's own ``relevant`` joined by "and" to those of the groups it is in (the
    XForms rule: a question inside a non-relevant group is not relevant); checked by the
    parser here, its names once every question is known (``imports._set_conditions``)."""
    own = _relevant_of(row)
    if own:
        try:
            conditions.parse(own)
        except conditions.ConditionError as exc:
            raise ValueError(_("colonne relevant : %(msg)s", msg=str(exc))) from None
    return conditions.combine([expr for _line, _kind, expr in groups] + [own])


def _check_row(row: dict, spec: dict, names: set) -> None:
    name = spec["name"] or ""
    if len(name) > max_length(Question.__table__.c.name):
        raise ValueError(_("nom de question trop long (%(n)s caractères, %(max)s au plus) : "
                           "raccourcissez-le", n=len(name),
                           max=max_length(Question.__table__.c.name)))
    if name and name in names:
        raise ValueError(_("le nom « %(n)s » est déjà celui d'une autre question", n=name))
    if row.get("choice_filter"):
        raise ValueError(_("filtre de choix (choice_filter « %(f)s ») non pris en charge : "
                           "tous les choix seraient proposés à tout le monde ; retirez le "
                           "filtre ou faites une question par cas", f=row["choice_filter"][:80]))


def _group_step(words: list[str], line: int, row: dict, groups: list, errors: list) -> bool:
    """Open or close a group (repeats are refused); True when the line was a group line."""
    kind = words[0]
    if kind in ("begin_group", "begin_repeat"):
        if kind == "begin_repeat":
            errors.append((line, _("feuille survey : les répétitions (begin repeat) ne sont pas "
                                   "prises en charge")))
        expr = _relevant_of(row)
        try:
            conditions.parse(expr)
        except conditions.ConditionError as exc:
            errors.append((line, _("feuille survey : colonne relevant du groupe : %(msg)s",
                                   msg=str(exc))))
            expr = ""
        groups.append((line, kind, expr))
        return True
    if kind in ("end_group", "end_repeat"):
        if groups:
            groups.pop()
        else:
            errors.append((line, _("feuille survey : fin de groupe sans début de groupe")))
        return True
    return False


def survey_specs(survey_rows, cols: dict, lists: dict) -> tuple[list, list]:
    """Specs ``(line, spec, condition)`` and errors ``(line, message)`` of the survey sheet."""
    specs, errors, groups, names, used = [], [], [], set(), []
    for line, row in survey_rows:
        words = type_words(row.get("type", ""))
        if not words:
            errors.append((line, _("feuille survey : type de question manquant")))
            continue
        if _group_step(words, line, row, groups, errors) or _skipped(words[0]):
            continue
        if words[0] in CHOICE_KINDS and words[1:2] and words[1] in lists:
            used.append(words[1])
        try:
            spec = _spec(row, cols, lists, words)
            spec["texts"] = row_texts(row, cols["other"], line, errors)
            _check_row(row, spec, names)
            specs.append((line, spec, _condition(row, groups)))
            names.add(spec["name"])
        except (ValueError, KeyError) as exc:
            errors.append((line, _("feuille survey : %(msg)s", msg=str(exc))))
    errors.extend((line, _("feuille survey : groupe jamais fermé (end group manquant)"))
                  for line, _kind, _expr in groups)
    for list_name in dict.fromkeys(used):
        errors.extend(_list_errors(list_name, lists[list_name]))
    return specs, errors
