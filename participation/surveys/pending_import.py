"""An uploaded import kept on the server between its preview and its confirmation.

The coordinator uploads a questionnaire (and its answers file), sees the preview, then presses
« Importer » or « Annuler ». In between, the files are kept here, in the database (never on a
path the client names): one row per upload, found by a random token (``secrets``, 43
URL-safe characters) *and* the user who uploaded it *and* their territory, so a token seen by
someone else opens nothing. A row lives ``EXPIRY`` at most (an abandoned preview is purged at
the next upload) and is deleted by the confirmation (in the import's own transaction) or the
cancellation.

A double click on « Importer »: ``claim`` deletes the row in the import's transaction and
returns its content only to the request whose DELETE removed it; the second request waits for
the first one's row lock (PostgreSQL) or write lock (SQLite) and then finds nothing, so one
survey is stored. When the import fails, the rollback brings the row back.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import JSON, DateTime, ForeignKey, LargeBinary, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.models import Base, TerritoryScoped, utcnow
from participation.extensions import db

EXPIRY = timedelta(hours=6)  # a preview read over a morning; past it, upload again
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)


class PendingImport(TerritoryScoped, Base):
    """Files uploaded for an import not yet confirmed, and the preview shown of them."""

    __tablename__ = "pending_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    form_name: Mapped[str] = mapped_column(String(255), default="")
    form_content: Mapped[bytes] = mapped_column(LargeBinary)
    answers_name: Mapped[str] = mapped_column(String(255), default="")
    answers_content: Mapped[bytes | None] = mapped_column(LargeBinary)
    # the preview as shown (``import_preview.summary``): compared with the import's own
    preview: Mapped[dict] = mapped_column(JSON, default=dict)


@dataclass
class Upload:
    """The files of one import: names as the coordinator's computer called them (shown
    only), contents as bytes; ``answers`` None for a questionnaire alone."""

    form_name: str
    form: bytes
    answers_name: str = ""
    answers: bytes | None = None


def purge_expired() -> int:
    """Delete every upload older than ``EXPIRY`` (an answers file may hold contact data: it
    is kept no longer than its preview lives) in the caller's transaction; the count. Run
    at each upload and by the daily purge (``privacy.retention.purge``)."""
    return db.session.execute(delete(PendingImport).where(
        PendingImport.created_at < utcnow() - EXPIRY)).rowcount or 0


def drop_territory(territory_id: int) -> int:
    """Delete every upload kept for a preview in ``territory_id`` (caller's transaction);
    the count. Run by a person's erasure (``privacy.person.erase_person``): an answers
    file waiting for « Importer » may hold that person's name, phone or e-mail, and its
    bytes are not searched, so none is kept (the coordinator uploads again)."""
    return db.session.execute(delete(PendingImport).where(
        PendingImport.territory_id == territory_id)).rowcount or 0


def keep(user_id: int, territory_id: int, upload: Upload, preview: dict) -> str:
    """Store ``upload`` with its ``preview`` (committed) and return its new token; the
    expired uploads of every user are deleted first."""
    purge_expired()
    token = secrets.token_urlsafe(32)
    db.session.add(PendingImport(
        token=token, user_id=user_id, territory_id=territory_id,
        form_name=upload.form_name[:255], form_content=upload.form,
        answers_name=upload.answers_name[:255], answers_content=upload.answers,
        preview=preview))
    db.session.commit()
    return token


def _owned(token: str, user_id: int, territory_id: int):
    """The WHERE clauses of the user's unexpired upload of ``token`` in their territory."""
    return (PendingImport.token == token, PendingImport.user_id == user_id,
            PendingImport.territory_id == territory_id,
            PendingImport.created_at >= utcnow() - EXPIRY)


def find(token: str, user_id: int, territory_id: int) -> PendingImport | None:
    """The user's unexpired upload of that token in their territory, else None (a token of
    another shape is not even looked up)."""
    if not TOKEN.fullmatch(token or ""):
        return None
    return db.session.scalar(select(PendingImport).where(*_owned(token, user_id,
                                                                 territory_id)))


def claim(token: str, user_id: int, territory_id: int) -> tuple[Upload, dict] | None:
    """Delete the upload in the caller's transaction and return its files and preview; None
    when it is gone (imported, cancelled, expired, another user's, or claimed by a concurrent
    request that committed first). The caller commits with the import, or rolls back."""
    if not TOKEN.fullmatch(token or ""):
        return None
    table = PendingImport.__table__
    row = db.session.execute(delete(table).where(*_owned(token, user_id, territory_id))
                             .returning(table.c.form_name, table.c.form_content,
                                        table.c.answers_name, table.c.answers_content,
                                        table.c.preview)).first()
    if row is None:
        return None
    return Upload(row.form_name, row.form_content, row.answers_name,
                  row.answers_content), row.preview


def discard(token: str, user_id: int, territory_id: int) -> bool:
    """Delete the upload (« Annuler ») and commit; False when there was none."""
    found = claim(token, user_id, territory_id) is not None
    db.session.commit()
    return found
