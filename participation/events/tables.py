"""Tables of a table citoyenne / ronde / réunion publique, and what each table said.

Everything said is a Contribution (``record_contribution``); a ``TableNote`` remembers the
table, the question (seed 004's four questions) and the commune (seed 000's grids).
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.contributions.services import link_contributions, record_contribution
from participation.core.errors import DomainError
from participation.events.models import Event, EventTable, TableNote
from participation.extensions import db
from participation.territory.models import Challenge, Commune

TABLE_KINDS = ("constat", "proposition", "atout", "defi", "mobilisation")
QUESTIONS = {
    "defis": _l("Les défis : quels sont les principaux défis à relever dans votre quartier ?"),
    "atouts": _l("Les atouts : quels sont les principaux atouts de votre quartier ?"),
    "solutions": _l("Solutions et projets : quelles actions mettre en place ?"),
    "participation": _l("Participation citoyenne : comment faire participer davantage les "
                        "habitants ?"),
}
SOURCE_FORMAT = {"table_citoyenne": "table_citoyenne", "table_ronde": "table_citoyenne",
                 "table_quartier": "table_citoyenne", "reunion_publique": "reunion_publique",
                 "focus_group": "focus_group", "porteurs_parole": "micro_trottoir"}


def save_table(event: Event, name: str, facilitator: str = "", participants: int | None = None,
               challenge_ids=(), table: EventTable | None = None) -> EventTable:
    """Create or update a table with its themes, facilitator and participant count."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Donnez un nom à la table."), field="name")
    if participants is not None and participants < 0:
        raise DomainError(_("Le nombre de participants ne peut pas être négatif."),
                          field="participants")
    ids = {int(i) for i in challenge_ids or ()}
    challenges = list(db.session.scalars(select(Challenge).where(
        Challenge.id.in_(ids), Challenge.territory_id == event.territory_id))) if ids else []
    if len(challenges) != len(ids):
        raise DomainError(_("Enjeu inconnu pour ce territoire."), field="challenge_ids")
    if table is None:
        table = EventTable(event=event, position=len(event.tables))
        db.session.add(table)
    table.name, table.facilitator = name, (facilitator or "").strip()
    table.participants, table.challenges = participants, challenges
    db.session.commit()
    return table


def event_notes(event: Event) -> list[TableNote]:
    """What was said at the event's tables, in the order it was recorded; a text erased at
    a person's request (``Contribution.erased_at``) left out."""
    return list(db.session.scalars(
        select(TableNote).join(EventTable, EventTable.id == TableNote.table_id)
        .join(Contribution, Contribution.id == TableNote.contribution_id)
        .where(EventTable.event_id == event.id, Contribution.erased_at.is_(None))
        .order_by(TableNote.contribution_id)))


def _check_note(table: EventTable, kind: str, question: str, commune_id: int | None) -> None:
    if kind not in TABLE_KINDS:
        raise DomainError(_("Nature inconnue : %(v)s", v=kind), field="kind")
    if question and question not in QUESTIONS:
        raise DomainError(_("Question inconnue."), field="question")
    if commune_id:
        commune = db.session.get(Commune, commune_id)
        if commune is None or commune.territory_id != table.event.territory_id:
            raise DomainError(_("Commune inconnue."), field="commune_id")


def default_challenge_ids(table: EventTable) -> list[int]:
    """The challenges a remark of ``table`` gets when nobody chose: the table's theme when it
    has exactly one, none when it has several (a remark at a table on health, transport and
    housing is about one or two of them, never all: left untagged it goes to the review
    queue with its suggestions, ``record_contribution(suggest=True)``)."""
    return [table.challenges[0].id] if len(table.challenges) == 1 else []


def record_table_contribution(table: EventTable, text: str, kind: str,
                              author_role: str = "habitant", challenge_ids=None,
                              answers_id: int | None = None, question: str = "",
                              commune_id: int | None = None, attribution: dict | None = None,
                              created_by_id: int | None = None,
                              commit: bool = True) -> Contribution:
    """Store what a table said; optionally link it to what it answers (same event only).

    A partner's mobilisation is an ``engagement`` answering a proposition or a manquement;
    anything else ``répond à`` its target. ``challenge_ids`` None: ``default_challenge_ids``.
    """
    _check_note(table, kind, question, commune_id)
    event = table.event
    target = None
    if answers_id:
        target = next((n.contribution for n in event_notes(event)
                       if n.contribution_id == answers_id), None)
        if target is None:
            raise DomainError(_("Cette contribution n'est pas de cet événement."),
                              field="answers_id")
    if challenge_ids is None:
        challenge_ids = default_challenge_ids(table)
    contribution = record_contribution(
        event.territory_id, text, kind=kind, author_role=author_role,
        source_format=SOURCE_FORMAT.get(event.kind, "evenement"), source_type="event_table",
        source_id=table.id, source_label=f"{event.title} — {table.name}",
        quartier_id=event.quartiers[0].id if event.quartiers else None,
        said_on=event.starts_at.date(), challenge_ids=challenge_ids, attribution=attribution,
        created_by_id=created_by_id, commit=False, suggest=True)
    db.session.add(TableNote(table_id=table.id, contribution_id=contribution.id,
                             question=question or "", commune_id=commune_id or None))
    if not commit:
        return contribution
    db.session.commit()
    if target is not None:
        link_contributions(contribution, target,
                           "engagement" if kind == "mobilisation" else "repond")
    return contribution
