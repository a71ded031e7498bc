"""Team pages for members over time and meetings (attendance, proxies, votes, minutes)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from participation.core.auth import COORDINATOR, FACILITATOR, get_scoped_or_404, role_required
from participation.core.errors import DomainError
from participation.core.urls import db_id
from participation.council import meetings, members
from participation.council.forms import (
    AcceptCharterForm,
    AttendanceForm,
    LeaveForm,
    MeetingForm,
    MemberForm,
    ReplaceForm,
    VoteForm,
)
from participation.council.models import (
    ATTENDANCE,
    MEMBER_STATUSES,
    AgendaItem,
    Council,
    DrawEntry,
    Meeting,
    Member,
)
from participation.council.views import attach_error, bp
from participation.extensions import db


def _member_form(council: Council) -> MemberForm:
    form = MemberForm()
    form.college_id.choices = [(c.id, c.label) for c in council.colleges]
    return form


@bp.get("/council/<int:council_id>/members")
@role_required(FACILITATOR)
def members_page(council_id: int):
    """Members in office and former ones, attendance rates, turnover per year."""
    council = get_scoped_or_404(Council, council_id)
    return _members_list(council, _member_form(council))


def _members_list(council: Council, form: MemberForm, status: int = 200):
    return render_template("council/members.html", council=council, form=form,
                           rates=meetings.attendance_rates(council),
                           turnover=members.turnover(council), statuses=MEMBER_STATUSES), status


@bp.post("/council/<int:council_id>/members")
@role_required(COORDINATOR)
def add_member(council_id: int):
    """A member designated without a draw (typically an acteur local)."""
    council = get_scoped_or_404(Council, council_id)
    form = _member_form(council)
    if form.validate_on_submit():
        try:
            members.add_member(council, form.college_id.data, form.name.data, form.sex.data,
                               form.structure_name.data, form.public_name.data,
                               form.started_on.data)
            flash(_("Membre ajouté."), "success")
            return redirect(url_for("council.members_page", council_id=council.id))
        except DomainError as exc:
            attach_error(form, exc, "name")
    return _members_list(council, form, 422)


def _member_page(member: Member, status: int = 200, **forms):
    proposal = members.propose_substitute(member) if member.status != "actif" else None
    replace = ReplaceForm(entry_id=proposal.id if proposal else None)
    return render_template(
        "council/member.html", member=member, proposal=proposal, statuses=MEMBER_STATUSES,
        charter_form=forms.get("charter") or AcceptCharterForm(public_name=member.public_name),
        leave_form=forms.get("leave") or LeaveForm(), replace_form=replace,
        successor=db.session.scalar(db.select(Member).where(Member.replaces_id == member.id)),
    ), status


@bp.get("/council/members/<int:member_id>")
@role_required(COORDINATOR)
def member(member_id: int):
    """A member's record: charter accepted, departure, the substitute proposed."""
    return _member_page(get_scoped_or_404(Member, member_id))


@bp.post("/council/members/<int:member_id>/charter")
@role_required(COORDINATOR)
def accept_charter(member_id: int):
    m = get_scoped_or_404(Member, member_id)
    form = AcceptCharterForm()
    if form.validate_on_submit():
        try:
            members.accept_charter(m, form.accepted_on.data, form.public_name.data)
            flash(_("Acceptation de la charte enregistrée."), "success")
            return redirect(url_for("council.member", member_id=m.id))
        except DomainError as exc:
            attach_error(form, exc, "accepted_on")
    return _member_page(m, 422, charter=form)


@bp.post("/council/members/<int:member_id>/leave")
@role_required(COORDINATOR)
def leave(member_id: int):
    m = get_scoped_or_404(Member, member_id)
    form = LeaveForm()
    if form.validate_on_submit():
        try:
            members.end_membership(m, form.status.data, form.ended_on.data)
            flash(_("Départ enregistré."), "success")
            return redirect(url_for("council.member", member_id=m.id))
        except DomainError as exc:
            attach_error(form, exc, "status")
    return _member_page(m, 422, leave=form)


@bp.post("/council/members/<int:member_id>/replace")
@role_required(COORDINATOR)
def replace(member_id: int):
    m = get_scoped_or_404(Member, member_id)
    form = ReplaceForm()
    try:
        entry = db.session.get(DrawEntry, db_id(form.entry_id.data or 0))
    except ValueError:
        abort(400)
    if entry is None or entry.draw.council_id != m.council_id:
        flash(_("Suppléant introuvable."), "error")
        return redirect(url_for("council.member", member_id=m.id))
    try:
        new = members.replace_member(m, entry, form.started_on.data)
        flash(_("%(name)s remplace %(old)s.", name=new.name, old=m.name), "success")
    except DomainError as exc:
        flash(exc.message, "error")
    return redirect(url_for("council.members_page", council_id=m.council_id))


@bp.route("/council/<int:council_id>/meetings/new", methods=["GET", "POST"])
@role_required(COORDINATOR)
def new_meeting(council_id: int):
    council = get_scoped_or_404(Council, council_id)
    form = MeetingForm()
    if form.validate_on_submit():
        try:
            meeting = meetings.create_meeting(council, form.held_at.data, form.place.data,
                                              form.agenda.data.splitlines(),
                                              form.convened_on.data, form.chair_name.data)
            return redirect(url_for("council.meeting", meeting_id=meeting.id))
        except DomainError as exc:
            attach_error(form, exc, "agenda")
    return render_template("council/meeting_new.html", council=council, form=form), \
        422 if form.errors else 200


def _meeting_page(meeting: Meeting, status: int = 200, vote_forms=None, attendance=None,
                  error: str | None = None):
    people = meetings.members_in_office(meeting)
    form = AttendanceForm()
    form.secretary_id.choices = [(0, "—")] + [(m.id, m.name) for m in people]
    form.secretary_id.data = meeting.secretary_id or 0
    current = attendance or {a.member_id: (a.status, a.proxy_holder_id)
                             for a in meeting.attendances}
    forms = {i.id: VoteForm(prefix=f"item{i.id}", obj=i) for i in meeting.items}
    forms.update(vote_forms or {})
    return render_template("council/meeting.html", meeting=meeting, people=people,
                           form=form, current=current, statuses=ATTENDANCE, vote_forms=forms,
                           quorum=meetings.quorum(meeting), error=error), status


@bp.get("/council/meetings/<int:meeting_id>")
@role_required(FACILITATOR)
def meeting(meeting_id: int):
    return _meeting_page(get_scoped_or_404(Meeting, meeting_id))


@bp.post("/council/meetings/<int:meeting_id>/attendance")
@role_required(FACILITATOR)
def attendance(meeting_id: int):
    """The roll call: one status per member, and who holds each proxy."""
    m = get_scoped_or_404(Meeting, meeting_id)
    rows = {}
    for person in meetings.members_in_office(m):
        status = request.form.get(f"status-{person.id}", "absent")
        holder = request.form.get(f"proxy-{person.id}", type=db_id)
        rows[person.id] = (status, holder or None)
    try:
        meetings.record_attendance(m, rows, request.form.get("secretary_id", type=db_id))
        flash(_("Présences enregistrées."), "success")
        return redirect(url_for("council.meeting", meeting_id=m.id))
    except DomainError as exc:
        db.session.rollback()
        return _meeting_page(m, 422, attendance=rows, error=exc.message)


@bp.post("/council/items/<int:item_id>/vote")
@role_required(COORDINATOR)
def vote(item_id: int):
    item = get_scoped_or_404(AgendaItem, item_id)
    form = VoteForm(prefix=f"item{item.id}")
    if form.validate_on_submit():
        try:
            meetings.record_vote(item, form.votes_for.data, form.votes_against.data,
                                 form.abstentions.data, form.decision.data,
                                 form.not_voting.data or 0, form.contribution_kind.data or None,
                                 current_user.id)
            flash(_("Vote enregistré."), "success")
            return redirect(url_for("council.meeting", meeting_id=item.meeting_id))
        except DomainError as exc:
            attach_error(form, exc, "votes_for")
    return _meeting_page(item.meeting, 422, vote_forms={item.id: form})


@bp.get("/council/meetings/<int:meeting_id>/minutes")
@role_required(FACILITATOR)
def minutes(meeting_id: int):
    m = get_scoped_or_404(Meeting, meeting_id)
    return render_template("council/minutes.html", public=False, **meetings.minutes(m))


@bp.get("/council/meetings/<int:meeting_id>/convocation")
@role_required(FACILITATOR)
def convocation(meeting_id: int):
    """The convocation to print, e-mail or send by SMS (date, place, agenda, proxy rule)."""
    m = get_scoped_or_404(Meeting, meeting_id)
    return render_template("council/convocation.html", meeting=m,
                           people=meetings.members_in_office(m))


@bp.post("/council/meetings/<int:meeting_id>/convocation")
@role_required(COORDINATOR)
def send_convocation(meeting_id: int):
    """Send it through the e-mail and SMS backends."""
    m = get_scoped_or_404(Meeting, meeting_id)
    counts = meetings.send_convocation(m)
    flash(_("Convocation envoyée à %(n)s ; %(k)s ; %(f)s.",
            n=ngettext("%(num)s membre", "%(num)s membres", counts["sent"]),
            k=ngettext("%(num)s membre sans coordonnées", "%(num)s membres sans coordonnées",
                       counts["no_contact"]),
            f=ngettext("%(num)s échec", "%(num)s échecs", counts["failed"])),
          "error" if counts["failed"] else "success")
    return redirect(url_for("council.convocation", meeting_id=m.id))
