"""What the answers to one question (or any set of answers) said, as printed: each answer
counted once, under the need it names first (``need_rows``), the answers expressing nothing
counted apart.

A coordinator reads "Poubelles 14" as fourteen answers speaking of bins (issue #13: figures
that go into the contract must be what residents said). Groups by meaning counted by their
label's word did not hold: a group "Poubelles" of 14 held "RAS", a doctor's answer and the
lighting answers (tester t24coord), groups of meaning left answers out of every row and one
answer was counted under several words (tester t26coord). So ``question_table`` is the one
code path of every table of what was said: a survey question's table in the section, the
words page (filtered or not) and, on the residents' answers, a challenge's page, its draft
and its quotes (``said_rows``):

- each answer expressing something is in one row, the need it names first; a row's count is
  its answers, its label what they all write (``need_rows``);
- answers that express nothing (no content word, ``learned_words.has_content``: "RAS",
  "rien", "je sais pas"; or texts a coordinator decided no challenge fits, ``autotag.
  decided_none``) are in no row and counted apart (``without_need``); the shares' base is
  the others; so are the answers that name only the challenge whose page prints the table
  ("la santé" on Santé: ``need_rows.restates``), a row never restating its challenge.
Pure.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pandas as pd

from participation.analysis import need_rows
from participation.analysis.learned_words import has_content
from participation.privacy.masking import mask_contacts

COLUMNS = need_rows.COLUMNS
EXAMPLES = 3  # answers without a need shown as examples next to their count


def without_need(texts: pd.Series, decided: Iterable[int] = ()) -> set[int]:
    """Positions in ``texts`` of the answers that express no need: empty, without a content
    word (``has_content``: "RAS", "rien", "je ne sais pas"), or among ``decided`` (positions
    of texts a coordinator decided no challenge fits: "Aucun enjeu ne correspond")."""
    empty = {i for i, text in enumerate(texts.fillna("").astype(str))
             if not has_content(text.strip())}
    return empty | {int(i) for i in decided}


def _said_often(texts: list[str], positions: Iterable[int]) -> list[str]:
    """The distinct texts (stripped) at ``positions``, the most written first."""
    return [t for t, _n in Counter(texts[p] for p in sorted(positions)).most_common()]


def question_table(texts: pd.Series, names: frozenset[str] = frozenset(),
                   common: frozenset[str] = frozenset(),
                   decided: Iterable[int] = (), smallest: int | None = None,
                   subject: frozenset[str] = frozenset()) -> dict:
    """The answers to one question (a survey's free-text question, a session) as printed,
    on the words page and in the section alike: ``{"groups": said_groups table, "answers":
    non-empty answers, "without_need": those expressing no need (``without_need``;
    ``decided``: positions in ``texts`` a coordinator decided no challenge fits) and those
    naming only the page's challenge (``subject``: ``need_rows.subject_terms`` of its name,
    "la santé" on Santé; "restating": how many of them these are), "examples": up to
    ``EXAMPLES`` of them, most written first, "base": answers expressing a need}``. The
    texts are stripped, empty ones dropped, contacts masked (as every page shows them); each
    answer with a need is in one row, the need it names first
    (``need_rows.need_rows``: its count is its answers, its label what they write; ``names``
    and ``common`` never a need; ``smallest``: the publication minimum, the app's when None;
    t26coord: groups of meaning left answers out of every row and counted every answer
    writing a word), the others are in no row."""
    texts = texts.fillna("").astype(str).str.strip()
    keep = texts != ""
    moved = {int(p): i for i, p in enumerate(keep.to_numpy().nonzero()[0])}
    texts = texts[keep].map(mask_contacts).reset_index(drop=True)
    skip = without_need(texts, {moved[int(d)] for d in decided if int(d) in moved})
    groups = need_rows.need_rows(texts, skip, names, common, smallest, subject)
    apart = set(range(len(texts))) - {int(a) for answers in groups["answers"] for a in answers}
    return {"groups": groups, "answers": len(texts), "without_need": len(apart),
            "base": len(texts) - len(apart), "restating": len(apart - skip),
            "examples": _said_often(list(texts), apart)[:EXAMPLES]}
