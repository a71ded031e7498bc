"""How people name a draw by lot: its council, its collège, its rank and its date, in words.

A draw's database id is never shown to people (issue #11, item 6); URLs may keep it.
"""
from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participation.council.models import Draw
from participation.extensions import db

ORDINALS = (_l("premier"), _l("deuxième"), _l("troisième"), _l("quatrième"), _l("cinquième"),
            _l("sixième"), _l("septième"), _l("huitième"), _l("neuvième"), _l("dixième"))


def ordinal(n: int) -> str:
    """1 → "premier", 2 → "deuxième"… up to 10 in words, then "11e"; n ≥ 1."""
    return str(ORDINALS[n - 1]) if 1 <= n <= len(ORDINALS) else _("%(n)se", n=n)


def draw_rank(draw: Draw) -> int:
    """1-based rank of the draw among its council's draws for the same collège (by creation)."""
    return db.session.scalar(select(func.count(Draw.id)).where(
        Draw.council_id == draw.council_id, Draw.college_id == draw.college_id,
        Draw.id <= draw.id)) or 1


def draw_title(draw: Draw, with_council: bool = True) -> str:
    """E.g. "Conseil citoyen des Pâtures — premier tirage du collège « Habitants », 12 mars 2026".

    The date is the day of the draw, or the day the list was published while the seed waits.
    """
    when = format_date(draw.drawn_at or draw.created_at, "long")
    title = _("%(ordinal)s tirage du collège « %(college)s », %(date)s",
              ordinal=ordinal(draw_rank(draw)), college=draw.college.label, date=when)
    title = title[:1].upper() + title[1:]
    if with_council:
        return _("%(council)s — %(title)s", council=draw.council.name,
                 title=title[:1].lower() + title[1:])
    return title
