"""Residents' pages, no account: apply from a phone, read the council's page, its minutes,
and check a draw by lot (inputs JSON and the standalone script to download). The paper
candidacy entry shares the form."""
from __future__ import annotations

import json
import secrets
from pathlib import Path

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from participation.core.auth import FACILITATOR, get_scoped_or_404, public, role_required
from participation.core.errors import DomainError
from participation.core.registry import quartier_section, territory_links
from participation.core.resent import already_sent, remember_sent
from participation.core.security import honeypot_tripped
from participation.core.urls import db_id
from participation.council import draws, meetings, services, verify_draw
from participation.council.forms import CandidacyForm
from participation.council.models import Council, Draw, Meeting
from participation.council.services import CandidacyInput
from participation.council.views import attach_error, bp
from participation.extensions import db, limiter
from participation.territory.models import Quartier
from participation.territory.services import resident_name_choices

COLLEGE_CHOICES = {"habitants": _l("En tant qu'habitant(e) du quartier"),
                   "acteurs_locaux": _l("Pour une association, un commerce ou une structure")}

PUBLIC_SHOWN = 300  # numbers and tickets rendered on the public page


@quartier_section
def _council_section(quartier: Quartier) -> list[dict]:
    """Each council of the quartier: its public page (members, draws, minutes), open or
    closed, and its candidacy form while it is open."""
    items = []
    for c in services.quartier_councils(quartier):
        if c.accepts_candidacies:
            items.append({"title": _("Candidater au %(name)s", name=c.name),
                          "url": url_for("council.apply", council_id=c.id),
                          "text": _("Habitants tirés au sort à parité femmes-hommes, et "
                                    "acteurs locaux.")})
        items.append(_council_link(c))
    return items


def _council_link(council: Council) -> dict:
    return {"title": council.name, "url": url_for("council.public_page", council_id=council.id),
            "text": _("Ses membres, ses tirages au sort, ses séances et décisions.")}


@territory_links
def _territory_councils(territory) -> list[dict]:
    """The home page lists every council of a territory: its draws and public minutes are
    then two clicks from ``/``."""
    return [_council_link(c) for c in db.session.scalars(
        select(Council).where(Council.territory_id == territory.id).order_by(Council.name))]


def _candidacy_form(council: Council) -> CandidacyForm:
    form = CandidacyForm()
    form.college.choices = [(c.kind, COLLEGE_CHOICES[c.kind]) for c in council.colleges]
    ids = {q.id for q in council.quartiers}
    form.place.choices = [("", "—")] + [(f"{qid}|{name}", name) for qid, name, _q
                                        in resident_name_choices(council.territory_id)
                                        if qid in ids]
    if council.age_min is not None:
        del form.age_band  # a youth council asks the age itself (rendered instead)
    else:
        del form.age
    if not form.token.data:
        form.token.data = secrets.token_urlsafe(16)
    return form


def _input(form: CandidacyForm, source: str, user_id: int | None = None) -> CandidacyInput:
    quartier_id, _sep, place = (form.place.data or "").partition("|")
    return CandidacyInput(
        college_kind=form.college.data or "", name=form.name.data or "",
        phone=form.phone.data or "", email=form.email.data or "", consent=form.consent.data,
        sex=form.sex.data or "", age_band=(form.age_band.data if form.age_band else "") or "",
        age=form.age.data if form.age else None,
        quartier_id=int(quartier_id) if quartier_id.isdigit() else None, place_name=place,
        structure_name=form.structure_name.data or "", motivation=form.motivation.data or "",
        availability=form.availability.data or "", source=source, token=form.token.data,
        invitation_token=form.invitation.data or None, created_by_id=user_id)


def _valid(council: Council, form: CandidacyForm, source: str) -> bool:
    """Whether a sent candidacy may be stored: the form's checks (WTForms) and the
    council's (``services.check_candidacy``) both run, every message of either on the form,
    so that the page shows all the mistakes at once (field test s27: one a submit). False
    on a GET."""
    if not form.is_submitted():
        return False
    valid = form.validate()
    try:
        services.check_candidacy(council, _input(form, source))
    except DomainError as exc:
        attach_error(form, exc, "name")
        return False
    return valid


def _sent_values(form: CandidacyForm) -> list[str]:
    """What makes a candidacy the same one sent again (``core.resent``)."""
    return [str(form.college.data or ""), form.name.data or "", form.phone.data or "",
            form.email.data or ""]


@bp.route("/conseil/<int:council_id>/candidater", methods=["GET", "POST"])
@public
@limiter.limit("30/hour", methods=["POST"])
@public
def apply(council_id: int):
    """The candidacy form for a phone: no account, no JavaScript, stored once."""
    council = db.get_or_404(Council, council_id)
    form = _candidacy_form(council)
    if request.method == "GET":
        form.invitation.data = request.args.get("invitation", "")
    elif honeypot_tripped(form):  # a bot: thanked, nothing kept
        return redirect(url_for("council.thanks", council_id=council.id))
    if council.accepts_candidacies and _valid(council, form, "web"):
        sent = _sent_values(form)
        if already_sent("council", council.id, sent):  # Back, then « Envoyer » again
            return redirect(url_for("council.thanks", council_id=council.id, deja=1))
        try:
            candidacy, _created = services.submit_candidacy(council, _input(form, "web"))
            remember_sent("council", council.id, sent)
            return redirect(url_for("council.thanks", council_id=council.id,
                                    numero=candidacy.number))
        except DomainError as exc:
            attach_error(form, exc, "name")
    return render_template("council/apply.html", council=council, form=form), \
        422 if form.errors else 200


@bp.get("/conseil/<int:council_id>/merci")
@public
def thanks(council_id: int):
    council = db.get_or_404(Council, council_id)
    return render_template("council/thanks.html", council=council,
                           number=request.args.get("numero", type=db_id),
                           already=request.args.get("deja") == "1")


@bp.route("/council/<int:council_id>/candidacies/new", methods=["GET", "POST"])
@role_required(FACILITATOR)
def paper_candidacy(council_id: int):
    """A paper candidacy typed in by a facilitator (possible even once the form is closed)."""
    council = get_scoped_or_404(Council, council_id)
    form = _candidacy_form(council)
    if _valid(council, form, "papier"):
        try:
            candidacy, _created = services.submit_candidacy(
                council, _input(form, "papier", current_user.id))
            flash(_("Candidature n° %(n)s enregistrée.", n=candidacy.number), "success")
            return redirect(url_for("council.paper_candidacy", council_id=council.id))
        except DomainError as exc:
            attach_error(form, exc, "name")
    return render_template("council/apply.html", council=council, form=form, paper=True), \
        422 if form.errors else 200


@bp.get("/conseil/invitation/<token>")
@public
def invitation(token: str):
    """The link sent to a survey respondent who would like to join."""
    inv = services.find_invitation(token) or abort(404)
    councils = db.session.scalars(select(Council).where(
        Council.territory_id == inv.territory_id, Council.accepts_candidacies.is_(True))
        .order_by(Council.name)).all()
    if len(councils) == 1:
        return redirect(url_for("council.apply", council_id=councils[0].id, invitation=token))
    return render_template("council/invitation.html", councils=councils, token=token)


@bp.get("/conseil/<int:council_id>")
@public
def public_page(council_id: int):
    """The council as residents see it: charter, members who agreed to be named, draws,
    decisions and minutes."""
    council = db.get_or_404(Council, council_id)
    done = db.session.scalars(select(Draw).where(
        Draw.council_id == council.id).order_by(Draw.id)).all()
    held = db.session.scalars(select(Meeting).where(
        Meeting.council_id == council.id).order_by(Meeting.held_at.desc())).all()
    return render_template("council/public.html", council=council, draws=done,
                           meetings=held)


@bp.get("/conseil/seance/<int:meeting_id>")
@public
def public_minutes(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    return render_template("council/minutes.html", public=True,
                           **meetings.minutes(meeting, public=True))


@bp.get("/tirage/<int:draw_id>")
@public
def public_draw(draw_id: int):
    """The algorithm in plain French, the published inputs and the result. An anonymous GET
    renders at most ``PUBLIC_SHOWN`` numbers and tickets (the lowest tickets: seats and
    substitutes first); the whole list is in the JSON file (lists are capped at import,
    ``council.draw.MAX_HOUSEHOLDS``)."""
    d = db.get_or_404(Draw, draw_id)
    inputs = draws.draw_inputs(d)
    tickets = {}
    if d.seed:
        tickets = {e.number: verify_draw.ticket(d.seed, d.fingerprint, e.number)[:12]
                   for e in d.entries}
    return render_template("council/public_draw.html", draw=d, inputs=inputs,
                           tickets=tickets, result=inputs.get("result"), shown=PUBLIC_SHOWN,
                           shortfall=draws.parity_shortfall(d))


@bp.get("/tirage/<int:draw_id>.json")
@public
def draw_json(draw_id: int):
    d = db.get_or_404(Draw, draw_id)
    body = json.dumps(draws.draw_inputs(d), ensure_ascii=False, indent=1)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f"attachment; filename=tirage-{d.id}.json"})


@bp.get("/tirage/verify_draw.py")
@public
def verify_script():
    """The exact algorithm the server runs, as one stdlib-only file."""
    return Response(Path(verify_draw.__file__).read_text(encoding="utf-8"),
                    mimetype="text/x-python", headers={
                        "Content-Disposition": "attachment; filename=verify_draw.py"})
