"""The coordinator's condition builder: rows of "question / comparison / value" joined by
"et" or "ou", turned into the XLSForm expression of ``surveys.conditions`` and back.

A row is ``{"question": name, "op": key of OPS, "value": text}``; the value of a choice
question is an option's name. ``rows_expression`` writes ``${q} = 'x'``, ``selected(${q},
'x')``, ``${q} >= 18`` (a number, or a quoted date ``'2024-01-31'``)…; ``rows_of`` reads an
AST back into rows when it is one comparison or a flat "and"/"or" of them (else None: the
expression stays in the "expression avancée" field).
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.core.errors import DomainError
from participation.surveys.conditions import NUMBER_TEXT, number_text

OPS = {
    "=": _l("est"),
    "!=": _l("n'est pas"),
    "selected": _l("comprend"),
    "not_selected": _l("ne comprend pas"),
    ">=": _l("est au moins"),
    "<=": _l("est au plus"),
    ">": _l("est plus grand que"),
    "<": _l("est plus petit que"),
    "count": _l("a au moins ce nombre de choix"),
    "answered": _l("a une réponse"),
    "empty": _l("est sans réponse"),
}
NO_VALUE = ("answered", "empty")
JOINS = {"and": _l("toutes les conditions (et)"), "or": _l("au moins une (ou)")}


def _literal(value: str, numeric: bool) -> str:
    value = value.strip()
    if numeric and NUMBER_TEXT.match(value.replace(",", ".")):
        return number_text(float(value.replace(",", ".")))
    return f"'{value}'" if "'" not in value else f'"{value}"'


def row_expression(row: dict, question) -> str:
    """One row as an expression (``question``: the Question it names)."""
    ref, op = "${" + row["question"] + "}", row["op"]
    numeric = question is not None and question.type in ("number", "scale")
    value = row.get("value") or ""
    if op == "answered":
        return f"{ref} != ''"
    if op == "empty":
        return f"{ref} = ''"
    if op == "selected":
        return f"selected({ref}, {_literal(value, False)})"
    if op == "not_selected":
        return f"not(selected({ref}, {_literal(value, False)}))"
    if op == "count":
        return f"count-selected({ref}) >= {_literal(value, True)}"
    return f"{ref} {op} {_literal(value, numeric or op in ('<', '<=', '>', '>='))}"


def rows_expression(rows: list[dict], join: str, questions: dict) -> str:
    """The rows (those naming a question) joined by ``and``/``or``; ``""`` when none."""
    parts = [row_expression(r, questions.get(r["question"])) for r in rows
             if r.get("question") and r.get("op") in OPS]
    return f" {'or' if join == 'or' else 'and'} ".join(parts)


def _row_of(node: dict) -> dict | None:
    op, args = node.get("op"), node.get("args", [])
    if op == "not" and args[0].get("op") == "selected":
        row = _row_of(args[0])
        return row | {"op": "not_selected"} if row else None
    if op == ">=" and args[0].get("op") == "count-selected" and "ref" in args[0]["args"][0]:
        return _row(args[0]["args"][0]["ref"], "count", args[1].get("lit"))
    if op not in OPS or len(args) != 2 or "ref" not in args[0] or "lit" not in args[1]:
        return None
    value = args[1]["lit"]
    if value == "" and op in ("=", "!="):
        return _row(args[0]["ref"], "empty" if op == "=" else "answered", "")
    return _row(args[0]["ref"], op, value)


def _row(name: str, op: str, value) -> dict | None:
    if value is None:
        return None
    return {"question": name, "op": op,
            "value": value if isinstance(value, str) else number_text(value)}


def rows_of(ast: dict | None) -> tuple[str, list[dict]] | None:
    """``(join, rows)`` of an AST the rows can show, else None."""
    if not ast:
        return "and", []
    items = ast["args"] if ast.get("op") in ("and", "or") else [ast]
    rows = [_row_of(item) for item in items]
    if any(row is None for row in rows):
        return None
    return (ast["op"] if ast.get("op") in ("and", "or") else "and"), rows


# --- the form's side (views_staff) ------------------------------------------------------

def earlier_questions(survey, question) -> list:
    """The questions a condition of ``question`` may read: before it, not personal."""
    return [q for q in survey.questions if q is not question and not q.personal
            and (question is None or q.position < question.position)]


def builder_questions(questions) -> list[dict]:
    """``[{"name", "label", "type", "options": [[name, label], ...]}]`` for the template and
    ``static/js/condition-builder.js``."""
    return [{"name": q.name, "label": q.label[:80], "type": q.type,
             "options": [[o.name, o.label] for o in q.options]} for q in questions]


def fill_rows(form, question) -> None:
    """On the page's first load: the stored condition as rows when they can show it (the
    advanced field is then left empty), else the expression in the advanced field."""
    found = rows_of(question.condition if question is not None else None)
    if found is not None:
        form.join.data = found[0]
        for row in found[1]:
            form.rows.append_entry(row)
        form.relevant.data = ""
    if not form.rows.entries:
        form.rows.append_entry()


def set_row_choices(form, questions) -> None:
    choices = [("", "—")] + [(q.name, q.label[:80]) for q in questions]
    for entry in form.rows:
        entry.question.choices = choices


def builder_step(form, data) -> bool:
    """"Ajouter une condition" / "Retirer" pressed (without JavaScript): the rows change, the
    page is shown again, nothing is saved. True when it was such a step."""
    if data.get("retirer", "").isdigit():
        index = int(data["retirer"])
        if 0 <= index < len(form.rows.entries):
            del form.rows.entries[index]
        return True
    if data.get("ajouter"):
        if len(form.rows.entries) < form.rows.max_entries:
            form.rows.append_entry()
        return True
    return False


def _checked_row(number: int, row: dict, question) -> dict:
    """The row with a choice typed by its label read as the choice's name; ``DomainError``
    (French, naming the row) when its comparison needs a value and none was given."""
    value = (row.get("value") or "").strip()
    if row.get("op") not in NO_VALUE and not value:
        raise DomainError(_("Condition n° %(n)d : indiquez une valeur.", n=number),
                          field="relevant")
    if question is not None and question.options and row.get("op") != "count":
        by_label = {o.label.strip().casefold(): o.name for o in question.options}
        value = by_label.get(value.casefold(), value)
    return row | {"value": value}


def form_expression(form, questions) -> str:
    """The advanced expression if typed, else the rows joined as chosen (``DomainError``
    for a row left without its value)."""
    advanced = (form.relevant.data or "").strip()
    if advanced:
        return advanced
    by_name = {q.name: q for q in questions}
    rows = [_checked_row(number, entry.data, by_name.get(entry.data.get("question")))
            if entry.data.get("question") and entry.data.get("op") in OPS else entry.data
            for number, entry in enumerate(form.rows, start=1)]
    return rows_expression(rows, form.join.data, by_name)
