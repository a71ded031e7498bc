"""The contributions' exports: anonymised, and with the consented attribution (personal)."""
from __future__ import annotations

import pandas as pd
from flask_babel import lazy_gettext as _l

from participation.contributions.models import SEXES, STATUSES
from participation.exports.registry import register_export


def _words(labels: dict):
    """code -> its label in the current language ("f" -> "Femme"); unknown codes unchanged,
    missing values stay missing."""
    return lambda code: str(labels.get(code, code)) if isinstance(code, str) else code


def _frame(territory_id: int, masked: bool = True) -> pd.DataFrame:
    from participation.analysis import frames

    data = frames.contributions_frame(territory_id, masked=masked)
    tags = frames.tags_frame(territory_id).sort_values("code")
    # validated challenges apart from the suggestions nobody confirmed (frames.VALIDATED_ORIGINS)
    codes = tags[tags["reviewed"]].groupby("contribution_id")["code"].agg(", ".join)
    suggested = tags[~tags["reviewed"]].groupby("contribution_id")["code"].agg(", ".join)
    labels = frames.labels()
    return pd.DataFrame({
        "n°": data["id"], "date": data["said_on"].dt.date, "texte": data["text"],
        "nature": data["kind"].map(labels["kind"]),
        "auteur": data["author_role"].map(labels["author_role"]),
        "format": data["source_format"].map(labels["source_format"]),
        "source": data["source_label"], "quartier": data["quartier"],
        "communes": data["communes"], "enjeux": data["id"].map(codes).astype(object).fillna(""),
        "suggestions à vérifier": data["id"].map(suggested).astype(object).fillna(""),
        "suivi": data["status"].map(_words(STATUSES)),
    }), data


def contributions_export(territory_id: int) -> pd.DataFrame:
    """One row per contribution, without anything that could identify its author."""
    return _frame(territory_id)[0]


def attributed_export(territory_id: int) -> pd.DataFrame:
    """Adds the attribution (sex, age band, place) of those who agreed to be quoted; the texts
    as written, with any phone or e-mail in them (a personal export)."""
    frame, data = _frame(territory_id, masked=False)
    consent = data["attribution_consent"].fillna(False).astype(bool)
    frame["sexe"] = data["sex"].map(_words(SEXES)).where(consent)
    for column, source in (("âge", "age_band"), ("lieu", "place_name")):
        frame[column] = data[source].where(consent)
    return frame


register_export("contributions", _l("Contributions (anonymisées)"), contributions_export)
register_export("contributions_attribuees", _l("Contributions avec attribution consentie"),
                attributed_export, personal=True)
