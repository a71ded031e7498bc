"""The first draft of "ce qu'il faut retenir / points forts / points faibles" of a challenge:
full French sentences naming each need with its count and base, for a coordinator to edit
and validate before the section uses them.

Input: the contributions frame of ``frames.contributions_frame`` (possibly filtered to a
challenge). Under ``min_count`` people a sentence gives no count ("Moins de 5 personnes…"):
small groups identify people.
"""
from __future__ import annotations

from collections import Counter

import pandas as pd

from participation.analysis import grouping, nouns
from participation.analysis import text as tx
from participation.analysis.said_words import said_terms
from participation.analysis.wording import DEFAULT_MIN_COUNT, WORDING
from participation.privacy.masking import without_contacts

# Which kinds feed each part of the draft, and the verb of its sentences (``WORDING``).
# "Retenir" says the biggest needs, whatever their kind; each other group is said in the one
# part of the kind most of its members carry (``SIDES``): points forts from the atouts,
# points faibles from the manquements (constats, défis), pistes from the propositions.
DRAFT_PARTS = {"retenir": (("constat", "proposition", "defi"), "verb_say"),
               "forts": (("atout",), "verb_strength"),
               "faibles": (("constat", "defi"), "verb_weakness"),
               "pistes": (("proposition",), "verb_proposal")}
SIDES = ("faibles", "pistes", "forts")  # on a tie, the first (a lack said is a lack)
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


NOT_AT_ENDS = frozenset({"AUX", "PRON", "ADP", "CCONJ", "SCONJ"})  # parts of speech
NOT_FIRST = NOT_AT_ENDS | {"VERB"}  # a participle may end a phrase ("médecin traitant")


def _ends(text: str, words: list) -> list[tuple[bool, bool, bool]]:
    """Per word match of ``text``: (may start a need's phrase, may end it, may be inside
    it). No end on a stop word nor a form of one ("faudrait", lemma "falloir"), a pronoun,
    a preposition or a conjunction, no start on a verb either, as the tagger reads them in
    ``text`` (``nouns.tagged``: "Il faudrait des bancs", "Installer des bancs" give "des
    bancs", never "installer des bancs"; "médecin traitant" stays); no auxiliary inside (a
    clause: "jardin partagé est beau")."""
    tags = {start: pos for _w, pos, start, _e in nouns.tagged([str(text)])[0]}
    found = []
    for word in words:
        pos = tags.get(word.start())
        plain = tx.fold(word.group()) not in tx.STOP_WORDS \
            and tx.lemma(word.group().lower()) not in tx.STOP_WORDS
        found.append((plain and pos not in NOT_FIRST, plain and pos not in NOT_AT_ENDS,
                      pos != "AUX"))
    return found


def _phrases(text: str, key: str) -> dict[str, str]:
    """Folded -> surface form of each run of 2 to 4 words of ``text`` holding a word that
    starts like ``key`` (folded), starting and ending on words that may (``_ends``)."""
    words = list(tx.WORD_RE.finditer(without_contacts(str(text))))
    folded = [tx.fold(w.group()) for w in words]
    ends = _ends(text, words)
    stem = key[:max(4, len(key) - 1)]
    found = {}
    for size in PHRASE_SIZES:
        for start in range(len(words) - size + 1):
            window = folded[start:start + size]
            inside = ends[start:start + size]
            if not (inside[0][0] and inside[-1][1] and all(e[2] for e in inside)) \
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


def _sentence(members: pd.DataFrame, rows: pd.DataFrame, name: str, verb: str,
              min_count: int, wording: dict) -> str:
    """"14 habitants sur 60 évoquent « médecin traitant », surtout à Pasteur-Foch." (the need
    named ``name``, ``members`` the rows that write it: ``_said_needs``) — under
    ``min_count`` (and always for one person) no count: "Moins de 5 personnes évoquent …"."""
    if len(members) < max(min_count, 2):
        return wording["few"] % {"min": max(min_count, 2), "label": name, "verb": verb}
    who, base = _who(members, rows, wording)
    return wording["sentence"] % {"n": len(members), "total": base, "who": who, "verb": verb,
                                  "label": name, "where": _where(members, min_count, wording)}


def _named(names: list[str], inside: list[int], said: list,
           min_count: int) -> tuple[str, list[int]]:
    """(name, positions of ``inside`` writing every term of it, ``said``) of the first of
    ``names`` written by ``min_count`` answers, else of the one written by the most."""
    found = [(name, [p for p in inside if tx.terms(name)
                     and all(t in said[p] for t in tx.terms(name))]) for name in names]
    return next((f for f in found if len(f[1]) >= min_count),
                max(found, key=lambda f: len(f[1])))


def _said_needs(rows: pd.DataFrame, groups: pd.DataFrame, mask: pd.Series, skip: set,
                said: list, min_count: int) -> list[tuple[str, str, list[int]]]:
    """(group, name, positions) per group of ``groups`` (not in ``skip``) with members in
    ``mask``: its name and the rows of ``mask`` that write every term of it (``said``:
    ``said_words.Said`` per row, any spelling): the phrase residents wrote around its label
    (``need_name``) when ``min_count`` answers write it, else its label (``topic``) if more
    write that (``_named``). A number printed next to residents' words counts only answers
    that write them (tester t24coord: « 5 habitants relèvent « nouveau patient » » where 3
    wrote it). Biggest first, ties by key, one per name; a name nobody writes left out."""
    inside = [p for p in range(len(rows)) if mask.iloc[p]]
    found, seen = [], set()
    for group in groups.itertuples():
        members = [int(a) for a in group.answers if mask.iloc[int(a)]]
        if group.group in skip or not members:
            continue
        names = [need_name(group.label, rows["text"].iloc[members].tolist()),
                 topic(group.label)]
        name, sayers = _named(names, inside, said, min_count)
        if sayers:
            found.append((group.group, name, sayers))
    found.sort(key=lambda f: (-len(f[2]), f[0]))
    return [f for f in found if not (tx.fold(f[1]) in seen or seen.add(tx.fold(f[1])))]


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


def draft_takeaways(frame: pd.DataFrame, min_count: int = DEFAULT_MIN_COUNT,
                    top: int = 3, wording: dict = WORDING,
                    groups: pd.DataFrame | None = None,
                    subject: str | None = None) -> dict[str, list[str]]:
    """A first draft of "ce qu'il faut retenir / points forts / faibles / pistes": full French
    sentences with their count and base, to be edited and validated by a coordinator before
    the section uses it: {"retenir", "forts", "faibles", "pistes": [sentence]}, at most
    ``top`` each. "Retenir": the biggest needs residents raised (constats, propositions,
    défis); every other group is said in its one part (``sides``: the kind most of its
    members carry), counting the answers of that part's kinds that write its name
    (``_said_needs``, never the group's size): points forts (atouts),
    points faibles (manquements: constats, défis), pistes (propositions); a need said in
    "retenir" is not said again as a point faible or a piste (a strength is not a need).
    Groups come from ``grouping.group_answers`` of the texts (computed once; ``groups`` when
    the caller has it). ``subject``: the challenge's name; a need that only repeats it
    ("éducation" on Éducation, ``is_subject``) is left out."""
    rows = frame.reset_index(drop=True)
    groups = answer_groups(rows) if groups is None else groups
    if subject and not groups.empty:
        groups = groups[[not is_subject(topic(label), subject) for label in groups["label"]]]
    side, said = sides(groups, rows["kind"]), said_terms(rows["text"])
    ranked = {"retenir": _said_needs(rows, groups, rows["kind"].isin(DRAFT_PARTS["retenir"][0]),
                                     set(), said, min_count)[:top]}
    told = {r[0] for r in ranked["retenir"]}
    for part in SIDES:
        others = {g for g, s in side.items() if s != part} | (told if part != "forts" else set())
        ranked[part] = _said_needs(rows, groups, rows["kind"].isin(DRAFT_PARTS[part][0]),
                                   others, said, min_count)[:top]
    return {part: [_sentence(rows.iloc[answers], rows, name, wording[DRAFT_PARTS[part][1]],
                             min_count, wording) for _group, name, answers in ranked[part]]
            for part in DRAFT_PARTS}

