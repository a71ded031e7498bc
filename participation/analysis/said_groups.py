"""Groups as printed: the figure next to a group's label is the answers that say its word.

A coordinator reads "Poubelles 14" as fourteen answers speaking of bins (issue #13: figures
that go into the contract must be what residents said). The grouping (``grouping``) gathers
answers near in meaning, and a group of it held "RAS", a doctor's answer and the lighting
answers under "Poubelles" (tester t24coord, an imported Google Forms questionnaire). So every
count printed next to a group's label (the words page, a challenge page's groups, a survey's
free-text table in the section) follows the year-on-year table's rule (``said_words``):

- the count is the number of answers that say the label's word (``said_words.head``: the word of
  the label most of the group's answers contain) in any spelling the product folds
  (``said_words.Said``: accents, plural and inflection, misspellings); no synonym, no meaning
  group, no guessed translation ("docteur", "طبيب" do not say "médecin");
- the group's other answers are listed apart, "proches par le sens", counted under no word;
- groups whose labels name the same word are one row (their answers counted once);
- answers that express nothing (no content word, ``learned_words.has_content``: "RAS",
  "rien", "je sais pas"; or texts a coordinator decided no challenge fits, ``autotag.
  decided_none``) are in no group and counted apart (``without_need``).

``question_table`` is the one code path of a survey question's table: the words page
filtered on that question and the section's block compute it by the same call, so they print
the same figures; its rows are ``need_rows``' (each answer once, under the need it names
first: tester t26coord found answers left out of every row and labels its rows' answers did
not all write). Pure but for ``content_memo`` (the grouping, kept by its texts).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pandas as pd

from participation.analysis import need_rows, said_words, spelling
from participation.analysis.learned_words import has_content
from participation.privacy.masking import mask_contacts

COLUMNS = ["group", "label", "word", "written", "count", "share", "verbatims", "answers", "near",
           "near_verbatims"]
EXAMPLES = 3  # answers without a need shown as examples next to their count


def without_need(texts: pd.Series, decided: Iterable[int] = ()) -> set[int]:
    """Positions in ``texts`` of the answers that express no need: empty, without a content
    word (``has_content``: "RAS", "rien", "je ne sais pas"), or among ``decided`` (positions
    of texts a coordinator decided no challenge fits: "Aucun enjeu ne correspond")."""
    empty = {i for i, text in enumerate(texts.fillna("").astype(str))
             if not has_content(text.strip())}
    return empty | {int(i) for i in decided}


def _index(said: list[said_words.Said], counted: list[int]) -> tuple[dict, dict]:
    """(term -> positions, term that may be a misspelling -> positions) of the ``counted``
    answers (``said_words.Said``: every term, and those not a name): who says a word is looked up
    once per distinct term, not once per answer."""
    terms: dict[str, set[int]] = {}
    typos: dict[str, set[int]] = {}
    for p in counted:
        for term in said[p].terms:
            terms.setdefault(term, set()).add(p)
        for term in said[p].terms - said[p].names:
            typos.setdefault(term, set()).add(p)
    return terms, typos


def _sayers(word: str, index: tuple[dict, dict], among: list[str]) -> set[int]:
    """Positions of the answers that say ``word`` (``said_words.Said.says``: their terms hold
    it, or one of them, not a name, is it misspelt and nearer to it than to any other row's
    word of ``among``: "medcin" counts under "médecin", never also under "médecine")."""
    terms, typos = index
    found = set(terms.get(word, ()))
    for typo, positions in typos.items():
        if spelling.misspelt_as(typo, word) and spelling.nearest(typo, [word, *among]) == word:
            found |= positions
    return found


def _word_rows(groups: pd.DataFrame, said: list, skip: set[int]) -> dict[str, dict]:
    """word -> {group, label, members} of ``groups`` (biggest first): each named by its
    label's ``said_words.head`` word among its members (``skip`` left out); a group whose members
    say no word of its label names nothing and is left out; groups of one word (or its
    misspelling, ``said_words.row_word``) are one row, the first's key and label."""
    rows: dict[str, dict] = {}
    for group in groups.itertuples():
        members = {int(a) for a in group.answers if int(a) not in skip}
        word = said_words.row_word(said_words.head(group.label, [said[a] for a in members]), rows)
        if word is None:
            continue
        rows.setdefault(word, {"group": str(group.group), "label": group.label,
                               "members": set()})["members"] |= members
    return rows


def _said_often(texts: list[str], positions: Iterable[int]) -> list[str]:
    """The distinct texts (stripped) at ``positions``, the most written first."""
    return [t for t, _n in Counter(texts[p] for p in sorted(positions)).most_common()]


def said_groups(texts: pd.Series, groups: pd.DataFrame, skip: Iterable[int] = (),
                places: frozenset[str] = frozenset()) -> pd.DataFrame:
    """``groups`` (``grouping.group_answers`` shape: group, label, answers as positions in
    ``texts``) as printed: [group, label, word, written, count, share, verbatims, answers,
    near, near_verbatims]. ``count``: the answers of ``texts`` that say ``word`` (the
    label's ``said_words.head``, a folded lemma, any spelling: ``said_words.Said``; ``written``: as
    the answers write it, ``spelling.their_accents``), ``answers`` their positions (sorted),
    ``verbatims`` their distinct texts; ``near``/``near_verbatims``: the group's other
    members, near in meaning, counted in no row; ``share``: count over the answers that
    express a need (every answer but ``skip``, ``without_need``), 0 when there is none.
    ``skip`` answers are in no row; ``places``: folded terms of the quartiers' and communes'
    names (``grouping.place_terms``), never a misspelling. Rows: count > 0, biggest first,
    ties by key."""
    skip = {int(s) for s in skip}
    plain = [str(t).strip() for t in texts.fillna("")]
    said = said_words.said_terms(pd.Series(plain, dtype=object), frozenset(places))
    counted = [p for p in range(len(plain)) if p not in skip]
    index = _index(said, counted)
    table, rows = [], _word_rows(groups, said, skip)
    for word, row in rows.items():
        answers = sorted(_sayers(word, index, [w for w in rows if w != word]))
        near = sorted(row["members"] - set(answers))
        verbatims = _said_often(plain, answers)
        table.append((row["group"], row["label"], word,
                      spelling.their_accents(word, verbatims), len(answers),
                      len(answers) / len(counted) if counted else 0.0,
                      verbatims, answers, near, _said_often(plain, near)))
    found = pd.DataFrame(table, columns=COLUMNS)
    found = found[found["count"] > 0].astype({"count": int})
    return found.sort_values(["count", "group"], ascending=[False, True]).reset_index(drop=True)


def question_table(texts: pd.Series, names: frozenset[str] = frozenset(),
                   common: frozenset[str] = frozenset(),
                   decided: Iterable[int] = ()) -> dict:
    """The answers to one question (a survey's free-text question, a session) as printed,
    on the words page and in the section alike: ``{"groups": said_groups table, "answers":
    non-empty answers, "without_need": those expressing no need (``without_need``;
    ``decided``: positions in ``texts`` a coordinator decided no challenge fits),
    "examples": up to ``EXAMPLES`` of them, most written first, "base": answers expressing a
    need}``. The texts are stripped, empty ones dropped, contacts masked (as every page
    shows them); each answer with a need is in one row, the need it names first
    (``need_rows.need_rows``: its count is its answers, its label what they write; ``names``
    and ``common`` never a need; t26coord: groups of meaning left answers out of every row
    and counted every answer writing a word), the others are in no row."""
    texts = texts.fillna("").astype(str).str.strip()
    keep = texts != ""
    moved = {int(p): i for i, p in enumerate(keep.to_numpy().nonzero()[0])}
    texts = texts[keep].map(mask_contacts).reset_index(drop=True)
    skip = without_need(texts, {moved[int(d)] for d in decided if int(d) in moved})
    return {"groups": need_rows.need_rows(texts, skip, names, common), "answers": len(texts),
            "without_need": len(skip), "base": len(texts) - len(skip),
            "examples": _said_often(list(texts), skip)[:EXAMPLES]}
