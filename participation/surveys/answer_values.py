"""One cell of an answers file as an answer value (shared by the Google and Kobo/ODK readers).

Values: ``{"options": [option ids], "other": text|None}`` for a choice question,
``{"text": …}``, ``{"number": float}``, ``{"date": date}``. Every refusal is a ValueError with
a French message quoting the value.

Choices are read by label (Google Forms, Kobo "labels" export) or by name (Kobo/ODK XML
values). Checkbox answers are joined with ", " (Google Forms in a sheet) or ";" (Google Forms'
own CSV download) although labels may contain commas: known labels are matched greedily,
longest first. What is left — a Google Forms "Autre" text, an unknown name or label — is never
turned into anything silently: it goes under ``"unlisted"`` and ``unlisted.decide`` applies
the coordinator's choice (kept as "Autre", counted as a choice, or refused) and lists it in
the preview with its column and lines.
"""
from __future__ import annotations

import re
from types import SimpleNamespace

from flask_babel import gettext as _

from participation.privacy.masking import masked_excerpt
from participation.surveys.csv_read import norm
from participation.surveys.formats import parse_date, parse_number
from participation.surveys.models import CHOICE_TYPES, TEXT_TYPES
from participation.surveys.translations import all_texts
from participation.surveys.unlisted import decide, new_state

SEPARATOR = re.compile(r"\s*[;,]\s*")


def _after_label(rest: str, label: str) -> int | None:
    """Length consumed when ``rest`` starts with ``label`` then a separator or the end."""
    if not rest.startswith(label):
        return None
    tail = rest[len(label):]
    if not tail:
        return len(label)
    sep = SEPARATOR.match(tail)
    return len(label) + sep.end() if sep and sep.end() else None


def split_choices(raw: str, labels: list[str]) -> tuple[list[str], str | None]:
    """``"A (x, y), B; free text"`` -> (["A (x, y)", "B"], "free text")."""
    known = sorted(labels, key=len, reverse=True)
    folded = {norm(lab): lab for lab in labels}
    chosen, leftover, rest = [], [], raw.strip()
    while rest:
        match = next(((lab, n) for lab in known
                      if (n := _after_label(rest, lab)) is not None), None)
        if match:
            chosen.append(match[0])
            rest = rest[match[1]:]
            continue
        piece, rest = (SEPARATOR.split(rest, 1) + [""])[:2]
        if norm(piece) in folded:
            chosen.append(folded[norm(piece)])
        elif piece.strip():
            leftover.append(piece.strip())
    return chosen, (", ".join(leftover) or None)


def snapshots(survey) -> list[SimpleNamespace]:
    """The survey's questions as plain objects with what the readers use (id, name, label,
    type, personal, has_other, is_choice, bounds, options and their lookups): reading ORM
    attributes for every cell made a 30,000-row import several times slower."""
    found, texts = [], list(all_texts(survey.id).values())
    for q in survey.questions:
        options = [SimpleNamespace(id=o.id, name=o.name, label=o.label,
                                   quartier_id=o.quartier_id) for o in q.options]
        # labels in the form's other languages too (a Kobo "labels" export in English)
        labels = {lang[(f"o{o.id}", "label")]: o.id for o in q.options for lang in texts
                  if (f"o{o.id}", "label") in lang}
        labels |= {o.label: o.id for o in options}
        found.append(SimpleNamespace(
            labels=[q.label, *(lang[(f"q{q.id}", "label")] for lang in texts
                               if (f"q{q.id}", "label") in lang)],
            id=q.id, name=q.name, label=q.label, type=q.type, personal=q.personal,
            has_other=q.has_other, is_choice=q.type in CHOICE_TYPES, min_value=q.min_value,
            max_value=q.max_value, whole_number=bool(q.whole_number), options=options,
            maps=(labels, {norm(k): v for k, v in labels.items()},
                  {o.name: o.id for o in options})))
    return found


def lookups(question, cache: dict | None) -> tuple[dict, dict, dict]:
    """``(labels, folded labels, names)`` -> option id, built once per question and import
    (``cache``: a dict the reader passes along; rebuilding them per cell was the main cost
    of a 30,000-row import)."""
    if hasattr(question, "maps"):
        return question.maps
    if cache is not None and question.id in cache:
        return cache[question.id]
    labels = {o.label: o.id for o in question.options}
    found = (labels, {norm(k): v for k, v in labels.items()},
             {o.name: o.id for o in question.options})
    if cache is not None:
        cache[question.id] = found
    return found


def _spaced(raw: str, labels: list[str]) -> list[str] | None:
    """Labels joined by spaces only (Kobo's "labels" export of a select_multiple), when the
    whole cell is made of known labels; else None."""
    known, chosen, rest = sorted(labels, key=len, reverse=True), [], raw.strip()
    while rest:
        match = next((lab for lab in known if rest.startswith(lab) and (
            len(rest) == len(lab) or rest[len(lab)].isspace())), None)
        if match is None:
            return None
        chosen.append(match)
        rest = rest[len(match):].lstrip()
    return chosen


def _by_labels(question, raw: str, cache=None) -> dict:
    labels, lowered, names = lookups(question, cache)
    if question.type == "multiple":
        chosen, other = split_choices(raw, list(labels))
        if other and (spaced := _spaced(raw, list(labels))):
            chosen, other = spaced, None
        ids = list(dict.fromkeys(labels[c] for c in chosen))
    else:
        match = lowered.get(norm(raw)) or names.get(raw.strip())
        ids, other = ([match], None) if match else ([], raw.strip())
    return {"options": ids, "other": None, "unlisted": other}


def _by_names(question, raw: str, other_text: str, cache=None) -> dict:
    """Names (space-separated for a select_multiple); a cell that is not all names is read
    as labels (typed in a spreadsheet) when that leaves nothing over, else the known names
    count and the unknown words are the value outside the list."""
    names = lookups(question, cache)[2]
    picked = raw.split() if question.type == "multiple" else [raw.strip()]
    known = [p for p in picked if p in names or (p == "other" and question.has_other)]
    unknown = " ".join(p for p in picked if p not in known) or None
    if unknown:
        by_labels = _by_labels(question, raw, cache)
        if not by_labels["unlisted"] or not known:
            return by_labels
    ids = [names[p] for p in known if p in names]
    other = (other_text.strip() or _("Autre")) if "other" in known and own_other(question,
                                                                                 names) else None
    return {"options": ids, "other": other, "unlisted": unknown}


def own_other(question, names) -> bool:
    """Whether "other" picked in an export is the question's own "Autre" with its text
    (XLSForm ``or_other``), not a choice of its list named "other": a form that lists
    "other" as a choice and asks "Autre, précisez" as a question of its own (Kobo's usual
    hand-made shape) stores the choice, and the text once, under that question — never the
    text a second time as this question's "Autre" (coordinator tester, 2026-11-30: "Autre"
    printed twice, 4/62 each)."""
    return question.has_other and "other" not in names


def choice_value(question, raw: str, by_names: bool = False, other_text: str = "",
                 cache: dict | None = None) -> dict:
    """``{"options", "other", "unlisted"}``: ``unlisted`` is the text outside the choice
    list (``unlisted.decide`` says what becomes of it), else None."""
    return _by_names(question, raw, other_text, cache) if by_names else \
        _by_labels(question, raw, cache)


def off_scale(question, number: float) -> bool:
    """A scale (XLSForm ``range``, step 1: ``xlsform_questions._range_bounds``) holds its
    start plus a whole number of steps: 7.5 on a 1-10 scale is not one of its notes
    (coordinator tester, 2026-11-30: a typed « 7.5 » counted as a « 7,5 » row)."""
    return question.type == "scale" and question.min_value is not None \
        and not (number - question.min_value).is_integer()


def cell_value(question, raw: str, dayfirst: bool = True, by_names: bool = False,
               other_text: str = "", cache: dict | None = None) -> dict:
    """One cell as an answer value, or ValueError with a French message."""
    if question.personal or question.type in TEXT_TYPES:
        return {"text": raw.strip()[:5000].rstrip()}
    if question.is_choice:
        return choice_value(question, raw, by_names, other_text, cache)
    if question.type == "date":
        return {"date": parse_date(raw, dayfirst)}
    number = parse_number(raw)
    if question.whole_number and not number.is_integer():
        raise ValueError(_("« %(v)s » n'est pas un nombre entier (la question attend un "
                           "nombre sans virgule)", v=masked_excerpt(raw, 20)))
    if off_scale(question, number):
        raise ValueError(_("« %(v)s » n'est pas une note de l'échelle (de %(low)s à %(high)s, "
                           "par pas de 1) : corrigez la note ou laissez la case vide",
                           v=masked_excerpt(raw, 20), low=f"{question.min_value:g}",
                           high=f"{question.max_value:g}"))
    low, high = question.min_value, question.max_value
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValueError(_("« %(v)s » est hors des bornes de la question (de %(low)s à "
                           "%(high)s)", v=masked_excerpt(raw, 20),
                           low="…" if low is None else f"{low:g}",
                           high="…" if high is None else f"{high:g}"))
    return {"number": number}


def cell_value_memo(memo: dict, question, raw: str, dayfirst: bool = True,
                    by_names: bool = False, other_text: str = "",
                    cache: dict | None = None, where: tuple[str, int] = ("", 0)) -> dict:
    """``cell_value`` read once per distinct cell of an import (``memo``: a dict the reader
    keeps for the whole file): an export repeats the same few choices on thousands of rows,
    and reading each again was most of the parsing of a 30,000-row file. The values returned
    are shared between rows: read them, never change them. Refusals are remembered too.
    A value outside the choice list goes through ``unlisted.decide`` with ``where`` (column
    header, line) and the import's state ``cache["unlisted"]``."""
    key = (question.id, raw, dayfirst, by_names, other_text)
    found = memo.get(key)
    if found is None:
        try:
            found = (cell_value(question, raw, dayfirst, by_names, other_text, cache), None)
        except ValueError as exc:
            found = (None, str(exc))
        memo[key] = found
    if found[1] is not None:
        raise ValueError(found[1])
    if found[0].get("unlisted"):
        state = (cache if cache is not None else {}).setdefault("unlisted", new_state())
        return decide(found[0], question, state, *where)
    return found[0]
