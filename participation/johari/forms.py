"""Forms of the Johari exercise: staff set-up, residents' post-its, facilitator fast entry."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from participation.core.security import HoneypotMixin
from participation.core.urls import db_id
from participation.johari.models import CONCLUSION_HEADINGS, POSTIT_MAX, QUADRANTS

REQUIRED = _l("Ce champ est obligatoire.")
TOO_LONG = _l("Un post-it fait au plus %(max)d caractères.")
# The key that picks a quadrant in the fast entry (window reading order).
QUADRANT_KEYS = {q: str(i) for i, q in enumerate(QUADRANTS, start=1)}


class ExerciseForm(FlaskForm):
    title = StringField(_l("Titre"), validators=[DataRequired(REQUIRED), Length(max=200)])
    quartier_id = SelectField(_l("Quartier"), coerce=db_id)
    held_on = DateField(_l("Date"), validators=[DataRequired(_l("Indiquez une date valide."))])
    event_id = SelectField(_l("Événement (facultatif)"), coerce=db_id, default=0,
                           description=_l("Le barbecue ou la table citoyenne où l'exercice "
                                          "a lieu, s'il y en a un."))
    is_open = BooleanField(_l("Ouvert aux post-its"), default=True)


class GroupForm(FlaskForm):
    kind = SelectField(_l("Groupe à ajouter"), validate_choice=False)


class PromptsForm(FlaskForm):
    publique = StringField(_l("Zone publique"), validators=[DataRequired(REQUIRED),
                                                            Length(max=300)])
    aveugle = StringField(_l("Zone aveugle"), validators=[DataRequired(REQUIRED),
                                                          Length(max=300)])
    cachee = StringField(_l("Zone cachée"), validators=[DataRequired(REQUIRED),
                                                        Length(max=300)])
    inconnue = StringField(_l("Zone inconnue"), validators=[DataRequired(REQUIRED),
                                                            Length(max=300)])


def _postit_area(label):
    return TextAreaField(label, validators=[Optional(),
                                            Length(max=POSTIT_MAX, message=TOO_LONG)],
                         render_kw={"maxlength": POSTIT_MAX, "rows": 3})


class PostItsForm(HoneypotMixin, FlaskForm):
    """The residents' phone page: one box per quadrant. The labels given here are replaced by
    the group's prompts (:meth:`use_prompts`), so an error names the question people read."""

    token = HiddenField()
    publique = _postit_area(_l("Zone publique"))
    aveugle = _postit_area(_l("Zone aveugle"))
    cachee = _postit_area(_l("Zone cachée"))
    inconnue = _postit_area(_l("Zone inconnue"))

    def use_prompts(self, prompts: dict[str, str]) -> None:
        """Label each box with its prompt, ``prompts``: quadrant -> text in the page's
        language (``translations.group_texts``)."""
        for quadrant in QUADRANTS:
            self[quadrant].label.text = prompts[quadrant]


class FastEntryForm(FlaskForm):
    """Type paper post-its in: a key picks the quadrant, Enter adds the post-it."""

    token = HiddenField()
    group = SelectField(_l("Groupe"), validate_choice=False)
    quadrant = RadioField(_l("Zone"), validate_choice=False,
                          validators=[DataRequired(_l("Choisissez une zone de la fenêtre."))])
    text = StringField(_l("Post-it"), validators=[
        DataRequired(_l("Le post-it est vide.")), Length(max=POSTIT_MAX, message=TOO_LONG)],
        render_kw={"maxlength": POSTIT_MAX, "autocomplete": "off"})


class ConclusionsForm(FlaskForm):
    discordance = TextAreaField(CONCLUSION_HEADINGS["discordance"],
                                validators=[Length(max=5000)], render_kw={"rows": 6})
    partage = TextAreaField(CONCLUSION_HEADINGS["partage"], validators=[Length(max=5000)],
                            render_kw={"rows": 6})
    constats_habitants = TextAreaField(CONCLUSION_HEADINGS["constats_habitants"],
                                       validators=[Length(max=5000)], render_kw={"rows": 6})
    constats_partenaires = TextAreaField(CONCLUSION_HEADINGS["constats_partenaires"],
                                         validators=[Length(max=5000)], render_kw={"rows": 6})
