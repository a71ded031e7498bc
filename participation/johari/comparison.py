"""Compare the groups of a Johari exercise (pure functions: lists and DataFrames in and out).

- ``tag_frame``: one row per (post-it, challenge) tag, untagged post-its kept with no challenge.
- ``compare`` (fed with validated tags only: ``reports.is_validated``): per challenge, which
  groups wrote about it in which quadrants. A group has *raised* a challenge when it wrote at
  least ``MIN_POSTITS`` (one) post-it on it that a person tagged or confirmed: raised by two
  groups or more the challenge is **shared**; raised by a single group it is **discordant**
  when that group wrote at least ``MIN_ALONE`` (two) post-its on it; a lone post-it of a
  lone group is listed apart (``few``, "à confirmer") with its post-it. The rule reproduces
  the contract's own reading of its window (seed 003 lines 715-719: mobility and commerces
  shared on one post-it of each group, ``tests/johari/test_demo.py``); the earlier flaw
  (a keyword tag on one post-it made "the only shared challenge", issue #13) came from
  unconfirmed tags, which are no longer compared. A per-group minimum of five (the
  small-count threshold, 2026-11-30 morning) left the demo's window with nothing shared:
  post-its are not counts of people, the small-count threshold does not apply to them.
- ``similar_groups``: post-its that say nearly the same thing, grouped (see ``similarity``).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from participation.johari.keywords import WORD_RE, singular, strip_accents
from participation.johari.models import QUADRANTS
from participation.privacy.masking import without_contacts

FRAME_COLUMNS = ["postit_id", "group", "quadrant", "text", "challenge_id", "keyword"]

# Simple French stop words, plus "quartier": every post-it is about the quartier, so the word
# says nothing about which post-its are alike.
STOP_WORDS = frozenset("""
a au aux avec ce ces cet cette d dans de des du elle elles en entre est et etc etre il ils j
je l la le les leur leurs lui m ma mais me mes moi mon n ne ni nos notre nous on ou par pas
plus pour qu que qui sa sans se ses si son sont sur ta te tes toi ton tous tout toute toutes
tres un une vos votre vous y quartier
""".split())
# Two post-its are alike when at least this share of their distinct words is common to both
# (Jaccard index). 0.3 groups "L'entretien des espaces verts" with "La gestion des espaces
# verts" (2 of 4 words, 0.5) and "L'existence du conseil citoyen" with "La démarche citoyenne
# et le fonctionnement du conseil citoyen" (2 of 6, 0.33), but not two post-its that only
# share one word out of four or more ("Le devenir du quartier" / "Les résidences": 0).
SIMILARITY_THRESHOLD = 0.3
# Post-its of one group on a challenge for the group to have raised it, and post-its of the
# only group that raised it for a discordance (module docstring).
MIN_POSTITS = 1
MIN_ALONE = 2


@dataclass
class ChallengeView:
    """What the groups said about one challenge."""

    challenge_id: int
    # {group slug: {quadrant: [post-it id, ...]}}
    by_group: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)

    @property
    def groups(self) -> list[str]:
        return list(self.by_group)

    @property
    def count(self) -> int:
        return len(self.postit_ids)

    @property
    def postit_ids(self) -> list[int]:
        return sorted({i for quads in self.by_group.values() for ids in quads.values()
                       for i in ids})

    def quadrants(self, group: str) -> list[str]:
        return [q for q in QUADRANTS if self.by_group.get(group, {}).get(q)]

    def group_count(self, group: str) -> int:
        """The post-its ``group`` wrote on the challenge (each once, whatever its quadrant)."""
        return len({i for ids in self.by_group.get(group, {}).values() for i in ids})

    def raised_by(self, min_postits: int) -> list[str]:
        """The groups that wrote at least ``min_postits`` post-its on it, in window order."""
        return [g for g in self.by_group if self.group_count(g) >= min_postits]


@dataclass
class Comparison:
    shared: list[ChallengeView]
    discordant: list[ChallengeView]
    untagged: list[int]
    few: list[ChallengeView] = field(default_factory=list)
    # suggestions nobody confirmed yet, per challenge: never compared, shown apart
    to_check: list[ChallengeView] = field(default_factory=list)

    @property
    def views(self) -> list[ChallengeView]:
        """Every challenge view, shared then discordant then ``few``."""
        return self.shared + self.discordant + self.few


def tag_frame(rows: Iterable[dict]) -> pd.DataFrame:
    """Rows ``{postit_id, group, quadrant, text, tags: [(challenge_id, keyword|None)]}``."""
    records = []
    for row in rows:
        base = {k: row[k] for k in ("postit_id", "group", "quadrant", "text")}
        tags = row.get("tags") or [(None, None)]
        records.extend(base | {"challenge_id": cid, "keyword": kw} for cid, kw in tags)
    return pd.DataFrame.from_records(records, columns=FRAME_COLUMNS)


def _view(challenge_id: int, rows: pd.DataFrame, group_order: Sequence[str]) -> ChallengeView:
    view = ChallengeView(int(challenge_id))
    cells = rows.groupby(["group", "quadrant"])["postit_id"].agg(lambda s: sorted(set(s)))
    for group in group_order:
        if group in cells.index.get_level_values(0):
            quads = cells.loc[group]
            view.by_group[group] = {q: [int(i) for i in quads[q]] for q in QUADRANTS
                                    if q in quads.index}
    view.keywords = sorted(set(rows["keyword"].dropna()))
    return view


def compare(frame: pd.DataFrame, group_order: Sequence[str],
            challenge_order: Sequence[int] = (), min_postits: int = MIN_POSTITS,
            min_alone: int = MIN_ALONE) -> Comparison:
    """Shared challenges (raised by two groups or more: each wrote at least ``min_postits``
    post-its on it), discordant ones (raised by one group only, with at least ``min_alone``
    post-its), most raised first (then in ``challenge_order``); the others in ``few``.
    ``frame``: ``tag_frame`` rows (module docstring)."""
    tagged = frame.dropna(subset=["challenge_id"])
    rank = {int(c): i for i, c in enumerate(challenge_order)}
    views = [_view(cid, rows, group_order) for cid, rows in tagged.groupby("challenge_id")]
    views.sort(key=lambda v: (-len(v.raised_by(min_postits)), -len(v.by_group), -v.count,
                              rank.get(v.challenge_id, 10**6)))
    untagged = sorted(set(frame["postit_id"]) - set(tagged["postit_id"]))
    raised = {v.challenge_id: v.raised_by(min_postits) for v in views}
    shared = [v for v in views if len(raised[v.challenge_id]) > 1]
    discordant = [v for v in views if len(raised[v.challenge_id]) == 1
                  and v.group_count(raised[v.challenge_id][0]) >= min_alone]
    kept = {v.challenge_id for v in shared + discordant}
    return Comparison(shared=shared, discordant=discordant,
                      untagged=[int(i) for i in untagged],
                      few=[v for v in views if v.challenge_id not in kept])


def counts_table(frame: pd.DataFrame, group_order: Sequence[str]) -> pd.DataFrame:
    """Post-its per group (rows) and quadrant (columns), with zeros, in window order."""
    posts = frame.drop_duplicates("postit_id")
    table = pd.crosstab(posts["group"], posts["quadrant"])
    return table.reindex(index=list(group_order), columns=list(QUADRANTS), fill_value=0)


def significant_words(text: str) -> frozenset[str]:
    """Lowercased, accent-free, singular words of a text, without stop words."""
    raw = WORD_RE.findall(strip_accents(without_contacts(text) or "").lower())
    return frozenset(singular(w) for w in raw if w not in STOP_WORDS and len(w) > 1)


def similarity(a: str, b: str) -> float:
    """Jaccard index of the significant words: shared words / distinct words of both."""
    wa, wb = significant_words(a), significant_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def similar_groups(items: Sequence[tuple[int, str]],
                   threshold: float = SIMILARITY_THRESHOLD) -> list[list[int]]:
    """Groups (two post-its or more) linked by a similarity of at least ``threshold``.

    Linking is transitive: if A is like B and B like C, A, B and C form one group.
    """
    parent = {pid: pid for pid, _ in items}

    def root(pid: int) -> int:
        while parent[pid] != pid:
            parent[pid] = parent[parent[pid]]
            pid = parent[pid]
        return pid

    for i, (pid_a, text_a) in enumerate(items):
        for pid_b, text_b in items[i + 1:]:
            if similarity(text_a, text_b) >= threshold:
                parent[root(pid_b)] = root(pid_a)
    clusters: dict[int, list[int]] = {}
    for pid, _ in items:
        clusters.setdefault(root(pid), []).append(pid)
    return [ids for ids in clusters.values() if len(ids) > 1]
