"""A survey's effective state: the status the coordinator set, read against the opening and
closing times typed on its settings (``Survey.opens_at``/``closes_at``, naive Paris wall-clock
times, compared with ``clock.local_now()`` by the same rule as ``Survey.is_open``).

One source for every place that shows a status (the /surveys/ list, the survey's page) and
for the message a resident reads when the survey takes no answers, so that a survey set
"open" whose opening date is still to come says "Programmé : ouvre le …" to its coordinator
and "Ce questionnaire ouvrira le …" to residents, never "Ouvert" nor "clos".
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from participation.core import clock
from participation.core.templating import day, hour

DRAFT, OPEN, SCHEDULED, ENDED, CLOSED = "draft", "open", "scheduled", "ended", "closed"


def effective_state(survey, now: datetime | None = None) -> str:
    """``draft``, ``closed`` (set by the coordinator), ``scheduled`` (set open, ``opens_at``
    still to come), ``ended`` (set open, ``closes_at`` passed) or ``open``. ``survey``: a
    ``Survey`` or its snapshot (``status``, ``opens_at``, ``closes_at``); ``now``: naive
    Paris wall-clock time, ``clock.local_now()`` by default."""
    if survey.status != OPEN:
        return survey.status if survey.status in (DRAFT, CLOSED) else CLOSED
    now = now or clock.local_now()
    if survey.opens_at and now < survey.opens_at:
        return SCHEDULED
    if survey.closes_at and now >= survey.closes_at:
        return ENDED
    return OPEN


def when(moment: datetime) -> str:
    """A Paris wall-clock moment in the page's language: "1 juin 2026 à 09h00"."""
    return _("%(day)s à %(hour)s", day=day(moment.date(), "long"), hour=hour(moment))


def state_label(survey, now: datetime | None = None) -> str:
    """The status as a coordinator reads it: "Ouvert", "Brouillon", "Clos",
    "Programmé : ouvre le 1 juin 2026 à 09h00" or
    "Clos depuis le 15 juin 2026 à 18h00 (date de fermeture passée)"."""
    state = effective_state(survey, now)
    if state == SCHEDULED:
        return _("Programmé : ouvre le %(when)s", when=when(survey.opens_at))
    if state == ENDED:
        return _("Clos depuis le %(when)s (date de fermeture passée)",
                 when=when(survey.closes_at))
    return {DRAFT: _("Brouillon"), OPEN: _("Ouvert"), CLOSED: _("Clos")}[state]


def not_open_message(survey, now: datetime | None = None) -> str:
    """What a resident reads when the survey takes no answers: it opens on a date to come,
    or it is closed."""
    if effective_state(survey, now) == SCHEDULED:
        return _("Ce questionnaire ouvrira le %(when)s : il n'accepte pas encore de réponses. "
                 "Revenez à partir de cette date !", when=when(survey.opens_at))
    return _("Ce questionnaire est clos : il n'accepte plus de réponses. "
             "Merci de votre intérêt !")
