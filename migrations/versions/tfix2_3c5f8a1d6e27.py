"""tfix2: stored days are Europe/Paris days (data only, no schema change)

A paper sheet's response was dated its batch's day at 12:00 UTC: it becomes midnight in Paris
of that day (``clock.day_start``), as new sheets are. A survey answer's contribution was "said
on" the UTC date of the answer: it becomes the Paris day (``clock.local_day``). Only rows the
old code wrote are touched: a paper response at exactly 12:00:00 UTC on its batch's day, a
contribution whose day is still the UTC date of its answer (a day a coordinator corrected by
hand stays).

Revision ID: 3c5f8a1d6e27
Revises: 9b2e4d1c7a63
Create Date: 2026-11-30 02:00:00

"""
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '3c5f8a1d6e27'
down_revision = '9b2e4d1c7a63'
branch_labels = None
depends_on = None

PARIS = ZoneInfo("Europe/Paris")
RESPONSE = sa.table("survey_response", sa.column("id", sa.Integer),
                    sa.column("submitted_at", sa.DateTime), sa.column("batch_id", sa.Integer),
                    sa.column("channel", sa.String))
BATCH = sa.table("survey_batch", sa.column("id", sa.Integer),
                 sa.column("collected_on", sa.Date))
ANSWER = sa.table("survey_answer", sa.column("id", sa.Integer),
                  sa.column("response_id", sa.Integer))
CONTRIBUTION = sa.table("contribution", sa.column("id", sa.Integer),
                        sa.column("said_on", sa.Date), sa.column("source_id", sa.Integer),
                        sa.column("source_type", sa.String))


def _paris_midnight(day) -> datetime:
    """Naive UTC instant of midnight in Paris at the start of ``day``."""
    wall = datetime.combine(day, time()).replace(tzinfo=PARIS)
    return wall.astimezone(UTC).replace(tzinfo=None)


def redate_paper(bind) -> int:
    """Paper responses at 12:00 UTC on their batch's day -> midnight in Paris; the count."""
    rows = bind.execute(sa.select(RESPONSE.c.id, RESPONSE.c.submitted_at, BATCH.c.collected_on)
                        .join_from(RESPONSE, BATCH, BATCH.c.id == RESPONSE.c.batch_id)
                        .where(RESPONSE.c.channel == "papier")).all()
    changes = [{"rid": rid, "at": _paris_midnight(day)} for rid, at, day in rows
               if at == datetime.combine(day, time(12))]
    if changes:
        bind.execute(sa.update(RESPONSE).where(RESPONSE.c.id == sa.bindparam("rid"))
                     .values(submitted_at=sa.bindparam("at")), changes)
    return len(changes)


def paris_said_on(bind) -> int:
    """Survey answers' contributions still said on the answer's UTC date -> its Paris day;
    the count."""
    rows = bind.execute(sa.select(CONTRIBUTION.c.id, CONTRIBUTION.c.said_on,
                                  RESPONSE.c.submitted_at)
                        .join_from(CONTRIBUTION, ANSWER, ANSWER.c.id == CONTRIBUTION.c.source_id)
                        .join(RESPONSE, RESPONSE.c.id == ANSWER.c.response_id)
                        .where(CONTRIBUTION.c.source_type == "survey_answer")).all()
    changes = []
    for cid, said_on, at in rows:
        day = at.replace(tzinfo=UTC).astimezone(PARIS).date()
        if said_on == at.date() and day != said_on:
            changes.append({"cid": cid, "day": day})
    if changes:
        bind.execute(sa.update(CONTRIBUTION).where(CONTRIBUTION.c.id == sa.bindparam("cid"))
                     .values(said_on=sa.bindparam("day")), changes)
    return len(changes)


def upgrade():
    bind = op.get_bind()
    redate_paper(bind)
    paris_said_on(bind)  # after: a re-dated sheet's texts follow its new instant


def downgrade():
    pass  # the old days were wrong; nothing to restore
