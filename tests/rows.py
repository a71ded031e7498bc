"""Counting a table's rows in tests, read from the database the product wrote to."""
from __future__ import annotations

from sqlalchemy import func, select

from participation.extensions import db


def count_rows(model, *where) -> int:
    """How many rows of ``model`` (a mapped class) meet every condition of ``where`` (all
    rows without one)."""
    return db.session.scalar(select(func.count()).select_from(model).where(*where))
