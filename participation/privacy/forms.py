"""Forms of the privacy pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from participation.contributions.forms import CheckboxList


class PersonForm(FlaskForm):
    """Look a person up by phone number, e-mail and/or name."""

    phone = StringField(_l("Numéro de téléphone"), validators=[Optional(), Length(max=40)],
                        render_kw={"autocomplete": "off", "inputmode": "tel"})
    email = EmailField(_l("Adresse e-mail"), validators=[Optional(), Length(max=254)],
                       render_kw={"autocomplete": "off"})
    name = StringField(_l("Nom ou prénom"), validators=[Optional(), Length(max=200)],
                       description=_l("Tel que la personne l'a donné (inscriptions, pointage, "
                                      "candidatures, invitations, contacts laissés) ; "
                                      "majuscules, accents, espaces et ordre des mots "
                                      "ignorés."),
                       render_kw={"autocomplete": "off"})


class ExportForm(PersonForm):
    """Download what is held about one person set of the search (``privacy.sets``)."""

    person = HiddenField()


class EraseForm(PersonForm):
    """Erase the person sets ticked (none ticked beforehand but the one found by the phone
    or e-mail typed: a name is shared by homonyms, ``privacy.sets``); ``sets`` choices
    are set by the view from the search."""

    words = RadioField(
        _l("Ses réponses et contributions"),
        choices=[("keep", _l("Les garder, anonymes : seules ses coordonnées et données "
                             "personnelles sont effacées ; ce qu'elle a dit reste dans les "
                             "analyses, la section du contrat et les exports, sans rien qui "
                             "permette de la reconnaître.")),
                 ("erase", _l("Les effacer aussi : ses réponses aux questionnaires et ses "
                              "contributions sortent de toutes les analyses, des comptes, des "
                              "citations, de la section du contrat et des exports ; la liste "
                              "des contributions indique seulement qu'un texte a été "
                              "effacé."))],
        validators=[InputRequired(_l("Choisissez ce que deviennent ses réponses et "
                                     "contributions."))])
    sets = CheckboxList(_l("Personnes dont les données sont effacées"), validate_choice=False,
                        validators=[DataRequired(_l("Cochez la ou les personnes concernées."))])
    confirm = BooleanField(_l("Je confirme l'effacement définitif, pour les personnes cochées, "
                              "de ce que j'ai choisi ci-dessus."),
                           validators=[DataRequired(_l("Cochez la case pour confirmer."))])


class WithdrawForm(FlaskForm):
    pass


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Action"), validators=[Optional()])
    actor = StringField(_l("Compte (e-mail)"), validators=[Optional()])
    start = DateField(_l("Du"), validators=[Optional()])
    end = DateField(_l("Au"), validators=[Optional()])


def retention_form(keys: dict[str, int], labels: dict[str, str]) -> type[FlaskForm]:
    """A form with one months field per retention setting declared in the registry."""

    class RetentionForm(FlaskForm):
        pass

    for key in keys:
        setattr(RetentionForm, key, IntegerField(
            labels.get(key, key), validators=[InputRequired(_l("Ce champ est obligatoire.")),
                                              NumberRange(1, 120, _l("Entre 1 et 120 mois."))],
            description=_l("En mois.")))
    return RetentionForm
