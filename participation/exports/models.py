"""ExportLog: who exported what, when (RGPD: a record of who exported personal data)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.models import Base, TerritoryScoped, utcnow
from participation.core.pageversion import quiet_writes


class ExportLog(TerritoryScoped, Base):
    __tablename__ = "export_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    fmt: Mapped[str] = mapped_column(String(10))
    personal: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(Text)
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class SectionText(TerritoryScoped, Base):
    """A coordinator's own wording of one block of the participation section."""

    __tablename__ = "section_text"
    __table_args__ = (UniqueConstraint("territory_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text, default="")
    # the computed text the coordinator read when saving this one (``services.stale``
    # compares its figures with the text computed now); None for texts saved before
    generated: Mapped[str | None] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


# No cached public page shows exports and analysis texts:
# writing them keeps the cached pages (core/pagecache.py).
for _model in (ExportLog, SectionText):
    quiet_writes(_model)
