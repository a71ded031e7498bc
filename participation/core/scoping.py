"""Territory scoping for queries."""
from __future__ import annotations

from sqlalchemy import Select

from participation.core.auth import current_territory_id


def scoped(stmt: Select, model) -> Select:
    """Restrict a select on a territory-scoped model to the current staff user's territory."""
    return stmt.where(model.territory_id == current_territory_id())
