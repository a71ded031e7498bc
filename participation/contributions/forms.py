"""Forms for coordinators working on contributions."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from participation.contributions.models import (
    AGE_BANDS,
    AUTHOR_ROLES,
    KINDS,
    LINK_KINDS,
    SEXES,
    SOURCE_FORMATS,
    STATUSES,
)
from participation.core.urls import db_id

REQUIRED = _l("Ce champ est obligatoire.")


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ContributionForm(FlaskForm):
    text = TextAreaField(_l("Ce qui a été dit"), validators=[DataRequired(REQUIRED),
                                                             Length(max=5000)])
    kind = SelectField(_l("Nature"), choices=list(KINDS.items()))
    author_role = SelectField(_l("Qui l'a dit"), choices=list(AUTHOR_ROLES.items()))
    source_format = SelectField(_l("Format"), choices=list(SOURCE_FORMATS.items()))
    quartier_id = SelectField(_l("Quartier"), coerce=db_id)
    said_on = DateField(_l("Date"), validators=[Optional()])
    challenges = CheckboxList(_l("Enjeux"), coerce=db_id)
    attribution_consent = BooleanField(_l("La personne accepte d'être citée avec ces "
                                          "informations"))
    age_band = SelectField(_l("Tranche d'âge"),
                           choices=[("", "—")] + [(a, a) for a in AGE_BANDS])
    sex = SelectField(_l("Sexe"), choices=[("", "—")] + list(SEXES.items()))
    place_name = SelectField(_l("Lieu de vie (nom utilisé par l'habitant)"))


class RetagForm(FlaskForm):
    challenges = CheckboxList(_l("Enjeux"), coerce=db_id)


class FollowUpForm(FlaskForm):
    status = SelectField(_l("Suivi"), choices=list(STATUSES.items()))
    public_reply = TextAreaField(_l("Réponse publique"), validators=[Length(max=3000)],
                                 description=_l("Affichée aux habitants sur la page « Vous "
                                                "avez dit, nous avons fait » du quartier."))


class LinkForm(FlaskForm):
    kind = SelectField(_l("Lien"), choices=list(LINK_KINDS.items()))
    target_id = SelectField(_l("Contribution liée"), coerce=db_id,
                            validators=[DataRequired(REQUIRED)],
                            description=_l("Les contributions du territoire, par leur texte."))
