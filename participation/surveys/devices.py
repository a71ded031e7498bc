"""Device tokens: how a tablet that stays offline all day still proves who it is.

A logged-in facilitator issues a token for one survey of their territory; the device keeps
it (IndexedDB) and sends it as ``Authorization: Bearer <token>`` with each sync, instead of a
session cookie or a CSRF token that would expire. Only the SHA-256 of the token is stored. A
token can only add answers to its survey; a coordinator revokes it. Issuing, revoking and
every use go to the audit log (``core.audit``) with the device id, never the token.
"""
from __future__ import annotations

import hashlib
import secrets

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core import clock
from participation.core.audit import record_audit
from participation.core.errors import DomainError
from participation.extensions import db
from participation.surveys.models import Survey
from participation.surveys.offline_models import SurveyDevice

TOKEN_BYTES = 32


class DeviceRefused(DomainError):
    """The bearer token is missing, unknown, revoked or for another survey (HTTP 401/403)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_device(survey: Survey, label: str, user) -> tuple[SurveyDevice, str]:
    """A new device for ``survey``; returns it and the clear token (shown once, never kept)."""
    label = (label or "").strip()[:120] or _("Tablette")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    device = SurveyDevice(survey_id=survey.id, territory_id=survey.territory_id, label=label,
                          token_hash=hash_token(token), created_by_id=user.id,
                          created_at=clock.now())
    db.session.add(device)
    db.session.flush()
    record_audit("device_issued", target=f"survey_device:{device.id}",
                 territory_id=survey.territory_id, details={"survey_id": survey.id})
    db.session.commit()
    return device, token


def revoke_device(device: SurveyDevice, user) -> None:
    if device.revoked_at is None:
        device.revoked_at, device.revoked_by_id = clock.now(), user.id
        record_audit("device_revoked", target=f"survey_device:{device.id}",
                     territory_id=device.territory_id, details={"survey_id": device.survey_id})
        db.session.commit()


def devices_of(survey: Survey) -> list[SurveyDevice]:
    return list(db.session.scalars(select(SurveyDevice).where(
        SurveyDevice.survey_id == survey.id).order_by(SurveyDevice.created_at.desc(),
                                                      SurveyDevice.id.desc())))


def bearer(header: str | None) -> str:
    scheme, _sep, token = (header or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def authenticate(token: str, survey: Survey) -> SurveyDevice:
    """The device the token stands for, allowed to add answers to ``survey``.

    Raises ``DeviceRefused``: 401 for a missing/unknown token, 403 when revoked or issued for
    another survey or territory (the refusal is audited when the device is known).
    """
    device = db.session.scalar(select(SurveyDevice).where(
        SurveyDevice.token_hash == hash_token(token))) if token else None
    if device is None:
        raise DeviceRefused(_("Cet appareil n'est pas reconnu : activez-le depuis la page de "
                              "saisie hors ligne, connecté(e) à votre compte."), 401)
    reason = None
    if device.revoked:
        reason = _("Cet appareil a été révoqué par la coordination : ses réponses ne peuvent "
                   "plus être envoyées par synchronisation. Elles restent sur l'appareil : "
                   "exportez-les dans un fichier et remettez-le à la coordination.")
    elif device.survey_id != survey.id or device.territory_id != survey.territory_id:
        reason = _("Cet appareil est autorisé pour un autre questionnaire.")
    if reason:
        record_audit("device_refused", target=f"survey_device:{device.id}",
                     territory_id=device.territory_id,
                     details={"survey_id": survey.id, "revoked": device.revoked},
                     actor=device_actor(device), commit=True)
        raise DeviceRefused(reason, 403)
    return device


def device_actor(device: SurveyDevice):
    """The facilitator the device was issued to (the audit's actor for its syncs)."""
    from participation.accounts.models import User

    return db.session.get(User, device.created_by_id) if device.created_by_id else None
