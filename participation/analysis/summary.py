"""What residents said about a challenge: counts, words, quotes, draft, year on year.

Input: the contributions frame of ``frames.contributions_frame`` (possibly filtered to a
challenge). No figure is published for a group smaller than ``min_count`` people: small
groups identify people. Counting is vectorised pandas only.
"""
from __future__ import annotations

import pandas as pd

from participation.analysis import grouping
from participation.analysis import text as tx

DEFAULT_MIN_COUNT = 5
QUOTE_MIN, QUOTE_MAX = 15, 240
DIMENSIONS = ("source_format", "quartier", "commune", "author_role", "kind")
# French wording of the generated text; views pass the translated one (frames.wording()).
WORDING = {"unknown": "Non précisé", "others": "Autres (groupes de moins de %(n)s)",
           "habitante": "Habitante", "count": "%(label)s (%(count)s contributions)",
           "sentence": "%(n)s %(who)s sur %(total)s %(verb)s : « %(label)s »%(where)s.",
           "few": "Moins de %(min)s personnes %(verb)s : « %(label)s ».",
           "residents": "habitants", "people": "personnes", "mostly": ", surtout à %(place)s",
           "verb_say": "en parlent", "verb_strength": "y voient un atout",
           "verb_weakness": "relèvent ce manque"}


def breakdown(frame: pd.DataFrame, dim: str, min_count: int = DEFAULT_MIN_COUNT,
              labels: dict | None = None, wording: dict = WORDING) -> pd.DataFrame:
    """value, label, count for one dimension, biggest first (ties by value); counts below
    ``min_count`` are hidden (None). ``analysis.counts`` gives the same tables from SQL.

    Hidden rows are folded into one "autres" row, shown only if it reaches the minimum.
    """
    counts = frame[dim].fillna(wording["unknown"]).value_counts()
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")  # ties by value
    shown = counts[counts >= min_count]
    hidden = int(counts[counts < min_count].sum())
    out = shown.rename_axis("value").reset_index(name="count")
    out["label"] = out["value"].map(lambda v: (labels or {}).get(v, v))
    if hidden:
        other = {"value": "", "label": wording["others"] % {"n": min_count},
                 "count": hidden if hidden >= min_count else None}
        out = pd.concat([out, pd.DataFrame([other])], ignore_index=True)
    return out[["value", "label", "count"]]


def attribution(frame: pd.DataFrame, role_labels: dict[str, str],
                wording: dict = WORDING) -> pd.Series:
    """The contracts' signature, only with consent: "Habitante — résidence Foch, 40-59 ans"."""
    role = frame["author_role"].map(role_labels).fillna("")
    role = role.mask((frame["author_role"] == "habitant") & (frame["sex"] == "f"),
                     wording["habitante"])
    place = frame["place_name"].fillna("")
    signed = role + place.where(place == "", " — " + place)
    age = frame["age_band"].fillna("")
    signed = signed + age.where(age == "", ", " + age)
    return signed.where(frame["attribution_consent"].fillna(False).astype(bool), "")


def representative_quotes(frame: pd.DataFrame, role_labels: dict[str, str],
                          n: int = 3, wording: dict = WORDING) -> pd.DataFrame:
    """One quote from each of the ``n`` biggest groups: readable, and typical of its group.

    Typical = shares the most terms with the rest of its group; readable = between QUOTE_MIN
    and QUOTE_MAX characters when possible. Attributed only with consent.
    """
    columns = ["id", "text", "attribution", "group", "count"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    texts = frame["text"].reset_index(drop=True)
    groups = grouping.group_answers(texts).head(n)
    picked = []
    for row in groups.itertuples():  # one pass per group (n <= 3), not per answer
        members = texts.loc[row.answers]
        readable = members[members.str.len().between(QUOTE_MIN, QUOTE_MAX)]
        members = readable if not readable.empty else members
        terms = tx.terms_frame(members)
        weight = terms["term"].map(terms["term"].value_counts())
        score = weight.groupby(terms["doc"]).sum().reindex(members.index, fill_value=0)
        picked.append((int(score.idxmax()), row.group, row.count))
    picked = list({p[0]: p for p in picked}.values())  # an answer in two groups: quoted once
    idx = [p[0] for p in picked]
    chosen = frame.iloc[idx].reset_index(drop=True)
    chosen["attribution"] = attribution(chosen, role_labels, wording)
    chosen["group"] = [p[1] for p in picked]
    chosen["count"] = [p[2] for p in picked]
    return chosen[columns]


def _who(frame: pd.DataFrame, wording: dict) -> str:
    """"habitants" when every author is a resident, "personnes" otherwise."""
    return wording["residents"] if (frame["author_role"] == "habitant").all() else wording[
        "people"]


def _where(frame: pd.DataFrame, min_count: int, wording: dict) -> str:
    """", surtout à Pasteur-Foch" when one quartier holds most (>= 60 %) of the answers and
    at least ``min_count`` of them; "" otherwise (a small count would identify people)."""
    if "quartier" not in frame.columns:
        return ""
    counts = frame["quartier"].dropna().value_counts()
    if counts.empty or counts.iloc[0] < min_count or counts.iloc[0] < 0.6 * len(frame):
        return ""
    return wording["mostly"] % {"place": counts.index[0]}


def _sentences(frame: pd.DataFrame, verb: str, min_count: int, top: int,
               wording: dict) -> list[str]:
    """One sentence per biggest group: "14 habitants sur 60 en parlent : « Un médecin »,
    surtout à Pasteur-Foch." Below ``min_count`` no count is given ("Moins de 5 …")."""
    texts = frame["text"].reset_index(drop=True)
    groups = grouping.group_answers(texts).head(top)
    rows = frame.reset_index(drop=True)
    out = []
    for group in groups.itertuples():
        members = rows.loc[group.answers]
        if group.count < min_count:
            out.append(wording["few"] % {"min": min_count, "label": group.label, "verb": verb})
            continue
        out.append(wording["sentence"] % {
            "n": group.count, "total": len(frame), "who": _who(members, wording), "verb": verb,
            "label": group.label, "where": _where(members, min_count, wording)})
    return out


def draft_takeaways(frame: pd.DataFrame, min_count: int = DEFAULT_MIN_COUNT,
                    top: int = 3, wording: dict = WORDING) -> dict[str, list[str]]:
    """A first draft of "ce qu'il faut retenir / points forts / points faibles" in full
    sentences with their counts, to be edited and validated by a coordinator before the
    section uses it. Points forts come from the atouts, points faibles from the constats
    (manquements); "retenir" from everything residents asked or noted."""
    asked = frame["kind"].isin(["constat", "proposition", "defi"])
    return {"retenir": _sentences(frame[asked], wording["verb_say"], min_count, top, wording),
            "forts": _sentences(frame[frame["kind"] == "atout"], wording["verb_strength"],
                                min_count, top, wording),
            "faibles": _sentences(frame[frame["kind"] == "constat"], wording["verb_weakness"],
                                  min_count, top, wording)}


def draft_quotes(frame: pd.DataFrame, role_labels: dict[str, str], n: int = 3,
                 wording: dict = WORDING) -> list[str]:
    """Two or three quotes for the draft, each an exact substring of a real contribution (cut
    at a sentence end when too long), signed only when the person consented."""
    quotes = representative_quotes(frame, role_labels, n, wording)
    out = []
    for row in quotes.itertuples():
        text = _excerpt(row.text)
        out.append(f"« {text} »" + (f" ({row.attribution})" if row.attribution else ""))
    return out


def _excerpt(text: str) -> str:
    """The text itself, or its first sentences up to ``QUOTE_MAX`` characters (a substring)."""
    text = text.strip()
    if len(text) <= QUOTE_MAX:
        return text
    cut = max(text.rfind(mark, 0, QUOTE_MAX) for mark in (". ", "! ", "? "))
    return text[:cut + 1] if cut > QUOTE_MIN else text[:QUOTE_MAX].rsplit(" ", 1)[0]


def year_on_year(frame: pd.DataFrame, min_count: int = DEFAULT_MIN_COUNT) -> pd.DataFrame:
    """Needs per year: group, label, one count column per year, and the change.

    Counts under ``min_count`` are hidden (None) like everywhere else.
    """
    years = sorted(frame["year"].dropna().unique())
    if len(years) < 2:
        return pd.DataFrame(columns=["group", "label"])
    texts = frame["text"].reset_index(drop=True)
    assigned = grouping.assign_groups(texts).drop_duplicates(["answer", "group"])
    assigned["year"] = frame["year"].reset_index(drop=True).loc[assigned["answer"]].to_numpy()
    table = assigned.pivot_table(index="group", columns="year", values="answer",
                                 aggfunc="count", fill_value=0)
    last, previous = years[-1], years[-2]
    table["evolution"] = table[last] - table[previous]
    labels = grouping.group_labels(assigned, texts)
    table = table.sort_values(last, ascending=False).reset_index()
    table.insert(1, "label", table["group"].map(labels))
    for year in years:
        table[year] = table[year].where(table[year] >= min_count)
    return table


def challenge_summary(frame: pd.DataFrame, labels: dict[str, dict[str, str]],
                      min_count: int = DEFAULT_MIN_COUNT, wording: dict = WORDING) -> dict:
    """Everything the per-challenge page shows, from the challenge's contributions."""
    total = len(frame)
    published = total >= min_count
    residents = frame[frame["author_role"] == "habitant"]
    return {
        "total": total,
        "published": published,
        "breakdowns": {dim: breakdown(frame, dim, min_count, labels.get(dim), wording)
                       for dim in DIMENSIONS} if published else {},
        "words": tx.key_terms(frame["text"], top=15) if published else tx.key_terms(
            frame["text"].head(0)),
        "groups": grouping.group_answers(frame["text"].reset_index(drop=True), min_count),
        "quotes": representative_quotes(residents if len(residents) else frame,
                                        labels["author_role"], wording=wording),
        "draft": draft_takeaways(frame, min_count, wording=wording),
        "draft_quotes": draft_quotes(residents if len(residents) else frame,
                                     labels["author_role"], wording=wording),
        "years": year_on_year(frame, min_count),
    }


def three_columns(frame: pd.DataFrame) -> dict[str, list[str]]:
    """The contracts' table per theme: propositions | manquements | mobilisation partenaire.

    Partners' proposals go to the third column with their commitments: the first two columns
    are what residents (and their council) said.
    """
    texts = frame.drop_duplicates("text")
    partner = texts["author_role"].isin(["partenaire", "elu", "technicien"])
    pick = {"propositions": (texts["kind"] == "proposition") & ~partner,
            "manquements": texts["kind"].isin(["constat", "defi"]) & ~partner,
            "mobilisation": (texts["kind"] == "mobilisation")
            | (partner & (texts["kind"] == "proposition"))}
    return {key: texts.loc[mask, "text"].tolist() for key, mask in pick.items()}


def forces_faiblesses(frame: pd.DataFrame) -> pd.DataFrame:
    """Per quartier and commune: forces (atouts) and faiblesses (constats), as text lists."""
    sub = frame[frame["kind"].isin(["atout", "constat"]) & frame["quartier"].notna()].copy()
    sub["commune"] = sub["commune"].fillna("")
    sub["column"] = sub["kind"].map({"atout": "forces", "constat": "faiblesses"})
    table = sub.groupby(["quartier", "commune", "column"])["text"].agg(
        lambda s: list(dict.fromkeys(s))).unstack("column")
    for column in ("forces", "faiblesses"):
        if column not in table:
            table[column] = None
        table[column] = table[column].map(lambda v: v if isinstance(v, list) else [])
    return table.reset_index()[["quartier", "commune", "forces", "faiblesses"]]
