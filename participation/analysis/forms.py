"""The coordinator's validation of a challenge's draft and of its year on year (they then
enter the section)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length


class DraftForm(FlaskForm):
    # the computed draft the page showed: kept with the validated text, so the page can say
    # when its figures have changed since (``exports.services.stale``)
    generated = HiddenField()
    text = TextAreaField(_l("Texte de l’enjeu pour la section du contrat"),
                         validators=[Length(max=20000, message=_l("Le texte est trop long."))],
                         description=_l("Brouillon calculé à partir des contributions : "
                                        "relisez-le, corrigez-le, puis validez-le. Un "
                                        "paragraphe par ligne ; vide, rien n’entre dans la "
                                        "section."))


class EvolutionForm(FlaskForm):
    """Whether a challenge's year-on-year block enters the section: with its table, as text
    only, or not at all (``exports.services.EVOLUTION_CHOICES``); ``digest``: the figures
    read (``years.digest``), so the choice holds for them only."""

    choice = RadioField(
        _l("L’évolution d’une année sur l’autre dans la section du contrat"),
        choices=[("tableau", _l("Inclure le texte et le tableau")),
                 ("texte", _l("Inclure le texte sans le tableau")),
                 ("exclu", _l("Ne pas l’inclure"))],
        validators=[InputRequired(_l("Choisissez ce que la section reprend."))])
    digest = HiddenField()
