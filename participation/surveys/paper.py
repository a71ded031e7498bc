"""Paper questionnaires typed in by facilitators: digits for choices, batches, double entry.

On the paper sheet and on the entry screen each choice is numbered 1, 2, 3...; the number after
the last option is "Autre" (its text goes in the next box). A multiple choice takes several
digits separated by spaces ("1 3"). ``paper_to_form`` turns those digits into the same form
data a resident posts, so the same rules (conditions, bounds) apply.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from participation.core import clock
from participation.core.errors import DomainError
from participation.extensions import db
from participation.surveys.answering import read_answers
from participation.surveys.models import Answer, Batch, Response, Survey
from participation.surveys.responses import build_response, new_token, record_contributions


def other_number(question) -> int:
    return len(question.options) + 1


def _choice_digits(question, raw: str) -> tuple[list[str], str | None]:
    picked, error = [], None
    for token in raw.replace(",", " ").split():
        if not token.isdigit() or not 1 <= int(token) <= len(question.options) + \
                int(question.has_other):
            error = _("Tapez un numéro entre 1 et %(n)s.",
                      n=len(question.options) + int(question.has_other))
            continue
        n = int(token)
        picked.append("autre" if n == other_number(question) else
                      str(question.options[n - 1].id))
    return picked, error


def paper_to_form(questions, data) -> tuple[MultiDict, dict]:
    """Digits typed for choices become option ids; other fields pass through."""
    form, errors = MultiDict(), {}
    for question in questions:
        name = f"q{question.id}"
        if question.type in ("single", "yes_no", "multiple"):
            picked, error = _choice_digits(question, data.get(name, ""))
            if error:
                errors[question.id] = error
            if question.type != "multiple" and len(picked) > 1:
                errors[question.id] = _("Un seul numéro pour cette question.")
            form.setlist(name, picked)
            form[name + "_autre"] = data.get(name + "_autre", "")
        else:
            for key in data:
                if key == name or key.startswith(name + "_"):
                    form[key] = data.get(key)
    return form, errors


def create_batch(survey: Survey, label: str, collected_on, place: str, user_id: int | None,
                 verifies: Batch | None = None) -> Batch:
    if verifies is not None and (verifies.survey_id != survey.id or verifies.verifies_id):
        raise DomainError(_("Ce lot ne peut pas être vérifié ici."), field="verifies_id")
    batch = Batch(survey_id=survey.id, label=label.strip(), collected_on=collected_on,
                  place=place.strip(), created_by_id=user_id,
                  verifies_id=verifies.id if verifies else None)
    db.session.add(batch)
    db.session.commit()
    return batch


def batch_count(batch: Batch) -> int:
    return db.session.scalar(select(func.count(Response.id)).where(
        Response.batch_id == batch.id)) or 0


def next_sheet(batch: Batch) -> int:
    return (db.session.scalar(select(func.max(Response.sheet_number)).where(
        Response.batch_id == batch.id)) or 0) + 1


def read_sheet(survey: Survey, sheet_number: int, data) -> tuple[dict, dict]:
    """Values and errors of one typed sheet (digits -> options, then the residents' rules
    without "required": blank stays blank on paper)."""
    form, errors = paper_to_form(survey.questions, data)
    values, more = read_answers(survey.questions, form, enforce_required=False)
    errors = more | errors
    personal = [q for q in survey.questions if q.personal and q.id in values]
    if personal and not data.get("consent"):  # refused, never dropped (t26field defect 3)
        errors[personal[0].id] = _("La case « j’accepte que mes coordonnées soient "
                                   "conservées » n’est pas cochée : cochez-la si elle l’est "
                                   "sur la feuille, ou effacez les coordonnées.")
    if not sheet_number or sheet_number < 1:
        errors["sheet"] = _("Indiquez le numéro de la feuille.")
    return values, errors


def add_sheet_response(batch: Batch, sheet_number: int, values: dict, data,
                       user_id: int | None, token: str | None = None) -> Response:
    """Add and flush the sheet's response (``IntegrityError`` if the number is taken). A
    sheet has a day, no hour: its response is dated the batch's day, stored as the instant
    of midnight in Paris (``clock.day_start``), so that the day read back in Paris
    (``clock.local_day``: the contributions' "said on", the figures, the exports) is the
    day written on the batch, whatever the time it is typed in."""
    response = build_response(
        batch.survey, values, token=token or new_token(), channel="papier", place=batch.place,
        batch_id=batch.id, sheet_number=sheet_number, created_by_id=user_id,
        consent=bool(data.get("consent")),
        submitted_at=clock.day_start(batch.collected_on))
    db.session.add(response)
    db.session.flush()
    if batch.verifies_id is None:
        record_contributions(batch.survey, response)
    return response


def sheet_taken(sheet_number: int) -> dict:
    return {"sheet": _("La feuille n° %(n)s est déjà saisie dans ce lot.", n=sheet_number)}


def enter_sheet(batch: Batch, sheet_number: int, data, user_id: int | None) -> tuple:
    """Store one typed sheet; returns (response, errors). Errors store nothing."""
    values, errors = read_sheet(batch.survey, sheet_number, data)
    if errors:
        return None, errors
    try:
        response = add_sheet_response(batch, sheet_number, values, data, user_id)
    except IntegrityError:
        db.session.rollback()
        return None, sheet_taken(sheet_number)
    db.session.commit()
    return response, {}


def _answer_key(response: Response) -> dict[int, tuple]:
    keys: dict[int, list] = {}
    for a in response.answers:
        keys.setdefault(a.question_id, []).append(
            (a.option_id or 0, a.text or "", a.number if a.number is not None else ""))
    return {qid: tuple(sorted(v, key=str)) for qid, v in keys.items()}


def compare_batches(first: Batch, second: Batch) -> list[dict]:
    """Sheets where the two keyings differ: [{sheet, question, first, second}]."""
    a = {r.sheet_number: r for r in first.responses}
    b = {r.sheet_number: r for r in second.responses}
    labels = {q.id: q.label for q in first.survey.questions}
    mismatches = []
    for sheet in sorted(set(a) | set(b)):
        if sheet not in a or sheet not in b:
            mismatches.append({"sheet": sheet, "question": _("Feuille saisie une seule fois"),
                               "first": sheet in a, "second": sheet in b})
            continue
        ka, kb = _answer_key(a[sheet]), _answer_key(b[sheet])
        for qid in sorted(set(ka) | set(kb)):
            if ka.get(qid) != kb.get(qid):
                mismatches.append({"sheet": sheet, "question": labels.get(qid, ""),
                                   "first": _describe(a[sheet], qid),
                                   "second": _describe(b[sheet], qid)})
    return mismatches


def _describe(response: Response, qid: int) -> str:
    options = {o.id: o.label for q in response.survey.questions for o in q.options}
    parts = [options.get(a.option_id) if a.option_id else (
        a.text if a.text is not None else f"{a.number:g}" if a.number is not None else "")
        for a in response.answers if a.question_id == qid]
    return " | ".join(p for p in parts if p) or "—"


def adopt_second(first: Batch, second: Batch, sheet: int) -> Response:
    """Resolve a mismatch: the first keying of ``sheet`` takes the second keying's answers
    (after checking the paper sheet); contributions follow the corrected answers."""
    from participation.contributions.models import Contribution

    source = next((r for r in second.responses if r.sheet_number == sheet), None)
    if source is None or second.verifies_id != first.id:
        raise DomainError(_("Cette feuille n'a pas de seconde saisie."))
    target = next((r for r in first.responses if r.sheet_number == sheet), None)
    if target is None:
        target = Response(survey_id=first.survey_id, token=new_token(), channel="papier",
                          place=first.place, batch_id=first.id, sheet_number=sheet,
                          submitted_at=source.submitted_at, created_by_id=source.created_by_id)
        db.session.add(target)
    old_ids = [a.id for a in target.answers if a.id]
    if old_ids:
        for contribution in db.session.scalars(select(Contribution).where(
                Contribution.source_type == "survey_answer",
                Contribution.source_id.in_(old_ids))):
            db.session.delete(contribution)
    target.answers = [Answer(question_id=a.question_id, option_id=a.option_id, rank=a.rank,
                             is_other=a.is_other, text=a.text, number=a.number,
                             date_value=a.date_value) for a in source.answers]
    db.session.flush()
    record_contributions(first.survey, target)
    db.session.commit()
    return target
