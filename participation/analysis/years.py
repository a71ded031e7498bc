"""Year on year: an earlier consultation's needs counted as they were, the later one's
answers followed into them.

A figure printed for a past consultation must not change because someone answered today
(issue #13, item 5): last year's published table and this year's must agree. So:

1. the first consultation's answers are grouped on their own (``grouping.group_answers`` of
   its rows only: the same set of texts gives the same groups, in any order): its needs,
   labels and counts depend on nothing said since;
2. the next consultation's answers are followed into those needs through the grouping of
   both consultations' answers (``grouping.group_answers``: same similarity, same threshold;
   the challenge page's own grouping when the challenge has only these two years): a group
   of it that holds earlier answers stands for the earlier need most of them expressed; its
   later answers that do not say that need's word, and a group with no earlier answer, make
   the need their group's label names, a new one when no earlier need has its word
   (``compare``);
3. the needs so counted for a consultation are the ones it is compared with the year after
   (``needs``): a year's figures read the same as the later year of one table and as the
   earlier year of the next.

What is compared is residents' needs (``residents_needs``: manquements and propositions
written by residents or their council; atouts and partners' commitments are no need) and, in
a second table, their atouts (``PARTS``: what they value in their quartier). A row counts
every answer of each year that says its label's word, in any spelling the product folds
(``Said``: accents, plural and inflection through ``text.terms``, misspellings through
``spelling.corrections`` and ``spelling.misspelt_as``), and none that does not (a
coordinator reads "Odeur 6 sur 17" as six answers speaking of a smell: no synonym, no
meaning group, no guessed translation); the grouping only says which rows there are: an
earlier need keeps its label, a later group that no earlier need stands for adds the need
its label's word names (``compare``); two rows never share a label. Answers in another
language (``languages``) stay in the base, are counted in no row, and the table says how
many.

``evolution`` publishes the table of the two latest consultations: each need's count over
its year's base, the change in points, what is new and what is gone, counts under the
minimum hidden, and which answers each count is made of.

Why not each later need joined to the earlier group nearest on average, within a threshold:
on the "dev:" answers of ``tests/analysis/data`` (each theme split into two consultations,
``bench/analysis_quality.two_consultations``), that gave an adjusted Rand index of the later
answers of 0.49 at its best threshold (0.9), against 0.67 for the grouping of all answers
followed as above, the same as that grouping's own (figures: ``bench/analysis_quality.py``).
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from participation.analysis import grouping, languages, spelling
from participation.analysis import text as tx
from participation.analysis.distinct import said_alike
from participation.analysis.drafts import answer_groups, topic
from participation.analysis.wording import DEFAULT_MIN_COUNT

COLUMNS = ["group", "label", "previous", "last"]

# What a year-on-year table compares: residents' needs. A need is a manquement ("constat",
# labelled "Constat / manquement", and "defi") or a proposition, as the draft's "ce qu'il faut
# retenir" (``drafts.DRAFT_PARTS``); atouts are what residents like, not a need. Partners'
# words are their commitments (the contracts' third column, ``summary.three_columns``).
NEED_KINDS = ("constat", "defi", "proposition")
PARTNER_ROLES = ("partenaire", "elu", "technicien")
# The two tables of a challenge's year on year: residents' needs, and what residents value in
# their quartier (its atouts, the "points forts" of the contracts' forces/faiblesses table).
PARTS = {"besoins": NEED_KINDS, "atouts": ("atout",)}


def residents_words(frame: pd.DataFrame, part: str = "besoins") -> pd.Series:
    """Boolean mask of ``frame[kind, author_role]``: the rows a resident (or the conseil
    citoyen) wrote as ``part`` says (``PARTS``: "besoins", a need, ``NEED_KINDS``; "atouts",
    an atout), never a partner's (``PARTNER_ROLES``). KeyError on another ``part``."""
    return frame["kind"].isin(PARTS[part]) & ~frame["author_role"].isin(PARTNER_ROLES)


def residents_needs(frame: pd.DataFrame) -> pd.Series:
    """``residents_words`` of the needs: what a resident (or the conseil citoyen) wrote as a
    need (``NEED_KINDS``), never a partner's (``PARTNER_ROLES``)."""
    return residents_words(frame, "besoins")


@dataclass(frozen=True)
class Said:
    """What one answer says, as a row's word is looked for in it (``word in said``,
    ``says``): its ``terms`` (``text.terms``: folded lemmas, so "médecins", "medecins" and
    "Médecin" are one) hold the word, or one of them, not a name (``names``), is that word
    misspelt (``spelling.misspelt_as``: "medcin", "mdecin" say "medecin"; a place "Parcy"
    never says "parc"). Nothing else: no synonym ("docteur"), no word of the same meaning
    group, no translation."""

    terms: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.says(word)

    def says(self, word: str, among: Iterable[str] = ()) -> bool:
        """True when the terms hold ``word``, or one of them is ``word`` misspelt and nearer
        to it than to any other word of ``among`` (``spelling.nearest``: a table's row
        words; "medcin" counts under "Médecin", never also under "Médecine")."""
        return word in self.terms or any(
            spelling.misspelt_as(term, word) and spelling.nearest(term, [word, *among]) == word
            for term in self.terms - self.names)


def _names(text: str) -> frozenset[str]:
    """Terms of the words ``text`` writes with a capital after its first word, not in
    capitals ("le parc de Parcy" -> "parcy"): names, never a need's word misspelt."""
    words = tx.WORD_RE.findall(text)[1:]
    return frozenset(t for w in words if w[:1].isupper() and not w.isupper()
                     for t in tx.terms(w))


def said_terms(texts: pd.Series, places: frozenset[str] = frozenset()) -> list[Said]:
    """Per text, what it says (``Said``), from that text alone: a figure never depends on
    what other answers wrote (``spelling.corrections`` against a year's answers could take
    "medcin" for "médecine" when nobody wrote "médecin" right); its names (``_names``) and
    ``places`` (the folded terms of the quartiers' and communes' names,
    ``grouping.place_terms``) are never taken for misspellings. A text in another language
    (``languages.other_language``: "نحتاج إلى طبيب") says nothing: no resource of the product
    reads it reliably, and the tables say how many there are (``evolution``)."""
    return [Said() if languages.other_language(t) else Said(
        frozenset(tx.terms(t)), _names(t) | places) for t in texts.fillna("").astype(str)]


def head(label: str, said: list[Said]) -> str | None:
    """The word of ``label`` that the most of the answers ``said`` (their terms) contain,
    the first of the label on a tie; None when none contains any of its words: then the
    label does not name those answers."""
    counts = [(sum(term in terms for terms in said), -i, term)
              for i, term in enumerate(dict.fromkeys(tx.terms(str(label))))]
    best = max(counts, default=(0, 0, None))
    return best[2] if best[0] else None


def _row_word(word: str | None, rows: dict) -> str | None:
    """The word of ``rows`` (head word -> row) that ``word`` is, itself or misspelt
    (``spelling.misspelt_as``: a group labelled "Medcin" is the need "Médecin"); ``word``
    when it is none of them."""
    if word is None or word in rows:
        return word
    return next((w for w in rows if spelling.misspelt_as(word, w)), word)


def _saying(members, term: str | None, said: dict, among: Iterable[str] = ()) -> set[int]:
    """The answers of ``members`` (positions) that say ``term`` (``said``: position ->
    ``Said``, whose misspellings count for the nearest word of ``among``, or a frozenset of
    terms)."""
    if term is None:
        return set()
    return {int(a) for a in members if (said[int(a)].says(term, among) if isinstance(
        said[int(a)], Said) else term in said[int(a)])}


def _earlier_rows(earlier: pd.DataFrame, said: dict) -> dict[str, dict]:
    """head -> {key, label, word, keys} of the earlier needs: each need named by its label's
    ``head`` word (a need none of whose answers says a word of its label is left out);
    needs with the same head word, or one its misspelling (``_row_word``), are one (the
    first's key and label, as ``earlier`` lists them)."""
    rows: dict[str, dict] = {}
    for group in earlier.itertuples():
        word = _row_word(head(group.label, [said[int(a)] for a in group.answers]), rows)
        if word is None:
            continue
        rows.setdefault(word, {"key": str(group.group), "label": group.label,
                               "word": word, "keys": set()})["keys"].add(str(group.group))
    return rows


def _new_row(rows: dict, group, members: set[int], said: dict) -> None:
    """Adds the need that ``group``'s label's head word names (``head``) when some of its
    later ``members`` say it and no row has that word yet: key "new:" + its key, its
    label."""
    word = _row_word(head(group.label, [said[a] for a in members]), rows)
    if word in rows or not _saying(members, word, said):
        return
    key, keys = f"new:{group.group}", {r["key"] for r in rows.values()}
    while key in keys:  # a need new a year before kept its key
        key += "+"
    rows[word] = {"key": key, "label": group.label, "word": word, "keys": set()}


def _rows(earlier: pd.DataFrame, joint: pd.DataFrame, later: set[int],
          said: dict) -> list[dict]:
    """{key, label, word, previous, last} per need (``previous``/``last``: sets of
    positions): the earlier needs (``_earlier_rows``), then the need each group of ``joint``
    names by its own label (``_new_row``) for its later answers that do not say the word of
    the earlier need it stands for (``follow``). Each row counts every answer of each year
    that says its word, in any spelling (``Said``), and none that does not (issue #13: a
    figure is the answers behind it); rows with the same label merged."""
    rows = _earlier_rows(earlier, said)
    word_of = {key: word for word, row in rows.items() for key in row["keys"]}
    target = follow(earlier, joint)
    for group in joint.itertuples():
        members = {int(a) for a in group.answers if int(a) in later}
        members -= _saying(members, word_of.get(target[str(group.group)]), said)
        if members:
            _new_row(rows, group, members, said)
    before, words = set(said) - later, [row["word"] for row in rows.values()]
    for row in rows.values():
        row["previous"] = _saying(before, row["word"], said, words)
        row["last"] = _saying(later, row["word"], said, words)
    return _one_per_label(list(rows.values()))


def _one_per_label(rows: list[dict]) -> list[dict]:
    """``rows`` with the rows of labels read alike (``distinct.said_alike``: "Mobilité",
    "mobilité !") merged into the first: two lines of a table never share a name."""
    merged: dict[str, dict] = {}
    for row in rows:
        found = merged.setdefault(said_alike(row["label"]), row)
        if found is not row:
            found["previous"] |= row["previous"]
            found["last"] |= row["last"]
    return list(merged.values())


def _earlier_needs(earlier: pd.DataFrame) -> dict[int, list[str]]:
    """Position -> the keys of the earlier groups its answer expressed."""
    found: dict[int, list[str]] = {}
    for group in earlier.itertuples():
        for answer in group.answers:
            found.setdefault(int(answer), []).append(str(group.group))
    return found


def _target(answers: list, needs: dict[int, list[str]]) -> str | None:
    """The earlier need most of a group's earlier ``answers`` expressed (ties: the first key
    in sorted order); None when none of them is an earlier answer."""
    votes = Counter(key for answer in answers for key in needs.get(int(answer), ()))
    return min(votes, key=lambda key: (-votes[key], key)) if votes else None


def follow(earlier: pd.DataFrame, joint: pd.DataFrame) -> dict[str, str | None]:
    """Key of each group of ``joint`` -> the key of the earlier need it stands for (the one
    most of its earlier answers expressed, ``_target``), or None when it holds no earlier
    answer (a new need). ``earlier``, ``joint``: as ``compare``."""
    needs = _earlier_needs(earlier)
    return {str(g.group): _target(g.answers, needs) for g in joint.itertuples()}


def compare(earlier: pd.DataFrame, joint: pd.DataFrame, later: set[int],
            said: dict[int, Said]) -> pd.DataFrame:
    """group, label, previous, last, previous_answers, last_answers, word: per need, how
    many answers of each consultation are counted in it, which (sorted positions), and the
    word of its label they say (``head``).

    ``earlier``: the earlier consultation's needs (``grouping.group_answers`` of its answers
    alone, or ``needs`` of it when it was itself compared with an earlier one); ``joint``:
    ``grouping.group_answers`` of both consultations' answers; ``answers`` of both are
    positions in one frame; ``later``: the positions of the later consultation's answers;
    ``said``: position -> what it says (``said_terms``: ``Said``, or a frozenset of terms).
    The needs: the earlier ones (their keys and labels), then, for the later answers of a
    group of ``joint`` that do not say the word of the earlier need it stands for
    (``follow``), the need its own label names (an earlier one of that word, else a new one:
    key "new:" + its key). A need counts every answer of each year that says its label's
    ``head`` word, in any spelling, and only those (``_rows``); two rows never share a
    label. Rows: the earlier needs (as ``earlier`` lists them), then the new ones (as
    ``joint``)."""
    found = [(row["key"], row["label"], len(row["previous"]), len(row["last"]),
              sorted(row["previous"]), sorted(row["last"]), row["word"])
             for row in _rows(earlier, joint, later, said)]
    return pd.DataFrame(found, columns=COLUMNS + ["previous_answers", "last_answers",
                                                  "word"]) \
        .astype({"previous": int, "last": int})


def needs(earlier: pd.DataFrame, joint: pd.DataFrame, later: set[int],
          said: dict[int, Said]) -> pd.DataFrame:
    """The later consultation's needs as ``compare`` counted them, shaped as
    ``grouping.group_answers`` (group, label, count, answers: positions), biggest first, ties
    by key; needs no later answer is counted in are left out (they are gone). What the next
    consultation is compared with: the figures this table printed for the later year are
    the ones the next table prints for it as the earlier year."""
    table = compare(earlier, joint, later, said)
    table = table[table["last"] > 0].rename(columns={"last": "count",
                                                     "last_answers": "answers"})
    return table[["group", "label", "count", "answers"]].sort_values(
        ["count", "group"], ascending=[False, True]).reset_index(drop=True)


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
    return answer_groups(rows.reset_index(drop=True))


def _in_rows(found: pd.DataFrame, part: pd.DataFrame) -> pd.DataFrame:
    """``found`` (a grouping of ``part``'s rows, answers: positions in ``part``) with its
    answers as the rows' positions in the frame ``part`` was cut from (``part.index``)."""
    return found.assign(answers=[[int(part.index[a]) for a in answers]
                                 for answers in found["answers"]])


def _joint(rows: pd.DataFrame, pair: tuple, grouped: Callable) -> pd.DataFrame:
    """``grouped`` of the two consultations' rows together, answers: positions in ``rows``."""
    part = rows[rows["year"].isin(pair)]
    return _in_rows(grouped(part.reset_index(drop=True)), part)


def _said(rows: pd.DataFrame, pair: tuple) -> dict[int, Said]:
    """Position in ``rows`` -> what it says (``said_terms``, each text on its own) of the
    rows of the two years of ``pair``."""
    found: dict[int, Said] = {}
    places = grouping.place_terms(rows)
    for y in pair:
        part = rows[rows["year"] == y]
        found.update(zip(part.index.tolist(), said_terms(part["text"], places), strict=True))
    return found


def _positions(rows: pd.DataFrame, y: int) -> set[int]:
    """The positions in ``rows`` of the consultation ``y``'s rows."""
    return set(np.flatnonzero((rows["year"] == y).to_numpy()).tolist())


def _needs(rows: pd.DataFrame, chain: list[int], grouped: Callable,
           reference: Callable) -> pd.DataFrame:
    """The needs of the consultation ``chain[-1]`` (answers: positions in ``rows``) as its
    evolution table printed them: ``chain[0]`` grouped on its own (``reference``), each next
    consultation followed into the needs of the one before (``needs``)."""
    first = rows[rows["year"] == chain[0]]
    found = _in_rows(reference(first.reset_index(drop=True)), first)
    for pair in zip(chain, chain[1:], strict=False):
        found = needs(found, _joint(rows, pair, grouped), _positions(rows, pair[1]),
                      _said(rows, pair))
    return found


def _part_only(frame: pd.DataFrame, groups: pd.DataFrame | None, part: str) -> tuple:
    """(rows, groups, positions): the rows of ``frame`` residents wrote as ``part``
    (``residents_words``, index reset), ``groups`` (a grouping of every row of ``frame``,
    answers: positions) with its answers as positions in those rows (the other answers
    dropped), and the position in ``frame`` of each of those rows."""
    mask = residents_words(frame.reset_index(drop=True), part).to_numpy()
    positions = np.flatnonzero(mask)
    if groups is not None:
        moved = {int(p): i for i, p in enumerate(positions)}
        groups = groups.assign(answers=[[moved[int(a)] for a in answers if int(a) in moved]
                                        for answers in groups["answers"]])
        groups = groups[groups["answers"].map(len) > 0].reset_index(drop=True)
    return frame.reset_index(drop=True)[mask].reset_index(drop=True), groups, positions


def evolution(frame: pd.DataFrame, min_count: int = DEFAULT_MIN_COUNT,
              grouped: Callable[[pd.DataFrame], pd.DataFrame] = earlier_groups,
              reference: Callable[[pd.DataFrame], pd.DataFrame] = earlier_groups,
              groups: pd.DataFrame | None = None, part: str = "besoins") -> dict | None:
    """The same challenge in two consultations (years): what residents wrote as ``part``
    then and now (``residents_words``: "besoins", manquements and propositions; "atouts",
    what they value; never a partner's words).

    Returns None without two years of at least ``min_count`` such contributions, else
    ``{"part", "previous", "last": year, "bases": {year: such contributions that year},
    "other_languages": {year: those of them in another language, ``languages``, counted in
    no row}, "rows": DataFrame[group, label, previous, previous_pct, last, last_pct, change,
    previous_answers, last_answers], "new": [label], "gone": [label]}``. ``previous``/``last``
    count the contributions of the year counted in the row (``compare``: each says the
    label's word, in any spelling: ``Said``; an answer counts once per row), ``*_answers``
    their positions in ``frame``; ``*_pct`` is that count over the year's base, in whole
    percent; ``change`` the difference in points. A count under ``min_count`` is hidden
    (None) with its share. Rows: counted ``min_count`` times one year or the other, biggest
    last year first. "New": ``min_count`` or more last year and none before; "gone":
    ``min_count`` or more before and none last year; either only when the other year never
    writes its word (``_new_and_gone``). The first consultation is grouped on its own
    (``reference``), each next one followed into the rows of the one before through
    ``grouped`` of both years' rows (the pages pass ``kept.year_reference`` and
    ``kept.groups``): the previous year's figures never change with answers given since. The
    last year is followed through ``groups`` (the grouping of every row of ``frame``,
    answers: positions) when given: the page's own, computed anyway."""
    rows, groups, positions = _part_only(frame, groups, part)
    pair = compared_years(rows, min_count)
    if pair is None:
        return None
    said = _said(rows, pair)
    chain = [y for y in consultations(rows, min_count) if y <= pair[0]]
    table = compare(_needs(rows, chain, grouped, reference),
                    _joint(rows, pair, grouped) if groups is None else groups,
                    _positions(rows, pair[1]), said)
    for key in ("previous_answers", "last_answers"):
        table[key] = [[int(positions[a]) for a in answers] for answers in table[key]]
    return {"part": part, "previous": pair[0], "last": pair[1], **_bases(rows, pair),
            "rows": _published(table, pair, _bases(rows, pair)["bases"], min_count),
            **_new_and_gone(table, said, [_positions(rows, y) for y in pair], min_count)}


def _bases(rows: pd.DataFrame, pair: tuple) -> dict[str, dict[int, int]]:
    """{"bases": {year: rows of the year}, "other_languages": {year: those of them in
    another language (``languages.other_language``)}} for the two years of ``pair``."""
    found: dict[str, dict[int, int]] = {"bases": {}, "other_languages": {}}
    for y in pair:
        texts = rows.loc[rows["year"] == y, "text"].fillna("").astype(str)
        found["bases"][y] = len(texts)
        found["other_languages"][y] = sum(languages.other_language(t) for t in texts)
    return found


def _new_and_gone(table: pd.DataFrame, said: dict, years_: list[set[int]],
                  min_count: int) -> dict[str, list[str]]:
    """{"new", "gone": [label said inside a sentence, ``topic``]} of ``compare``'s
    ``table``: new, counted ``min_count`` times or more the later year, none the earlier one,
    and no answer of the earlier year (positions ``years_[0]``, terms ``said``) says its
    word at all; gone, the other way round. A word still written, under another need, is
    neither new nor gone."""
    def unsaid(word: str, positions: set[int]) -> bool:
        return not any(word in said[p] for p in positions)

    new = [topic(r.label) for r in table.itertuples() if r.previous == 0
           and r.last >= min_count and unsaid(r.word, years_[0])]
    gone = [topic(r.label) for r in table.itertuples() if r.last == 0
            and r.previous >= min_count and unsaid(r.word, years_[1])]
    return {"new": new, "gone": gone}


def _published(table: pd.DataFrame, pair: tuple, bases: dict, min_count: int) -> pd.DataFrame:
    """The rows of ``evolution``: [group, label, previous, previous_pct, last, last_pct,
    change, previous_answers, last_answers] of the needs of ``table`` (``compare``) counted
    ``min_count`` times or more one year or the other, counts under ``min_count`` hidden
    (None) with their share, biggest last year first (then the previous year, then the key)."""
    table = table[(table["previous"] >= min_count) | (table["last"] >= min_count)].copy()
    table = table.sort_values(["last", "previous", "group"], ascending=[False, False, True])
    for key, y in zip(("previous", "last"), pair, strict=True):
        table[key] = table[key].astype(object).where(table[key] >= min_count, None)
        table[f"{key}_pct"] = pd.Series([_pct(c, bases[y]) for c in table[key]],
                                        index=table.index, dtype=object)
    table["change"] = pd.Series([None if a is None or b is None else b - a for a, b in zip(
        table["previous_pct"], table["last_pct"], strict=True)], index=table.index, dtype=object)
    return table[["group", "label", "previous", "previous_pct", "last", "last_pct",
                  "change", "previous_answers", "last_answers"]].reset_index(drop=True)


def digest(evo: dict) -> str:
    """A short fingerprint (16 hex digits of SHA-256) of what an ``evolution`` table says:
    its years, bases, rows (label, counts, shares, change), new and gone needs, the answers
    in other languages (when there are), the table (when not the needs'), never their
    wording's language. A coordinator's validation keeps it (``exports.services.
    save_evolution_choice``): once the figures change, the table is to be read again."""
    def plain(value):
        return None if value is None or pd.isna(value) else int(value)

    rows = [(str(r.label), *(plain(getattr(r, c)) for c in (
        "previous", "previous_pct", "last", "last_pct", "change")))
        for r in evo["rows"].itertuples()]
    extra = [evo.get("part", "besoins")] if evo.get("part", "besoins") != "besoins" else []
    foreign = sorted((int(y), int(n)) for y, n in evo.get("other_languages", {}).items() if n)
    said = repr((int(evo["previous"]), int(evo["last"]),
                 sorted((int(y), int(n)) for y, n in evo["bases"].items()), rows,
                 list(evo["new"]), list(evo["gone"]), *extra, *([foreign] if foreign else [])))
    return hashlib.sha256(said.encode()).hexdigest()[:16]
