"""The Johari exercise's conclusions, written by the facilitators, declared to the registry
(task s27erase): the four observations (``models.CONCLUSION_HEADINGS``) printed with the
window may name a resident (« comme l'a dit Nadia Bouchareb… »). The post-its are
contributions, registered with them (``privacy.registrations``)."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from participation.extensions import db
from participation.johari.models import CONCLUSION_HEADINGS, JohariExercise
from participation.privacy.staff_texts import register_staff_text
from participation.territory.models import Quartier


def _where(exercise: JohariExercise) -> str:
    from flask_babel import gettext as _

    from participation.core.templating import day

    return _("Exercice Johari « %(title)s » du %(date)s — conclusions", title=exercise.title,
             date=day(exercise.held_on))


def _sample(territory) -> JohariExercise:
    exercise = JohariExercise(territory_id=territory.id, title="Johari exemple",
                              quartier=Quartier(territory_id=territory.id, code="QPEXJ",
                                                name="Quartier exemple"),
                              held_on=date(2024, 3, 5))
    db.session.add(exercise)
    db.session.flush()
    return exercise


CONCLUSIONS = register_staff_text(
    JohariExercise, tuple(CONCLUSION_HEADINGS),
    label=_l("Exercices Johari : conclusions des animateurs"),
    purpose=_l("Tirer les conclusions de l’exercice Johari ; une conclusion qui nomme une "
               "personne ou donne son contact est retrouvée par ce nom ou ce contact."),
    where=_where, sample=_sample)
