"""Reading a resident's answers from a posted form and deciding which questions apply.

Pure of the database (texts in the page's language come from ``page_language.translated``,
set up by the view): functions take the survey's questions and a ``MultiDict``-like mapping
(``get``/``getlist``) and return plain values ``{question_id: {...}}`` plus French errors.
A value is ``{"options": [ids], "other": str|None}`` for choices (ids in rank order for a
ranking), ``{"text": str}``, ``{"number": float}`` or ``{"date": date}``.
"""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext

from participation.core.contacts import written_contact_problem
from participation.core.typography import said
from participation.surveys.answer_values import off_scale
from participation.surveys.conditions import answer_text, evaluate
from participation.surveys.page_language import translated

MAX_TEXT = 5000


def field_name(question) -> str:
    return f"q{question.id}"


def applies(question, texts: dict[str, str]) -> bool:
    """Whether the question's display condition holds; ``texts``: name -> answer text of the
    questions answered so far that apply (``conditions.answer_text``)."""
    return evaluate(question.condition, texts)


def visible_questions(questions, values: dict) -> list:
    """Questions that apply given the answers so far, in order (a question that does not
    apply reads as unanswered for the conditions after it, as in XForms)."""
    texts: dict[str, str] = {}
    result = []
    for question in questions:
        if not applies(question, texts):
            continue
        result.append(question)
        texts[question.name] = answer_text(question, values.get(question.id))
    return result


def applicable_values(questions, values: dict, plan: list | None = None) -> tuple[dict, int]:
    """``values`` without the answers to questions that do not apply (same order and rule as
    ``visible_questions``), and how many were left out. ``plan``: ``condition_plan``, built
    once for many rows."""
    kept, not_applying = split_applicable(questions, values, plan)
    return kept, len(not_applying & values.keys())


def split_applicable(questions, values: dict, plan: list | None = None) -> tuple[dict, set]:
    """``(values of the questions that apply, ids of every question that does not apply,
    answered or not)`` (``applicable_values``' rule; an import uses the ids to ignore what
    a cell of a question that does not apply holds)."""
    texts: dict[str, str] = {}
    kept, not_applying = {}, set()
    for question, ast in plan or condition_plan(questions):
        if not evaluate(ast, texts):
            not_applying.add(question.id)
            continue
        if question.id in values:
            kept[question.id] = values[question.id]
        texts[question.name] = answer_text(question, values.get(question.id))
    return kept, not_applying


def condition_plan(questions) -> list[tuple]:
    """``[(question, condition AST or None)]`` in order, the ASTs read once."""
    return [(question, question.condition) for question in questions]


def _typed_other(question, raw: list[str], other_text: str) -> str | None:
    """Text typed in the "Autre :" box counts as choosing "Autre" (``raw`` gains "autre"),
    whether or not its box was ticked (without JavaScript nothing ticks it). A single choice
    with another option ticked as well is ambiguous: the French error naming both, and
    nothing is stored (issue: tester's report, item 4); the typed text marked ``said`` (shown
    as typed, core.typography)."""
    if not (other_text and question.has_other) or "autre" in raw:
        return None
    if question.type != "multiple" and raw:
        labels = {str(o.id): translated(o) for o in question.options}
        return _("Une seule réponse possible : vous avez coché « %(choice)s » et écrit "
                 "« %(other)s » dans « Autre ». Laquelle est votre réponse ? Cochez-la, "
                 "ou effacez le texte d'« Autre ».",
                 choice=labels.get(raw[0], raw[0]), other=said(other_text[:80]))
    raw.append("autre")
    return None


def _read_choice(question, data) -> tuple[dict | None, str | None]:
    """A single or multiple choice (with "Autre" and its text, ``_typed_other``)."""
    name = field_name(question)
    raw = data.getlist(name) if question.type == "multiple" else [data.get(name, "")]
    raw = [r for r in raw if r]
    valid = {str(o.id): o.id for o in question.options}
    other_text = (data.get(name + "_autre") or "").strip()
    ambiguous = _typed_other(question, raw, other_text)
    if ambiguous:
        return None, ambiguous
    chosen, other = [], None
    for item in raw:
        if item == "autre" and question.has_other:
            other = other_text
        elif item in valid:
            chosen.append(valid[item])
        else:
            return None, _("Ce choix n'existe pas.")
    if other == "":
        return None, _("Précisez votre réponse « Autre ».")
    if not chosen and other is None:
        return None, None
    return {"options": chosen, "other": other}, _count_error(question, len(chosen) + bool(other))


def _count_error(question, count: int) -> str | None:
    if question.type != "multiple":
        return None
    if question.min_choices and count < question.min_choices:
        return ngettext("Choisissez au moins %(num)s réponse.",
                        "Choisissez au moins %(num)s réponses.", question.min_choices)
    if question.max_choices and count > question.max_choices:
        return ngettext("Choisissez au plus %(num)s réponse.",
                        "Choisissez au plus %(num)s réponses.", question.max_choices)
    return None


def _read_ranking(question, data) -> tuple[dict | None, str | None]:
    valid = {str(o.id): o.id for o in question.options}
    ranked = []
    for rank in range(1, (question.max_choices or len(valid)) + 1):
        item = data.get(f"{field_name(question)}_rang{rank}", "")
        if not item:
            continue
        if item not in valid:
            return None, _("Ce choix n'existe pas.")
        ranked.append(valid[item])
    if len(set(ranked)) != len(ranked):
        return None, _("Chaque choix ne peut apparaître qu'une fois dans le classement.")
    return ({"options": ranked, "other": None} if ranked else None), None


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def _read_number(question, data) -> tuple[dict | None, str | None]:
    raw = (data.get(field_name(question)) or "").strip().replace(",", ".")
    if not raw:
        return None, None
    try:
        number = float(raw)
    except ValueError:
        return None, _("Indiquez un nombre, par exemple 3.")
    if number != number or abs(number) == float("inf"):
        return None, _("Indiquez un nombre, par exemple 3.")
    if question.type == "number" and question.whole_number and not number.is_integer():
        return None, _("Indiquez un nombre entier, sans virgule, par exemple 12.")
    if off_scale(question, number):
        return None, _("Choisissez une des notes proposées.")
    low, high = question.min_value, question.max_value
    if (low is not None and number < low) or (high is not None and number > high):
        return None, translated(question, "constraint_message") or _(
            "Indiquez un nombre entre %(low)s et %(high)s.", low=_fmt(low) or "…",
            high=_fmt(high) or "…")
    return {"number": number}, None


def _read_date(question, data) -> tuple[dict | None, str | None]:
    raw = (data.get(field_name(question)) or "").strip()
    if not raw:
        return None, None
    try:
        return {"date": date.fromisoformat(raw)}, None
    except ValueError:
        return None, _("Indiquez une date valide, par exemple 2024-06-27.")


def _read_text(question, data) -> tuple[dict | None, str | None]:
    text = (data.get(field_name(question)) or "").strip()
    if len(text) > MAX_TEXT:
        return None, _("Votre réponse est trop longue (%(n)s caractères au plus).", n=MAX_TEXT)
    return ({"text": text} if text else None), None


READERS = {"single": _read_choice, "multiple": _read_choice, "yes_no": _read_choice,
           "ranking": _read_ranking, "scale": _read_number, "number": _read_number,
           "date": _read_date, "short_text": _read_text, "long_text": _read_text}


def read_answers(questions, data, enforce_required: bool = True) -> tuple[dict, dict]:
    """Values and errors ``{question_id: message}`` for the questions that apply (answers
    to the others are not read: they are not stored nor counted).

    Paper sheets are typed as written: blanks stay blank (``enforce_required=False``).
    """
    values: dict = {}
    errors: dict = {}
    texts: dict[str, str] = {}
    for question in questions:
        if not applies(question, texts):
            continue
        value, error = READERS[question.type](question, data)
        if error is None and question.personal and isinstance(value, dict):
            error = written_contact_problem(value.get("text"))  # "Ali 0612": not whole
        if error is None and value is None and question.required and enforce_required \
                and not question.personal:
            error = translated(question, "required_message") or _("Répondez à cette question.")
        if error:
            errors[question.id] = error
        elif value is not None:
            values[question.id] = value
        texts[question.name] = answer_text(question, value)
    return values, errors


def newly_shown(questions, values: dict, shown_ids: set[int]) -> list:
    """Questions that now apply but were not on the page the resident filled in."""
    return [q for q in visible_questions(questions, values)
            if q.condition is not None and q.id not in shown_ids]
