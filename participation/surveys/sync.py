"""Answers collected offline, stored once each, validated exactly like the online forms.

A batch (from a device's sync or from an exported file) is ``{"items": [item, ...]}`` where an
item is::

    {"uuid": "<crypto.randomUUID()>", "mode": "entretien" | "papier" | "micro_trottoir",
     "survey_version": "<definition version>", "collected_at": "<ISO 8601>",
     "fields": [["q12", "34"], ["place", "Marché"], ...]}

``fields`` are the name/value pairs the online form of that mode posts (the interview's
``lang``: the survey language the device's page showed), so each item goes
through the same reader as online: the tablet interview's ``read_submission`` (conditions,
bounds, required rules, consent for contact details) plus the place; paper's ``read_sheet``
(digits, no required rule) plus the batch label and date; micro-trottoir's ``check_street``.

The answer per item is ``{"uuid", "status": "stored" | "already" | "refused", "message",
"errors": [str], "removed": [str]}``. The UUID is the idempotency key: ``OfflineReceipt``
has a unique constraint on it and ``Response.token`` is the same UUID, both inserted in one
transaction, so a re-sent item or two tabs sending the same batch at once store it once (the
loser's ``IntegrityError`` is read back as "already"), on SQLite and PostgreSQL alike. An
item erased at the person's request (its receipt went with it) is buried
(``privacy.tombstones``): sent again, it is "already", never stored again.

Items are stored in the order they were entered on the device (``collected_at``, then their
place in the batch): response ids follow the order of the interviews, whatever order the
device's store listed them in (testers: three interviews stored 3, 1, 2). An interview keeps
the language it was held in (``Response.language``, as the online interview's) and its place.
"""
from __future__ import annotations

import json
import re
import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from participation.core import clock
from participation.core.errors import DomainError
from participation.core.urls import db_id
from participation.extensions import db
from participation.privacy.tombstones import submission_erased_on
from participation.surveys import paper, street
from participation.surveys.definition import find_version
from participation.surveys.form_pages import read_submission
from participation.surveys.models import Batch, Survey
from participation.surveys.offline_models import OfflineReceipt
from participation.surveys.page_language import use_language
from participation.surveys.responses import build_response, record_contributions
from participation.surveys.translations import clean_tag, default_language, survey_languages

MODES = ("entretien", "papier", "micro_trottoir")
MAX_ITEMS = 500
MAX_FIELDS = 400
FIELD_NAME = re.compile(r"^q(\d+)(?:_.*)?$")


@dataclass
class Context:
    """Who sends: the device (or None for a file upload), the user recorded as collector."""

    survey: Survey
    user_id: int | None
    device_id: int | None = None
    source: str = "sync"


@dataclass
class Outcome:
    uuid: str
    status: str
    message: str = ""
    errors: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"uuid": self.uuid, "status": self.status, "message": self.message,
                "errors": self.errors, "removed": self.removed}


def _uuid(raw) -> str | None:
    try:
        return str(uuidlib.UUID(str(raw)))
    except (ValueError, TypeError, AttributeError):
        return None


def _fields(raw) -> MultiDict:
    """``[[name, value], ...]`` as a MultiDict; ``DomainError`` when malformed."""
    if not isinstance(raw, list) or len(raw) > MAX_FIELDS:
        raise DomainError(_("Réponse illisible : renvoyez-la depuis l'appareil."))
    pairs = []
    for pair in raw:
        if not (isinstance(pair, list | tuple) and len(pair) == 2
                and all(isinstance(x, str) for x in pair)):
            raise DomainError(_("Réponse illisible : renvoyez-la depuis l'appareil."))
        pairs.append((pair[0], pair[1]))
    return MultiDict(pairs)


def _collected_at(raw) -> datetime:
    """The device's time of collection (naive UTC); now when absent, unreadable or future."""
    now = clock.now()
    try:
        moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        return now
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return now if moment > now + timedelta(minutes=5) else moment


def _error_lines(survey: Survey, errors: dict) -> list[str]:
    labels = {q.id: q.label for q in survey.questions}
    return [_("« %(label)s » : %(text)s", label=labels[key], text=message) if key in labels
            else str(message)
            for key, message in errors.items()]


def removed_questions(survey: Survey, data: MultiDict, version: str) -> list[dict]:
    """Answers to questions that no longer exist: ``[{"id", "question", "values",
    "personal"}]``, labelled from the version the device collected them with."""
    current = {q.id for q in survey.questions}
    found: dict[int, list[str]] = {}
    for name, value in data.items(multi=True):
        match = FIELD_NAME.match(name)
        if match and int(match.group(1)) not in current and value.strip():
            found.setdefault(int(match.group(1)), []).append(value.strip())
    if not found:
        return []
    snapshot = find_version(survey.id, version)
    known = {q["id"]: q for q in (snapshot.definition_dict["questions"] if snapshot else [])}
    removed = []
    for qid, values in sorted(found.items()):
        question = known.get(qid, {})
        options = {str(o["id"]): o["label"] for o in question.get("options", [])}
        removed.append({"id": qid, "personal": question.get("personal", True),
                        "question": question.get("label") or _("question n° %(n)s", n=qid),
                        "values": [options.get(v, v) for v in values]})
    return removed


def _place(data: MultiDict) -> str:
    return (data.get("place") or "").strip()[:200]


def _interview_language(survey: Survey, data: MultiDict) -> str:
    """The survey language the device's page showed the interview in: its ``lang`` field
    when it is one of the survey's languages, else the default language (the offline page
    shows the survey's texts in it; items saved before the page sent ``lang``)."""
    tag = clean_tag(data.get("lang", ""))
    return tag if tag in survey_languages(survey) else default_language(survey)


def _store_interview(ctx: Context, item_uuid: str, data: MultiDict, when: datetime):
    """Tablet interview: the online ``read_submission`` with every applying question shown,
    in the language the interview was held in (recorded as online)."""
    survey = ctx.survey
    data = data.copy()
    data["shown"] = ",".join(str(q.id) for q in survey.questions)
    language = use_language(survey, _interview_language(survey, data))
    values, errors, _shown, _newly = read_submission(survey, data)
    if not _place(data):
        errors["place"] = _("Indiquez le lieu de recueil.")
    if errors:
        return None, _error_lines(survey, errors)
    response = build_response(survey, values, consent=bool(data.get("consent")),
                              token=item_uuid, channel="entretien", place=_place(data),
                              created_by_id=ctx.user_id, submitted_at=when, language=language)
    db.session.add(response)
    db.session.flush()
    record_contributions(survey, response)
    return response, []


def _store_street(ctx: Context, item_uuid: str, data: MultiDict, when: datetime):
    """Micro-trottoir: the online ``check_street`` (place, at least one answer, attribution)."""
    texts = {q.id: data.get(f"q{q.id}", "") for q in street.open_questions(ctx.survey)}
    try:
        values, attribution = street.check_street(
            ctx.survey, texts, data.get("place", ""), bool(data.get("consent")),
            data.get("age_band", ""), data.get("place_name", ""), data.get("sex", ""))
    except DomainError as exc:
        return None, [exc.message]
    return street.add_street_response(ctx.survey, values, attribution, token=item_uuid,
                                      place=data.get("place", ""), user_id=ctx.user_id,
                                      submitted_at=when), []


def _batch(ctx: Context, data: MultiDict) -> Batch:
    """The first keying of the paper batch named on the device (created on first use)."""
    label = (data.get("batch_label") or "").strip()[:200]
    try:
        collected_on = date.fromisoformat((data.get("collected_on") or "").strip())
    except ValueError:
        collected_on = None
    if not label or collected_on is None:
        raise DomainError(_("Indiquez le nom du lot et la date de recueil des feuilles."))
    batch = db.session.scalar(select(Batch).where(
        Batch.survey_id == ctx.survey.id, Batch.label == label,
        Batch.collected_on == collected_on, Batch.verifies_id.is_(None)).order_by(Batch.id))
    if batch is None:
        batch = Batch(survey_id=ctx.survey.id, label=label, collected_on=collected_on,
                      place=_place(data), created_by_id=ctx.user_id)
        db.session.add(batch)
        db.session.flush()
    return batch


def _store_paper(ctx: Context, item_uuid: str, data: MultiDict, when: datetime):
    """Paper sheet: the online ``read_sheet`` (digits, blanks stay blank), in its batch."""
    number = data.get("sheet", type=db_id) or 0
    values, errors = paper.read_sheet(ctx.survey, number, data)
    if errors:
        return None, _error_lines(ctx.survey, errors)
    try:
        batch = _batch(ctx, data)
    except DomainError as exc:
        return None, [exc.message]
    return paper.add_sheet_response(batch, number, values, data, ctx.user_id,
                                    token=item_uuid), []


STORES = {"entretien": _store_interview, "micro_trottoir": _store_street,
          "papier": _store_paper}


def _receipt(item_uuid: str) -> OfflineReceipt | None:
    return db.session.scalar(select(OfflineReceipt).where(
        OfflineReceipt.client_uuid == item_uuid))


def _already(ctx: Context, item_uuid: str, receipt: OfflineReceipt) -> Outcome:
    if receipt.survey_id != ctx.survey.id:
        return Outcome(item_uuid, "refused", _("Cet identifiant est déjà utilisé par une "
                                               "réponse d'un autre questionnaire."))
    return Outcome(item_uuid, "already", _("Déjà enregistrée : rien n'a été ajouté."))


def sync_item(ctx: Context, item) -> Outcome:
    """Store one item once; never raises for bad input (the reason is in the outcome)."""
    item = item if isinstance(item, dict) else {}
    item_uuid = _uuid(item.get("uuid"))
    if item_uuid is None:
        return Outcome(str(item.get("uuid", ""))[:40], "refused",
                       _("Identifiant de réponse invalide."))
    receipt = _receipt(item_uuid)
    if receipt is not None:
        return _already(ctx, item_uuid, receipt)
    day = submission_erased_on(ctx.survey.territory_id, item_uuid)
    if day is not None:  # erased at the person's request: the device forgets it too
        return Outcome(item_uuid, "already", _(
            "Réponse effacée à la demande de la personne le %(day)s : non enregistrée à "
            "nouveau.", day=format_date(day, "long")))
    mode = item.get("mode")
    if mode not in MODES:
        return Outcome(item_uuid, "refused", _("Mode de saisie inconnu."))
    try:
        data = _fields(item.get("fields"))
    except DomainError as exc:
        return Outcome(item_uuid, "refused", exc.message)
    version = str(item.get("survey_version") or "")[:20]
    return _store(ctx, item_uuid, mode, data, version, _collected_at(item.get("collected_at")))


def _store(ctx: Context, item_uuid: str, mode: str, data: MultiDict, version: str,
           when: datetime) -> Outcome:
    removed = removed_questions(ctx.survey, data, version)
    try:
        response, errors = STORES[mode](ctx, item_uuid, data, when)
        if errors:
            db.session.rollback()
            return Outcome(item_uuid, "refused", _("Refusée : corrigez-la sur l'appareil."),
                           errors=errors, removed=[r["question"] for r in removed])
        kept = [{k: r[k] for k in ("question", "values")} for r in removed if not r["personal"]]
        db.session.add(OfflineReceipt(
            client_uuid=item_uuid, survey_id=ctx.survey.id, response_id=response.id, mode=mode,
            survey_version=version, device_id=ctx.device_id, source=ctx.source,
            received_at=clock.now(),
            removed_answers=json.dumps(kept, ensure_ascii=False) if kept else ""))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        receipt = _receipt(item_uuid)
        if receipt is not None:
            return _already(ctx, item_uuid, receipt)
        if mode == "papier":
            return Outcome(item_uuid, "refused", _("Refusée : corrigez-la sur l'appareil."),
                           errors=list(paper.sheet_taken(data.get("sheet", type=db_id)).values()))
        raise
    return Outcome(item_uuid, "stored", _("Enregistrée."),
                   removed=[r["question"] for r in removed])


def sync_batch(ctx: Context, payload) -> dict:
    """Every item of ``payload`` (``{"items": [...]}``), each in its own transaction.

    Stored in the order entered (``_entered_order``); returns ``{"stored": n, "already":
    n, "refused": n, "items": [outcome dicts, in the payload's order]}``;
    ``DomainError`` when the payload is not a batch or has more than ``MAX_ITEMS`` items.
    """
    items = payload.get("items") if isinstance(payload, dict) else None
    if not isinstance(items, list):
        raise DomainError(_("Fichier ou envoi illisible : ce n'est pas un lot de réponses."))
    if len(items) > MAX_ITEMS:
        raise DomainError(_("Trop de réponses d'un coup (%(n)s au plus).", n=MAX_ITEMS))
    outcomes: list[dict] = [{}] * len(items)
    for index in _entered_order(items):
        outcomes[index] = sync_item(ctx, items[index]).as_dict()
    counts = {status: sum(o["status"] == status for o in outcomes)
              for status in ("stored", "already", "refused")}
    return counts | {"items": outcomes}


def _entered_order(items: list) -> list[int]:
    """Indexes of ``items`` by their time of entry on the device (``collected_at``, read
    as ``_collected_at`` does: unreadable or missing counts as now), ties in payload
    order."""
    moments = [_collected_at(i.get("collected_at") if isinstance(i, dict) else None)
               for i in items]
    return sorted(range(len(items)), key=lambda index: moments[index])
