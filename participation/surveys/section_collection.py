"""How a survey's responses were collected, as its block in the participation section says
it: the channels and places of collection ("Canaux de recueil : En ligne (80), Questionnaire
papier (32). Lieux : Marché.") and the languages the responses were given in ("Langues des
réponses : Français (80), Arabe (20), langue non notée (12)."; the results page lists the
same ``language_rows``).

Each line splits the survey's responses, whose number the block prints ("112 avis
récoltés"): a small count is hidden with a second one (``smallcounts.published_line``).
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.core import smallcounts
from participation.extensions import db
from participation.surveys.models import CHANNELS, Batch, Response, Survey
from participation.surveys.translations import default_language, language_name, survey_languages


def collection_line(survey: Survey) -> str | None:
    """ "Recueillis : En ligne (80), Questionnaire papier (32) ; lieux : Marché, …"."""
    channels = db.session.execute(
        select(Response.channel, func.count(Response.id)).where(Response.survey_id == survey.id)
        .group_by(Response.channel).order_by(func.count(Response.id).desc())).all()
    places = set(db.session.scalars(select(Response.place).where(
        Response.survey_id == survey.id, Response.place.is_not(None), Response.place != "")))
    places |= set(db.session.scalars(select(Batch.place).where(
        Batch.survey_id == survey.id, Batch.place != "")))
    if not channels:
        return None
    parts = _parts([(CHANNELS.get(c, c), n) for c, n in channels])
    line = _("Canaux de recueil : %(parts)s.", parts=parts)
    if places:
        line += " " + _("Lieux : %(places)s.", places=", ".join(sorted(places)))
    return line


def _parts(rows: list[tuple[str, int]]) -> str:
    """ "En ligne (80), Papier (moins de 5), Import (non publié)": the rows split the survey's
    responses, whose number the block prints ("112 avis récoltés"), so a small count is
    hidden with a second one (``smallcounts.published_line``)."""
    cells, _total = smallcounts.published_line([n for _name, n in rows])
    return ", ".join(f"{name} ({cell})" for (name, _n), cell in zip(rows, cells, strict=True))


def language_counts(survey: Survey) -> list[tuple[str | None, int]]:
    """``[(tag or None, responses)]``, most answered first (then by tag): the language each
    response was answered in; None for responses whose language was not recorded (paper,
    imports, answers collected before languages existed). The counts add up to the survey's
    responses."""
    rows = db.session.execute(
        select(Response.language, func.count(Response.id)).where(Response.survey_id == survey.id)
        .group_by(Response.language)).all()
    return sorted(rows, key=lambda row: (-row[1], row[0] or "~"))


def language_rows(survey: Survey) -> list[tuple[str, int]]:
    """``[(language name, responses)]`` in the active locale (the contract's when the section
    is built), "langue non notée" for None; ``[]`` when the survey has one language and no
    response was recorded in another (nothing to tell)."""
    counts = language_counts(survey)
    if len(survey_languages(survey)) < 2 and all(t in (None, default_language(survey))
                                                 for t, _n in counts):
        return []
    return [(language_name(t) if t else _("langue non notée"), n) for t, n in counts]


def language_line(survey: Survey) -> str | None:
    """ "Langues des réponses : Français (80), Arabe (20), langue non notée (12)." or None."""
    rows = language_rows(survey)
    parts = _parts(rows)
    return _("Langues des réponses : %(parts)s.", parts=parts) if rows else None
