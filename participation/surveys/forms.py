"""Coordinators' forms: a survey's settings and one question."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    FieldList,
    FloatField,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from participation.contributions.forms import CheckboxList
from participation.contributions.models import KINDS
from participation.core.urls import db_id
from participation.surveys.condition_builder import JOINS, OPS
from participation.surveys.models import QUESTION_TYPES

REQUIRED = _l("Ce champ est obligatoire.")


class SurveyForm(FlaskForm):
    title = StringField(_l("Titre"), validators=[DataRequired(REQUIRED), Length(max=300)])
    intro = TextAreaField(_l("Introduction"), validators=[Length(max=3000)],
                          description=_l("Pourquoi ce questionnaire, combien de temps il prend."))
    quartier_ids = CheckboxList(_l("Quartiers concernés"), coerce=db_id)
    languages = StringField(
        _l("Langues"), validators=[Length(max=100)],
        description=_l("Codes séparés par des virgules, la langue du questionnaire en premier : "
                       "fr, ar, tr, en, fr-x-falc (français facile à lire)…"))
    thanks = TextAreaField(_l("Message de remerciement"), validators=[Length(max=3000)],
                           description=_l("Affiché après l'envoi des réponses (facultatif)."))
    opens_at = DateTimeLocalField(_l("Ouverture"), validators=[Optional()],
                                  format="%Y-%m-%dT%H:%M")
    closes_at = DateTimeLocalField(_l("Fermeture"), validators=[Optional()],
                                   format="%Y-%m-%dT%H:%M")


class ConditionRowForm(Form):
    """One row of the condition builder: an earlier question, a comparison, a value (the
    question's choices are set by the view; the service checks the whole expression)."""

    question = SelectField(_l("Question"), default="", validate_choice=False)
    op = SelectField(_l("Comparaison"), choices=[("", "—")] + list(OPS.items()), default="",
                     validate_choice=False)
    value = StringField(_l("Valeur"), validators=[Length(max=300)])


class BoundField(FloatField):
    """A bound of a number or a scale, shown as typed or as its shortest form: 0 and 120, not
    0.0 and 120.0 (``float`` written with ``g``)."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:g}"


class QuestionForm(FlaskForm):
    type = SelectField(_l("Type"), choices=list(QUESTION_TYPES.items()))
    label = TextAreaField(_l("Question"), validators=[DataRequired(REQUIRED), Length(max=1000)])
    help = StringField(_l("Aide"), validators=[Length(max=500)])
    required = BooleanField(_l("Réponse obligatoire"))
    personal = BooleanField(
        _l("Donnée personnelle (nom, téléphone…)"),
        description=_l("Facultative, gardée à part des réponses et seulement avec l'accord "
                       "de la personne ; jamais dans les résultats ni les exports."))
    options = TextAreaField(_l("Choix, un par ligne"), validators=[Length(max=5000)])
    has_other = BooleanField(_l("Ajouter « Autre » avec une précision libre"))
    min_value = BoundField(_l("Minimum"), validators=[Optional()])
    max_value = BoundField(_l("Maximum"), validators=[Optional()])
    whole_number = BooleanField(_l("Nombre entier (sans virgule)"),
                                description=_l("XLSForm « integer » ; sinon « decimal »."))
    min_label = StringField(_l("Libellé du minimum"), validators=[Length(max=100)])
    max_label = StringField(_l("Libellé du maximum"), validators=[Length(max=100)])
    min_choices = IntegerField(_l("Nombre de choix minimum"),
                               validators=[Optional(), NumberRange(min=0, max=50)])
    max_choices = IntegerField(_l("Nombre de choix maximum (ou d'éléments à classer)"),
                               validators=[Optional(), NumberRange(min=1, max=50)])
    # The display condition: rows joined by "et"/"ou", or an advanced expression that
    # replaces them; both checked by the service (the parser, the earlier questions' names)
    join = RadioField(_l("Afficher la question si"), choices=list(JOINS.items()),
                      default="and")
    rows = FieldList(FormField(ConditionRowForm), min_entries=0, max_entries=12)
    relevant = TextAreaField(
        _l("Expression avancée"), validators=[Length(max=2000)],
        description=_l("Pour ce que les lignes ne savent pas dire. Remplie, elle remplace les "
                       "lignes ; condition XLSForm, par exemple ${transport} = 'bus' and "
                       "(${age} >= 18 or selected(${manque}, 'medecin'))."))
    challenges = CheckboxList(_l("Enjeux du contrat"), coerce=db_id)
    # "" (the default of a new question): the kind its wording says, read when it is saved
    # (``contributions.kinds.kind_for_question``: "Ce que vous aimez ici" -> atout)
    contribution_kind = SelectField(
        _l("Les réponses libres deviennent des contributions de nature"),
        choices=[("", _l("Selon l’intitulé (« Qu’aimez-vous… » : atout, « Vos idées… » : "
                         "proposition, sinon constat)"))] + list(KINDS.items()),
        default="")
    required_message = StringField(
        _l("Message si la réponse manque"), validators=[Length(max=500)],
        description=_l("Facultatif : remplace « Répondez à cette question. »"))
    constraint_message = StringField(
        _l("Message si le nombre est hors limites"), validators=[Length(max=500)],
        description=_l("Facultatif : remplace « Indiquez un nombre entre … et … »"))
    codebook = TextAreaField(
        _l("Grille de codage des réponses libres"), validators=[Length(max=5000)],
        description=_l("Une catégorie par ligne : « Libellé : mot, mot ». Les réponses "
                       "contenant un des mots sont comptées dans la catégorie."))


def quartier_or_none(value) -> int | None:
    """A quartier id of a choice's select, None for "Non précisé" (the empty value)."""
    return None if value in ("", None) else db_id(value)


class QuartierMapForm(FlaskForm):
    """The quartier each choice of the quartier question stands for: one select per choice,
    in the question's order; the view sets each entry's label (the choice) and choices
    ("Non précisé" and the territory's quartiers)."""

    options = FieldList(SelectField(coerce=quartier_or_none), min_entries=0, max_entries=200)


class UploadForm(FlaskForm):
    file = FileField(_l("Fichier"), validators=[FileRequired(REQUIRED)])


class QuestionnaireUploadForm(FlaskForm):
    """An XLSForm and, optionally, the answers already collected with it (preview first)."""

    file = FileField(_l("Questionnaire (XLSForm)"), validators=[FileRequired(REQUIRED)])
    answers = FileField(_l("Réponses déjà recueillies (facultatif)"), description=_l(
        "Export CSV de Google Forms, export CSV ou Excel de KoboToolbox, ZIP ou CSV d’ODK "
        "Central."))


class ConfirmForm(FlaskForm):
    """« Importer » or « Annuler » on an import's preview: the CSRF token only."""


class BatchForm(FlaskForm):
    label = StringField(_l("Nom du lot"), validators=[DataRequired(REQUIRED), Length(max=200)])
    collected_on = DateField(_l("Date du recueil"), validators=[DataRequired(REQUIRED)])
    place = StringField(_l("Lieu du recueil"), validators=[DataRequired(REQUIRED),
                                                          Length(max=200)])


class OfflineImportForm(FlaskForm):
    file = FileField(_l("Fichier exporté depuis la tablette (.json)"),
                     validators=[FileRequired(REQUIRED)])
