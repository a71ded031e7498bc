"""The rows of a year-on-year table: the needs of the tables, counted per consultation.

Issue #13 ("readable everywhere"): a challenge's page printed « Médecin 7 sur 19 » in its
table (the answers naming the need first, ``need_rows``) and, in its year on year, a row
counting every answer that wrote the word "médecin" (an answer naming two needs counted in
both, tester t27coord). One source now: each consultation's answers are shared out by
``need_rows.need_rows``, the very rows of the tables (each answer in one row, under the need
it names first; a misspelling under its word; the territory's places and common terms, the
challenge's own name, never a need), and a row of the year on year is a need of either
year, its count in each year the answers of that year naming it:

- each year is read on its own (``need_rows.answer_keys`` of that year's answers, a
  misspelling put right against the words of that year and the earlier ones): an answer's
  need, and so a figure of a past consultation, never changes because someone answered
  since; a need
  is named as the first consultation naming it wrote it, in every later table;
- a noun and its adjective ("médecin généraliste") smaller than the minimum in both years
  count with their noun alone, as ``need_rows._joined`` does in one table (a row apart one
  year and joined the other would read as a need gone);
- answers expressing nothing ("rien") and answers in another language (``languages``) stay
  in the year's base and in no row.

Pure: what ``years.evolution`` passes.
"""
from __future__ import annotations

from collections import Counter

import pandas as pd

from participation.analysis import languages, need_rows, said_words
from participation.analysis.said_groups import without_need

COLUMNS = ["group", "label", "word", "previous", "last", "previous_answers", "last_answers"]


def _chain_keys(texts: list[str], chain: list[set[int]], places: frozenset[str],
                common: frozenset[str], subject: frozenset[str]) -> list[dict[str, list[int]]]:
    """Per consultation of ``chain`` (positions in ``texts``, oldest first), key -> the
    positions of its answers naming that need first (``need_rows.answer_keys``: a misspelling
    put right against the words of that year's and the earlier years' keys, never a later
    year's), those expressing nothing, in another language or naming only ``subject`` in
    none."""
    known: Counter = Counter()
    found = []
    for year in chain:
        positions = sorted(year)
        said = pd.Series([texts[p] for p in positions], dtype=object)
        skip = without_need(said) | {i for i, t in enumerate(said) if languages.other_language(t)}
        names = said_words.said_terms(said, places)
        keys = need_rows.answer_keys(list(said), [i for i in range(len(said)) if i not in skip],
                                     [set(n.names) for n in names], common | subject, known)
        members: dict[str, list[int]] = {}
        for i, key in keys.items():
            if not need_rows.restates(key, subject):
                members.setdefault(key, []).append(positions[i])
        known.update(keys.values())
        found.append(members)
    return found


def _joined_years(years: list[dict[str, list[int]]], smallest: int,
                  subject: frozenset[str]) -> dict[str, list[list[int]]]:
    """Key -> [its answers in each year] of the needs of ``years`` (per year, key ->
    answers, ``_chain_keys``), a noun and its adjective named by fewer than ``smallest``
    answers in every year joined to its noun's row when there is one
    (``need_rows.joined_keys`` on each year's largest count)."""
    keys = sorted({k for year in years for k in year})
    members = {k: [year.get(k, []) for year in years] for k in keys}
    joined = need_rows.joined_keys({k: max(map(len, found)) for k, found in members.items()},
                                   smallest, subject)
    found: dict[str, list[list[int]]] = {}
    for key in keys:
        into = found.setdefault(joined[key], [[] for _ in years])
        for i, answers in enumerate(members[key]):
            into[i] = sorted(into[i] + answers)
    return found


def year_table(rows: pd.DataFrame, chain: list[set[int]], places: frozenset[str],
               common: frozenset[str], smallest: int,
               subject: frozenset[str] = frozenset()) -> pd.DataFrame:
    """The needs of the two years compared as DataFrame[``COLUMNS``]. ``chain``: the
    positions in ``rows`` of each consultation up to the later one compared, oldest first,
    the last two compared. ``group`` is the need's key (``need_rows.need_key``), ``label``
    what the answers of the first consultation naming it write (``need_rows.labelled_rows``:
    a need keeps the name it was first published under, in every later table; the need
    they name, ``need_names.need_name``, when they all write one sentence: a row, and a
    "Nouveau en 2024 : « … »", name a need, never quote an answer whole), ``word`` its
    head noun, ``previous``/``last`` its answers of each year and ``*_answers`` their
    positions in ``rows``; ``places``, ``common``, ``subject``: never a need
    (``need_rows``); ``smallest``: the minimum under which a noun's adjective joins it.
    Every need of either year, biggest last year first."""
    texts = rows["text"].fillna("").astype(str).str.strip().tolist()
    per_year = _chain_keys(texts, chain, places, common, subject)
    members = _joined_years(per_year[-2:], smallest, subject)
    first = {key: next((year[key] for year in per_year if key in year), found[0] + found[1])
             for key, found in members.items()}
    labels = {key: name for key, _label, _word, name, *_rest in need_rows.labelled_rows(
        texts, first, set(places) | set(common) | subject)}
    table = [(key, labels[key], key.split(" ")[0], len(found[0]), len(found[1]), found[0],
              found[1]) for key, found in members.items()]
    found = pd.DataFrame(table, columns=COLUMNS)
    return found.sort_values(["last", "previous", "group"], ascending=[False, False, True])\
        .reset_index(drop=True)
