"""Asking for personal data explicitly, and editing a block of the participation section."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

REQUIRED = _l("Ce champ est obligatoire.")


class PersonalExportForm(FlaskForm):
    fmt = SelectField(_l("Format"), choices={"xlsx": "Excel (XLSX)", "ods": "LibreOffice (ODS)",
                                             "csv": "CSV"})
    reason = TextAreaField(_l("Pourquoi avez-vous besoin de ces données personnelles ?"),
                           validators=[DataRequired(REQUIRED), Length(max=1000)],
                           description=_l("Cette raison est enregistrée avec votre nom et "
                                          "la date de l'export."))
    confirm = BooleanField(_l("Je confirme avoir besoin des données personnelles et je "
                              "m'engage à ne pas les diffuser."),
                           validators=[DataRequired(_l("Cochez la confirmation."))])


class SectionTextForm(FlaskForm):
    key = HiddenField()
    generated = HiddenField()  # the computed text the form was filled with
    text = TextAreaField(_l("Texte du bloc"), validators=[Length(max=20000)],
                         description=_l("Un paragraphe par ligne. Laissez vide pour revenir "
                                        "au texte calculé."))


class SectionDownloadForm(FlaskForm):
    """Download the section (GET: changes nothing, so no CSRF token): its language is chosen
    here, by default the contract's (``exports.document.document_language``)."""

    class Meta:
        csrf = False

    lang = SelectField(_l("Langue du document"), description=_l(
        "Par défaut la langue du contrat, quelle que soit la langue de l’écran."))
    # a format is named by its software and extension in every language (never a msgid:
    # a translator could turn "DOCX" into another acronym); only the web page is described
    fmt = SelectField(_l("Format"), choices=[("docx", "Word (DOCX)"),
                                            ("odt", "LibreOffice (ODT)"),
                                            ("html", _l("Page web à imprimer (HTML)"))])
