"""What the conseil citoyen gives the participation section of the contract: figures and
decisions per council, anonymous (no names, no contacts), ready for the exports feature."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from participation.council import members as members_service
from participation.council.meetings import attendance_rates
from participation.council.models import Candidacy, Council, Draw, Meeting
from participation.extensions import db


def _colleges(council: Council, candidacies: list[Candidacy]) -> list[dict]:
    rows = []
    for college in council.colleges:
        applied = [c for c in candidacies if c.college_id == college.id]
        seated = [m for m in council.active_members if m.college_id == college.id]
        rows.append({
            "kind": college.kind, "label": college.label, "seats": college.seats,
            "parity": college.parity, "candidacies": len(applied),
            "members": len(seated), "women": sum(1 for m in seated if m.sex == "f"),
            "men": sum(1 for m in seated if m.sex == "h")})
    return rows


def _decisions(meetings: list[Meeting]) -> list[dict]:
    return [{"date": m.held_at.date(), "title": i.title, "decision": i.decision,
             "for": i.votes_for, "against": i.votes_against, "abstentions": i.abstentions,
             "contribution_id": i.contribution_id}
            for m in meetings for i in m.items if i.voted]


def council_summary(council: Council) -> dict:
    """One council's block: collèges, draws (with fingerprint and seed), meetings,
    decisions, turnover per year and mean attendance rate."""
    candidacies = list(db.session.scalars(select(Candidacy).where(
        Candidacy.council_id == council.id, Candidacy.withdrawn.is_(False))))
    draws = list(db.session.scalars(select(Draw).where(
        Draw.council_id == council.id, Draw.drawn_at.is_not(None)).order_by(Draw.drawn_at)))
    meetings = list(db.session.scalars(select(Meeting).where(
        Meeting.council_id == council.id).order_by(Meeting.held_at)))
    rates = [r["rate"] for r in attendance_rates(council).values()]
    return {
        "name": council.name, "kind": council.kind, "inter_conseils": council.inter_conseils,
        "quartiers": [q.name for q in council.quartiers],
        "charter": council.charter.title if council.charter else None,
        "colleges": _colleges(council, candidacies),
        "candidacies": len(candidacies),
        "draws": [{"id": d.id, "college": d.college.kind, "date": d.drawn_at.date(),
                   "among": len(d.entries), "seats": d.seats, "seed": d.seed,
                   "fingerprint": d.fingerprint} for d in draws],
        "meetings": len(meetings), "decisions": _decisions(meetings),
        "turnover": members_service.turnover(council),
        "attendance_rate": round(sum(rates) / len(rates)) if rates else None,
    }


def section_summary(territory_id: int) -> list[dict]:
    councils = db.session.scalars(select(Council).where(
        Council.territory_id == territory_id).order_by(Council.name))
    return [council_summary(c) for c in councils]


def headline(summary: dict) -> str:
    """The sentence the section prints: "Conseil citoyen X : 12 candidatures, 8 membres
    (4 femmes, 4 hommes), 1 séance, 3 décisions."""
    women = sum(c["women"] for c in summary["colleges"])
    men = sum(c["men"] for c in summary["colleges"])
    members = sum(c["members"] for c in summary["colleges"])
    parts = [
        ngettext("%(num)s candidature", "%(num)s candidatures", summary["candidacies"]),
        ngettext("%(num)s membre", "%(num)s membres", members)
        + " " + _("(%(f)s femmes, %(h)s hommes)", f=women, h=men),
        ngettext("%(num)s séance", "%(num)s séances", summary["meetings"]),
        ngettext("%(num)s décision", "%(num)s décisions", len(summary["decisions"])),
    ]
    return _("%(name)s : %(parts)s.", name=summary["name"], parts=", ".join(parts))
