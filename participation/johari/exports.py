"""What the Johari exercises give the exports: the post-its as a table (no personal data:
post-its are anonymous) and the Johari page of the participation section."""
from __future__ import annotations

import re

import pandas as pd
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.core import smallcounts, typography
from participation.core.punctuation import label_colon
from participation.exports.registry import register_export, section_block
from participation.extensions import db
from participation.johari import reports
from participation.johari.models import (
    CONCLUSION_HEADINGS,
    QUADRANT_HINTS,
    QUADRANT_LABELS,
    JohariExercise,
)
from participation.privacy.masking import mask_contacts

COLUMNS = ["exercice", "date", "quartier", "groupe", "zone", "post-it", "enjeux"]


def _exercises(territory_id: int) -> list[JohariExercise]:
    return list(db.session.scalars(select(JohariExercise).where(
        JohariExercise.territory_id == territory_id).order_by(JohariExercise.held_on,
                                                              JohariExercise.id)))


def postits_export(territory_id: int) -> pd.DataFrame:
    """One row per post-it, in window order, with its challenges' codes."""
    rows = []
    for exercise in _exercises(territory_id):
        for p in reports.load_postits(exercise):
            codes = sorted(t.challenge.code for t in p.contribution.tags)
            rows.append([exercise.title, exercise.held_on, exercise.quartier.name,
                         p.group.name, str(QUADRANT_LABELS[p.quadrant]), p.text,
                         ", ".join(codes)])
    return pd.DataFrame(rows, columns=COLUMNS)


register_export("johari_postits", _l("Post-its des fenêtres de Johari"), postits_export)


def _zone(q: str, items: list) -> str:
    return f"{QUADRANT_LABELS[q]} ({QUADRANT_HINTS[q]})\n" + "\n".join(
        f"– {typography.said(mask_contacts(p.text))}" for p in items)


def window_table(w: dict) -> dict:
    """A group's 2×2 window as a table of the section (publique | aveugle / cachée | inconnue),
    its caption's count as the block's paragraph prints it (``smallcounts.figure``: a small
    count is "moins de 5" in both, never its number in one of them)."""
    cells = w["cells"]
    return {"caption": _("%(group)s : %(num)s post-its", group=w["group"].name,
                         num=smallcounts.figure(w["total"])),
            "header": [_("Connu du groupe"), _("Inconnu du groupe")],
            "rows": [[_zone("publique", cells["publique"]), _zone("aveugle", cells["aveugle"])],
                     [_zone("cachee", cells["cachee"]), _zone("inconnue", cells["inconnue"])]]}


def conclusion_paragraphs(exercise: JohariExercise) -> list[str]:
    paragraphs = []
    for key, heading in CONCLUSION_HEADINGS.items():
        lines = [line.strip().lstrip("-•").strip()
                 for line in exercise.conclusions[key].splitlines() if line.strip()]
        if lines:
            paragraphs.append(label_colon(heading))
            paragraphs.extend(f"– {line}" for line in lines)
    return paragraphs


def exercise_name(exercise: JohariExercise) -> str:
    """The exercise's own name, without a leading "Fenêtre de Johari —" (the section's
    heading already says it): "Barbecue participatif et partenaires"."""
    title = exercise.title.strip()
    match = re.match(r"(la\s+)?fen[êe]tre\s+de\s+johari\s*[—–:,-]?\s*", title, re.IGNORECASE)
    name = title[match.end():] if match and match.end() < len(title) else title
    return name[:1].upper() + name[1:]


@section_block
def johari_section(territory) -> list[dict]:
    """"La fenêtre de Johari", then one block per exercise that has post-its, headed by its
    name, quartier and date: how many post-its per group, the conclusions, the windows."""
    blocks = []
    for position, exercise in enumerate(_exercises(territory.id), start=1):
        windows = [w for w in reports.window(exercise) if w["total"]]
        if not windows:
            continue
        counts = " ; ".join(_("%(group)s : %(num)s post-its", group=w["group"].name,
                              num=smallcounts.figure(w["total"])) for w in windows)
        blocks.append({"key": f"johari-{exercise.id}", "level": 3,
                       "order": 55 + position / 1000,
                       "title": _("%(name)s — %(quartier)s, %(date)s", name=exercise_name(
                           exercise), quartier=exercise.quartier.name,
                           date=format_date(exercise.held_on, "d MMMM y")),
                       "paragraphs": [counts + ".", *conclusion_paragraphs(exercise)],
                       "tables": [window_table(w) for w in windows], "images": []})
    if blocks:
        blocks.insert(0, {"key": "johari", "level": 2, "order": 55,
                          "title": _("La fenêtre de Johari"), "tables": [], "images": [],
                          "paragraphs": [_("Habitants et partenaires ont classé ce qu’ils "
                                           "savent du quartier en quatre zones : ce que chacun "
                                           "sait (zone publique), ce que seuls les autres "
                                           "savent (zone aveugle), ce que le groupe est seul "
                                           "à savoir (zone cachée) et ce que personne ne sait "
                                           "(zone inconnue).")]})
    return blocks
