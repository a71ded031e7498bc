"""Forms of the conseil citoyen: the residents' candidacy form and the team's forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from participation.contributions.forms import CheckboxList
from participation.contributions.models import AGE_BAND_LABELS, SEXES
from participation.core.contacts import EmailAddress, PhoneNumber
from participation.core.security import HoneypotMixin
from participation.core.urls import db_id
from participation.council.models import COUNCIL_KINDS, MEMBER_STATUSES
from participation.council.services import CONSENT_TEXT

REQUIRED = _l("Ce champ est obligatoire.")
SEX_CHOICES = list(SEXES.items())
DECISION_KINDS = [("", _l("Non")), ("proposition", _l("Oui, comme proposition")),
                  ("perception", _l("Oui, comme avis"))]


class CouncilForm(FlaskForm):
    name = StringField(_l("Nom du conseil"), validators=[DataRequired(REQUIRED), Length(max=200)])
    kind = SelectField(_l("Type"), choices=list(COUNCIL_KINDS.items()))
    quartier_ids = CheckboxList(_l("Quartiers"), coerce=db_id)
    inter_conseils = BooleanField(_l("Inter-conseils (réunit plusieurs conseils citoyens)"))
    age_min = IntegerField(_l("Âge minimum (conseil des jeunes ou des enfants)"),
                           validators=[Optional(), NumberRange(5, 30)])
    age_max = IntegerField(_l("Âge maximum"), validators=[Optional(), NumberRange(5, 30)])
    habitants_seats = IntegerField(_l("Sièges du collège habitants (tirés au sort, à parité)"),
                                   default=8, validators=[InputRequired(REQUIRED),
                                                          NumberRange(1, 60)])
    acteurs_seats = IntegerField(_l("Sièges du collège acteurs locaux"), default=4,
                                 validators=[InputRequired(REQUIRED), NumberRange(0, 60)])
    mandate_years = IntegerField(_l("Durée du mandat (années)"), default=3,
                                 validators=[InputRequired(REQUIRED), NumberRange(1, 6)])
    quorum_percent = IntegerField(_l("Quorum (% des membres en fonction présents)"), default=50,
                                  validators=[InputRequired(REQUIRED), NumberRange(0, 100)])
    quorum_counts_proxies = BooleanField(_l("Les membres représentés comptent pour le quorum"))
    max_proxies = IntegerField(_l("Pouvoirs détenus au plus par membre"), default=1,
                               validators=[InputRequired(REQUIRED), NumberRange(0, 5)])
    charter_title = StringField(_l("Titre de la charte"), default=_l("Charte de bienveillance"),
                                validators=[Length(max=200)])
    charter_text = TextAreaField(_l("Texte de la charte"), validators=[Length(max=20000)])


class CharterForm(FlaskForm):
    title = StringField(_l("Titre"), validators=[DataRequired(REQUIRED), Length(max=200)])
    text = TextAreaField(_l("Texte"), validators=[DataRequired(REQUIRED), Length(max=20000)])


class CandidacyForm(HoneypotMixin, FlaskForm):
    """The public form: short, works without JavaScript, personal data only with consent."""

    token = HiddenField()
    invitation = HiddenField()
    college = RadioField(_l("Je me présente"), validators=[InputRequired(REQUIRED)])
    name = StringField(_l("Nom et prénom"), validators=[DataRequired(REQUIRED), Length(max=200)],
                       render_kw={"autocomplete": "name"})
    phone = StringField(_l("Téléphone"), validators=[Length(max=40), PhoneNumber()],
                        render_kw={"autocomplete": "tel", "inputmode": "tel", "type": "tel"})
    email = StringField(_l("E-mail (si vous préférez)"), validators=[Optional(), Length(max=200),
                                                                    EmailAddress()],
                        render_kw={"autocomplete": "email", "inputmode": "email"})
    place = SelectField(_l("J'habite"), validators=[Optional()])
    structure_name = StringField(_l("Structure représentée (acteurs locaux)"),
                                 validators=[Length(max=200)])
    sex = RadioField(_l("Vous êtes"), choices=SEX_CHOICES, validators=[Optional()],
                     description=_l("Le tirage au sort respecte la parité femmes-hommes."))
    age_band = SelectField(_l("Tranche d'âge"),
                           choices=[("", "—")] + list(AGE_BAND_LABELS.items()))
    age = IntegerField(_l("Âge"), validators=[Optional(), NumberRange(3, 120)],
                       render_kw={"inputmode": "numeric"})
    motivation = TextAreaField(_l("Pourquoi voulez-vous participer ?"),
                               validators=[Length(max=2000)])
    availability = StringField(_l("Vos disponibilités (soir, samedi...)"),
                               validators=[Length(max=300)])
    consent = BooleanField(CONSENT_TEXT)


class DrawForm(FlaskForm):
    college_id = SelectField(_l("Collège"), coerce=db_id)
    source = RadioField(_l("Tirer parmi"), default="candidatures", choices=[
        ("candidatures", _l("les candidatures reçues")),
        ("liste", _l("une liste importée (par exemple les foyers d'un bailleur)"))])
    seats = IntegerField(_l("Sièges à pourvoir"), validators=[InputRequired(REQUIRED),
                                                             NumberRange(1, 100)])
    substitutes = IntegerField(_l("Suppléants à classer"), default=6,
                               validators=[InputRequired(REQUIRED), NumberRange(0, 100)])
    file = FileField(_l("Liste CSV : reference;sexe (sexe F, H ou vide)"))
    announcement = TextAreaField(
        _l("Comment la graine sera tirée"),
        default=_l("Six dés lancés en public lors de la réunion du conseil."),
        validators=[Length(max=2000)])


class SeedForm(FlaskForm):
    seed = StringField(_l("Graine annoncée (par exemple les chiffres des dés)"),
                       validators=[DataRequired(REQUIRED), Length(max=200)])


class MemberForm(FlaskForm):
    college_id = SelectField(_l("Collège"), coerce=db_id)
    name = StringField(_l("Nom"), validators=[DataRequired(REQUIRED), Length(max=200)])
    sex = SelectField(_l("Sexe"), choices=[("", "—")] + SEX_CHOICES)
    structure_name = StringField(_l("Structure"), validators=[Length(max=200)])
    public_name = StringField(_l("Nom affiché sur les pages publiques (avec son accord)"),
                              validators=[Length(max=200)])
    started_on = DateField(_l("Début du mandat"), validators=[Optional()])


class AcceptCharterForm(FlaskForm):
    accepted_on = DateField(_l("Charte acceptée le"), validators=[Optional()])
    public_name = StringField(_l("Nom affiché sur les pages publiques (avec son accord)"),
                              validators=[Length(max=200)])


class LeaveForm(FlaskForm):
    status = SelectField(_l("Motif"), choices=[(k, v) for k, v in MEMBER_STATUSES.items()
                                               if k != "actif"])
    ended_on = DateField(_l("Date du départ"), validators=[Optional()])


class ReplaceForm(FlaskForm):
    entry_id = HiddenField(validators=[DataRequired()])
    started_on = DateField(_l("Entrée en fonction"), validators=[Optional()])


class MeetingForm(FlaskForm):
    held_at = DateTimeLocalField(_l("Date et heure"), format="%Y-%m-%dT%H:%M",
                                 validators=[DataRequired(REQUIRED)])
    place = StringField(_l("Lieu"), validators=[DataRequired(REQUIRED), Length(max=200)])
    convened_on = DateField(_l("Convocation envoyée le"), validators=[Optional()])
    chair_name = StringField(_l("Présidence de séance"), validators=[Length(max=200)])
    agenda = TextAreaField(_l("Ordre du jour (un point par ligne)"),
                           validators=[DataRequired(REQUIRED), Length(max=5000)])


class AttendanceForm(FlaskForm):
    """Per-member fields (status-<id>, proxy-<id>) are read from the request by the view."""

    secretary_id = SelectField(_l("Secrétaire de séance"), coerce=db_id)


class VoteForm(FlaskForm):
    votes_for = IntegerField(_l("Votes favorables"), validators=[InputRequired(REQUIRED)])
    votes_against = IntegerField(_l("Votes défavorables"), validators=[InputRequired(REQUIRED)])
    abstentions = IntegerField(_l("Abstentions"), validators=[InputRequired(REQUIRED)])
    not_voting = IntegerField(_l("Ne prennent pas part au vote"), default=0,
                              validators=[Optional()])
    decision = TextAreaField(_l("Décision ou avis du conseil"), validators=[Length(max=3000)])
    contribution_kind = SelectField(_l("Enregistrer comme contribution du conseil citoyen"),
                                    choices=DECISION_KINDS, validate_choice=False)
