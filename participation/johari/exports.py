"""What the Johari exercises give the exports: the post-its as a table (no personal data:
post-its are anonymous) and the Johari page of the participation section."""
from __future__ import annotations

import pandas as pd
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.exports.registry import register_export, section_block
from participation.extensions import db
from participation.johari import reports
from participation.johari.models import (
    CONCLUSION_HEADINGS,
    QUADRANT_HINTS,
    QUADRANT_LABELS,
    JohariExercise,
)

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
        f"– {p.text}" for p in items)


def window_table(w: dict) -> dict:
    """A group's 2×2 window as a table of the section (publique | aveugle / cachée | inconnue)."""
    cells = w["cells"]
    return {"caption": _("%(group)s : %(num)s post-its", group=w["group"].name,
                         num=w["total"]),
            "header": [str(QUADRANT_LABELS["publique"]), str(QUADRANT_LABELS["aveugle"])],
            "rows": [[_zone("publique", cells["publique"]), _zone("aveugle", cells["aveugle"])],
                     [_zone("cachee", cells["cachee"]), _zone("inconnue", cells["inconnue"])]]}


def conclusion_paragraphs(exercise: JohariExercise) -> list[str]:
    paragraphs = []
    for key, heading in CONCLUSION_HEADINGS.items():
        lines = [line.strip().lstrip("-•").strip()
                 for line in exercise.conclusions[key].splitlines() if line.strip()]
        if lines:
            paragraphs.append(f"{heading} :")
            paragraphs.extend(f"– {line}" for line in lines)
    return paragraphs


@section_block
def johari_section(territory) -> list[dict]:
    """One block per exercise that has post-its: the windows and the conclusions."""
    blocks = []
    for exercise in _exercises(territory.id):
        windows = [w for w in reports.window(exercise) if w["total"]]
        if not windows:
            continue
        counts = ", ".join(f"{w['group'].name} {w['total']}" for w in windows)
        intro = _("%(title)s, %(quartier)s : %(counts)s post-its.", title=exercise.title,
                  quartier=exercise.quartier.name, counts=counts)
        blocks.append({"key": f"johari-{exercise.id}", "level": 2, "order": 55,
                       "title": _("La fenêtre de Johari"),
                       "paragraphs": [intro, *conclusion_paragraphs(exercise)],
                       "tables": [window_table(w) for w in windows], "images": []})
    return blocks
