"""Registre des traitements (RGPD art. 30), generated from the registry and the settings.

One processing per registered personal table, plus the platform's own (staff accounts, audit
log). The same list feeds the page, its print version and the ODT document.
"""
from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.core.personal_data import PERSONAL_TABLES
from participation.core.punctuation import labelled
from participation.extensions import db
from participation.privacy.retention import retention_months
from participation.territory.models import Territory

LEGAL_BASES = {
    "consent": _l("Consentement de la personne (RGPD art. 6.1.a)"),
    "legal_obligation": _l("Obligation légale (RGPD art. 6.1.c) : preuve du consentement"),
    "rights_request": _l("Obligation légale (RGPD art. 6.1.c et art. 12) : répondre à "
                         "l'exercice de vos droits"),
    "public_task": _l("Mission d'intérêt public (RGPD art. 6.1.e) : politique de la ville, "
                      "loi n° 2014-173 du 21 février 2014"),
    "legitimate_interest": _l("Intérêt légitime (RGPD art. 6.1.f)"),
}
AUDIT_RETENTION_MONTHS = 12


def _platform_processings() -> list[dict]:
    return [
        {"name": _("Comptes de l'équipe"), "table": "user_account",
         "purpose": _("Donner accès à l'espace équipe selon le rôle de chacun."),
         "data": _("Nom, adresse e-mail, rôle, empreinte du mot de passe, dernière connexion."),
         "legal_basis": str(LEGAL_BASES["public_task"]),
         "recipients": _("Administrateurs du territoire"),
         "retention": _("Tant que le compte existe ; désactivé au départ de la personne.")},
        {"name": _("Journal d'audit"), "table": "audit_event",
         "purpose": _("Sécurité : connexions, échecs, changements de rôle, exports de données "
                      "personnelles, effacements et purges."),
         "data": _("Compte, adresse IP (celle d'un habitant réduite à son réseau : IPv4 /24, "
                   "IPv6 /48), action, date ; jamais le contact d'un habitant."),
         "legal_basis": str(LEGAL_BASES["legitimate_interest"]),
         "recipients": _("Administrateurs du territoire"),
         "retention": _("%(n)s mois", n=AUDIT_RETENTION_MONTHS)},
    ]


def _retention_text(entry, months: dict[str, int]) -> str:
    if entry.retention_key is None:
        return _("Celle de l'enregistrement auquel elles appartiennent ; effacées à la demande "
                 "de la personne (droit à l'effacement).")
    return _("%(n)s mois (réglage « %(k)s » du territoire, modifiable par enregistrement)",
             n=months[entry.retention_key], k=entry.retention_key)


def processings(territory_id: int) -> list[dict]:
    months = retention_months(territory_id)
    rows = []
    for table, entry in PERSONAL_TABLES.items():
        rows.append({
            "name": str(entry.label), "table": table, "purpose": str(entry.purpose),
            "data": str(entry.data),
            "legal_basis": str(LEGAL_BASES.get(entry.legal_basis, entry.legal_basis)),
            "recipients": str(entry.recipients) or _("Coordination du contrat de ville"),
            "retention": _retention_text(entry, months)})
    return rows + _platform_processings()


def header(territory_id: int) -> dict:
    territory = db.session.get(Territory, territory_id)
    config = current_app.config
    return {"controller": config.get("PRIVACY_CONTROLLER") or territory.name,
            "contact": config.get("PRIVACY_CONTACT") or _("à renseigner (PRIVACY_CONTACT)"),
            "territory": territory.name}


FIELDS = (("purpose", _l("Finalité")), ("data", _l("Données")),
          ("legal_basis", _l("Base légale")), ("recipients", _l("Destinataires")),
          ("retention", _l("Durée de conservation")))
MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.text"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>')
CONTENT_OPEN = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
                'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
                'office:version="1.2"><office:body><office:text>')
CONTENT_CLOSE = "</office:text></office:body></office:document-content>"


def _h(level: int, text: str) -> str:
    return f'<text:h text:outline-level="{level}">{escape(text)}</text:h>'


def _p(text: str) -> str:
    return f"<text:p>{escape(text)}</text:p>"


def registre_odt(territory_id: int) -> bytes:
    """The registre as an OpenDocument text (opens in LibreOffice and Word)."""
    head = header(territory_id)
    parts = [_h(1, _("Registre des traitements — %(t)s", t=head["territory"])),
             _p(_("Responsable de traitement : %(c)s", c=head["controller"])),
             _p(_("Contact pour exercer ses droits : %(c)s", c=head["contact"]))]
    for item in processings(territory_id):
        parts.append(_h(2, item["name"]))
        parts.extend(_p(labelled(label, item[key])) for key, label in FIELDS)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as odt:
        odt.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        odt.writestr("META-INF/manifest.xml", MANIFEST, zipfile.ZIP_DEFLATED)
        odt.writestr("content.xml", CONTENT_OPEN + "".join(parts) + CONTENT_CLOSE,
                     zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
