"""Councils, collèges, charter versions, candidacies and invitations from the survey."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.core import clock
from participation.core.contacts import contact_problem
from participation.core.errors import DomainError, Problems
from participation.core.locking import lock_row
from participation.core.models import utcnow
from participation.core.person_keys import normalise_email, normalise_phone
from participation.council import privacy as _privacy  # noqa: F401  (registers the tables)
from participation.council.models import (
    COUNCIL_KINDS,
    Candidacy,
    CandidateContact,
    Charter,
    College,
    Council,
    Invitation,
)
from participation.extensions import db
from participation.privacy.consent import record_consent, withdraw_consent
from participation.privacy.models import ConsentRecord
from participation.territory.models import Quartier

CONSENT_TEXT = _l("J'accepte que mes coordonnées soient gardées pour le tirage au sort et pour "
                  "me recontacter, jusqu'à la fin du mandat.")
CONSENT_VERSION = "conseil-citoyen-v1"


@dataclass
class CouncilSpec:
    """What a coordinator decides when setting up a council."""

    name: str
    quartier_ids: list[int]
    kind: str = "conseil_citoyen"
    inter_conseils: bool = False
    habitants_seats: int = 8
    acteurs_seats: int = 4
    mandate_years: int = 3
    age_min: int | None = None
    age_max: int | None = None
    quorum_percent: int = 50
    quorum_counts_proxies: bool = False
    max_proxies: int = 1
    charter_title: str = ""
    charter_text: str = ""


def _check_spec(spec: CouncilSpec) -> None:
    if spec.kind not in COUNCIL_KINDS:
        raise DomainError(_("Type de conseil inconnu."), field="kind")
    if not spec.quartier_ids:
        raise DomainError(_("Choisissez au moins un quartier."), field="quartier_ids")
    if spec.kind != "conseil_citoyen" and (spec.age_min is None or spec.age_max is None):
        raise DomainError(_("Un conseil des jeunes ou des enfants a une tranche d'âge."),
                          field="age_min")
    if spec.age_min is not None and spec.age_max is not None and spec.age_min > spec.age_max:
        raise DomainError(_("L'âge minimum dépasse l'âge maximum."), field="age_min")
    if spec.habitants_seats < 1:
        raise DomainError(_("Le collège habitants a au moins un siège."),
                          field="habitants_seats")


def create_council(territory_id: int, spec: CouncilSpec) -> Council:
    """A council with its two collèges; the habitants collège follows the parity rule."""
    _check_spec(spec)
    quartiers = db.session.scalars(select(Quartier).where(
        Quartier.id.in_(spec.quartier_ids), Quartier.territory_id == territory_id)).all()
    if len(quartiers) != len(set(spec.quartier_ids)):
        raise DomainError(_("Quartier inconnu pour ce territoire."), field="quartier_ids")
    council = Council(
        territory_id=territory_id, name=spec.name.strip(), kind=spec.kind,
        inter_conseils=spec.inter_conseils, mandate_years=spec.mandate_years,
        age_min=spec.age_min, age_max=spec.age_max, quorum_percent=spec.quorum_percent,
        quorum_counts_proxies=spec.quorum_counts_proxies, max_proxies=spec.max_proxies,
        quartiers=list(quartiers))
    council.colleges = [College(kind="habitants", seats=spec.habitants_seats, parity=True)]
    if spec.acteurs_seats:
        council.colleges.append(College(kind="acteurs_locaux", seats=spec.acteurs_seats))
    db.session.add(council)
    if spec.charter_text.strip():
        council.charters.append(Charter(version=1, title=spec.charter_title.strip()
                                        or _("Charte du conseil citoyen"),
                                        text=spec.charter_text.strip()))
    db.session.commit()
    return council


def add_charter_version(council: Council, title: str, text: str,
                        adopted_on: date | None = None) -> Charter:
    """A new version; members accept it again (their accepted version stays recorded)."""
    if not text.strip():
        raise DomainError(_("Le texte de la charte est vide."), field="text")
    version = (council.charter.version + 1) if council.charter else 1
    charter = Charter(council=council, version=version, title=title.strip(),
                      text=text.strip(), adopted_on=adopted_on or clock.local_today())
    db.session.add(charter)
    db.session.commit()
    return charter


def set_candidacies_open(council: Council, is_open: bool) -> None:
    council.accepts_candidacies = is_open
    db.session.commit()


def quartier_councils(quartier: Quartier) -> list[Council]:
    """Every council covering ``quartier``, by name."""
    return list(db.session.scalars(select(Council).where(Council.quartiers.contains(quartier))
                                   .order_by(Council.name)))


def open_councils(quartier: Quartier) -> list[Council]:
    return [c for c in db.session.scalars(select(Council).where(
        Council.accepts_candidacies.is_(True), Council.quartiers.contains(quartier))
        .order_by(Council.name))]


@dataclass
class CandidacyInput:
    """One application, from the public form or typed in from paper."""

    college_kind: str
    name: str
    phone: str = ""
    email: str = ""
    consent: bool = False
    sex: str = ""
    age_band: str = ""
    age: int | None = None
    quartier_id: int | None = None
    place_name: str = ""
    structure_name: str = ""
    motivation: str = ""
    availability: str = ""
    source: str = "web"
    token: str | None = None
    invitation_token: str | None = None
    created_by_id: int | None = None
    extra: dict = field(default_factory=dict)


def check_candidacy(council: Council, data: CandidacyInput) -> College:
    """The collège applied to, or ``FormInvalid`` with every problem of the application at
    once (collège, consent, name, contact, sex on a parity collège, structure, age); a
    closed council's web form only says it is closed."""
    if data.source == "web" and not council.accepts_candidacies:
        raise DomainError(_("Les candidatures sont closes pour ce conseil."))
    problems = Problems()
    college = council.college(data.college_kind)
    if college is None:
        problems.add(_("Choisissez un collège."), "college")
    if not data.consent:
        problems.add(_("Sans votre accord, nous ne pouvons pas garder votre candidature."),
                     "consent")
    if not data.name.strip():
        problems.add(_("Indiquez votre nom."), "name")
    _check_contact(data, problems)
    if college is not None and college.parity and data.sex not in ("f", "h", "autre"):
        problems.add(_("Indiquez si vous êtes une femme ou un homme : le tirage au sort "
                       "respecte la parité."), "sex")
    if college is not None and college.kind == "acteurs_locaux" \
            and not data.structure_name.strip():
        problems.add(_("Indiquez la structure que vous représentez."), "structure_name")
    _check_age(council, data.age, problems)
    problems.check()
    return college


def _check_contact(data: CandidacyInput, problems: Problems) -> None:
    if not (data.phone.strip() or data.email.strip()):
        problems.add(_("Indiquez un téléphone ou un e-mail pour être recontacté."), "phone")
    for name, message in contact_problem(data.phone, data.email).items():
        problems.add(message, name)


def _check_age(council: Council, age: int | None, problems: Problems) -> None:
    if council.age_min is None or council.age_max is None:
        return
    if age is None or not council.age_min <= age <= council.age_max:
        problems.add(_("Ce conseil accueille les %(a)s-%(b)s ans.", a=council.age_min,
                       b=council.age_max), "age")


def submit_candidacy(council: Council, data: CandidacyInput) -> tuple[Candidacy, bool]:
    """Store an application once (the form's one-time token guards against a double submit).

    Returns the candidacy and whether it was created now. Contact details go to their own
    table; the candidate gets the next public number of the council. The council row is
    locked (``core.locking.lock_row``) before the token is looked up and the number taken, so
    simultaneous candidacies get distinct numbers and a double click gets the first one.
    """
    college = check_candidacy(council, data)
    locked = lock_row(Council, council.id)
    if data.token:
        existing = db.session.scalar(select(Candidacy).where(
            Candidacy.submission_token == data.token))
        if existing is not None:
            db.session.commit()  # releases the lock
            return existing, False
    number, locked.next_number = locked.next_number, locked.next_number + 1
    candidacy = Candidacy(
        council_id=council.id, college_id=college.id, number=number, source=data.source,
        sex=data.sex or None, age_band=data.age_band or None, age=data.age,
        quartier_id=data.quartier_id, place_name=data.place_name or None,
        structure_name=data.structure_name.strip() or None,
        motivation=data.motivation.strip() or None,
        availability=data.availability.strip() or None, submission_token=data.token,
        created_by_id=data.created_by_id)
    candidacy.contact = CandidateContact(name=data.name.strip(),
                                         phone=normalise_phone(data.phone),
                                         email=normalise_email(data.email))
    _use_invitation(council, data, candidacy)
    db.session.add(candidacy)
    db.session.flush()
    record_consent(council.territory_id, "council", str(CONSENT_TEXT), CONSENT_VERSION,
                   phone=data.phone, email=data.email, source_table="council_candidate_contact",
                   source_id=candidacy.contact.id)
    db.session.commit()
    return candidacy, True


def _use_invitation(council: Council, data: CandidacyInput, candidacy: Candidacy) -> None:
    invitation = find_invitation(data.invitation_token)
    if invitation is not None and invitation.territory_id == council.territory_id:
        invitation.used_at = utcnow()
        candidacy.source = "enquete"


def withdraw_candidacy(candidacy: Candidacy) -> None:
    """Withdraw on request and erase the contact details (RGPD). The public number stays in
    lists already published, so past draws can still be verified."""
    candidacy.withdrawn = True
    contact = candidacy.contact
    consent = db.session.scalar(select(ConsentRecord).where(
        ConsentRecord.source_table == "council_candidate_contact",
        ConsentRecord.source_id == contact.id, ConsentRecord.withdrawn_at.is_(None))) \
        if contact else None
    if consent is not None:
        withdraw_consent(consent, by="coordinator")  # erases the contact, commits
        return
    candidacy.contact = None
    db.session.commit()


def invite_from_survey(territory_id: int, contact: str) -> Invitation:
    """A survey respondent said "Oui, j'aimerais en faire partie" and left a consented
    contact: keep it apart as an invitation to apply, with a link of its own.

    Surveys call this; the council never reads survey tables.
    """
    contact = (contact or "").strip()
    if not contact:
        raise DomainError(_("Le contact est vide."), field="contact")
    invitation = Invitation(territory_id=territory_id, contact=contact[:300],
                            token=secrets.token_urlsafe(16))
    db.session.add(invitation)
    db.session.commit()
    return invitation


def find_invitation(token: str | None) -> Invitation | None:
    if not token:
        return None
    return db.session.scalar(select(Invitation).where(Invitation.token == token,
                                                      Invitation.used_at.is_(None)))


def candidacies(council: Council, college_id: int | None = None) -> list[Candidacy]:
    stmt = select(Candidacy).where(Candidacy.council_id == council.id,
                                   Candidacy.withdrawn.is_(False))
    if college_id:
        stmt = stmt.where(Candidacy.college_id == college_id)
    return list(db.session.scalars(stmt.order_by(Candidacy.number)))


def invitation_exists(territory_id: int, contact: str) -> bool:
    """Whether this contact was already invited to apply (to invite each person once)."""
    return db.session.scalar(select(Invitation.id).where(
        Invitation.territory_id == territory_id,
        Invitation.contact == (contact or "").strip()[:300]).limit(1)) is not None
