"""Staff forms for the territory, its quartiers and its challenge tree."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from participation.core.urls import db_id

QUARTIER_KIND_LABELS = {
    "qpv": _l("Quartier prioritaire (QPV)"),
    "veille": _l("Quartier de veille"),
    "fragile": _l("Quartier fragile"),
    "hors_qpv": _l("Hors QPV"),
}
REQUIRED = _l("Ce champ est obligatoire.")


class QuartierForm(FlaskForm):
    code = StringField(_l("Code officiel"), validators=[
        DataRequired(REQUIRED), Length(max=20),
        Regexp(r"^[A-Za-z0-9_-]+$", message=_l("Lettres et chiffres seulement, ex. QN05938M."))],
        description=_l("Le code du quartier dans le référentiel national, ex. QN05938M."))
    name = StringField(_l("Nom officiel"), validators=[DataRequired(REQUIRED), Length(max=200)])
    kind = SelectField(_l("Type"), choices=list(QUARTIER_KIND_LABELS.items()))
    population = IntegerField(_l("Population"), validators=[Optional(), NumberRange(min=0)])
    communes = SelectMultipleField(_l("Communes"), coerce=db_id,
                                   description=_l("Un quartier peut s'étendre sur plusieurs "
                                                  "communes."))
    resident_names = TextAreaField(
        _l("Noms utilisés par les habitants"),
        description=_l("Un nom par ligne : « cité des Pâtures », « résidence Danvers »... "
                       "C'est parmi ces noms que les habitants choisissent où ils vivent."))


class CommuneForm(FlaskForm):
    name = StringField(_l("Nom de la commune"), validators=[DataRequired(REQUIRED),
                                                             Length(max=200)])
    insee_code = StringField(_l("Code INSEE"), validators=[Optional(), Length(min=5, max=5)])


class ChallengeForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(REQUIRED), Length(max=40)],
                       description=_l("Ex. OS1, 2A, O.G.1.1"))
    name = StringField(_l("Intitulé"), validators=[DataRequired(REQUIRED), Length(max=300)])
    parent_id = SelectField(_l("Enjeu parent"), coerce=db_id)
    colour = StringField(_l("Couleur"), default="#1f5f8b", validators=[
        DataRequired(REQUIRED),
        Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("Au format #RRGGBB, ex. #1f5f8b."))])
    keywords = TextAreaField(_l("Mots-clés"),
                             description=_l("Séparés par des virgules ; ils servent à proposer "
                                            "cet enjeu pour ce que disent les habitants."))


class TreeImportForm(FlaskForm):
    file = FileField(_l("Fichier CSV"), validators=[
        FileRequired(REQUIRED), FileAllowed(["csv", "txt"], _l("Un fichier .csv est attendu."))],
        description=_l("Colonnes : code ; parent ; nom ; couleur ; mots_cles. Le parent doit "
                       "figurer sur une ligne précédente."))
    label = StringField(_l("Nom de la version (avenant)"), validators=[Optional(),
                                                                       Length(max=200)])


class AvenantForm(FlaskForm):
    label = StringField(_l("Nom de l'avenant"), validators=[DataRequired(REQUIRED),
                                                            Length(max=200)])


class ContractForm(FlaskForm):
    name = StringField(_l("Nom du contrat"), validators=[DataRequired(REQUIRED)])
    start_year = IntegerField(_l("Année de début"), default=2024,
                              validators=[DataRequired(REQUIRED), NumberRange(2000, 2100)])
    end_year = IntegerField(_l("Année de fin"), default=2030,
                            validators=[DataRequired(REQUIRED), NumberRange(2000, 2100)])
    midterm_year = IntegerField(_l("Année d'évaluation à mi-parcours"), default=2027,
                                validators=[Optional(), NumberRange(2000, 2100)])
