"""Members over time: seated from a draw or designated, accept the charter, leave, are
replaced by the next substitute that keeps parity; turnover figures per year."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core import clock
from participation.core.errors import DomainError
from participation.core.percent import whole_percent
from participation.council import draw as algo
from participation.council.draws import ranked_substitutes
from participation.council.models import Council, Draw, DrawEntry, Member
from participation.extensions import db

LEAVING = ("demission", "remplace", "fin_mandat")


def _member_from_entry(draw: Draw, entry: DrawEntry, started_on: date) -> Member:
    candidacy = entry.candidacy
    return Member(council_id=draw.council_id, college_id=draw.college_id,
                  candidacy_id=candidacy.id, draw_entry_id=entry.id,
                  name=candidacy.contact.name if candidacy.contact else
                  _("Candidature n° %(n)s", n=candidacy.number),
                  structure_name=candidacy.structure_name, sex=candidacy.sex or "",
                  started_on=started_on)


def seat_drawn_members(draw: Draw, started_on: date | None = None) -> list[Member]:
    """Those drawn for a seat become members (candidacy draws only, once)."""
    if draw.drawn_at is None or draw.source != "candidatures":
        raise DomainError(_("Seul un tirage parmi les candidatures peut installer des membres."))
    seated = {m.draw_entry_id for m in draw.council.members}
    members = [_member_from_entry(draw, e, started_on or clock.local_today())
               for e in sorted(draw.entries, key=lambda e: e.rank or 0)
               if e.outcome == "siege" and e.id not in seated and e.candidacy]
    db.session.add_all(members)
    db.session.commit()
    return members


def add_member(council: Council, college_id: int, name: str, sex: str = "",
               structure_name: str = "", public_name: str = "",
               started_on: date | None = None) -> Member:
    """A member designated without a draw (an acteur local named by its structure)."""
    if not name.strip():
        raise DomainError(_("Indiquez le nom du membre."), field="name")
    if college_id not in {c.id for c in council.colleges}:
        raise DomainError(_("Choisissez un collège."), field="college_id")
    member = Member(council=council, college_id=college_id, name=name.strip(), sex=sex,
                    structure_name=structure_name.strip() or None,
                    public_name=public_name.strip() or None,
                    started_on=started_on or clock.local_today())
    db.session.add(member)
    db.session.commit()
    return member


def accept_charter(member: Member, accepted_on: date | None = None,
                   public_name: str | None = None) -> None:
    """The member accepts the charter in force; the name they agree to show is kept too."""
    charter = member.council.charter
    if charter is None:
        raise DomainError(_("Ce conseil n'a pas encore de charte."))
    member.charter_version, member.charter_accepted_on = charter.version, \
        accepted_on or clock.local_today()
    if public_name is not None:
        member.public_name = public_name.strip() or None
    db.session.commit()


def end_membership(member: Member, status: str, ended_on: date | None = None) -> None:
    if member.status != "actif":
        raise DomainError(_("Ce membre n'est plus en fonction."), field="status")
    if status not in LEAVING:
        raise DomainError(_("Motif de départ inconnu."), field="status")
    member.status, member.ended_on = status, ended_on or clock.local_today()
    db.session.commit()


def _latest_draw(member: Member) -> Draw | None:
    return db.session.scalar(select(Draw).where(
        Draw.college_id == member.college_id, Draw.source == "candidatures",
        Draw.drawn_at.is_not(None)).order_by(Draw.drawn_at.desc(), Draw.id.desc()))


def propose_substitute(member: Member) -> DrawEntry | None:
    """The next substitute of the collège's last draw who keeps women and men within one
    seat of each other once ``member`` is gone (and who is not already a member)."""
    draw = _latest_draw(member)
    if draw is None:
        return None
    council = member.council
    taken = {m.draw_entry_id for m in council.members}
    free = [e for e in ranked_substitutes(draw) if e.id not in taken
            and e.candidacy is not None and not e.candidacy.withdrawn]
    active = [m.sex for m in council.active_members
              if m.college_id == member.college_id and m.id != member.id]
    sexes = {e.number: e.candidacy.sex or "" for e in free}
    pick = algo.propose_substitute(active, [(e.number, sexes[e.number]) for e in free],
                                   draw.parity)
    return next((e for e in free if pick and e.number == pick[0]), None)


def replace_member(leaver: Member, entry: DrawEntry, started_on: date | None = None) -> Member:
    """Seat a substitute in place of a member who left."""
    if leaver.status == "actif":
        raise DomainError(_("Enregistrez d'abord le départ du membre."))
    if any(m.draw_entry_id == entry.id for m in leaver.council.members):
        raise DomainError(_("Ce suppléant siège déjà."))
    member = _member_from_entry(entry.draw, entry, started_on or clock.local_today())
    member.replaces_id = leaver.id
    db.session.add(member)
    db.session.commit()
    return member


def _in_office(members: list[Member], day: date) -> int:
    return sum(1 for m in members if m.started_on <= day and (m.ended_on is None
                                                               or m.ended_on > day))


def turnover(council: Council, until: date | None = None) -> list[dict]:
    """Per year: members at the start, arrivals, departures, members at the end, and the
    turnover rate (departures / members at the start) — "47 en 2019, 28 en 2022"."""
    members = council.members
    if not members:
        return []
    last = (until or clock.local_today()).year
    rows = []
    for year in range(min(m.started_on.year for m in members), last + 1):
        start, end = date(year, 1, 1), date(year, 12, 31)
        at_start = _in_office(members, date(year - 1, 12, 31))
        left = sum(1 for m in members if m.ended_on and start <= m.ended_on <= end)
        rows.append({"year": year, "at_start": at_start, "left": left,
                     "joined": sum(1 for m in members if start <= m.started_on <= end),
                     "at_end": _in_office(members, end),
                     "rate": whole_percent(left, at_start)})
    return rows
