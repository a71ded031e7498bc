"""Typed declarative base with a naming convention, and shared mixins."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from participation.core import clock

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current instant, naive UTC, read through the one clock (``core.clock.now``)."""
    return clock.now()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class TerritoryScoped:
    """A record that belongs directly to a territory (every staff query filters on it)."""

    @declared_attr
    def territory_id(cls) -> Mapped[int]:  # noqa: N805
        return mapped_column(ForeignKey("territory.id", ondelete="CASCADE"), index=True)
