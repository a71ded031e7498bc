"""The first draft of "ce qu'il faut retenir / points forts / points faibles" of a challenge:
full French sentences naming each need with its count and base, for a coordinator to edit
and validate before the section uses them.

Input: the contributions frame of ``frames.contributions_frame`` (possibly filtered to a
challenge) and the table of what its residents said (``said_rows.said_rows``), whose rows,
counts, base and labels the sentences read: the page, the draft and the section's validated
text print the same figures. Under ``min_count`` people a sentence gives no count ("Moins de
5 personnes…"): small groups identify people.
"""
from __future__ import annotations

import pandas as pd

from participation.analysis import grouping
from participation.analysis import text as tx
from participation.analysis.wording import DEFAULT_MIN_COUNT, WORDING

# Which kinds feed each part of the draft, and the verb of its sentences (``WORDING``).
# "Retenir" says the biggest needs, whatever their kind; each other group is said in the one
# part of the kind most of its members carry (``SIDES``): points forts from the atouts,
# points faibles from the manquements (constats, défis), pistes from the propositions.
DRAFT_PARTS = {"retenir": (("constat", "proposition", "defi"), "verb_say"),
               "forts": (("atout",), "verb_strength"),
               "faibles": (("constat", "defi"), "verb_weakness"),
               "pistes": (("proposition",), "verb_proposal")}
SIDES = ("faibles", "pistes", "forts")  # on a tie, the first (a lack said is a lack)
# the parts of ``SIDES`` each part of the draft reads its rows from
PART_SIDES = {"retenir": ("faibles", "pistes"), "forts": ("forts",), "faibles": ("faibles",),
              "pistes": ("pistes",)}
FILLERS = {"aussi", "encore", "svp", "merci", "quoi", "etc", "surtout", "vraiment", "bref"}


def topic(label: str) -> str:
    """A group's label as said inside a sentence: trailing filler words and punctuation
    dropped ("Un médecin aussi !" -> "un médecin"), first letter lower-cased unless the first
    word is an acronym or a name in capitals ("MSA", "CAF")."""
    words = str(label).strip().rstrip(" !.?…,;").split()
    while len(words) > 1 and tx.fold(words[-1].strip(".,!?")) in FILLERS:
        words.pop()
    text = " ".join(words).rstrip(" ,;:")
    if len(text) > 1 and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


def is_subject(name: str, subject: str | None) -> bool:
    """True when a need's name only repeats the subject's own words ("santé" on the Santé
    page, "accès" on "Accès aux droits"): such a sentence says nothing."""
    if not subject:
        return False
    said = {w[:5] for w in (tx.fold(m.group()) for m in tx.WORD_RE.finditer(name))
            if w not in tx.STOP_WORDS}
    known = {w[:5] for w in (tx.fold(m.group()) for m in tx.WORD_RE.finditer(subject))}
    return bool(said) and said <= known


def _where(frame: pd.DataFrame, min_count: int, wording: dict,
           table: pd.DataFrame | None = None) -> str:
    """", surtout à Pasteur-Foch" when one quartier holds most (>= 60 %) of the answers and
    at least ``min_count`` of them; "" otherwise (a small count would identify people), and
    when the whole ``table``'s answers come from one quartier: it then says nothing about
    this need (tester t27coord: every sentence of a one-quartier territory ended so)."""
    if "quartier" not in frame.columns:
        return ""
    if table is not None and table["quartier"].dropna().nunique() < 2:
        return ""
    counts = frame["quartier"].dropna().value_counts()
    if counts.empty or counts.iloc[0] < min_count or counts.iloc[0] < 0.6 * len(frame):
        return ""
    return wording["mostly"] % {"place": counts.index[0]}


def sides(groups: pd.DataFrame, kinds: pd.Series) -> dict:
    """Group key -> the part of ``SIDES`` it is said in: the one whose kinds
    (``DRAFT_PARTS``) most of its members carry, ties to the first of ``SIDES``; a group
    without a member of these kinds (mobilisations, perceptions only) has none. A group of
    proposals ("Il faudrait des bancs", "Créer un local") is a piste even when one of its
    answers was filed as a constat, never a point faible. ``kinds``: each row's kind, by
    the position ``groups["answers"]`` give."""
    found = {}
    for group in groups.itertuples():
        said = kinds.iloc[list(group.answers)].value_counts()
        counts = [int(said.reindex(list(DRAFT_PARTS[side][0])).fillna(0).sum())
                  for side in SIDES]
        if max(counts):
            found[group.group] = SIDES[counts.index(max(counts))]
    return found


def answer_groups(rows: pd.DataFrame) -> pd.DataFrame:
    """``grouping.group_answers`` of the rows' texts (an empty frame for no rows), their
    quartiers' and communes' names never naming a group."""
    if rows.empty:
        return pd.DataFrame(columns=["group", "label", "count", "share", "verbatims",
                                     "answers"])
    return grouping.group_answers(rows["text"].reset_index(drop=True),
                                  names=grouping.place_terms(rows))


def _sentence(row, rows: pd.DataFrame, base: int, verb: str, min_count: int,
              wording: dict) -> str:
    """"14 habitants sur 60 évoquent « médecin généraliste », surtout à Pasteur-Foch." for
    ``row`` (a row of ``said_rows.said_rows``: its count, need (``written``: its label, or
    the need its answers name when they all write the same, ``need_names.need_name``: « le
    centre de PMI », never the whole answer, which the draft's quote gives) and answers,
    positions in ``rows``) over ``base`` (the table's residents expressing something) —
    under ``min_count`` no count: "Moins de 5 personnes évoquent …"."""
    name = topic(row.written)
    if row.count < min_count:
        return wording["few"] % {"min": min_count, "label": name, "verb": verb}
    return wording["sentence"] % {
        "n": row.count, "total": base, "who": wording["residents"], "verb": verb,
        "label": name, "where": _where(rows.iloc[list(row.answers)], min_count, wording,
                                       rows)}


def _ranked(groups: pd.DataFrame, side: dict, parts: tuple[str, ...], told: set,
            top: int) -> list:
    """The ``top`` first rows of ``groups`` (biggest first) said in one of ``parts``
    (``side``: group key -> part), said by two answers at least, not in ``told``."""
    return [g for g in groups.itertuples()
            if side.get(g.group) in parts and g.group not in told and g.count >= 2][:top]


def draft_takeaways(frame: pd.DataFrame, min_count: int = DEFAULT_MIN_COUNT,
                    top: int = 3, wording: dict = WORDING, said: dict | None = None,
                    subject: str | None = None) -> dict[str, list[str]]:
    """A first draft of "ce qu'il faut retenir / points forts / faibles / pistes": full French
    sentences to be edited and validated by a coordinator before the section uses them:
    {"retenir", "forts", "faibles", "pistes": [sentence]}, at most ``top`` each.

    Every figure is a row of the table the page prints (``said``: ``said_rows.said_rows`` of
    ``frame``, computed when None): its count (the residents' answers naming that need first,
    each answer in one row) over the table's base (the residents' answers expressing
    something), under its label (docs/analysis.md, "One table per challenge"). A row is said
    in the one part of the kind most of its answers carry (``sides``): "retenir" the biggest
    needs (points faibles and pistes), then points forts (atouts), points faibles (constats,
    défis), pistes (propositions), a need said in "retenir" not said again; a row of one
    answer is no need residents share and is left out. ``subject``: the challenge's name; a
    row that only repeats it ("santé" on Santé, ``is_subject``) is left out."""
    rows = frame.reset_index(drop=True)
    if said is None:
        from participation.analysis.need_rows import subject_terms
        from participation.analysis.said_rows import said_rows
        said = said_rows(rows, smallest=min_count, subject=subject_terms(subject or ""))
    groups = said["groups"]
    if subject and not groups.empty:
        groups = groups[[not is_subject(topic(label), subject) for label in groups["label"]]]
    side = sides(groups, rows["kind"])
    ranked = {"retenir": _ranked(groups, side, ("faibles", "pistes"), set(), top)}
    told = {g.group for g in ranked["retenir"]}
    for part in SIDES:
        ranked[part] = _ranked(groups, side, (part,), told, top)
    return {part: [_sentence(g, rows, said["base"], wording[DRAFT_PARTS[part][1]], min_count,
                             wording) for g in ranked[part]]
            or _unshared(groups, side, PART_SIDES[part], told, min_count, wording)
            for part in DRAFT_PARTS}


def _unshared(groups: pd.DataFrame, side: dict, parts: tuple[str, ...], told: set,
              min_count: int, wording: dict) -> list[str]:
    """For a part with no sentence: one saying how many answers it holds, each naming a need
    no other answer names (tester t28coord: « Rien pour l'instant » under points faibles and
    pistes of a challenge with 6 constats and 8 propositions, each a need of its own); under
    ``min_count`` no count. Nothing when the part holds no answer (``side``: group -> part;
    ``told``: rows said in « retenir », not counted again)."""
    n = sum(int(g.count) for g in groups.itertuples()
            if side.get(g.group) in parts and g.group not in told)
    if not n:
        return []
    return [wording["unshared_few"] % {"min": min_count} if n < min_count
            else wording["unshared"] % {"n": n}]
