"""Forms: the coordinator's event form, the residents' sign-up, the day's check-in forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from participation.contributions.forms import CheckboxList
from participation.core.security import HoneypotMixin
from participation.core.urls import db_id
from participation.events.models import (
    AUDIENCES,
    EVENT_KINDS,
    MEAL_NEEDS,
    REMINDER_CONSENT_TEXT,
)

REQUIRED = _l("Ce champ est obligatoire.")
NUMBER = _l("Indiquez un nombre entre %(min)s et %(max)s.")
DT_FORMAT = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class EventForm(FlaskForm):
    kind = SelectField(_l("Type"), choices=list(EVENT_KINDS.items()))
    title = StringField(_l("Titre"), validators=[DataRequired(REQUIRED), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    starts_at = DateTimeLocalField(_l("Début"), format=DT_FORMAT,
                                   validators=[DataRequired(REQUIRED)])
    ends_at = DateTimeLocalField(_l("Fin"), format=DT_FORMAT, validators=[DataRequired(REQUIRED)])
    place_words = StringField(_l("Lieu, avec les mots des habitants"),
                              description=_l("Par exemple : devant les containers Pastoch'"),
                              validators=[Length(max=300)])
    address = StringField(_l("Adresse"), validators=[Length(max=300)])
    audience = SelectField(_l("Public"), choices=list(AUDIENCES.items()))
    quartier_ids = CheckboxList(_l("Quartiers"), coerce=db_id)
    challenge_ids = CheckboxList(_l("Enjeux abordés"), coerce=db_id)
    capacity = IntegerField(_l("Nombre de places (personnes, enfants compris)"),
                            validators=[Optional(), NumberRange(1, 100000, NUMBER)])
    signup_deadline = DateTimeLocalField(_l("Date limite d'inscription"), format=DT_FORMAT,
                                         validators=[Optional()])
    offered = StringField(_l("Ce qui est offert"), validators=[Length(max=300)],
                          description=_l("Par exemple : un barbecue offert pour toute "
                                         "participation aux tables citoyennes"))
    chain_head_id = SelectField(_l("Fait suite à"), coerce=db_id,
                                description=_l("Une seule inscription vaut pour les deux."))
    reported_participants = IntegerField(_l("Participants comptés (si pas de pointage)"),
                                         validators=[Optional(), NumberRange(0, 100000, NUMBER)])
    # checked against the territory by events.services (a forged id gets its message)
    survey_id = SelectField(_l("Questionnaire qui y mène"), coerce=db_id, default=0,
                            validate_choice=False,
                            description=_l("Ses répondants se voient proposer l'inscription."))


class SignupForm(HoneypotMixin, FlaskForm):
    form_token = HiddenField()
    name = StringField(_l("Prénom ou pseudonyme"), validators=[DataRequired(REQUIRED),
                                                               Length(max=80)],
                       render_kw={"autocomplete": "given-name"})
    adults = IntegerField(_l("Adultes"), default=1,
                          validators=[InputRequired(REQUIRED), NumberRange(0, 20, NUMBER)],
                          render_kw={"inputmode": "numeric", "min": 0, "max": 20})
    children = IntegerField(_l("Enfants"), default=0,
                            validators=[InputRequired(REQUIRED), NumberRange(0, 20, NUMBER)],
                            render_kw={"inputmode": "numeric", "min": 0, "max": 20})
    meal_needs = CheckboxList(_l("Repas"), choices=list(MEAL_NEEDS.items()))
    allergies = StringField(_l("Allergies"), validators=[Length(max=300)])
    mobility = BooleanField(_l("J'ai besoin d'un accès pour personne à mobilité réduite"))
    childcare = BooleanField(_l("J'ai besoin d'une garde des enfants pendant les tables"))
    interpreter = BooleanField(_l("J'ai besoin d'un interprète"))
    interpreter_language = StringField(_l("Langue"), validators=[Length(max=60)])
    comment = TextAreaField(_l("Un mot pour les organisateurs"), validators=[Length(max=2000)])
    phone = TelField(_l("Téléphone"), validators=[Length(max=30)],
                     render_kw={"autocomplete": "tel", "inputmode": "tel"})
    email = EmailField(_l("E-mail"), validators=[Length(max=200)],
                       render_kw={"autocomplete": "email"})
    consent = BooleanField(REMINDER_CONSENT_TEXT)
    accept_waitlist = BooleanField(_l("S'il ne reste pas assez de places, m'inscrire sur la "
                                      "liste d'attente"),
                                   default=True)


class CancelForm(FlaskForm):
    pass


class WalkInForm(FlaskForm):
    name = StringField(_l("Prénom ou pseudonyme"), validators=[DataRequired(REQUIRED),
                                                               Length(max=80)])
    adults = IntegerField(_l("Adultes"), default=1,
                          validators=[InputRequired(REQUIRED), NumberRange(0, 20, NUMBER)])
    children = IntegerField(_l("Enfants"), default=0,
                            validators=[InputRequired(REQUIRED), NumberRange(0, 20, NUMBER)])
    # shown once a name close to one already on the list was refused (``day_views.walk_in``)
    other_person = BooleanField(_l("C'est une autre personne : l'ajouter quand même"))


class PaperSheetForm(FlaskForm):
    lines = TextAreaField(_l("Lignes de la feuille d'émargement"),
                          validators=[DataRequired(REQUIRED), Length(max=20000)],
                          description=_l("Une personne par ligne : nom ; adultes ; enfants "
                                         "(les nombres sont facultatifs)."))


class TableForm(FlaskForm):
    name = StringField(_l("Nom de la table"), validators=[DataRequired(REQUIRED),
                                                          Length(max=120)])
    facilitator = StringField(_l("Animateur ou animatrice"), validators=[Length(max=120)])
    participants = IntegerField(_l("Nombre de participants"),
                                validators=[Optional(), NumberRange(0, 10000, NUMBER)])
    challenge_ids = CheckboxList(_l("Thèmes de la table"), coerce=db_id)


class TableContributionForm(FlaskForm):
    text = TextAreaField(_l("Ce qui a été dit"), validators=[DataRequired(REQUIRED),
                                                             Length(max=5000)])
    kind = SelectField(_l("Nature"))
    author_role = SelectField(_l("Qui l'a dit"))
    challenge_ids = CheckboxList(_l("Thèmes"), coerce=db_id)
    answers_id = SelectField(_l("Répond à"), coerce=db_id)
    question = SelectField(_l("Question"))
    commune_id = SelectField(_l("Commune"), coerce=db_id)
    attribution_consent = BooleanField(_l("La personne accepte d'être citée avec ces "
                                          "informations"))
    age_band = SelectField(_l("Tranche d'âge"))
    sex = SelectField(_l("Sexe"))
