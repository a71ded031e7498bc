"""Residents' pages: no account, no JavaScript. Sign up, confirmation, calendar file, cancel."""
from __future__ import annotations

import secrets

import segno
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from participation.core import auth
from participation.core.errors import DomainError
from participation.core.formerrors import attach_problems
from participation.core.i18n import current_language
from participation.core.registry import quartier_section
from participation.core.resent import already_sent, remember_sent
from participation.core.security import honeypot_tripped, public_submission_limit
from participation.core.templating import day, hour
from participation.core.timeslots import time_boundaries
from participation.events import ics, services, signup
from participation.events.forms import CancelForm, SignupForm
from participation.events.models import CANCELLED, MEAL_NEEDS, Event, Registration
from participation.events.notify import send_pending_notices
from participation.events.views import bp
from participation.extensions import db
from participation.territory.models import Quartier


@quartier_section
def _events_section(quartier: Quartier) -> list[dict]:
    """Upcoming events on the quartier page: the day (Paris wall clock, ``starts_at`` is
    naive) and the hour as every other page writes them ("12h30" in French, "12:30" on the
    24-hour clock elsewhere: docs/languages.md, never "12:30 م"); the known full names in
    the staff's title and place masked (``privacy.public_names``)."""
    from participation.privacy.public_names import public_prose

    tid = quartier.territory_id
    return [{"title": public_prose(e.title, tid),
             "url": url_for("events.public", event_id=e.id),
             "text": _("%(kind)s · %(when)s · %(place)s", kind=e.kind_label,
                       when=f"{day(e.starts_at.date())} {hour(e.starts_at)}",
                       place=public_prose(e.place, tid))}
            for e in services.upcoming_events(tid, quartier.id)]


@time_boundaries
def _event_boundaries():
    """Public pages change when an event starts (sign-ups close), when its sign-up deadline
    passes, and when it ends (it leaves the quartier page)."""
    rows = db.session.execute(select(Event.starts_at, Event.ends_at, Event.signup_deadline))
    return [moment for row in rows for moment in row]


def _answers(form: SignupForm) -> dict:
    fields = ("name", "adults", "children", "meal_needs", "allergies", "mobility", "childcare",
              "interpreter", "interpreter_language", "comment", "phone", "email", "consent")
    return {name: getattr(form, name).data for name in fields}


def _page(event: Event, form: SignupForm, status: int = 200):
    return render_template("events/public.html", event=event, form=form,
                           places_left=services.places_left(event),
                           closed=services.signup_closed_reason(event)), status


def _sent_values(form: SignupForm) -> list[str]:
    """What makes a sign-up the same one sent again (``core.resent``)."""
    return [str(form[name].data or "") for name in ("name", "adults", "children", "phone",
                                                    "email")]


def _resent(event: Event, sent: list[str]) -> Registration | None:
    """The registration this browser already stored with ``sent``, if it is still held."""
    ref = already_sent("event", event.id, sent)
    found = db.session.get(Registration, int(ref)) if ref and ref.isdigit() else None
    return found if found is not None and found.status != CANCELLED else None


def _valid(event: Event, form: SignupForm) -> bool:
    """Whether the sent form may be signed up: the form's checks (WTForms) and the sign-up's
    (``signup.check_signup``) both run, every message of either put on the form, so that
    the page shows all the mistakes at once (field test s27: one a submit)."""
    valid = form.validate_on_submit()
    try:
        signup.check_signup(event, _answers(form), form.accept_waitlist.data)
    except DomainError as exc:
        attach_problems(form, exc)
        return False
    return valid


@bp.route("/<int:event_id>", methods=["GET", "POST"])
@auth.public
@public_submission_limit()
def public(event_id: int):
    """The sign-up page of an event (of its chain: one sign-up counts for all of it)."""
    event = db.get_or_404(Event, event_id)
    if event.chain_head_id:
        return redirect(url_for("events.public", event_id=event.chain_head_id))
    form = SignupForm()
    if request.method == "GET":
        form.form_token.data = secrets.token_urlsafe(24)
        return _page(event, form)
    if honeypot_tripped(form):
        return render_template("events/noted.html", event=event)
    if _valid(event, form):
        sent = _sent_values(form)
        done = _resent(event, sent)
        if done is not None:  # Back, then « Envoyer » again: the first sign-up
            flash(_("Ce navigateur avait déjà envoyé cette inscription : elle n’est comptée "
                    "qu’une fois."), "info")
            return redirect(url_for("events.confirmation",
                                    token=signup.registration_token(done)), 303)
        try:
            registration = signup.sign_up(event.id, form.form_token.data, _answers(form),
                                          accept_waitlist=form.accept_waitlist.data)
            remember_sent("event", event.id, sent, str(registration.id))
            token = signup.registration_token(registration)
            return redirect(url_for("events.confirmation", token=token), 303)
        except DomainError as exc:
            attach_problems(form, exc)
    if not form.form_token.data:
        form.form_token.data = secrets.token_urlsafe(24)
    return _page(event, form, 422)


def _registration(token: str):
    try:
        return signup.registration_from_token(token)
    except DomainError as exc:
        abort(Response(render_template("events/bad_link.html", message=exc.message), 404))


@bp.get("/inscription/<token>")
@auth.public
def confirmation(token: str):
    """What the resident keeps: status, place, the calendar file and the private cancel link."""
    registration = _registration(token)
    return render_template("events/confirmation.html", r=registration, token=token,
                           event=registration.event, meals=MEAL_NEEDS,
                           position=signup.waitlist_position(registration),
                           withdraw=_withdrawal_path(registration))


def _withdrawal_path(registration: Registration) -> str | None:
    """The link that withdraws the sign-up's reminder consent (and erases its contact), when
    a contact was left with one."""
    from participation.privacy.consent import withdrawal_token
    from participation.privacy.messages import consent_for

    contact = registration.contact
    consent = consent_for(signup.CONTACT_TABLE, contact.id) if contact else None
    return url_for("privacy.withdraw", token=withdrawal_token(consent)) if consent else None


@bp.get("/inscription/<token>/evenement.ics")
@auth.public
def calendar_file(token: str):
    registration = _registration(token)
    url = url_for("events.confirmation", token=token, _external=True)
    body = ics.calendar(registration.event.chain, f"inscription-{registration.id}", url)
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": "attachment; filename=evenement.ics"})


@bp.route("/annuler/<token>", methods=["GET", "POST"])
@auth.public
@public_submission_limit()
def cancel(token: str):
    """Cancel from the private link; the next waiting party that fits takes the places."""
    registration = _registration(token)
    form = CancelForm()
    error = None
    if form.validate_on_submit():
        try:
            promoted = signup.cancel_registration(token)
            if promoted:
                send_pending_notices(registration.event_id)
            return render_template("events/cancelled.html", event=registration.event)
        except DomainError as exc:
            error = exc.message
    return render_template("events/cancel.html", r=registration, form=form, error=error,
                           event=registration.event), 422 if error else 200


def _public_url(endpoint: str, **values) -> str:
    """Absolute URL for print: PUBLIC_BASE_URL when set (behind a proxy), else this host."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


@bp.get("/<int:event_id>/affiche")
@auth.public
def poster(event_id: int):
    """A4 poster or A5 flyer to print, with a QR code to the sign-up page, in the page's
    language (``?lang=ar``: ``core.i18n.current_language``): the QR code opens the sign-up
    page in that language too."""
    event = db.get_or_404(Event, event_id).head
    size = "a5" if request.args.get("size") == "a5" else "a4"
    language = current_language()
    url = _public_url("events.public", event_id=event.id, lang=language)
    qr = segno.make(url, error="m").svg_inline(scale=6 if size == "a4" else 4, border=2,
                                               title=_("Code QR vers l'inscription"))
    other = [(tag, name, url_for("events.poster", event_id=event.id, size=size, lang=tag))
             for tag, name in current_app.config["LANGUAGES"].items() if tag != language]
    return render_template("events/poster.html", event=event, size=size, url=url,
                           qr=Markup(qr), other_languages=other)
