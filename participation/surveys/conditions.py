"""The display condition language of questions: XLSForm ``relevant`` as real forms write it.

Grammar (a subset of XPath 1.0 as XLSForm uses it, parsed with lark, LALR):
``${q} = 'x'``, ``!=``, ``<``, ``<=``, ``>``, ``>=``, ``selected(${q}, 'x')``,
``count-selected(${q}) >= 2``, ``string-length(${q}) > 0``, ``not(...)``, ``true()``,
``false()``, ``and``, ``or``, parentheses, string literals ('x' or "x") and numbers (-2, 3.5).

The expression is stored as written (``Question.relevant``) and as a JSON AST
(``Question.relevant_ast``). AST nodes: ``{"ref": "name"}``, ``{"lit": "x" | 3.0}``,
``{"op": OP, "args": [node, ...]}`` with OP one of ``or and = != < <= > >= selected
count-selected string-length not true false``.

ONE semantics, ``evaluate`` here and ``static/js/survey-conditions.js`` (same table of tests),
after the XForms specification (values are strings, XPath 1.0 comparisons):
- ``${q}`` is the answer as ODK stores it: the option names separated by spaces for choices
  (``other`` for "Autre"), the number (``3``, ``2.5``), the date ``YYYY-MM-DD``, the text;
  ``''`` when unanswered or when the question does not apply (a question hidden by its own
  condition gives ``''`` to those that read it).
- ``=``/``!=``: booleans if one side is a boolean, else numbers if one side is a number
  (a text that is not a number never equals one), else texts.
- ``<`` ``<=`` ``>`` ``>=``: both sides as numbers; a ``YYYY-MM-DD`` date counts as its
  days since 1970-01-01 (as JavaRosa does), so dates compare with dates; else false.
- A value is true when it is a non-empty text or a non-zero number.
"""
from __future__ import annotations

import json
import math
import re
from datetime import date

from flask_babel import gettext as _
from lark import Lark, Token, Transformer, UnexpectedInput, v_args

GRAMMAR = r"""
?start: or_expr
?or_expr: and_expr (_OR and_expr)*   -> or_
?and_expr: cmp_expr (_AND cmp_expr)* -> and_
?cmp_expr: atom
    | atom CMP atom                  -> cmp
?atom: "${" NAME "}"                 -> ref
    | STRING                         -> string
    | NUMBER                         -> number
    | FUNC "(" [or_expr ("," or_expr)*] ")" -> call
    | "(" or_expr ")"
CMP: "<=" | ">=" | "!=" | "=" | "<" | ">"
_OR.2: /or\b/
_AND.2: /and\b/
FUNC: /[a-z][a-z-]*(?=\s*\()/
NAME: /[A-Za-z_][A-Za-z0-9_.-]*/
STRING: /'[^']*'/ | /"[^"]*"/
NUMBER: /-?(\d+(\.\d*)?|\.\d+)/
%ignore /\s+/
"""
FUNCTIONS = {"selected": 2, "count-selected": 1, "string-length": 1, "not": 1, "true": 0,
             "false": 0}
COMPARISONS = ("=", "!=", "<", "<=", ">", ">=")
NUMBER_TEXT = re.compile(r"^\s*-?(\d+(\.\d*)?|\.\d+)\s*$")
DATE_TEXT = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
MAX_LENGTH = 2000
EPOCH = date(1970, 1, 1).toordinal()

_parser = Lark(GRAMMAR, parser="lalr", maybe_placeholders=False)


class ConditionError(ValueError):
    """An expression the platform does not understand; the message is in French."""


@v_args(inline=True)
class _ToAst(Transformer):
    def ref(self, name: Token) -> dict:
        return {"ref": str(name)}

    def string(self, token: Token) -> dict:
        return {"lit": str(token)[1:-1]}

    def number(self, token: Token) -> dict:
        return {"lit": float(token)}

    def cmp(self, left, op, right) -> dict:
        return {"op": str(op), "args": [left, right]}

    def or_(self, *args) -> dict:
        return args[0] if len(args) == 1 else {"op": "or", "args": list(args)}

    def and_(self, *args) -> dict:
        return args[0] if len(args) == 1 else {"op": "and", "args": list(args)}

    def call(self, name: Token, *args) -> dict:
        fn = str(name)
        if fn not in FUNCTIONS:
            raise ConditionError(_("fonction « %(f)s() » non prise en charge (fonctions "
                                   "acceptées : %(list)s)", f=fn,
                                   list=", ".join(f + "()" for f in FUNCTIONS)))
        if len(args) != FUNCTIONS[fn]:
            raise ConditionError(_("%(f)s() attend %(n)s argument(s), pas %(got)s", f=fn,
                                   n=FUNCTIONS[fn], got=len(args)))
        return {"op": fn, "args": list(args)}


def _syntax_message(text: str, exc: UnexpectedInput) -> str:
    token = getattr(exc, "token", None)
    position = getattr(exc, "pos_in_stream", None)
    column = getattr(exc, "column", None)
    at = text[position:position + 12] if position is not None and position >= 0 else ""
    if not at.strip() or getattr(token, "type", "") == "$END":
        return _("expression incomplète « %(e)s » (une parenthèse, une valeur ou un opérande "
                 "manque à la fin)", e=text[:120])
    return _("expression « %(e)s » non reconnue à partir de « %(at)s » (colonne %(c)s) : "
             "formes acceptées ${q} = 'x', !=, <, <=, >, >=, selected(${q}, 'x'), "
             "count-selected(${q}), and, or, not(…), parenthèses", e=text[:120],
             at=at.strip(), c=column)


def parse(text: str) -> dict | None:
    """The AST of an expression (None for an empty one), or ``ConditionError`` in French."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) > MAX_LENGTH:
        raise ConditionError(_("expression trop longue (%(n)s caractères, %(max)s au plus)",
                               n=len(text), max=MAX_LENGTH))
    try:
        tree = _parser.parse(text)
        return _ToAst().transform(tree)
    except UnexpectedInput as exc:
        raise ConditionError(_syntax_message(text, exc)) from None
    except Exception as exc:  # lark wraps errors raised in the transformer
        inner = getattr(exc, "orig_exc", exc)
        if isinstance(inner, ConditionError):
            raise inner from None
        raise


def references(ast: dict | None) -> list[str]:
    """Names of the questions an AST reads, in order of appearance, without repeats."""
    found: dict[str, None] = {}

    def walk(node):
        if "ref" in node:
            found[node["ref"]] = None
        for arg in node.get("args", ()):
            walk(arg)

    if ast:
        walk(ast)
    return list(found)


def combine(expressions: list[str]) -> str:
    """Group conditions and the question's own, joined by ``and`` (each in parentheses when
    there is more than one); ``""`` when none."""
    parts = [e.strip() for e in expressions if e and e.strip()]
    if len(parts) == 1:
        return parts[0]
    return " and ".join(f"({p})" for p in parts)


def dumps(ast: dict | None) -> str:
    return json.dumps(ast, ensure_ascii=False, separators=(",", ":")) if ast else ""


def loads(text: str | None) -> dict | None:
    return json.loads(text) if text else None


def _quote(value: str) -> str:
    return f"'{value}'" if "'" not in value else f'"{value}"'


def to_text(ast: dict | None, rename=lambda name: name) -> str:
    """The expression written back from an AST (``rename`` maps question names)."""
    if not ast:
        return ""
    if "ref" in ast:
        return "${" + rename(ast["ref"]) + "}"
    if "lit" in ast:
        value = ast["lit"]
        return _quote(value) if isinstance(value, str) else number_text(value)
    op, args = ast["op"], ast["args"]
    if op in ("and", "or"):
        return f" {op} ".join(_wrapped(a, op, rename) for a in args)
    if op in COMPARISONS:
        return f"{to_text(args[0], rename)} {op} {to_text(args[1], rename)}"
    return f"{op}(" + ", ".join(to_text(a, rename) for a in args) + ")"


def _wrapped(node: dict, parent: str, rename) -> str:
    text = to_text(node, rename)
    return f"({text})" if node.get("op") == "or" and parent == "and" else text


# --- values -----------------------------------------------------------------------------

def number_text(number: float) -> str:
    """``3.0`` -> ``"3"``, ``2.5`` -> ``"2.5"`` (JavaScript's ``String(n)`` for the same)."""
    if math.isfinite(number) and number == int(number) and abs(number) < 1e15:
        return str(int(number))
    return repr(float(number))


def answer_text(question, value: dict | None) -> str:
    """A stored value (``answering`` shape) as the string a condition reads (see module)."""
    if not value:
        return ""
    if "options" in value:
        names = {o.id: o.name for o in question.options}
        chosen = [names[i] for i in value["options"] if i in names]
        return " ".join(chosen + (["other"] if value.get("other") else []))
    if value.get("number") is not None:
        return number_text(value["number"])
    if value.get("date") is not None:
        return value["date"].isoformat()
    return value.get("text") or ""


# --- evaluation -------------------------------------------------------------------------

def to_number(value) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float | int):
        return float(value)
    if NUMBER_TEXT.match(value):
        return float(value)
    match = DATE_TEXT.match(value)
    if match:
        try:
            return float(date(*map(int, match.groups())).toordinal() - EPOCH)
        except ValueError:
            return math.nan
    return math.nan


def to_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, float | int):
        return value != 0 and not math.isnan(value)
    return value != ""


def to_string(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | int):
        return "NaN" if math.isnan(value) else number_text(value)
    return value


def _equal(left, right) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return to_bool(left) == to_bool(right)
    if isinstance(left, float) or isinstance(right, float):
        return to_number(left) == to_number(right)
    return left == right


def _compare(op: str, left, right) -> bool:
    if op == "=":
        return _equal(left, right)
    if op == "!=":
        if isinstance(left, float) or isinstance(right, float):
            return not to_number(left) == to_number(right)
        return not _equal(left, right)
    a, b = to_number(left), to_number(right)
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _call(op: str, args: list, values: dict):
    if op == "and":
        return all(to_bool(_value(a, values)) for a in args)
    if op == "or":
        return any(to_bool(_value(a, values)) for a in args)
    if op in COMPARISONS:
        return _compare(op, _value(args[0], values), _value(args[1], values))
    if op == "not":
        return not to_bool(_value(args[0], values))
    if op in ("true", "false"):
        return op == "true"
    text = to_string(_value(args[0], values))
    if op == "selected":
        return to_string(_value(args[1], values)).strip() in text.split()
    if op == "count-selected":
        return float(len(text.split()))
    return float(len(text))  # string-length


def _value(node: dict, values: dict):
    if "ref" in node:
        return values.get(node["ref"], "")
    if "lit" in node:
        return node["lit"]
    return _call(node["op"], node["args"], values)


def evaluate(ast: dict | None, values: dict[str, str]) -> bool:
    """Whether the condition holds; ``values``: question name -> answer text (``''`` or
    missing when unanswered or not applicable). No condition: True."""
    return True if not ast else to_bool(_value(ast, values))


def browser_fields(questions) -> list[dict]:
    """What the browser needs to read answers as ``answer_text`` does, in the questions'
    order: ``[{"name", "field": "q12", "type", "options": [[id, name], ...], "other"}]``."""
    return [{"name": q.name, "field": f"q{q.id}", "type": q.type, "other": bool(q.has_other),
             "options": [[o.id, o.name] for o in q.options]} for q in questions]
