"""Choice values of an answers file that are not in the questionnaire's choice list.

Google Forms writes an "Autre" answer as its free text among the chosen labels; a Kobo/ODK
export holds a choice name the form no longer has, a typo made in a spreadsheet, an option
added on the tool's side. Nothing of that is changed or dropped silently (docs/surveys.md,
"Values outside the choice list"): every such value is listed in the preview with its column,
its lines and its count, and the coordinator decides what becomes of it, per question and
value (``decide``):

- ``autre``: kept as the "Autre" free text of the answer (only for a question with "Autre");
- ``choix:<option name>``: counted as that choice (a typo, a renamed choice);
- ``refuser``: the file is refused (all or nothing), to be corrected first.

Without a decision: "Autre" for a question that has one, else refused (the CLI and the
service); the web import asks first (``undecided``: nothing is stored until the coordinator
has seen the list and pressed « Importer »).

Values: the readers (``answer_values``) put the text outside the list under ``"unlisted"``
of a choice value; ``decide`` turns it into a stored value or a ValueError.

Such a value is a resident's own words (the « Autre » text of Google Forms): it is shown
(``shown``), quoted in messages and printed by the CLI with its phones, e-mails, titled names
and addresses masked (``privacy.masking``), like every other resident's text; the preview's
form carries a keyed digest of it (``value_key``), never the text, so the page kept 6 hours
holds no contact anywhere.
"""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from participation.privacy.masking import mask_contacts, masked_excerpt

KEEP_OTHER, REFUSE, OPTION = "autre", "refuser", "choix:"
MAX_LINES_SHOWN = 20


def new_state(decisions: dict | None = None, ask: bool = False,
              preview: bool = False) -> dict:
    """The import's state: ``decisions`` ``{(question id, value): action}``, ``ask`` (the web
    import: an undecided value stops the import before anything is stored), ``preview`` (a
    dry run: values are listed, none refused yet), ``found`` ``{(question id, value):
    occurrence}`` in the order met and ``pending``: the ``(line, question id)`` whose value
    was left as read (to decide first, or refused in a preview)."""
    return {"decisions": decisions or {}, "ask": ask, "preview": preview, "found": {},
            "pending": set()}


def value_key(text: str) -> str:
    """The keyed digest (HMAC-SHA256 with the app's secret, 24 hex digits) that stands for
    a value in the preview's form (``hl-N-v``) and in ``decisions``."""
    secret = current_app.config["SECRET_KEY"].encode()
    return "k" + hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()[:24]


def _default(question) -> str:
    return KEEP_OTHER if question.has_other else REFUSE


def _occurrence(state: dict, question, text: str, column: str, line: int) -> dict:
    key = (question.id, text)
    found = state["found"].get(key)
    if found is None:
        decided = state["decisions"].get(key) or state["decisions"].get(
            (question.id, value_key(text)))
        found = state["found"][key] = {
            "question_id": question.id, "question": question.name, "label": question.label,
            "value": text, "shown": mask_contacts(text), "key": value_key(text),
            "columns": [], "lines": [], "decided": decided is not None,
            "action": decided or _default(question), "has_other": question.has_other,
            "options": [(o.name, o.label) for o in question.options]}
    if column not in found["columns"]:
        found["columns"].append(column)
    found["lines"].append(line)
    return found


def _option_id(question, action: str) -> int:
    name = action.removeprefix(OPTION)
    found = next((o.id for o in question.options if o.name == name), None)
    if found is None:
        raise ValueError(_("« %(c)s » n'est pas un choix de la question", c=name[:60]))
    return found


def decide(value: dict, question, state: dict, column: str, line: int) -> dict:
    """The stored value of a choice value read from ``column`` at ``line``: unchanged when
    nothing is outside the list, else the decision applied (module docstring), in a preview
    too; ValueError (French) when the value is refused, except in a preview (listed only).
    A value left as read (to decide first, or refused in a preview) is noted in
    ``state["pending"]``."""
    text = value.get("unlisted")
    if not text:
        return value
    found = _occurrence(state, question, text, column, line)
    action = found["action"]
    kept = {"options": list(value["options"]), "other": value.get("other")}
    if state["ask"] and not found["decided"]:
        state["pending"].add((line, question.id))
        return kept  # nothing is stored: the preview lists it and asks (``undecided``)
    if action == KEEP_OTHER and question.has_other:
        kept["other"] = f"{kept['other']} ; {text}" if kept["other"] else text
        return kept
    if action.startswith(OPTION):
        option_id = _option_id(question, action)
        kept["options"] = list(dict.fromkeys([*kept["options"], option_id]))
        return kept
    if state["preview"]:
        state["pending"].add((line, question.id))
        return kept
    if found["decided"]:
        raise ValueError(_("« %(v)s » n'est pas un choix de la question : refusé à l'aperçu ; "
                           "corrigez le fichier ou choisissez quoi en faire",
                           v=masked_excerpt(text, 80)))
    raise ValueError(_("« %(v)s » n'est pas un choix de la question (et elle n'a pas de choix "
                       "« Autre ») ; « Vérifier seulement » permet de le compter comme un des "
                       "choix", v=masked_excerpt(text, 80)))


def keep_only(state: dict, stored: dict[int, set[int]]) -> None:
    """Forget the occurrences of values met on rows that will not be stored: ``stored`` maps
    the line of each row kept to the ids of its questions whose answer is not read (their
    condition does not hold, ``answers_import._settle``). A line absent from ``stored`` (a
    row already imported, met twice) loses its occurrences; a value left with no line is no
    longer listed, asked about nor counted in ``summary``."""
    for key, found in list(state["found"].items()):
        found["lines"] = [line for line in found["lines"] if line in stored
                          and found["question_id"] not in stored[line]]
        if not found["lines"]:
            del state["found"][key]


def undecided(state: dict) -> list[dict]:
    """The values met that the web import must ask about (``ask``), in the order met."""
    return [f for f in state["found"].values() if state["ask"] and not f["decided"]]


def refused(state: dict) -> list[dict]:
    return [f for f in state["found"].values() if f["action"] == REFUSE
            or (f["action"] == KEEP_OTHER and not f["has_other"])]


def lines_text(lines: list[int]) -> str:
    """``[2, 5, 9]`` -> "2, 5, 9"; more than ``MAX_LINES_SHOWN``: the first ones and a count."""
    shown = ", ".join(str(n) for n in lines[:MAX_LINES_SHOWN])
    rest = len(lines) - MAX_LINES_SHOWN
    if rest > 0:
        shown += " " + ngettext("(et %(num)s autre)", "(et %(num)s autres)", rest)
    return shown


def action_text(found: dict, action: str | None = None) -> str:
    """What is (or would be) done with a value, in words."""
    action = action or found["action"]
    if action == KEEP_OTHER and found["has_other"]:
        return _("gardée comme « Autre : %(v)s »", v=masked_excerpt(found["value"], 80))
    if action.startswith(OPTION):
        name = action.removeprefix(OPTION)
        label = dict(found["options"]).get(name, name)
        return _("comptée comme le choix « %(c)s »", c=label)
    return _("refusée : le fichier n'est pas importé tant qu'elle y est")


def choices(found: dict) -> list[tuple[str, str]]:
    """The preview's ``(action, words)`` for one value: "Autre" first when the question has
    it, then each choice, then the refusal."""
    actions = ([KEEP_OTHER] if found["has_other"] else []) + \
        [OPTION + name for name, _label in found["options"]] + [REFUSE]
    return [(a, action_text(found, a)) for a in actions]


def summary(state: dict) -> str:
    """After an import: "3 valeurs absentes de la liste des choix : 2 gardées comme
    « Autre », 1 comptée comme un choix." (counts of distinct values)."""
    found = list(state["found"].values())
    kept = sum(1 for f in found if f["action"] == KEEP_OTHER)
    mapped = len(found) - kept
    parts = [ngettext("%(num)s gardée comme « Autre »", "%(num)s gardées comme « Autre »",
                      kept)] if kept else []
    parts += [ngettext("%(num)s comptée comme un choix", "%(num)s comptées comme un choix",
                       mapped)] if mapped else []
    return ngettext("%(num)s valeur absente de la liste des choix : %(what)s.",
                    "%(num)s valeurs absentes de la liste des choix : %(what)s.", len(found),
                    what=", ".join(parts))


def report_lines(found: list[dict]) -> list[str]:
    """The CLI's lines: one per value, with its column, lines, count and what is done."""
    lines = [_("Valeurs absentes de la liste des choix :")] if found else []
    for f in found:
        lines.append(ngettext(
            "  - colonne « %(c)s » (question « %(q)s ») : « %(v)s », %(num)s fois (ligne "
            "%(l)s) : %(what)s",
            "  - colonne « %(c)s » (question « %(q)s ») : « %(v)s », %(num)s fois (lignes "
            "%(l)s) : %(what)s", len(f["lines"]), c=" / ".join(f["columns"]), q=f["question"],
            v=masked_excerpt(f["value"], 80), l=lines_text(f["lines"]), what=action_text(f)))
    return lines


def decisions_from(form) -> dict:
    """The preview's choices posted back (``hl-N`` the action, ``hl-N-q`` the question id,
    ``hl-N-v`` the value's ``value_key``) as ``{(question id, value key): action}``;
    malformed entries are skipped (the value is then asked about again)."""
    found = {}
    for key in form:
        if not key.startswith("hl-") or key.count("-") != 1:
            continue
        question, value = form.get(key + "-q", ""), form.get(key + "-v")
        action = form.get(key, "")
        if question.isdigit() and value and (action in (KEEP_OTHER, REFUSE)
                                             or action.startswith(OPTION)):
            found[(int(question), value)] = action
    return found
