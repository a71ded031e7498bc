"""Meetings: agenda, attendance and proxies, quorum, votes per item, minutes the way
deliberations are printed, decisions recorded as Contributions."""
from __future__ import annotations

import math
from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from participation.contributions.services import record_contribution
from participation.core import clock
from participation.core.errors import DomainError
from participation.core.percent import whole_percent
from participation.council.models import (
    ATTENDANCE,
    AgendaItem,
    Attendance,
    Council,
    Meeting,
    Member,
)
from participation.extensions import db


def create_meeting(council: Council, held_at: datetime, place: str, agenda: list[str],
                   convened_on: date | None = None, chair_name: str = "") -> Meeting:
    titles = [t.strip() for t in agenda if t.strip()]
    if not place.strip():
        raise DomainError(_("Indiquez le lieu de la séance."), field="place")
    if not titles:
        raise DomainError(_("L'ordre du jour a au moins un point."), field="agenda")
    meeting = Meeting(council=council, held_at=held_at, place=place.strip(),
                      convened_on=convened_on, chair_name=(chair_name or "").strip() or None,
                      items=[AgendaItem(position=i, title=t)
                             for i, t in enumerate(titles, start=1)])
    db.session.add(meeting)
    db.session.commit()
    return meeting


def _convocation_texts(meeting: Meeting) -> tuple[str, str, str]:
    council, when = meeting.council, meeting.held_at
    subject = _("Convocation : %(c)s, le %(d)s", c=council.name, d=when.strftime("%d/%m/%Y"))
    sms = _("Conseil citoyen : séance le %(d)s à %(h)s, %(p)s. Absent ? Donnez pouvoir à un "
            "membre.", d=when.strftime("%d/%m"), h=when.strftime("%Hh%M"), p=meeting.place)
    agenda = "\n".join(f"{i.position}. {i.title}" for i in meeting.items)
    body = _("Vous êtes convoqué(e) à la séance du %(c)s le %(d)s à %(h)s, %(p)s.\n\n"
             "Ordre du jour :\n%(a)s\n\nEn cas d'empêchement, vous pouvez donner pouvoir à un "
             "autre membre présent.", c=council.name, d=when.strftime("%d/%m/%Y"),
             h=when.strftime("%Hh%M"), p=meeting.place, a=agenda)
    return subject, sms, body


def send_convocation(meeting: Meeting) -> dict[str, int]:
    """Send the convocation by e-mail and SMS to members in office who left a contact when
    they applied (they consented to be recontacted until the end of the mandate: the
    candidacy's ``council`` consent, whose withdrawal link ends each message,
    ``privacy.messages``); a member without a contact or an active consent counts as
    ``no_contact``."""
    from participation.events.notify import send_email, send_sms
    from participation.privacy.messages import consent_for

    subject, sms, body = _convocation_texts(meeting)
    counts = {"sent": 0, "no_contact": 0, "failed": 0}
    for member in members_in_office(meeting):
        contact = member.candidacy.contact if member.candidacy else None
        consent = consent_for("council_candidate_contact", contact.id) if contact else None
        if consent is None or not (contact.phone or contact.email):
            counts["no_contact"] += 1
            continue
        try:
            if contact.email:
                send_email(contact.email, subject, body, consents=[consent])
            if contact.phone:
                send_sms(contact.phone, sms, consents=[consent])
            counts["sent"] += 1
        except Exception as exc:  # noqa: BLE001 - one failing backend call must not stop the rest
            current_app.logger.warning("council: convocation to member %s failed: %s",
                                       member.id, type(exc).__name__)
            counts["failed"] += 1
    meeting.convened_on = clock.local_today()
    db.session.commit()
    return counts


def members_in_office(meeting: Meeting) -> list[Member]:
    day = meeting.held_at.date()
    return [m for m in meeting.council.members
            if m.started_on <= day and (m.ended_on is None or m.ended_on > day)]


def _check_proxies(rows: dict[int, tuple[str, int | None]], members: dict[int, Member],
                   max_proxies: int) -> None:
    held: dict[int, int] = {}
    for member_id, (status, holder_id) in rows.items():
        if status != "represente":
            continue
        name = members[member_id].name
        if holder_id is None or holder_id not in members or holder_id == member_id:
            raise DomainError(_("Indiquez à qui %(name)s a donné pouvoir.", name=name),
                              field="attendance")
        holder = members[holder_id].name
        if rows.get(holder_id, ("absent", None))[0] != "present":
            raise DomainError(_("%(name)s ne peut pas donner pouvoir à %(holder)s, qui n'est "
                                "pas présent(e).", name=name, holder=holder), field="attendance")
        held[holder_id] = held.get(holder_id, 0) + 1
        if held[holder_id] > max_proxies:
            raise DomainError(ngettext(
                "%(holder)s détient déjà %(num)s pouvoir : c'est le maximum.",
                "%(holder)s détient déjà %(num)s pouvoirs : c'est le maximum.",
                max_proxies, holder=holder), field="attendance")


def record_attendance(meeting: Meeting, rows: dict[int, tuple[str, int | None]],
                      secretary_id: int | None = None) -> None:
    """Who was present, excused, absent, or represented by whom; refused whole on any
    broken rule (a proxy to an absent member, more proxies than the charter allows)."""
    members = {m.id: m for m in members_in_office(meeting)}
    unknown = set(rows) - set(members)
    if unknown or any(s not in ATTENDANCE for s, _h in rows.values()):
        raise DomainError(_("Présence inconnue ou membre hors du conseil."), field="attendance")
    _check_proxies(rows, members, meeting.council.max_proxies)
    if secretary_id and rows.get(secretary_id, ("", None))[0] != "present":
        raise DomainError(_("Le ou la secrétaire de séance doit être présent(e)."),
                          field="secretary_id")
    meeting.attendances.clear()
    db.session.flush()
    for member_id, (status, holder_id) in rows.items():
        meeting.attendances.append(Attendance(
            member_id=member_id, status=status,
            proxy_holder_id=holder_id if status == "represente" else None))
    meeting.secretary_id = secretary_id or None
    db.session.commit()


def quorum(meeting: Meeting) -> dict:
    counts = {k: 0 for k in ATTENDANCE}
    for a in meeting.attendances:
        counts[a.status] += 1
    council = meeting.council
    in_office = len(members_in_office(meeting))
    required = math.ceil(in_office * council.quorum_percent / 100)
    counted = counts["present"] + (counts["represente"] if council.quorum_counts_proxies else 0)
    return {**counts, "in_office": in_office, "required": required,
            "voters": counts["present"] + counts["represente"],
            "reached": bool(meeting.attendances) and counted >= required}


def record_vote(item: AgendaItem, votes_for: int, votes_against: int, abstentions: int,
                decision: str = "", not_voting: int = 0, contribution_kind: str | None = None,
                user_id: int | None = None) -> None:
    """Votes pour / contre / abstention; with those not taking part, their total must equal
    present members plus proxies."""
    q = quorum(item.meeting)
    if not q["reached"]:
        raise DomainError(_("Le quorum n'est pas atteint (%(n)s sur %(r)s requis) : le conseil "
                            "ne peut pas voter.", n=q["present"], r=q["required"]),
                          field="votes_for")
    if min(votes_for, votes_against, abstentions, not_voting) < 0:
        raise DomainError(_("Un nombre de voix ne peut pas être négatif."), field="votes_for")
    total = votes_for + votes_against + abstentions + not_voting
    if total != q["voters"]:
        raise DomainError(_("Le total des votes (%(total)s) ne correspond pas aux votants : "
                            "%(p)s + %(r)s = %(v)s.", total=total,
                            p=ngettext("%(num)s présent", "%(num)s présents", q["present"]),
                            r=ngettext("%(num)s pouvoir", "%(num)s pouvoirs", q["represente"]),
                            v=q["voters"]),
                          field="votes_for")
    item.votes_for, item.votes_against, item.abstentions = votes_for, votes_against, abstentions
    item.not_voting, item.decision = not_voting, decision.strip() or None
    if contribution_kind and item.contribution_id is None:
        item.contribution_id = _as_contribution(item, contribution_kind, user_id).id
    db.session.commit()


def _as_contribution(item: AgendaItem, kind: str, user_id: int | None):
    meeting = item.meeting
    council = meeting.council
    text = item.title + (" — " + item.decision if item.decision else "")
    return record_contribution(
        council.territory_id, text, kind=kind, author_role="conseil_citoyen",
        source_format="conseil_citoyen", source_type="council_agenda_item", source_id=item.id,
        source_label=_("%(c)s, séance du %(d)s", c=council.name,
                       d=meeting.held_at.strftime("%d/%m/%Y")),
        quartier_id=council.quartiers[0].id if len(council.quartiers) == 1 else None,
        said_on=meeting.held_at.date(), created_by_id=user_id, commit=False, suggest=True)


def attendance_rates(council: Council) -> dict[int, dict]:
    """Per member: meetings recorded, present, represented, and the presence rate (%)."""
    rows = db.session.scalars(select(Attendance).join(Meeting).where(
        Meeting.council_id == council.id)).all()
    rates: dict[int, dict] = {}
    for a in rows:
        r = rates.setdefault(a.member_id, {"meetings": 0, "present": 0, "represente": 0})
        r["meetings"] += 1
        r[a.status] = r.get(a.status, 0) + 1
    for r in rates.values():
        r["rate"] = whole_percent(r["present"], r["meetings"])
    return rates


def display_name(member: Member, public: bool) -> str:
    """Full name for the team; on public pages only the name the member agreed to show."""
    if not public:
        return member.name
    return member.public_name or _("un membre du collège %(c)s", c=member.college.label.lower())


def _roll(people: list[Member], public: bool) -> list[str]:
    """Every name for the team; in public, the names members agreed to show, then a count."""
    if not public:
        return [m.name for m in people]
    named = [m.public_name for m in people if m.public_name]
    others = len(people) - len(named)
    return named + ([ngettext("%(num)s autre membre", "%(num)s autres membres", others)]
                    if others else [])


def minutes(meeting: Meeting, public: bool = False) -> dict:
    """What the printed record says: effectif, counts, "X ayant donné pouvoir à Y"..."""
    name = lambda m: display_name(m, public)  # noqa: E731
    return {
        "meeting": meeting, "quorum": quorum(meeting),
        "roll": _roll(members_in_office(meeting), public),
        "proxies": [(name(a.member), name(a.proxy_holder)) for a in meeting.attendances
                    if a.status == "represente" and a.proxy_holder],
        "secretary": name(meeting.secretary) if meeting.secretary else None,
        "items": meeting.items,
    }
