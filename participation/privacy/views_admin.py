"""Admin and coordinator pages of the privacy feature: the audit log and the registre."""
from __future__ import annotations

from datetime import datetime, time

from flask import Response, render_template, request
from flask_login import current_user
from sqlalchemy import select

from participation.core.audit import ACTIONS, AuditEvent
from participation.core.auth import ADMIN, COORDINATOR, role_required
from participation.core.urls import db_id
from participation.extensions import db
from participation.privacy.forms import AuditFilterForm
from participation.privacy.registre import FIELDS, header, processings, registre_odt
from participation.privacy.views import bp

PER_PAGE = 100


def _audit_query(form: AuditFilterForm):
    stmt = select(AuditEvent).where(AuditEvent.territory_id == current_user.territory_id)
    if form.action.data:
        stmt = stmt.where(AuditEvent.action == form.action.data)
    if form.actor.data:
        stmt = stmt.where(AuditEvent.actor.contains(form.actor.data.strip().lower()))
    if form.start.data:
        stmt = stmt.where(AuditEvent.at >= datetime.combine(form.start.data, time.min))
    if form.end.data:
        stmt = stmt.where(AuditEvent.at <= datetime.combine(form.end.data, time.max))
    return stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


@bp.get("/journal")
@role_required(ADMIN)
def audit_log():
    """Who logged in, failed, changed roles, exported or erased personal data, purged."""
    form = AuditFilterForm(request.args)
    form.action.choices = [("", "—")] + [(a, a) for a in ACTIONS]
    form.validate()
    page = db.paginate(_audit_query(form), page=request.args.get("page", 1, type=db_id),
                       per_page=PER_PAGE, error_out=False)
    return render_template("privacy/audit.html", form=form, page=page)


@bp.get("/registre")
@role_required(COORDINATOR)
def registre():
    """The registre des traitements, generated from the registry (print it from the page)."""
    territory_id = current_user.territory_id
    return render_template("privacy/registre.html", head=header(territory_id),
                           items=processings(territory_id), fields=FIELDS)


@bp.get("/registre.odt")
@role_required(COORDINATOR)
def registre_document():
    return Response(registre_odt(current_user.territory_id),
                    mimetype="application/vnd.oasis.opendocument.text",
                    headers={"Content-Disposition":
                             "attachment; filename=registre-des-traitements.odt"})
