"""Importing a questionnaire from an XLSForm (.xlsx, .xls or .ods: survey, choices, settings).

All or nothing: every line is checked first, errors are reported with the sheet's line number
(``ImportRejected``), and the survey is stored only when the whole file is understood. What the
platform cannot keep (repeats, ``choice_filter``, a condition it cannot read, a step other
than 1…) is refused with its line, never silently changed (docs/surveys.md, "Imports").
Groups (``begin group`` / ``begin_group``, any case) are flattened: the group's ``relevant``
is joined by "and" to the condition of every question inside it (``conditions.combine``).
Metadata types (XLSForm spec, "Metadata") and notes/calculations are skipped; a form left with
no question is refused.
A question whose label or name asks for a name, a phone number, an e-mail or an address
becomes a **personal** question: optional, stored apart and only with consent.
"""
from __future__ import annotations

import re

from flask_babel import gettext as _

from participation.core.errors import DomainError, ImportRejected
from participation.extensions import db
from participation.surveys import conditions
from participation.surveys.models import Option, Question, Survey
from participation.surveys.personal import is_personal
from participation.surveys.services import add_question, create_survey, set_condition
from participation.surveys.translations import set_text, tag_of_language_name
from participation.surveys.xlsform_read import read_sheets, sheet_rows

TRUE = {"yes", "true", "1", "oui", "true()"}
# XLSForm spec "Metadata" (with their uri: variants) plus rows that hold no answer
METADATA = {"start", "end", "today", "deviceid", "phonenumber", "username", "email",
            "simserial", "subscriberid", "audit", "start-geopoint", "background-audio",
            "imei", "instanceid"}
SKIPPED = METADATA | {"note", "calculate", "hidden", "xml-external", "csv-external"}
SIMPLE = {"text": "short_text", "integer": "number", "decimal": "number", "date": "date"}
MAX_QUESTIONS = 300  # a street questionnaire has 10 to 40; 300 bounds the page and the import
CHOICE_KINDS = ("select_one", "select_multiple", "rank")
GROUP = re.compile(r"^(begin|end)[\s_]+(group|repeat)\b", re.IGNORECASE)
# XLSForm columns that take a language (``hint::Arabe (ar)``) -> the question's field
TRANSLATED = {"label": "label", "hint": "help", "constraint_message": "constraint_message",
              "required_message": "required_message"}


def _limit(column) -> int:
    return column.type.length


def _type_words(raw: str) -> list[str]:
    """``"Begin  Group"`` -> ``["begin_group"]``; ``"select_one x"`` -> two words."""
    text = GROUP.sub(lambda m: f"{m.group(1).lower()}_{m.group(2).lower()}", " ".join(
        raw.split()))
    words = text.split()
    if words:
        words[0] = words[0].lower()
    return words


def _skipped(kind: str) -> bool:
    return kind.removeprefix("uri:") in SKIPPED


def _main_tag(settings: dict, headers) -> str:
    """The form's default language: ``settings.default_language``, else that of a plain
    ``label`` column ("fr", the contract's), else French or the first ``label::`` column's."""
    wanted = settings.get("default_language", "")
    tag = tag_of_language_name(wanted) if wanted else None
    tags = [tag_of_language_name(h.partition("::")[2]) for h in headers
            if h.startswith("label::")]
    if tag and (tag in tags or "label" in headers):
        return tag
    if "label" in headers or not any(tags):
        return tag or "fr"
    return "fr" if "fr" in tags else next(t for t in tags if t)


def _columns(headers, main_tag: str) -> tuple[dict, dict, list]:
    """``({base: main column}, {other column: (base, tag)}, errors)`` for the translated
    bases (label, hint, constraint_message, required_message): a base's main column is its
    default-language one (``label::Français (fr)``), else the plain one; a plain column left
    beside it gets tag None (its texts are refused: which language is it?)."""
    main, other, errors = {}, {}, []
    for header in headers:
        base, sep, name = header.partition("::")
        if base not in TRANSLATED:
            continue
        tag = tag_of_language_name(name) if sep else main_tag
        if tag is None:
            errors.append((1, _("colonne « %(c)s » : langue sans code ; écrivez-la comme Kobo "
                                "et ODK, « %(b)s::Arabe (ar) », le code entre parenthèses",
                                c=header, b=base)))
        elif tag != main_tag:
            other[header] = (base, tag)
        elif base in main and not sep:
            other[header] = (base, None)
        else:
            if base in main:
                other[main[base]] = (base, None)
            main[base] = header
    return main, other, errors


def _texts(row: dict, other: dict, line: int, errors: list) -> dict[tuple[str, str], str]:
    """The row's texts in the other languages: ``{(field, tag): text}``."""
    found = {}
    for column, (base, tag) in other.items():
        if not row.get(column):
            continue
        if tag is None:
            errors.append((line, _("colonne « %(c)s » sans langue à côté d'une colonne "
                                   "« %(c)s::… » de la même langue : supprimez-la ou donnez "
                                   "sa langue", c=column)))
        else:
            found[(TRANSLATED[base], tag)] = row[column]
    return found


def _choices(rows, main: dict, other: dict, errors: list) -> dict[str, list[tuple]]:
    """List name -> ``(line, name, label, {(field, tag): text})`` in the sheet's order."""
    lists: dict[str, list[tuple]] = {}
    for line, row in rows:
        name = row.get("name", "")
        lists.setdefault(row.get("list_name") or row.get("list name", ""), []).append(
            (line, name, row.get(main.get("label", ""), "") or name,
             _texts(row, other, line, errors)))
    return lists


def _list_errors(list_name: str, items: list[tuple[int, str, str]]) -> list[tuple[int, str]]:
    """Lengths of the schema (``survey_option``), empty and duplicated names or labels."""
    errors, names, labels = [], {}, {}
    for line, name, label, _tr in items:
        if not name:
            errors.append((line, _("liste « %(l)s » : choix sans nom", l=list_name)))
        elif len(name) > _limit(Option.__table__.c.name):
            errors.append((line, _("liste « %(l)s » : nom de choix trop long (%(n)s caractères, "
                                   "%(max)s au plus) : raccourcissez-le", l=list_name,
                                   n=len(name), max=_limit(Option.__table__.c.name))))
        if len(label) > _limit(Option.__table__.c.label):
            errors.append((line, _("liste « %(l)s » : libellé de choix trop long (%(n)s "
                                   "caractères, %(max)s au plus) : raccourcissez-le",
                                   l=list_name, n=len(label),
                                   max=_limit(Option.__table__.c.label))))
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
    spec["has_other"] = "or_other" in parts[2:]
    # yes/no only when nothing changes: names oui/non and labels Oui/Non (else a single choice)
    if kind == "select_one" and spec["option_names"] == ["oui", "non"] \
            and [x.casefold() for x in spec["options"]] == ["oui", "non"] \
            and not spec["has_other"]:
        spec["type"] = "yes_no"


def _spec(row: dict, cols: dict, lists: dict, parts: list[str]) -> dict:
    """One survey line as arguments for ``add_question`` (raises ValueError with a message);
    ``texts`` holds its other languages' texts (``_texts``)."""
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
    parser here, its names once every question is known (``_set_conditions``)."""
    own = _relevant_of(row)
    if own:
        try:
            conditions.parse(own)
        except conditions.ConditionError as exc:
            raise ValueError(_("colonne relevant : %(msg)s", msg=str(exc))) from None
    return conditions.combine([expr for _line, _kind, expr in groups] + [own])


def _check_row(row: dict, spec: dict, names: set) -> None:
    name = spec["name"] or ""
    if len(name) > _limit(Question.__table__.c.name):
        raise ValueError(_("nom de question trop long (%(n)s caractères, %(max)s au plus) : "
                           "raccourcissez-le", n=len(name),
                           max=_limit(Question.__table__.c.name)))
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


def _walk(survey_rows, cols: dict, lists: dict) -> tuple[list, list]:
    """Specs ``(line, spec, condition)`` and errors ``(line, message)`` of the survey sheet."""
    specs, errors, groups, names, used = [], [], [], set(), []
    for line, row in survey_rows:
        words = _type_words(row.get("type", ""))
        if not words:
            errors.append((line, _("feuille survey : type de question manquant")))
            continue
        if _group_step(words, line, row, groups, errors) or _skipped(words[0]):
            continue
        if words[0] in CHOICE_KINDS and words[1:2] and words[1] in lists:
            used.append(words[1])
        try:
            spec = _spec(row, cols, lists, words)
            spec["texts"] = _texts(row, cols["other"], line, errors)
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


def _settings_errors(settings: dict) -> list[tuple[int, str]]:
    errors = []
    for key, column in (("form_title", Survey.__table__.c.title),
                        ("form_id", Survey.__table__.c.form_id)):
        if len(settings.get(key, "")) > _limit(column):
            errors.append((2, _("feuille settings : %(k)s trop long (%(n)s caractères, %(max)s "
                                "au plus)", k=key, n=len(settings[key]), max=_limit(column))))
    return errors


def _headers(rows) -> list[str]:
    return list(dict.fromkeys(h for _line, row in rows for h in row))


def _languages(main_tag: str, *others: dict) -> list[str]:
    """The default tag, then the other columns' tags in order of appearance."""
    tags = [tag for other in others for _base, tag in other.values() if tag]
    return list(dict.fromkeys([main_tag, *tags]))


def parse_xlsform(content: bytes) -> tuple[str, str | None, list[tuple[int, dict, tuple]],
                                           list[str]]:
    """Title, form id, the question specs with their line and the language tags (default
    first), or ``ImportRejected``."""
    sheets = read_sheets(content)
    settings_rows = sheet_rows(sheets, "settings")
    settings = settings_rows[0][1] if settings_rows else {}
    survey_rows = sheet_rows(sheets, "survey")
    if not survey_rows:
        raise ImportRejected(_("La feuille « survey » est absente ou vide."), [(1, "survey")])
    main_tag = _main_tag(settings, _headers(survey_rows))
    cols = dict(zip(("main", "other", "errors"), _columns(_headers(survey_rows), main_tag),
                    strict=True))
    choice_rows = sheet_rows(sheets, "choices")
    choice_main, choice_other, choice_errors = _columns(_headers(choice_rows), main_tag)
    choice_other = {c: bt for c, bt in choice_other.items() if bt[0] == "label"}
    lists = _choices(choice_rows, choice_main, choice_other, choice_errors)
    specs, errors = _walk(survey_rows, cols, lists)
    errors[:0] = [*cols["errors"], *choice_errors]
    errors.extend(_settings_errors(settings))
    languages = _languages(main_tag, cols["other"], choice_other)
    if len(", ".join(languages)) > _limit(Survey.__table__.c.languages):
        errors.append((1, _("trop de langues (%(n)s) : gardez-en moins de 20", n=len(languages))))
    if errors:
        raise ImportRejected(_("Le questionnaire n'a pas été importé."), errors)
    if not specs:
        raise ImportRejected(_("Le questionnaire n'a pas été importé : il ne contient aucune "
                               "question (seulement des notes, des calculs, des groupes ou des "
                               "métadonnées)."), [(1, _("feuille survey : aucune question"))])
    if len(specs) > MAX_QUESTIONS:
        raise ImportRejected(_("Le questionnaire n'a pas été importé : %(n)s questions, %(max)s "
                               "au plus.", n=len(specs), max=MAX_QUESTIONS),
                             [(specs[MAX_QUESTIONS][0], _("feuille survey : trop de questions"))])
    title = settings.get("form_title") or _("Questionnaire importé")
    return title, settings.get("form_id"), specs, languages


def _set_conditions(specs, by_name: dict) -> list[tuple[int, str]]:
    """Store each question's condition; a name that is no earlier question (a later one, a
    note, a calculation, a group, a typo) or a choice that does not exist is refused with
    the line, never dropped."""
    errors = []
    for line, spec, condition in specs:
        if condition and spec["name"] in by_name:
            try:
                set_condition(by_name[spec["name"]], condition)
            except DomainError as exc:
                errors.append((line, _("feuille survey : condition (relevant) « %(e)s » : "
                                       "%(msg)s", e=condition[:160], msg=exc.message)))
    return errors


def import_xlsform(territory_id: int, content: bytes, quartier_ids=()):
    """Create a draft survey from an XLSForm; nothing is stored if one line is wrong."""
    title, form_id, specs, languages = parse_xlsform(content)
    survey = create_survey(territory_id, title, quartier_ids=quartier_ids,
                           languages=", ".join(languages), commit=False)
    survey.form_id = form_id
    errors, by_name, texts = [], {}, []
    for line, spec, _condition in specs:
        try:
            option_texts, own = spec.pop("option_texts", []), spec.pop("texts", {})
            question = by_name[spec["name"]] = add_question(survey, commit=False, **spec)
            texts.append((question, own))
            texts.extend(zip(question.options, option_texts, strict=False))
        except DomainError as exc:
            errors.append((line, exc.message))
    db.session.flush()
    rows: dict[str, dict] = {}  # a new survey: no stored translation yet
    for obj, found in texts:
        for (field, tag), text in found.items():
            set_text(survey, obj, field, tag, text, rows.setdefault(tag, {}))
    errors.extend(_set_conditions(specs, by_name))
    if errors:
        db.session.rollback()
        raise ImportRejected(_("Le questionnaire n'a pas été importé."), errors)
    db.session.commit()
    return survey
