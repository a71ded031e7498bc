"""The conseil citoyen's personal data, declared to the registry (core/personal_data.py):
candidates' contacts, survey invitations, members' names. The privacy feature finds, exports,
erases and purges them from here."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.core.person_keys import contact_match
from participation.core.personal_data import PersonalTable, register_personal_table
from participation.council.models import (
    AgendaItem,
    Candidacy,
    CandidateContact,
    Charter,
    College,
    Council,
    Draw,
    DrawEntry,
    Invitation,
    Meeting,
    Member,
)
from participation.extensions import db
from participation.privacy.staff_texts import register_staff_text

RECIPIENTS = _l("Coordination du contrat de ville (équipe qui organise le conseil citoyen)")


def _sample_council(territory) -> Council:
    council = Council(territory_id=territory.id, name="Conseil (exemple)",
                      colleges=[College(kind="habitants", seats=1, parity=True)])
    db.session.add(council)
    db.session.flush()
    return council


def _sample_contact(territory):
    council = _sample_council(territory)
    candidacy = Candidacy(council_id=council.id, college_id=council.colleges[0].id,
                          number=999, sex="f")
    candidacy.contact = CandidateContact(name="Exemple", phone="+33600000000")
    db.session.add(candidacy)
    db.session.flush()
    return candidacy.contact


def _sample_invitation(territory):
    invitation = Invitation(territory_id=territory.id, contact="Exemple 06 00 00 00 00",
                            token="exemple-invitation")
    db.session.add(invitation)
    return invitation


def _sample_member(territory):
    council = _sample_council(territory)
    member = Member(council_id=council.id, college_id=council.colleges[0].id, name="Exemple")
    db.session.add(member)
    return member


_member_match = contact_match(CandidateContact, CandidateContact.candidacy_id,
                              Member.candidacy_id)
_candidacy_match = contact_match(CandidateContact, CandidateContact.candidacy_id, Candidacy.id)


def _sample_candidacy(territory):
    return _sample_contact(territory).candidacy


CONTACTS = register_personal_table(PersonalTable(
    model=CandidateContact, fields=("name", "phone", "email"),
    label=_l("Conseil citoyen : coordonnées des candidats"),
    purpose=_l("Tirer au sort les membres du conseil citoyen et recontacter les candidats."),
    data=_l("Nom, téléphone, e-mail — avec l'accord de la personne, à part de sa candidature."),
    recipients=RECIPIENTS, phone_field="phone", email_field="email", name_fields=("name",),
    joins=lambda s: s.join(Candidacy, CandidateContact.candidacy_id == Candidacy.id)
    .join(Council, Candidacy.council_id == Council.id),
    territory=lambda: Council.territory_id,
    retention_key="council_contact", retention_months=48,
    retention_from=lambda: Candidacy.created_at, sample=_sample_contact))

CANDIDACIES = register_personal_table(PersonalTable(
    model=Candidacy,
    fields=("sex", "age_band", "age", "place_name", "structure_name", "motivation",
            "availability"),
    label=_l("Conseil citoyen : candidatures"),
    purpose=_l("Tirer au sort à parité, vérifier l'âge d'un conseil des jeunes, connaître les "
               "motivations et disponibilités des candidats."),
    data=_l("Sexe, âge ou tranche d'âge, lieu de vie, structure, motivation, disponibilités ; "
            "le numéro public reste pour que les tirages publiés restent vérifiables."),
    recipients=RECIPIENTS, erase="blank", blank={"withdrawn": True}, match=_candidacy_match,
    text_fields=("motivation", "availability", "structure_name"),
    joins=lambda s: s.join(Council, Candidacy.council_id == Council.id),
    territory=lambda: Council.territory_id,
    retention_key="council_contact", retention_months=48,
    retention_from=lambda: Candidacy.created_at, sample=_sample_candidacy))

INVITATIONS = register_personal_table(PersonalTable(
    model=Invitation, fields=("contact",),
    label=_l("Conseil citoyen : invitations à candidater (enquête)"),
    purpose=_l("Inviter à candidater les répondants qui souhaitent rejoindre le conseil."),
    data=_l("Le contact laissé dans l'enquête, avec l'accord de la personne."),
    recipients=RECIPIENTS, retention_key="council_invitation", retention_months=12,
    # a verbatim copy of the survey contact ("Patrick 06 47 24 61 67"): found by the phone in
    # any format, the e-mail or the name it contains (security finding 1)
    text_fields=("contact",), name_in_text=True,
    retention_from=lambda: Invitation.created_at, sample=_sample_invitation))

MEMBERS = register_personal_table(PersonalTable(
    model=Member, fields=("name", "public_name", "sex"),
    label=_l("Conseil citoyen : membres"),
    purpose=_l("Tenir la liste des membres, les présences, les pouvoirs et les procès-verbaux."),
    data=_l("Nom (et nom affiché publiquement, avec l'accord du membre), sexe (parité)."),
    legal_basis="public_task", recipients=RECIPIENTS, erase="blank",
    blank={"name": "Membre (données effacées)", "sex": ""}, match=_member_match,
    name_fields=("name", "public_name"),
    joins=lambda s: s.join(Council, Member.council_id == Council.id),
    territory=lambda: Council.territory_id,
    retention_key="council_member", retention_months=72,
    retention_from=lambda: Member.started_on, sample=_sample_member))


def _sample_meeting(territory):
    from datetime import datetime

    council = _sample_council(territory)
    meeting = Meeting(council_id=council.id, held_at=datetime(2024, 3, 5, 18), place="Mairie",
                      chair_name="Exemple")
    db.session.add(meeting)
    db.session.flush()
    return meeting


def _sample_draw_entry(territory):
    council = _sample_council(territory)
    draw = Draw(council_id=council.id, college_id=council.colleges[0].id, seats=1,
                substitutes=0, fingerprint="0" * 64, entries=[DrawEntry(number=1, label="Ex")])
    db.session.add(draw)
    db.session.flush()
    return draw.entries[0]


# Names typed outside the registry's main tables (security finding 5): the chair of a
# meeting (a member's name on the minutes) and the private household reference a landlord's
# list gives each line of a draw ("Mme Dupont, bât. A").
MEETING_CHAIRS = register_personal_table(PersonalTable(
    model=Meeting, fields=("chair_name",),
    label=_l("Conseil citoyen : présidence des séances"),
    purpose=_l("Indiquer qui a présidé la séance dans le procès-verbal."),
    data=_l("Nom de la personne qui préside."),
    legal_basis="public_task", recipients=RECIPIENTS, erase="blank",
    name_fields=("chair_name",), text_fields=("chair_name",), name_in_text=True,
    joins=lambda s: s.join(Council, Meeting.council_id == Council.id),
    territory=lambda: Council.territory_id,
    retention_key="council_member", retention_months=72,
    retention_from=lambda: Meeting.held_at, sample=_sample_meeting))

DRAW_LABELS = register_personal_table(PersonalTable(
    model=DrawEntry, fields=("label",),
    label=_l("Conseil citoyen : références des ménages tirés au sort"),
    purpose=_l("Retrouver le ménage d'une ligne tirée au sort dans la liste du bailleur."),
    data=_l("Référence privée du ménage donnée par le bailleur (jamais publiée)."),
    legal_basis="public_task", recipients=RECIPIENTS, erase="blank",
    text_fields=("label",), name_in_text=True,
    joins=lambda s: s.join(Draw, DrawEntry.draw_id == Draw.id)
    .join(Council, Draw.council_id == Council.id),
    territory=lambda: Council.territory_id,
    retention_key="council_contact", retention_months=48,
    retention_from=lambda: Draw.created_at, sample=_sample_draw_entry))


# The minutes and the charter, written by the staff (task s27erase): an agenda item's title
# and the decision or opinion recorded under it (« Mme Nadia Bouchareb (06…) a proposé… »),
# a charter's text. The decisions turned into contributions are registered with them.
def _meeting_where(item: AgendaItem) -> str:
    from flask_babel import gettext as _

    from participation.core.templating import day

    meeting = item.meeting
    return _("%(council)s — séance du %(date)s, point %(n)s", council=meeting.council.name,
             date=day(meeting.held_at.date()), n=item.position)


def _charter_where(charter: Charter) -> str:
    from flask_babel import gettext as _

    return _("%(council)s — charte, version %(n)s", council=charter.council.name,
             n=charter.version)


def _sample_item(territory) -> AgendaItem:
    meeting = _sample_meeting(territory)
    item = AgendaItem(meeting=meeting, position=1, title="Budget participatif")
    db.session.add(item)
    db.session.flush()
    return item


def _sample_charter(territory) -> Charter:
    charter = Charter(council=_sample_council(territory), version=1, title="Charte",
                      text="Bienveillance.")
    db.session.add(charter)
    db.session.flush()
    return charter


MINUTES = register_staff_text(
    AgendaItem, ("title", "decision"),
    label=_l("Conseil citoyen : comptes rendus des séances"),
    purpose=_l("Tenir l’ordre du jour et le compte rendu des séances ; un compte rendu qui "
               "nomme une personne ou donne son contact est retrouvé par ce nom ou ce contact."),
    where=_meeting_where, sample=_sample_item,
    joins=lambda s: s.join(Meeting, AgendaItem.meeting_id == Meeting.id)
    .join(Council, Meeting.council_id == Council.id),
    territory=lambda: Council.territory_id)

CHARTERS = register_staff_text(
    Charter, ("text",), label=_l("Conseil citoyen : chartes"),
    purpose=_l("Publier la charte du conseil ; une charte qui nomme une personne est "
               "retrouvée par ce nom."),
    where=_charter_where, sample=_sample_charter,
    joins=lambda s: s.join(Council, Charter.council_id == Council.id),
    territory=lambda: Council.territory_id)
