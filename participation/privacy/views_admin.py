"""Admin and coordinator pages of the privacy feature: the audit log and the registre."""
from __future__ import annotations

from datetime import datetime, time

from flask import Response, render_template, request
from flask_babel import lazy_gettext as _l
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
# The audit actions (core/audit.py ACTIONS) as the journal shows them; every action has one
# (tests/privacy/test_audit_labels.py), the code is shown only for an unknown past action.
ACTION_LABELS = {
    "login": _l("Connexion"), "login_failed": _l("Connexion refusée"),
    "login_attempt": _l("Connexion en cours de vérification"),
    "login_locked": _l("Compte bloqué après des échecs"), "logout": _l("Déconnexion"),
    "user_created": _l("Compte créé"), "role_changed": _l("Rôle modifié"),
    "user_activated": _l("Compte réactivé"), "user_deactivated": _l("Compte désactivé"),
    "export_personal": _l("Export de données personnelles"),
    "person_access": _l("Consultation des données d'une personne"),
    "erasure": _l("Effacement des données d'une personne"),
    "consent_withdrawn": _l("Consentement retiré"), "purge": _l("Purge (durées dépassées)"),
    "retention_changed": _l("Durées de conservation modifiées"),
    "device_issued": _l("Appareil hors ligne activé"),
    "device_revoked": _l("Appareil hors ligne révoqué"),
    "device_refused": _l("Appareil hors ligne refusé"),
    "device_sync": _l("Envoi depuis un appareil hors ligne"),
    "offline_import": _l("Import d'un fichier hors ligne"),
    "password_changed": _l("Mot de passe changé"),
    "password_change_failed": _l("Changement de mot de passe refusé"),
    "import_consent": _l("Coordonnées importées sur un consentement recueilli hors du "
                         "fichier"),
    "survey_deleted": _l("Questionnaire supprimé avec ses réponses"),
    "contribution_kind": _l("Nature de contributions changée"),
    "withdrawal_link_sent": _l("Liens de retrait envoyés à la demande d'un habitant"),
    "withdrawal_requested": _l("Demande de retrait à traiter (lien non envoyé)"),
    "withdrawal_request_handled": _l("Demande de retrait traitée"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


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
    form.action.choices = [("", "—")] + [(a, action_label(a)) for a in ACTIONS]
    form.validate()
    page = db.paginate(_audit_query(form), page=request.args.get("page", 1, type=db_id),
                       per_page=PER_PAGE, error_out=False)
    return render_template("privacy/audit.html", form=form, page=page,
                           action_label=action_label)


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
