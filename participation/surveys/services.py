"""Building questionnaires: surveys, questions, options, conditions, profile questions.

Services take plain arguments, own the transaction and raise ``DomainError`` with a French
message naming the field.
"""
from __future__ import annotations

import re
import secrets
import unicodedata

from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.contributions.kind_changes import follow_question
from participation.contributions.kinds import kind_for_question
from participation.contributions.models import KINDS
from participation.core.errors import DomainError
from participation.extensions import db
from participation.surveys import conditions
from participation.surveys.models import (
    CHOICE_TYPES,
    NUMERIC_TYPES,
    QUESTION_TYPES,
    STATUSES,
    Option,
    Question,
    Response,
    Survey,
    Translation,
)
from participation.surveys.responses import retag_question_answers
from participation.surveys.translations import default_language, parse_languages
from participation.territory.models import Challenge, Quartier, Territory

QUESTION_FIELDS = ("label", "help", "required", "personal", "min_value", "max_value",
                   "whole_number",
                   "min_label", "max_label", "min_choices", "max_choices", "has_other",
                   "contribution_kind", "codebook", "constraint_message", "required_message")


def slugify(text: str, max_len: int = 50) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:max_len] or "q"


def _unique_slug(title: str) -> str:
    base = slugify(title, 40)
    slug = base
    while db.session.scalar(select(Survey.id).where(Survey.slug == slug)):
        slug = f"{base}-{secrets.token_hex(2)}"
    return slug


def _quartiers(territory_id: int, quartier_ids) -> list[Quartier]:
    ids = {int(i) for i in quartier_ids or ()}
    found = list(db.session.scalars(select(Quartier).where(
        Quartier.id.in_(ids), Quartier.territory_id == territory_id)))
    if len(found) != len(ids):
        raise DomainError(_("Quartier inconnu pour ce territoire."), field="quartier_ids")
    return found


def contract_language(territory_id: int) -> str:
    """The language the territory's current contract is written in (``Contract.language``),
    "fr" without a contract: a new survey's default language, the results' language."""
    contract = db.session.get(Territory, territory_id).current_contract
    return (contract.language if contract else "") or "fr"


def create_survey(territory_id: int, title: str, intro: str = "", quartier_ids=(),
                  languages: str | None = None, commit: bool = True, **dates) -> Survey:
    """A draft survey; ``languages`` defaults to the contract's (``contract_language``)."""
    title = (title or "").strip()
    if not (languages or "").strip():
        languages = contract_language(territory_id)
    if not title:
        raise DomainError(_("Donnez un titre au questionnaire."), field="title")
    survey = Survey(territory_id=territory_id, title=title, intro=intro or "",
                    slug=_unique_slug(title), languages=", ".join(parse_languages(languages)),
                    quartiers=_quartiers(territory_id, quartier_ids), **dates)
    db.session.add(survey)
    if commit:
        db.session.commit()
    return survey


def _check_languages(survey: Survey, languages: str) -> str:
    """The cleaned ``languages``; the default (first) language stays while translations exist:
    the survey's own texts are written in it (``translations.py``)."""
    tags = parse_languages(languages)
    if survey.id is not None and tags[0] != default_language(survey) and db.session.scalar(
            select(Translation.id).where(Translation.survey_id == survey.id).limit(1)):
        raise DomainError(_("La première langue (%(tag)s) est celle dans laquelle le "
                            "questionnaire est écrit : gardez-la en tête tant qu'il a des "
                            "traductions.", tag=default_language(survey)), field="languages")
    return ", ".join(tags)


def update_survey(survey: Survey, title: str, intro: str, quartier_ids, languages: str,
                  opens_at=None, closes_at=None, thanks: str | None = None) -> Survey:
    if not (title or "").strip():
        raise DomainError(_("Donnez un titre au questionnaire."), field="title")
    if opens_at and closes_at and closes_at <= opens_at:
        raise DomainError(_("La fermeture doit suivre l'ouverture."), field="closes_at")
    survey.languages = _check_languages(survey, languages)
    survey.title, survey.intro = title.strip(), intro or ""
    if thanks is not None:
        survey.thanks = thanks.strip()
    survey.quartiers = _quartiers(survey.territory_id, quartier_ids)
    survey.opens_at, survey.closes_at = opens_at, closes_at
    db.session.commit()
    return survey


def set_status(survey: Survey, status: str) -> None:
    if status not in STATUSES:
        raise DomainError(_("Statut inconnu."), field="status")
    if status == "open" and not survey.questions:
        raise DomainError(_("Ajoutez au moins une question avant d'ouvrir le questionnaire."))
    survey.status = status
    db.session.commit()


def _unique_name(survey: Survey, label: str, wanted: str | None = None) -> str:
    base = wanted[:60] if wanted else slugify(label, 30).replace("-", "_")[:50]
    taken = {q.name for q in survey.questions}
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    return name


def _check_question(question: Question) -> None:
    if not (question.label or "").strip():
        raise DomainError(_("Écrivez l'intitulé de la question."), field="label")
    if question.type in NUMERIC_TYPES and None not in (question.min_value, question.max_value) \
            and question.min_value >= question.max_value:
        raise DomainError(_("Le minimum doit être inférieur au maximum."), field="max_value")
    if question.type == "scale" and None in (question.min_value, question.max_value):
        raise DomainError(_("Une échelle a un minimum et un maximum."), field="min_value")
    if question.contribution_kind not in KINDS:
        raise DomainError(_("Nature de contribution inconnue."), field="contribution_kind")
    if question.personal:
        question.required = False


def set_options(question: Question, labels: list[str], names: list[str] | None = None) -> None:
    """Keep options whose label is unchanged (and their answers), add and remove the rest."""
    labels = [x.strip() for x in labels if x and x.strip()]
    if question.type == "yes_no":
        labels, names = [_("Oui"), _("Non")], ["oui", "non"]
    if question.type in CHOICE_TYPES and len(labels) < 2:
        raise DomainError(_("Donnez au moins deux choix, un par ligne."), field="options")
    if len(set(labels)) != len(labels):
        raise DomainError(_("Deux choix ont le même libellé."), field="options")
    current = {o.label: o for o in question.options}
    keep = []
    for i, label in enumerate(labels):
        option = current.pop(label, None) or Option(label=label)
        option.position = i
        if option.name is None:
            option.name = (names[i] if names else None) or slugify(label, 40).replace("-", "_")
        keep.append(option)
    question.options = keep
    seen: set[str] = set()
    for option in keep:
        while option.name in seen:
            option.name += "_"
        seen.add(option.name)


def _set_challenges(question: Question, challenge_ids) -> None:
    ids = {int(i) for i in challenge_ids or ()}
    found = list(db.session.scalars(select(Challenge).where(
        Challenge.id.in_(ids), Challenge.territory_id == question.survey.territory_id)))
    if len(found) != len(ids):
        raise DomainError(_("Enjeu inconnu pour ce territoire."), field="challenges")
    before = {c.id for c in question.challenges}
    question.challenges = found
    if question.id is not None and before != ids:
        retag_question_answers(question)


def _literal_errors(node: dict, by_name: dict) -> list[str]:
    """Values compared with a choice question that are none of its choices' names."""
    args = node.get("args", [])
    errors = [e for arg in args for e in _literal_errors(arg, by_name)]
    if node.get("op") not in ("=", "!=", "selected") or len(args) != 2:
        return errors
    ref = next((a["ref"] for a in args if "ref" in a), None)
    literal = next((a["lit"] for a in args if isinstance(a.get("lit"), str)), None)
    source = by_name.get(ref)
    if source is None or literal is None or not source.is_choice:
        return errors
    names = {o.name for o in source.options} | ({"other"} if source.has_other else set())
    errors.extend(_("« %(v)s » n'est pas un choix de la question « %(q)s » (choix : "
                    "%(names)s)", v=word, q=ref, names=", ".join(sorted(names)))
                  for word in literal.split() if word not in names)
    return errors


ORDERS = ("<", "<=", ">", ">=")


def _counted_side(arg: dict, by_name: dict) -> str | None:
    """What a comparison side counts or measures (``count-selected(${q})`` or a number
    question), as the French words of a refusal; None for anything else."""
    if arg.get("op") == "count-selected":
        ref = arg["args"][0].get("ref") if arg.get("args") else None
        return f"count-selected(${{{ref}}})" if ref else None
    source = by_name.get(arg.get("ref"))
    if source is not None and source.type in NUMERIC_TYPES:
        return "${" + source.name + "}"
    return None


def _number_errors(node: dict, by_name: dict) -> list[str]:
    """A count of choices or a number question compared with a text that is no number
    (``count-selected(${q}) >= 'deux'``, ``${age} >= ''``): XPath would turn the text into
    NaN and the condition would never hold, hiding the question from everyone. ``''`` stays
    allowed with ``=``/``!=`` on a number question (answered or not)."""
    args = node.get("args", [])
    errors = [e for arg in args for e in _number_errors(arg, by_name)]
    if node.get("op") not in ("=", "!=", *ORDERS) or len(args) != 2:
        return errors
    for side, other in ((args[0], args[1]), (args[1], args[0])):
        what = _counted_side(side, by_name)
        literal = other.get("lit")
        if what is None or not isinstance(literal, str) or conditions.NUMBER_TEXT.match(literal):
            continue
        if literal == "" and node["op"] in ("=", "!=") and side.get("op") != "count-selected":
            continue
        errors.append(_("%(what)s se compare à un nombre, pas à « %(v)s »", what=what,
                        v=literal))
    return errors


def check_condition(question: Question, expression: str) -> tuple[str, dict | None]:
    """The expression and its AST if every name it reads is an earlier, non-personal
    question of the survey and every compared choice exists; else ``DomainError`` (French,
    field ``relevant``). Source of the rule: XLSForm ``relevant`` reads earlier answers."""
    try:
        ast = conditions.parse(expression)
    except conditions.ConditionError as exc:
        raise DomainError(str(exc), field="relevant") from None
    earlier = {q.name: q for q in question.survey.questions
               if q.position < question.position and q is not question}
    everyone = {q.name for q in question.survey.questions}
    for name in conditions.references(ast):
        if name not in everyone:
            raise DomainError(_("la condition lit ${%(n)s}, qui n'est pas une question de ce "
                                "questionnaire", n=name), field="relevant")
        if name not in earlier:
            raise DomainError(_("la condition lit ${%(n)s}, qui vient après cette question (ou "
                                "est cette question) : une condition ne lit que des réponses "
                                "déjà données", n=name), field="relevant")
        if earlier[name].personal:
            raise DomainError(_("la condition lit ${%(n)s}, une donnée personnelle gardée à "
                                "part des réponses : elle ne peut pas servir de condition",
                                n=name), field="relevant")
    errors = (_literal_errors(ast, earlier) + _number_errors(ast, earlier)) if ast else []
    if errors:
        raise DomainError(errors[0], field="relevant")
    return (expression or "").strip(), ast


def set_condition(question: Question, expression: str | None) -> None:
    """Store the display condition (``""``/None: always shown), checked by
    ``check_condition``."""
    text, ast = check_condition(question, expression or "")
    question.relevant, question.relevant_ast = text, conditions.dumps(ast)


def add_question(survey: Survey, type: str, label: str, options=(), *, name: str | None = None,
                 option_names=None, challenge_ids=(), commit: bool = True,
                 **fields) -> Question:
    if type not in QUESTION_TYPES:
        raise DomainError(_("Type de question inconnu."), field="type")
    position = max((q.position for q in survey.questions), default=-1) + 1
    question = Question(type=type, label=(label or "").strip(), position=position,
                        name=_unique_name(survey, label or "q", name), **fields)
    # an import or the CLI gives no kind: read it from the wording ("Qu'aimez-vous…" -> atout)
    question.contribution_kind = question.contribution_kind or kind_for_question(question.label)
    _check_question(question)
    survey.questions.append(question)
    if type in CHOICE_TYPES:
        set_options(question, list(options), option_names)
    _set_challenges(question, challenge_ids)
    if commit:
        db.session.commit()
    return question


def update_question(question: Question, options=None, challenge_ids=(), condition=None,
                    **fields) -> tuple[int, int]:
    """Save ``fields``, choices, challenges and condition (one commit); a new contribution
    kind reaches the contributions of its answers (``kind_changes.follow_question``):
    ``(changed, kept)``, those whose kind was set one by one being kept."""
    before = question.contribution_kind
    for key in QUESTION_FIELDS:
        if key in fields:
            setattr(question, key, fields[key])
    _check_question(question)
    followed = follow_question(question) if question.id is not None \
        and before != question.contribution_kind else (0, 0)
    if question.type in CHOICE_TYPES and options is not None:
        set_options(question, list(options))
    _set_challenges(question, challenge_ids)
    if condition is not None:
        set_condition(question, condition)
    db.session.commit()
    return followed


def _reads(question: Question, source: Question) -> bool:
    return source.name in conditions.references(question.condition)


def move_question(question: Question, step: int) -> None:
    """Swap with the neighbour; a question cannot move above the one its condition reads."""
    questions = list(question.survey.questions)
    i = questions.index(question)
    j = i + step
    if not 0 <= j < len(questions):
        return
    other = questions[j]
    if _reads(question, other) or _reads(other, question):
        raise DomainError(_("Une question conditionnelle doit rester après celle dont elle "
                            "dépend."))
    question.position, other.position = other.position, question.position
    db.session.commit()


def delete_question(question: Question) -> None:
    survey = question.survey
    readers = [other.label for other in survey.questions if _reads(other, question)]
    if readers:
        raise DomainError(_("La condition d'affichage de « %(q)s » lit cette question : "
                            "modifiez-la d'abord.", q=readers[0][:80]))
    survey.questions.remove(question)
    db.session.commit()


def response_count(survey: Survey) -> int:
    return db.session.scalar(select(func.count(Response.id)).where(
        Response.survey_id == survey.id)) or 0


def duplicate_survey(survey: Survey) -> Survey:
    """A new draft with the same questions, options, conditions and tags; no responses."""
    copy = create_survey(survey.territory_id, _("%(title)s (copie)", title=survey.title),
                         survey.intro, [q.id for q in survey.quartiers], survey.languages,
                         commit=False)
    mapping: dict[int, Question] = {}
    for q in survey.questions:
        new = Question(**{k: getattr(q, k) for k in QUESTION_FIELDS + ("type", "name",
                                                                        "position")})
        new.options = [Option(name=o.name, label=o.label, position=o.position,
                              quartier_id=o.quartier_id) for o in q.options]
        new.challenges = list(q.challenges)
        new.relevant, new.relevant_ast = q.relevant, q.relevant_ast
        mapping[q.id] = new
        copy.questions.append(new)
    copy.thanks = survey.thanks
    db.session.flush()
    _copy_translations(survey, copy, mapping)
    db.session.commit()
    return copy


def _copy_translations(survey: Survey, copy: Survey, mapping: dict[int, Question]) -> None:
    """The copy gets every translation of the original, on its own questions and options."""
    options = {o.id: new_o for q in survey.questions
               for o, new_o in zip(q.options, mapping[q.id].options, strict=True)}
    for row in db.session.scalars(select(Translation).where(
            Translation.survey_id == survey.id)):
        question = mapping.get(row.question_id) if row.question_id else None
        option = options.get(row.option_id) if row.option_id else None
        target = f"q{question.id}" if question else f"o{option.id}" if option else "survey"
        db.session.add(Translation(survey_id=copy.id, target=target, field=row.field,
                                   language=row.language, text=row.text,
                                   question_id=question.id if question else None,
                                   option_id=option.id if option else None))
