"""Every need of either year in a year-on-year table, named in the residents' right spelling.

Tester t26coord (issue #13): the Cadre de vie table (base 65) had no row for the benches,
13 answers (20 %), because no group of the grouping by meaning was labelled by them; and it
printed "Ascensseur toujours en panne 5", a resident's misspelt phrase whose word counted
the 5 answers writing it so, while 6 name the lift. So, after ``needs_following.compare``:

- a row's word that is a misspelling of a word other answers write right
  (``spelling.misspelt_as``) is that word: the row counts every answer saying it, in any
  spelling (``said_words.saying``), and its label is corrected as ``need_rows`` corrects
  one ("Ascenseur toujours en panne");
- each need an answer names first (``need_rows.need_rows`` of each year's answers) that
  reaches the minimum in either year and whose noun no row counts yet gets a row, counting
  as every row does the answers of each year that say its noun (``said_words.saying``),
  labelled by that need's label.

Pure: what ``years.evolution`` passes.
"""
from __future__ import annotations

import pandas as pd

from participation.analysis import need_rows, spelling
from participation.analysis import text as tx
from participation.analysis.said_groups import without_need
from participation.analysis.said_words import saying


def _right_word(word: str, said: dict) -> str:
    """``word``, or the word the answers ``said`` write right that it misspells (the
    nearest: ``spelling.nearest``)."""
    if spelling.in_dictionary(word):
        return word
    meant = sorted({t for s in said.values() for t in getattr(s, "terms", s)
                    if spelling.misspelt_as(word, t)})
    return spelling.nearest(word, meant) if meant else word


def _recount(table: pd.DataFrame, said: dict, years: list[set[int]]) -> pd.DataFrame:
    """``table`` with each row's ``previous``/``last`` (and their answers) the answers of
    each year saying its ``word`` among every row's words (a misspelling counted once, for
    the nearest)."""
    words = table["word"].tolist()
    for i, row in table.iterrows():
        for col, positions in zip(("previous", "last"), years, strict=True):
            found = sorted(saying(positions, row["word"], said, words))
            table.at[i, f"{col}_answers"], table.at[i, col] = found, len(found)
    return table


def _needs_of(rows: pd.DataFrame, year: set[int], places: frozenset[str],
              min_count: int) -> pd.DataFrame:
    """``need_rows.need_rows`` of the answers at the positions ``year`` of ``rows``, those
    named first by at least ``min_count``."""
    positions = sorted(year)
    texts = rows["text"].fillna("").astype(str).iloc[positions].reset_index(drop=True)
    found = need_rows.need_rows(texts, without_need(texts), places)
    return found[found["count"] >= min_count]


def with_every_need(table: pd.DataFrame, rows: pd.DataFrame, years: list[set[int]],
                    said: dict, places: frozenset[str], min_count: int) -> pd.DataFrame:
    """``table`` (``needs_following.compare``: group, label, previous, last,
    previous_answers, last_answers, word; positions in ``rows``, whose ``years`` are the two
    years' positions) with its misspelt words put right and a row added for each need
    reaching ``min_count`` in either year that no row counts (module docstring); ``said``:
    position -> ``said_words.Said``; ``places``: the names never a need."""
    table = table.copy()
    right = {w: _right_word(w, said) for w in table["word"]}
    texts = rows["text"].fillna("").astype(str).tolist()
    fixed = spelling.corrections(w.lower() for t in texts for w in tx.WORD_RE.findall(t))
    table["label"] = [need_rows.spelt(label, fixed, texts) if right[w] != w else label
                      for label, w in zip(table["label"], table["word"], strict=True)]
    table["word"] = [right[w] for w in table["word"]]
    table = table.drop_duplicates("word").reset_index(drop=True)  # "ascensseur" joined
    added = []
    for year in years:
        for need in _needs_of(rows, year, places, min_count).itertuples():
            noun = _right_word(need.group.split(" ")[0], said)
            if noun not in set(table["word"]) | {a[6] for a in added}:
                added.append((f"need:{need.group}", need.label, 0, 0, [], [], noun))
    table = pd.concat([table, pd.DataFrame(added, columns=table.columns)],
                      ignore_index=True) if added else table
    return _recount(table, said, years).astype({"previous": int, "last": int})
