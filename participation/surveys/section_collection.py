"""How a survey's responses were collected, as its block in the participation section says
it: the channels and places of collection ("Canaux de recueil : En ligne (80), Tablettes
KoboCollect (62). Lieux : Marché."; an import is named by its tool, ``collection_tools``)
and the languages the responses were given in ("Langues des réponses : Français (80), Arabe
(20), langue non notée (12)."; the results page lists the same ``language_rows``).

Each line splits the survey's responses, whose number the block prints ("112 avis
récoltés"): a small count is hidden with a second one (``smallcounts.published_line``).
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.core import smallcounts
from participation.extensions import db
from participation.surveys.collection_tools import channel_label
from participation.surveys.models import CHANNELS, Batch, Response, Survey
from participation.surveys.translations import default_language, language_name, survey_languages


def channel_rows(survey: Survey) -> list[tuple[str, int]]:
    """``[(channel as named, responses)]``, most first: an import named by its tool
    ("Tablettes KoboCollect", ``collection_tools.channel_label``), "Import" for files
    imported before it was kept; two imports of one tool add up."""
    found = db.session.execute(
        select(Response.channel, Response.collected_with, func.count(Response.id))
        .where(Response.survey_id == survey.id)
        .group_by(Response.channel, Response.collected_with)).all()
    counts: dict[str, int] = {}
    for channel, tool, n in found:
        name = channel_label(channel, tool, CHANNELS)
        counts[name] = counts.get(name, 0) + n
    return sorted(counts.items(), key=lambda row: (-row[1], row[0]))


def collection_line(survey: Survey) -> str | None:
    """ "Canaux de recueil : Tablettes KoboCollect (62), Questionnaire papier (32). Lieux :
    Marché, …" (``channel_rows``)."""
    channels = channel_rows(survey)
    places = set(db.session.scalars(select(Response.place).where(
        Response.survey_id == survey.id, Response.place.is_not(None), Response.place != "")))
    places |= set(db.session.scalars(select(Batch.place).where(
        Batch.survey_id == survey.id, Batch.place != "")))
    if not channels:
        return None
    parts = _parts(channels)
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
