"""Which question of a survey gives its responses' quartier, and linking the responses to it.

A response is linked to a quartier (``Response.quartier_id``, and the ``quartier_id`` of the
contributions made of its free texts) through the one single-choice question of the survey
whose options stand for quartiers (``Option.quartier_id``): the "quartier question".
Every channel reads it when it stores a response (``responses.quartier_from``,
``bulk._quartier``, ``quick_answer``); a response that does not answer it (or picks an option
mapped to no quartier) falls back to the survey's one concerned quartier when it names exactly
one, else it stays "Non précisé" (NULL).

The question is recognised in an imported XLSForm (``link_imported``): a ``select_one``
whose choices are the territory's quartiers under any of their names: official name, code
(QPV code such as ``QN05999X``) or a name residents use (``quartier_name``), compared
*folded* (``fold``: accents, case, punctuation and spacing ignored, so "Cite des Pres" is
"Cité des Prés"). The platform's own export writes each choice's quartier code in the choices
sheet's ``pdq_quartier`` column (``xlsform_export``), read back first: its round trip keeps a
mapping the coordinator made by hand. A choice that matches no quartier is never dropped: it
stays "Non précisé" and ``describe`` names it with a French message; the coordinator maps it
afterwards (``set_mapping``, page "Quartier des réponses"), which re-links the survey's
existing responses and their contributions in the caller's transaction (``relink``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from participation.contributions.models import Contribution
from participation.core import data_version
from participation.extensions import db
from participation.surveys.models import Answer, Option, Question, Response, Survey
from participation.territory.models import Quartier

AMBIGUOUS = 0  # a folded name shared by two quartiers: matches neither (the coordinator picks)
EXPORT_COLUMN = "pdq_quartier"  # choices sheet: the quartier code of the platform's export
# on folded text: a leading article ("La Cité des Prés"), a leading "quartier (du)"/"QPV"
# ("Quartier Pasteur-Foch", "QPV du Bourg"), a part in brackets ("Pasteur-Foch (Hazebrouck)")
ARTICLE = re.compile(r"^(?:le|la|les|l) ")
PREFIX = re.compile(r"^(?:(?:le )?quartier|qpv) (?:(?:de la|de l|des|du|de|d) )?")


def fold(text: str | None) -> str:
    """``"  Cité des  Prés !"`` -> ``"cite des pres"``: accents, case, punctuation and spacing
    ignored (œ/æ spelt oe/ae). The comparison key of every quartier name."""
    text = (text or "").replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace(
        "Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[\W_]+", " ", bare).strip()


def _variants(text: str | None) -> list[str]:
    """The folded spellings a choice is looked up under, the closest first: as written,
    without a part in brackets, then each without a leading "quartier"/"QPV" and article."""
    written = [fold(text), fold(re.sub(r"\([^)]*\)", " ", text or ""))]
    found = written + [ARTICLE.sub("", PREFIX.sub("", v)) for v in written]
    return [v for v in dict.fromkeys(found) if v]


def quartier_keys(territory_id: int) -> dict[str, int]:
    """Folded official name, code and resident names of every quartier of the territory, each
    also without its leading article -> its id; ``AMBIGUOUS`` (0) for a key two quartiers
    share."""
    keys: dict[str, int] = {}
    quartiers = db.session.scalars(select(Quartier).where(
        Quartier.territory_id == territory_id).order_by(Quartier.id))
    for quartier in quartiers:
        names = [quartier.name, quartier.code, *(rn.name for rn in quartier.resident_names)]
        for key in {v for n in names for v in (fold(n), ARTICLE.sub("", fold(n)))} - {""}:
            keys[key] = quartier.id if keys.get(key, quartier.id) == quartier.id else AMBIGUOUS
    return keys


def match_option(keys: dict[str, int], label: str, name: str = "", code: str = "") -> int | None:
    """The quartier an option stands for: its ``code`` (``pdq_quartier`` column) first, then
    its label, then its name (a Kobo name may be the QPV code), each under its ``_variants``;
    ``AMBIGUOUS`` (0) when the first that matches is shared by two quartiers; None when
    nothing matches."""
    for text in (code, label, name):
        for variant in _variants(text):
            if variant in keys:
                return keys[variant]
    return None


def matched_by(quartier: Quartier, label: str, name: str = "", code: str = "") -> str:
    """Which of ``quartier``'s names a choice was matched under, in ``match_option``'s order:
    "export" (the choice's ``pdq_quartier`` cell), "code" (its QPV code), "name" (its
    official name), "resident" (a name residents use), or "" (none: mapped by hand)."""
    kinds = [("code", [quartier.code]), ("name", [quartier.name]),
             ("resident", [rn.name for rn in quartier.resident_names])]
    keys: dict[str, str] = {}
    for kind, names in kinds:
        for key in {v for n in names for v in (fold(n), ARTICLE.sub("", fold(n)))} - {""}:
            keys.setdefault(key, kind)
    for text, source in ((code, "export"), (label, None), (name, None)):
        for variant in _variants(text):
            if variant in keys:
                return source or keys[variant]
    return ""


@dataclass
class Proposal:
    """A question proposed as the quartier question: option position -> quartier id (None:
    no match, ``AMBIGUOUS``: two quartiers) and whether the export's codes said so."""

    question: Question
    found: list[int | None] = field(default_factory=list)
    coded: bool = False

    @property
    def matched(self) -> int:
        return sum(1 for qid in self.found if qid)

    def plausible(self) -> bool:
        """At least one choice is a quartier, and half of them are, or the question names
        "quartier" (a list with "Autre quartier", "Hors du quartier" and neighbours)."""
        if self.coded:
            return True
        named = "quartier" in fold(f"{self.question.name} {self.question.label}")
        return self.matched > 0 and (2 * self.matched >= len(self.found) or named)


def propose(questions: list[Question], keys: dict[str, int],
            codes: dict[str, list[str]] | None = None) -> Proposal | None:
    """The single-choice question the most likely to be the quartier question (codes from the
    export first, then the most matched choices, then the first in the form), or None.
    ``codes``: question name -> the ``pdq_quartier`` cell of each of its choices."""
    best = None
    for question in questions:
        if question.type != "single" or question.personal:
            continue
        cells = (codes or {}).get(question.name) or [""] * len(question.options)
        proposal = Proposal(question, [match_option(keys, o.label, o.name, cell) for o, cell
                                       in zip(question.options, cells, strict=False)],
                            coded=any(cells))
        rank = (proposal.coded, proposal.matched)
        if proposal.plausible() and (best is None or rank > (best.coded, best.matched)):
            best = proposal
    return best


def link_imported(survey: Survey, codes: dict[str, list[str]] | None = None) -> Question | None:
    """Map the options of the recognised quartier question of a just-imported survey (flushed
    questions; the caller commits); returns the question, or None when there is none."""
    proposal = propose(list(survey.questions), quartier_keys(survey.territory_id), codes)
    if proposal is None:
        return None
    for option, quartier_id in zip(proposal.question.options, proposal.found, strict=False):
        option.quartier_id = quartier_id or None
    return proposal.question


def quartier_question(survey: Survey) -> Question | None:
    """The survey's quartier question: the first with an option mapped to a quartier."""
    return next((q for q in survey.questions if any(o.quartier_id for o in q.options)), None)


@dataclass
class Unlinked:
    """A survey whose stored responses no question links to a quartier: how many, and the
    single-choice question whose choices match the territory's quartiers (``propose``), with
    how many of its choices match, when there is one."""

    responses: int
    question: Question | None = None
    matched: int = 0
    choices: int = 0


def unlinked(survey: Survey) -> Unlinked | None:
    """Why the survey's responses count "Non précisé" (a questionnaire imported before its
    quartier question was recognised: nothing re-links it but the coordinator saving « Quartier
    des réponses », whose mapping is a guess to check, never applied to past figures without
    them); None when a question gives the quartier, the survey concerns one quartier (its
    responses count there), or it has no response yet."""
    if quartier_question(survey) is not None or len(survey.quartiers) == 1:
        return None
    count = db.session.scalar(select(func.count(Response.id)).where(
        Response.survey_id == survey.id))
    if not count:
        return None
    candidates = [q for q in survey.questions if q.type == "single" and not q.personal]
    proposal = propose(candidates, quartier_keys(survey.territory_id))
    if proposal is None:
        return Unlinked(count)
    return Unlinked(count, proposal.question, proposal.matched, len(proposal.found))


@dataclass
class Row:
    """One choice of the quartier question as the preview shows it."""

    option: Option
    quartier: Quartier | None
    message: str = ""


def _unmapped_message(option: Option, keys: dict[str, int]) -> str:
    if match_option(keys, option.label, option.name) == AMBIGUOUS:
        return _("« %(c)s » est un nom de plusieurs quartiers du territoire : choisissez son "
                 "quartier, sinon ses réponses restent « Non précisé ».", c=option.label)
    return _("« %(c)s » ne correspond à aucun quartier du territoire : ses réponses restent "
             "« Non précisé » tant qu'il n'est pas relié à un quartier.", c=option.label)


def describe(survey: Survey) -> tuple[Question | None, list[Row]]:
    """The quartier question and each of its choices with its quartier, or the French reason
    it has none (its answers stay "Non précisé"); ``(None, [])`` when the survey has none."""
    question = quartier_question(survey)
    if question is None:
        return None, []
    keys = quartier_keys(survey.territory_id)
    names = {q.id: q for q in db.session.scalars(select(Quartier).where(
        Quartier.territory_id == survey.territory_id))}
    return question, [Row(o, names.get(o.quartier_id)) if o.quartier_id
                      else Row(o, None, _unmapped_message(o, keys)) for o in question.options]


def preview_counts(survey: Survey, rows: list[dict]) -> list[tuple[str, int]]:
    """How many of the rows about to be imported (``{"values": {question id: {"options":
    [option ids]}}}``) go to each quartier, as ``bulk`` will store them: ``(quartier name or
    "Non précisé", count)``, quartiers by name, "Non précisé" last, zero counts left out."""
    by_option = {o.id: o.quartier_id for q in survey.questions for o in q.options
                 if o.quartier_id}
    default = survey.quartiers[0].id if len(survey.quartiers) == 1 else None
    counts: dict[int | None, int] = {}
    for row in rows:
        chosen = (by_option[i] for value in row["values"].values()
                  for i in value.get("options") or () if i in by_option)
        quartier_id = next(chosen, default)
        counts[quartier_id] = counts.get(quartier_id, 0) + 1
    names = dict(db.session.execute(select(Quartier.id, Quartier.name).where(
        Quartier.territory_id == survey.territory_id)).all())
    found = sorted((names[qid], n) for qid, n in counts.items() if qid is not None)
    return found + ([(_("Non précisé"), counts[None])] if None in counts else [])


def relink(survey: Survey) -> dict[int | None, int]:
    """Set every response of the survey to the quartier its answers give now (as a new
    response would get it: ``responses.quartier_from``), then every contribution made of their
    answers (``source_type`` "survey_answer") to its response's quartier; UPDATE statements in
    the caller's transaction, the territory's data version changed (analyses recomputed).
    Returns quartier id (None: "Non précisé") -> number of responses."""
    default = survey.quartiers[0].id if len(survey.quartiers) == 1 else None
    db.session.execute(update(Response).where(Response.survey_id == survey.id).values(
        quartier_id=default).execution_options(synchronize_session=False))
    by_quartier: dict[int, list[int]] = {}
    for question in survey.questions:
        for option in question.options:
            if option.quartier_id:
                by_quartier.setdefault(option.quartier_id, []).append(option.id)
    for quartier_id, option_ids in by_quartier.items():
        answered = select(Answer.response_id).where(Answer.option_id.in_(option_ids))
        db.session.execute(update(Response).where(
            Response.survey_id == survey.id, Response.id.in_(answered)).values(
            quartier_id=quartier_id).execution_options(synchronize_session=False))
    _relink_contributions(survey)
    data_version.bump(db.session, {survey.territory_id})
    db.session.expire_all()
    return dict(db.session.execute(select(Response.quartier_id, func.count(Response.id)).where(
        Response.survey_id == survey.id).group_by(Response.quartier_id)).all())


def _relink_contributions(survey: Survey) -> None:
    """Each contribution of an answer of the survey takes its response's quartier."""
    of_answer = select(Response.quartier_id).join(Answer, Answer.response_id == Response.id) \
        .where(Answer.id == Contribution.source_id).scalar_subquery()
    answers = select(Answer.id).join(Response, Response.id == Answer.response_id).where(
        Response.survey_id == survey.id)
    db.session.execute(update(Contribution).where(
        Contribution.territory_id == survey.territory_id,
        Contribution.source_type == "survey_answer",
        Contribution.source_id.in_(answers)).values(quartier_id=of_answer)
        .execution_options(synchronize_session=False))


def set_mapping(survey: Survey, question: Question,
                mapping: dict[int, int | None]) -> dict[int | None, int]:
    """Make ``question`` the quartier question with ``mapping`` (its option id -> quartier id
    of the survey's territory, None: "Non précisé"); the other questions' options lose their
    quartier; then ``relink`` and commit, all in one transaction. Returns ``relink``'s counts.
    Raises ``ValueError`` for a question of another survey, not single-choice, or a quartier
    of another territory (the form offers neither)."""
    allowed = set(db.session.scalars(select(Quartier.id).where(
        Quartier.territory_id == survey.territory_id)))
    if question.survey_id != survey.id or question.type != "single" \
            or not set(filter(None, mapping.values())) <= allowed:
        raise ValueError("question or quartier outside the survey's territory")
    for other in survey.questions:
        for option in other.options:
            option.quartier_id = mapping.get(option.id) if other.id == question.id else None
    db.session.flush()
    counts = relink(survey)
    db.session.commit()
    return counts
