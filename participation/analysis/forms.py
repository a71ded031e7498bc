"""The coordinator's validation of a challenge's draft (it then enters the section)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length


class DraftForm(FlaskForm):
    text = TextAreaField(_l("Texte de l’enjeu pour la section du contrat"),
                         validators=[Length(max=20000, message=_l("Le texte est trop long."))],
                         description=_l("Brouillon calculé à partir des contributions : "
                                        "relisez-le, corrigez-le, puis validez-le. Un "
                                        "paragraphe par ligne ; vide, rien n’entre dans la "
                                        "section."))
