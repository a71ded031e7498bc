"""The table of what residents said on a challenge's (quartier's, format's) page, as a CSV file
(issue #13, deliverable 3): the very rows, counts, base and labels the page prints and its
draft says (``said_rows``), so a figure copied into a spreadsheet is the page's.
"""
from __future__ import annotations

from flask import Response, abort
from flask_babel import gettext as _
from flask_login import current_user

from participation.analysis.views import _min_count, _summary, bp
from participation.core.auth import PARTNER, role_required
from participation.core.memo import memo
from participation.core.percent import whole_percent
from participation.exports.csvtext import csv_bytes


def said_csv_rows(result: dict, min_count: int) -> list[list]:
    """The page's table of ``result`` (``summary.challenge_summary``) as CSV rows: a header,
    one row per need named first by at least ``min_count`` answers (label, answers, share
    in whole percent, base), then the other answers ("moins de N" when they are fewer than
    ``min_count``). When the page prints no base (``said_base_hidden``) neither shares nor
    base are written; an unpublished page (fewer than ``min_count`` contributions) gives the
    header only."""
    said, shown = result["said"], result["said_shown"]
    with_base = not result.get("said_base_hidden")
    header = [_("Ce que les réponses nomment en premier"), _("Réponses")]
    rows = [header + ([_("Part (%)"), _("Base")] if with_base else [])]
    if not result["published"] or shown.empty:
        return rows
    for row in shown.itertuples():
        rows.append([row.label, row.count] + (
            [whole_percent(row.count, said["base"]), said["base"]] if with_base else []))
    others = int(said["base"] - shown["count"].sum())
    if others:
        small = others < min_count
        rows.append([_("Autres réponses (chaque besoin nommé par moins de %(n)s réponses)",
                       n=min_count), _("moins de %(n)s", n=min_count) if small else others]
                    + (["" if small else whole_percent(others, said["base"]), said["base"]]
                       if with_base else []))
    return rows


@bp.get("/<scope>/<key>/ce-que-disent-les-habitants.csv")
@role_required(PARTNER)
def said_csv(scope: str, key: str):
    """The page's table of what residents said, as a ";" CSV file (UTF-8 with a BOM)."""
    _title, result, _three = memo(current_user.territory_id, "analysis.summary",
                                  lambda: _summary(scope, key), scope, key)
    if not result["published"]:
        abort(404)
    return Response(csv_bytes(said_csv_rows(result, _min_count())), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename="
                             "ce-que-disent-les-habitants.csv"})
