"""What residents said about a challenge: counts, words, quotes, draft, year on year.

Input: the contributions frame of ``frames.contributions_frame`` (possibly filtered to a
challenge). No figure is published for a group smaller than ``min_count`` people: small
groups identify people. Counting is vectorised pandas only.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np
import pandas as pd

from participation.analysis import grouping, years
from participation.analysis import text as tx
from participation.core import smallcounts

DEFAULT_MIN_COUNT = 5
QUOTE_MIN, QUOTE_MAX = 15, 240
DIMENSIONS = ("source_format", "quartier", "commune", "author_role", "kind")
# French wording of the generated text; views pass the translated one (frames.wording()).
WORDING = {"unknown": "Non précisé", "others": "Autres (groupes de moins de %(n)s)",
           "habitante": "Habitante", "count": "%(label)s (%(count)s contributions)",
           "sentence": "%(n)s %(who)s sur %(total)s %(verb)s « %(label)s »%(where)s.",
           "few": "Moins de %(min)s personnes %(verb)s « %(label)s ».",
           "residents": "habitants", "people": "personnes", "mostly": ", surtout à %(place)s",
           "verb_say": "évoquent", "verb_strength": "citent comme point fort",
           "verb_weakness": "relèvent comme point faible"}


def breakdown(frame: pd.DataFrame, dim: str, min_count: int = DEFAULT_MIN_COUNT,
              labels: dict | None = None, wording: dict = WORDING) -> pd.DataFrame:
    """value, label, count, state for one dimension, biggest first (ties by value), as
    published (``fold_small``): a count under ``min_count``, or hidden so that a small one
    cannot be worked out from the page's total, is None. ``analysis.counts`` gives the same
    tables from SQL."""
    counts = frame[dim].fillna(wording["unknown"]).value_counts()
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")  # ties by value
    rows = fold_small(list(zip(counts.index, counts.tolist(), strict=True)), min_count)
    out = pd.DataFrame(rows, columns=["value", "count", "state"])
    out["count"] = pd.Series([r[1] for r in rows], index=out.index, dtype=object)
    out["label"] = [wording["others"] % {"n": min_count} if v == "" else
                    (labels or {}).get(v, v) for v in out["value"]]
    return out[["value", "label", "count", "state"]]


def fold_small(pairs: list[tuple[str, int]], min_count: int) -> list[tuple[str, object, str]]:
    """[(value, count or None, state)] of one breakdown from its [(value, count)] biggest
    first, the counts adding up to the page's total (every contribution has one value, "Non
    précisé" included). Values under ``min_count`` are folded into one "autres" row (value
    ""), last; then secondary suppression (``core.smallcounts.protect_line``, the margin being
    the published total): when "autres" is small, the next smallest shown row is hidden
    too ("non publié"), else total - the shown rows would give the small count away. A
    hidden count is None; ``state`` is ``smallcounts.SHOWN``, ``SMALL`` or ``SECONDARY``."""
    shown = [(v, int(c)) for v, c in pairs if c >= min_count]
    folded = sum(int(c) for _v, c in pairs if c < min_count)
    rows = shown + ([("", folded)] if folded else [])
    states, _hidden = smallcounts.protect_line([c for _v, c in rows], minimum=min_count)
    return [(v, c if s == smallcounts.SHOWN else None, s)
            for (v, c), s in zip(rows, states, strict=True)]


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


def _pool(rows: pd.DataFrame) -> pd.Series:
    """Who may be quoted as a resident: the residents, or everyone when none spoke."""
    residents = rows["author_role"] == "habitant"
    return residents if residents.any() else pd.Series(True, index=rows.index)


def representative_quotes(frame: pd.DataFrame, role_labels: dict[str, str],
                          n: int = 3, wording: dict = WORDING,
                          groups: pd.DataFrame | None = None) -> pd.DataFrame:
    """One resident's quote from each of the ``n`` biggest groups: readable, typical.

    Typical = shares the most terms with the rest of its group; readable = between QUOTE_MIN
    and QUOTE_MAX characters when possible. Only residents are quoted when any spoke. Attributed
    only with consent. ``groups``: ``grouping.group_answers`` of ``frame``'s texts when the
    caller already has it (answers are positions in ``frame``)."""
    columns = ["id", "text", "attribution", "group", "count"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    rows = frame.reset_index(drop=True)
    groups = grouping.group_answers(rows["text"]) if groups is None else groups
    pool = _pool(rows)
    members = [(g.group, [a for a in g.answers if pool[a]]) for g in groups.itertuples()]
    members = sorted((m for m in members if m[1]), key=lambda m: -len(m[1]))[:n]
    picked = []
    for group, answers in members:  # one pass per group (n <= 5), not per answer
        texts = rows.loc[answers, "text"]
        readable = texts[texts.str.len().between(QUOTE_MIN, QUOTE_MAX)]
        texts = readable if not readable.empty else texts
        terms = tx.terms_frame(texts)
        weight = terms["term"].map(terms["term"].value_counts())
        score = weight.groupby(terms["doc"]).sum().reindex(texts.index, fill_value=0)
        picked.append((int(score.idxmax()), group, len(answers)))
    picked = list({p[0]: p for p in picked}.values())  # an answer in two groups: quoted once
    chosen = rows.loc[[p[0] for p in picked]].reset_index(drop=True)
    chosen["attribution"] = attribution(chosen, role_labels, wording)
    chosen["group"] = [p[1] for p in picked]
    chosen["count"] = [p[2] for p in picked]
    return chosen[columns]


# Which kinds feed each part of the draft, and the verb of its sentences (``WORDING``).
DRAFT_PARTS = {"retenir": (("constat", "proposition", "defi"), "verb_say"),
               "forts": (("atout",), "verb_strength"),
               "faibles": (("constat", "defi"), "verb_weakness")}
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


PHRASE_SIZES, PHRASE_SHARE = (2, 3, 4), 0.4  # words of a need's phrase; share of its texts


def _phrases(text: str, key: str) -> dict[str, str]:
    """Folded -> surface form of each run of 2 to 4 words of ``text`` holding a word that
    starts like ``key`` (folded) and neither starting nor ending with a stop word."""
    words = list(tx.WORD_RE.finditer(str(text)))
    folded = [tx.fold(w.group()) for w in words]
    stem = key[:max(4, len(key) - 1)]
    found = {}
    for size in PHRASE_SIZES:
        for start in range(len(words) - size + 1):
            window = folded[start:start + size]
            if window[0] in tx.STOP_WORDS or window[-1] in tx.STOP_WORDS \
                    or not any(w.startswith(stem) for w in window):
                continue
            surface = str(text)[words[start].start():words[start + size - 1].end()]
            found.setdefault(" ".join(window), surface)
    return found


def need_name(label: str, texts: list[str]) -> str:
    """How a draft names a need: the group's label said inside a sentence (``topic``), or,
    when that label is a single word ("médecin", "devoirs", "accès"), the most frequent
    phrase of 2 to 4 words around it in the group's texts ("médecin traitant", "aide aux
    devoirs") if at least ``PHRASE_SHARE`` of the texts (and two) say it; ties go to the
    longer phrase, then to the first seen. The phrase is written as residents wrote it (its
    most frequent surface form)."""
    name = topic(label)
    keys = [w for w in (tx.fold(m.group()) for m in tx.WORD_RE.finditer(name))
            if w not in tx.STOP_WORDS and len(w) > 2]
    if len(keys) != 1 or not texts:
        return name
    counts, surfaces = Counter(), {}
    for text in texts:
        for folded, surface in _phrases(text, keys[0]).items():
            counts[folded] += 1
            surfaces.setdefault(folded, Counter())[surface] += 1
    floor = max(2, PHRASE_SHARE * len(texts))
    best = [(n, len(f.split()), f) for f, n in counts.items() if n >= floor]
    if not best:
        return name
    phrase = surfaces[max(best, key=lambda b: (b[0], b[1]))[2]].most_common(1)[0][0]
    return topic(phrase)


def is_subject(name: str, subject: str | None) -> bool:
    """True when a need's name only repeats the subject's own words ("santé" on the Santé
    page, "accès" on "Accès aux droits"): such a sentence says nothing."""
    if not subject:
        return False
    said = {w[:5] for w in (tx.fold(m.group()) for m in tx.WORD_RE.finditer(name))
            if w not in tx.STOP_WORDS}
    known = {w[:5] for w in (tx.fold(m.group()) for m in tx.WORD_RE.finditer(subject))}
    return bool(said) and said <= known


def _who(members: pd.DataFrame, rows: pd.DataFrame, wording: dict) -> tuple[str, int]:
    """("habitants", residents who spoke on the subject) when every author is a resident,
    else ("personnes", everyone who spoke): the base of "14 habitants sur 60"."""
    if (members["author_role"] == "habitant").all():
        return wording["residents"], int((rows["author_role"] == "habitant").sum())
    return wording["people"], len(rows)


def _where(frame: pd.DataFrame, min_count: int, wording: dict) -> str:
    """", surtout à Pasteur-Foch" when one quartier holds most (>= 60 %) of the answers and
    at least ``min_count`` of them; "" otherwise (a small count would identify people)."""
    if "quartier" not in frame.columns:
        return ""
    counts = frame["quartier"].dropna().value_counts()
    if counts.empty or counts.iloc[0] < min_count or counts.iloc[0] < 0.6 * len(frame):
        return ""
    return wording["mostly"] % {"place": counts.index[0]}


def _sentence(members: pd.DataFrame, rows: pd.DataFrame, label: str, verb: str,
              min_count: int, wording: dict) -> str:
    """"14 habitants sur 60 évoquent « médecin traitant », surtout à Pasteur-Foch." (the need
    named by ``need_name``) — under ``min_count`` (and always for one person) no count:
    "Moins de 5 personnes évoquent …"."""
    name = need_name(label, members["text"].tolist())
    if len(members) < max(min_count, 2):
        return wording["few"] % {"min": max(min_count, 2), "label": name, "verb": verb}
    who, base = _who(members, rows, wording)
    return wording["sentence"] % {"n": len(members), "total": base, "who": who, "verb": verb,
                                  "label": name, "where": _where(members, min_count, wording)}


def _ranked(groups: pd.DataFrame, mask: pd.Series, skip: set) -> list[tuple]:
    """(group, label, member positions) of the groups with members in ``mask``, biggest
    first, leaving out the groups in ``skip``."""
    found = [(g.group, g.label, [a for a in g.answers if mask[a]])
             for g in groups.itertuples() if g.group not in skip]
    return sorted((f for f in found if f[2]), key=lambda f: (-len(f[2]), f[0]))


def _groups(rows: pd.DataFrame) -> pd.DataFrame:
    """``grouping.group_answers`` of the rows' texts (an empty frame for no rows), their
    quartiers' and communes' names never naming a group."""
    if rows.empty:
        return pd.DataFrame(columns=["group", "label", "count", "share", "verbatims",
                                     "answers"])
    return grouping.group_answers(rows["text"].reset_index(drop=True),
                                  names=grouping.place_terms(rows))


def draft_takeaways(frame: pd.DataFrame, min_count: int = DEFAULT_MIN_COUNT,
                    top: int = 3, wording: dict = WORDING,
                    groups: pd.DataFrame | None = None,
                    subject: str | None = None) -> dict[str, list[str]]:
    """A first draft of "ce qu'il faut retenir / points forts / points faibles": full French
    sentences with their count and base, to be edited and validated by a coordinator before
    the section uses it. "Retenir": the biggest needs residents raised (constats, propositions,
    défis); points forts from the atouts; points faibles from the manquements (constats,
    défis) not already said in "retenir". Groups come from ``grouping.group_answers`` of the
    texts (computed once; ``groups`` when the caller has it). ``subject``: the challenge's
    name; a need that only repeats it ("éducation" on Éducation, ``is_subject``) is left
    out."""
    rows = frame.reset_index(drop=True)
    groups = _groups(rows) if groups is None else groups
    if subject and not groups.empty:
        groups = groups[[not is_subject(topic(label), subject) for label in groups["label"]]]
    said: set = set()
    out = {}
    for part, (kinds, verb) in DRAFT_PARTS.items():
        ranked = _ranked(groups, rows["kind"].isin(kinds), said if part == "faibles" else set())
        ranked = ranked[:top]
        if part == "retenir":
            said = {r[0] for r in ranked}
        out[part] = [_sentence(rows.loc[answers], rows, label, wording[verb], min_count,
                               wording) for _group, label, answers in ranked]
    return out


def draft_quotes(frame: pd.DataFrame, role_labels: dict[str, str], n: int = 3,
                 wording: dict = WORDING, groups: pd.DataFrame | None = None) -> list[str]:
    """Two or three quotes for the draft, each an exact substring of a real contribution (cut
    at a sentence end when too long), signed only when the person consented."""
    quotes = representative_quotes(frame, role_labels, n, wording, groups)
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


def consultations(frame: pd.DataFrame, min_count: int = DEFAULT_MIN_COUNT) -> list[int]:
    """The years (consultations) in which at least ``min_count`` contributions were given,
    oldest first: the only ones compared (a smaller year would publish small counts)."""
    sizes = frame["year"].dropna().astype(int).value_counts()
    return sorted(int(y) for y in sizes[sizes >= min_count].index)


def compared_years(frame: pd.DataFrame, min_count: int = DEFAULT_MIN_COUNT) -> tuple | None:
    """The two latest ``consultations``, (previous, last); None when there are not two."""
    years_ = consultations(frame, min_count)
    return (years_[-2], years_[-1]) if len(years_) >= 2 else None


def _pct(count, base: int):
    """``count`` over ``base`` in whole percent (rounded half to even), None when hidden."""
    return None if count is None or pd.isna(count) else int(round(100 * count / base))


def earlier_groups(rows: pd.DataFrame) -> pd.DataFrame:
    """``grouping.group_answers`` of one consultation's contributions alone (answers:
    positions in ``rows``), their quartiers' and communes' names never naming a need; the
    pages pass ``kept.year_reference``, the same kept by its texts."""
    return _groups(rows.reset_index(drop=True))


def _in_rows(found: pd.DataFrame, part: pd.DataFrame) -> pd.DataFrame:
    """``found`` (a grouping of ``part``'s rows, answers: positions in ``part``) with its
    answers as the rows' positions in the frame ``part`` was cut from (``part.index``)."""
    return found.assign(answers=[[int(part.index[a]) for a in answers]
                                 for answers in found["answers"]])


def _joint(rows: pd.DataFrame, pair: tuple, grouped: Callable) -> pd.DataFrame:
    """``grouped`` of the two consultations' rows together, answers: positions in ``rows``."""
    part = rows[rows["year"].isin(pair)]
    return _in_rows(grouped(part.reset_index(drop=True)), part)


def _needs(rows: pd.DataFrame, chain: list[int], grouped: Callable,
           reference: Callable) -> pd.DataFrame:
    """The needs of the consultation ``chain[-1]`` (answers: positions in ``rows``) as its
    evolution table printed them: ``chain[0]`` grouped on its own (``reference``), each next
    consultation followed into the needs of the one before (``years.needs``)."""
    year = rows["year"]
    first = rows[year == chain[0]]
    found = _in_rows(reference(first.reset_index(drop=True)), first)
    for before, after in zip(chain, chain[1:], strict=False):
        found = years.needs(found, _joint(rows, (before, after), grouped),
                            set(np.flatnonzero((year == after).to_numpy()).tolist()))
    return found


def evolution(frame: pd.DataFrame, min_count: int = DEFAULT_MIN_COUNT,
              grouped: Callable[[pd.DataFrame], pd.DataFrame] = earlier_groups,
              reference: Callable[[pd.DataFrame], pd.DataFrame] = earlier_groups,
              ) -> dict | None:
    """The same challenge in two consultations (years): what residents raised then and now.

    Returns None without two years of at least ``min_count`` contributions, else
    ``{"previous", "last": year, "bases": {year: contributions that year}, "rows":
    DataFrame[group, label, previous, previous_pct, last, last_pct, change], "new": [label],
    "gone": [label]}``. ``previous``/``last`` count the contributions of the year in the
    need (an answer counts once); ``*_pct`` is that count over the year's base, in whole
    percent; ``change`` is the difference in points. A count under ``min_count`` is hidden
    (None) with its share. Rows: needs raised by at least ``min_count`` people one year or
    the other, biggest last year first. "New": raised by ``min_count`` or more last year and
    by no one before; "gone": by ``min_count`` or more before and no one last year.
    Needs (``years``): the first consultation grouped on its own contributions
    (``reference``), each next one's answers followed into the needs of the one before
    through ``grouped`` of both years' rows (both ``grouping.group_answers``; the pages pass
    ``kept.year_reference`` and ``kept.groups``): the previous year's figures never change
    with answers given since, and read as the table of the year before printed them."""
    pair = compared_years(frame, min_count)
    if pair is None:
        return None
    rows = frame.reset_index(drop=True)
    year = rows["year"]
    bases = {y: int((year == y).sum()) for y in pair}
    chain = [y for y in consultations(rows, min_count) if y <= pair[0]]
    table = years.compare(_needs(rows, chain, grouped, reference),
                          _joint(rows, pair, grouped),
                          set(np.flatnonzero((year == pair[1]).to_numpy()).tolist()))
    new = table[(table["previous"] == 0) & (table["last"] >= min_count)]
    gone = table[(table["previous"] >= min_count) & (table["last"] == 0)]
    return {"previous": pair[0], "last": pair[1], "bases": bases,
            "rows": _published(table, pair, bases, min_count),
            "new": [topic(label) for label in new["label"]],
            "gone": [topic(label) for label in gone["label"]]}


def _published(table: pd.DataFrame, pair: tuple, bases: dict, min_count: int) -> pd.DataFrame:
    """The rows of ``evolution``: [group, label, previous, previous_pct, last, last_pct,
    change] of the needs of ``table[group, label, previous, last]`` said by ``min_count`` or
    more one year or the other, counts under ``min_count`` hidden (None) with their share,
    biggest last year first (then the previous year, then the key)."""
    table = table[(table["previous"] >= min_count) | (table["last"] >= min_count)].copy()
    table = table.sort_values(["last", "previous", "group"], ascending=[False, False, True])
    for key, y in zip(("previous", "last"), pair, strict=True):
        table[key] = table[key].astype(object).where(table[key] >= min_count, None)
        table[f"{key}_pct"] = pd.Series([_pct(c, bases[y]) for c in table[key]],
                                        index=table.index, dtype=object)
    table["change"] = pd.Series([None if a is None or b is None else b - a for a, b in zip(
        table["previous_pct"], table["last_pct"], strict=True)], index=table.index, dtype=object)
    return table[["group", "label", "previous", "previous_pct", "last", "last_pct",
                  "change"]].reset_index(drop=True)


def challenge_summary(frame: pd.DataFrame, labels: dict[str, dict[str, str]],
                      min_count: int = DEFAULT_MIN_COUNT, wording: dict = WORDING,
                      groups: pd.DataFrame | None = None, subject: str | None = None,
                      grouped: Callable | None = None, reference: Callable | None = None,
                      ) -> dict:
    """Everything the per-challenge page shows, from the challenge's contributions (the
    answers grouped once, ``grouping.group_answers``, for groups, draft and quotes;
    ``groups`` when the caller has it, e.g. kept by ``analysis.kept``; ``grouped`` and
    ``reference``: how ``evolution`` groups rows, ``earlier_groups`` by default)."""
    total = len(frame)
    published = total >= min_count
    rows = frame.reset_index(drop=True)
    groups = _groups(rows) if groups is None else groups
    return {
        "total": total,
        "published": published,
        "breakdowns": {dim: breakdown(frame, dim, min_count, labels.get(dim), wording)
                       for dim in DIMENSIONS} if published else {},
        "words": tx.key_terms(frame["text"], top=15) if published else tx.key_terms(
            frame["text"].head(0)),
        "groups": groups[groups["count"] >= min_count].reset_index(drop=True),
        "quotes": representative_quotes(rows, labels["author_role"], wording=wording,
                                        groups=groups),
        "draft": draft_takeaways(rows, min_count, wording=wording, groups=groups,
                                 subject=subject),
        "draft_quotes": draft_quotes(rows, labels["author_role"], wording=wording,
                                     groups=groups),
        "evolution": evolution(rows, min_count, grouped or earlier_groups,
                               reference or earlier_groups),
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


# The contracts' "forces et faiblesses" come from the contributions' kinds: forces are the
# atouts, faiblesses the manquements (kind "constat", labelled "Constat / manquement", and
# "defi"), as the draft's points forts / faibles (``DRAFT_PARTS``).
FORCE_KINDS, WEAKNESS_KINDS = ("atout",), ("constat", "defi")
CELL_QUOTES, CELL_QUOTE_MAX = 3, 160  # quotes per cell of the table, characters per quote


def short_quote(text: str, limit: int = CELL_QUOTE_MAX) -> str:
    """The text, or its start cut at a word and ended with "…" past ``limit`` characters."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def forces_faiblesses(frame: pd.DataFrame, themes: pd.DataFrame | None = None,
                      per_cell: int = CELL_QUOTES) -> pd.DataFrame:
    """One row per quartier (with its commune) and theme: forces (the atouts' texts) and
    faiblesses (the manquements'), each the ``per_cell`` most said distinct texts (ties in
    order of the frame), capped at ``CELL_QUOTE_MAX`` characters, and how many other
    distinct texts were left out (``more_forces``, ``more_faiblesses``). Rows with neither
    are absent.

    ``themes``: [id, theme, order]: each contribution's theme(s) (a contribution of two
    themes is in both rows), the rows sorted by ``order``; only the contributions it lists
    are used (the section passes the validated tags: a text reviewed as fitting no challenge,
    or a mere suggestion, is never a force or a faiblesse). None: every contribution, one
    theme "". Returns [quartier, commune, theme, forces, faiblesses, more_forces,
    more_faiblesses]."""
    columns = ["quartier", "commune", "theme", "forces", "faiblesses", "more_forces",
               "more_faiblesses"]
    sub = frame[frame["kind"].isin(FORCE_KINDS + WEAKNESS_KINDS) & frame["quartier"].notna()]
    sub = sub.assign(commune=sub["commune"].fillna(""))
    if themes is None:
        sub = sub.assign(theme="", order=0)
    else:
        sub = sub.merge(themes[["id", "theme", "order"]], on="id")
    if sub.empty:
        return pd.DataFrame(columns=columns)
    sub = sub.assign(column=sub["kind"].isin(FORCE_KINDS).map(
        {True: "forces", False: "faiblesses"}), said=sub["text"].map(lambda t: " ".join(
            str(t).split())))
    keys = ["quartier", "commune", "order", "theme"]
    table = {}
    for (*key, column), texts in sub.groupby(keys + ["column"], sort=True)["said"]:
        ranked = texts.value_counts(sort=False).sort_values(ascending=False, kind="stable")
        row = table.setdefault(tuple(key), {"forces": [], "faiblesses": [],
                                            "more_forces": 0, "more_faiblesses": 0})
        row[column] = [short_quote(t) for t in ranked.index[:per_cell]]
        row[f"more_{column}"] = max(len(ranked) - per_cell, 0)
    out = pd.DataFrame([{**dict(zip(keys, key, strict=True)), **row}
                        for key, row in table.items()])
    return out.sort_values(["quartier", "commune", "order"], kind="stable")[columns] \
        .reset_index(drop=True)
