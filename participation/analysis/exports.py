"""Open-data aggregates: contributions per challenge, nature and format, small counts hidden."""
from __future__ import annotations

import pandas as pd
from flask_babel import lazy_gettext as _l

from participation.analysis import frames
from participation.core import smallcounts
from participation.exports.registry import register_export
from participation.territory.models import Territory


def challenge_aggregates(territory_id: int) -> pd.DataFrame:
    """One row per (challenge, nature, format, year) with its count of contributions whose
    tag is validated (``frames.validated_tags``); under the minimum count the row is
    dropped, so nothing published can single anyone out."""
    from participation.extensions import db

    contract = db.session.get(Territory, territory_id).current_contract
    data = frames.contributions_frame(territory_id)
    tags = frames.validated_tags(territory_id)  # suggestions nobody confirmed count nowhere
    challenges = frames.challenges_frame(contract)
    joined = tags.merge(data, left_on="contribution_id", right_on="id")
    joined = joined[joined["challenge_id"].isin(challenges["id"])]
    counts = joined.groupby(["code", "name", "kind", "source_format", "year"]).size()
    counts = counts.rename("contributions").reset_index()
    labels = frames.labels()
    counts["kind"] = counts["kind"].map(labels["kind"])
    counts["source_format"] = counts["source_format"].map(labels["source_format"])
    minimum = smallcounts.min_count()
    counts = counts[counts["contributions"] >= minimum]
    return counts.rename(columns={"code": "code_enjeu", "name": "enjeu", "kind": "nature",
                                  "source_format": "format", "year": "année"})


register_export("synthese_enjeux", _l("Synthèse par enjeu (données ouvertes)"),
                challenge_aggregates)
