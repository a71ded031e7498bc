"""A display condition in French words, for coordinators and readers of the results.

``describe(question)`` -> ``"« Comment venez-vous ? » est « En bus »"``; ``and``/``or`` read
"et"/"ou", choices are named by their labels, never by their codes. Shapes: the AST of
``surveys.conditions``.
"""
from __future__ import annotations

from flask_babel import gettext as _

from participation.surveys.conditions import COMPARISONS, number_text


def _labels(question) -> dict:
    return {q.name: q for q in question.survey.questions}


def _quote(text: str, width: int = 60) -> str:
    text = text if len(text) <= width else text[:width - 1].rstrip() + "…"
    return f"« {text} »"


def _literal(node: dict, source) -> str:
    value = node["lit"]
    if not isinstance(value, str):
        return number_text(value)
    if source is not None and source.is_choice:
        labels = {o.name: o.label for o in source.options} | {"other": _("Autre")}
        return " + ".join(_quote(labels.get(word, word), 40) for word in value.split())
    return _quote(value, 40)


def _operand(node: dict, questions: dict, source=None) -> str:
    if "ref" in node:
        found = questions.get(node["ref"])
        return _quote(found.label if found else node["ref"])
    if "lit" in node:
        return _literal(node, source)
    if node["op"] == "count-selected":
        return _("le nombre de choix à %(q)s", q=_operand(node["args"][0], questions))
    if node["op"] == "string-length":
        return _("la longueur de %(q)s", q=_operand(node["args"][0], questions))
    return "(" + _words(node, questions) + ")"


def _comparison(node: dict, questions: dict) -> str:
    left, right = node["args"]
    source = questions.get(left.get("ref")) or questions.get(right.get("ref"))
    if right.get("lit") == "" and "ref" in left:
        return (_("%(q)s est sans réponse", q=_operand(left, questions)) if node["op"] == "="
                else _("%(q)s a une réponse", q=_operand(left, questions)))
    verbs = {"=": _("est"), "!=": _("n'est pas"), "<": _("est inférieur à"),
             "<=": _("est au plus"), ">": _("est supérieur à"), ">=": _("est au moins")}
    return " ".join((_operand(left, questions, source), verbs[node["op"]],
                     _operand(right, questions, source)))


def _words(node: dict, questions: dict) -> str:
    op = node.get("op")
    if op in ("and", "or"):
        joiner = _(" et ") if op == "and" else _(" ou ")
        return joiner.join(_words(a, questions) if a.get("op") not in ("and", "or")
                           else "(" + _words(a, questions) + ")" for a in node["args"])
    if op in COMPARISONS:
        return _comparison(node, questions)
    if op == "selected":
        source = questions.get(node["args"][0].get("ref"))
        return _("%(q)s comprend %(v)s", q=_operand(node["args"][0], questions),
                 v=_operand(node["args"][1], questions, source))
    if op == "not":
        return _("non %(x)s", x=_operand(node["args"][0], questions)
                 if "op" not in node["args"][0] else "(" + _words(node["args"][0], questions)
                 + ")")
    if op in ("true", "false"):
        return _("toujours") if op == "true" else _("jamais")
    return _("%(x)s a une valeur", x=_operand(node, questions))


def describe(question) -> str:
    """The question's display condition in French words (``""`` when it has none)."""
    ast = question.condition
    return _words(ast, _labels(question)) if ast else ""
