"""What the conseil citoyen gives the participation section of the contract: figures and
decisions per council, anonymous (no names, no contacts), ready for the exports feature."""
from __future__ import annotations

import pandas as pd
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.contributions.models import SEXES
from participation.core import clock
from participation.core.percent import whole_percent
from participation.council import members as members_service
from participation.council.meetings import attendance_rates
from participation.council.models import (
    CANDIDACY_SOURCES,
    COLLEGE_KINDS,
    MEMBER_STATUSES,
    Candidacy,
    CandidateContact,
    College,
    Council,
    Draw,
    Meeting,
    Member,
)
from participation.exports.registry import register_export, section_block
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
        "draws": [{"id": d.id, "college": d.college.kind, "date": clock.local_day(d.drawn_at),
                   "among": len(d.entries), "seats": d.seats, "seed": d.seed,
                   "fingerprint": d.fingerprint} for d in draws],
        "meetings": len(meetings), "decisions": _decisions(meetings),
        "turnover": members_service.turnover(council),
        # the mean of the members' rates, half up
        "attendance_rate": whole_percent(sum(rates), 100 * len(rates)),
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


def _table(caption: str, header: list[str], rows: list[list]) -> dict:
    return {"caption": caption, "header": header, "rows": [[str(c) for c in r] for r in rows]}


def _paragraphs(summary: dict) -> list[str]:
    lines = [headline(summary)]
    if summary["charter"]:
        lines.append(_("Ses membres acceptent la %(c)s.", c=summary["charter"].lower()))
    for d in summary["draws"]:
        lines.append(_("Tirage au sort du %(d)s : %(s)s sièges parmi %(n)s, graine « %(g)s », "
                       "empreinte de la liste %(f)s… (vérifiable sur la page publique du "
                       "tirage).", d=format_date(d["date"], "long"), s=d["seats"],
                       n=d["among"], g=d["seed"], f=d["fingerprint"][:16]))
    return lines


def _tables(summary: dict) -> list[dict]:
    tables = [_table(_("Collèges"), [_("Collège"), _("Sièges"), _("Candidatures"),
                                     _("Membres"), _("Femmes"), _("Hommes")],
                     [[c["label"], c["seats"], c["candidacies"], c["members"], c["women"],
                       c["men"]] for c in summary["colleges"]])]
    if summary["decisions"]:
        tables.append(_table(_("Décisions"), [_("Date"), _("Point"), _("Décision"), _("Pour"),
                                               _("Contre"), _("Abstentions")],
                             [[format_date(d["date"]), d["title"], d["decision"] or "",
                               d["for"], d["against"], d["abstentions"]]
                              for d in summary["decisions"]]))
    if summary["turnover"]:
        tables.append(_table(_("Membres en fonction par année"),
                             [_("Année"), _("Au 1er janvier"), _("Arrivées"), _("Départs"),
                              _("Au 31 décembre")],
                             [[r["year"], r["at_start"], r["joined"], r["left"], r["at_end"]]
                              for r in summary["turnover"]]))
    return tables


@section_block
def council_blocks(territory) -> list[dict]:
    """The conseil citoyen page of the participation section, one block per council."""
    return [{"key": f"conseil_citoyen_{i}", "title": _("Le conseil citoyen : %(n)s",
                                                         n=summary["name"]),
             "order": 70, "level": 2, "paragraphs": _paragraphs(summary),
             "tables": _tables(summary), "images": []}
            for i, summary in enumerate(section_summary(territory.id), start=1)]


def label(labels: dict, code: str | None) -> str:
    """A stored code as the pages show it ("f" -> "Femme", "habitants" -> "Habitants");
    "" when empty, the code itself if unknown. Exports carry words, never codes (issue #11)."""
    return str(labels.get(code, code)) if code else ""


def _candidacies_select(territory_id: int):
    return (select(Candidacy, Council.name, College.kind)
            .join(Council, Candidacy.council_id == Council.id)
            .join(College, Candidacy.college_id == College.id)
            .where(Council.territory_id == territory_id).order_by(Council.id, Candidacy.number))


def candidacies_export(territory_id: int) -> pd.DataFrame:
    """One row per candidacy, identified by its public number only."""
    rows = db.session.execute(_candidacies_select(territory_id)).all()
    return pd.DataFrame([{
        "conseil": name, "n°": c.number, "collège": label(COLLEGE_KINDS, kind),
        "sexe": label(SEXES, c.sex),
        "tranche d'âge": c.age_band or "", "lieu de vie": c.place_name or "",
        "structure": c.structure_name or "",
        "origine": label(CANDIDACY_SOURCES, c.source),
        "retirée": "oui" if c.withdrawn else "non", "date": clock.local_day(c.created_at),
    } for c, name, kind in rows])


def contacts_export(territory_id: int) -> pd.DataFrame:
    """Numbers with names and contacts: personal data, for a coordinator who asks for it."""
    rows = db.session.execute(_candidacies_select(territory_id).add_columns(
        CandidateContact.name, CandidateContact.phone, CandidateContact.email)
        .join(CandidateContact, CandidateContact.candidacy_id == Candidacy.id)).all()
    return pd.DataFrame([{"conseil": name, "n°": c.number, "collège": label(COLLEGE_KINDS, kind),
                          "nom": person,
                          "téléphone": phone or "", "e-mail": email or ""}
                         for c, name, kind, person, phone, email in rows])


def members_export(territory_id: int) -> pd.DataFrame:
    """Members over time, without names: collège, sex, dates, status, charter version."""
    rows = db.session.execute(select(Member, Council.name, College.kind)
                              .join(Council, Member.council_id == Council.id)
                              .join(College, Member.college_id == College.id)
                              .where(Council.territory_id == territory_id)
                              .order_by(Council.id, Member.started_on, Member.id)).all()
    return pd.DataFrame([{"conseil": name, "collège": label(COLLEGE_KINDS, kind),
                          "sexe": label(SEXES, m.sex), "statut": label(MEMBER_STATUSES, m.status),
                          "début": m.started_on, "fin": m.ended_on,
                          "charte (version)": m.charter_version} for m, name, kind in rows])


register_export("conseil_candidatures", _l("Conseil citoyen : candidatures (anonymes)"),
                candidacies_export)
register_export("conseil_candidatures_contacts", _l("Conseil citoyen : candidatures avec "
                                                     "coordonnées"), contacts_export,
                personal=True)
register_export("conseil_membres", _l("Conseil citoyen : membres (sans noms)"), members_export)
