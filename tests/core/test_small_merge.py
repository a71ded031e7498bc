"""Small-count protection hides the fewest people (tester t27coord, issue #13): « Autres
réponses : non publié » (46 of 60 answers) was printed to protect 4 « rien / RAS ». A small
catch-all cell is merged with another (``smallcounts.merge_small``), and a small cell left
takes the smallest other cell with it (``smallcounts.protect_line``); a total is hidden only
when no cell is left. Every table below is counted by hand, minimum 5."""
from __future__ import annotations

from participation.core.smallcounts import (
    SECONDARY,
    SHOWN,
    SMALL,
    merge_small,
    merged_label,
    protect_line,
)

CATCH_ALL = frozenset({2, 3, 4})  # "Autres réponses", "Sans besoin exprimé", "Sans réponse"


def _line(*counts):
    labels = ["Médecin", "Poubelles", "Autres réponses", "Sans besoin exprimé", "Sans réponse"]
    return list(zip(labels, counts, strict=True))


def test_a_small_cell_beside_a_huge_other_is_merged_with_it(app):
    # t27coord, base 60: 5 + 5 + 46 + 4 = 60; the 4 "rien" join the 46: 50, nothing hidden
    merged = merge_small(_line(5, 5, 46, 4, 0), CATCH_ALL, 5)
    assert merged == [(["Médecin"], 5), (["Poubelles"], 5),
                      (["Autres réponses", "Sans besoin exprimé"], 50)]
    assert protect_line([c for _l, c in merged], 60, 5) == ([SHOWN] * 3, False)
    with app.test_request_context("/"):
        assert merged_label(merged[2][0]) == "Autres réponses ou sans besoin exprimé"


def test_one_small_cell_joins_the_smallest_other_catch_all(app):
    # base 40: 12 + 9 + 7 + 3 + 9: the 3 "RAS" join the smaller of 7 and 9: 10
    merged = merge_small(_line(12, 9, 7, 3, 9), CATCH_ALL, 5)
    assert merged == [(["Médecin"], 12), (["Poubelles"], 9),
                      (["Autres réponses", "Sans besoin exprimé"], 10), (["Sans réponse"], 9)]
    assert sum(c for _l, c in merged) == 40


def test_two_small_cells_are_merged_together_when_that_is_enough(app):
    # base 30: 12 + 8 + 2 + 3 + 5: 2 + 3 = 5 (no longer small); the 5 blanks stay apart
    merged = merge_small(_line(12, 8, 2, 3, 5), CATCH_ALL, 5)
    assert merged == [(["Médecin"], 12), (["Poubelles"], 8),
                      (["Autres réponses", "Sans besoin exprimé"], 5), (["Sans réponse"], 5)]
    # 1 + 2 = 3, still small: then with the 9 blanks, 12
    merged = merge_small(_line(12, 8, 1, 2, 9), CATCH_ALL, 5)
    assert merged == [(["Médecin"], 12), (["Poubelles"], 8),
                      (["Autres réponses", "Sans besoin exprimé", "Sans réponse"], 12)]
    with app.test_request_context("/"):
        assert merged_label(merged[2][0]) == \
            "Autres réponses ou sans besoin exprimé ou sans réponse"


def test_a_small_cell_left_alone_hides_the_fewest_people():
    # base 13: 6 + 5 + 2 (only catch-all): the 2 would be 13 - 6 - 5; the smallest other
    # cell (5) is withheld: 7 people unpublished, not 6 + 2 = 8, and the total stays
    merged = merge_small(_line(6, 5, 2, 0, 0), CATCH_ALL, 5)
    assert merged == [(["Médecin"], 6), (["Poubelles"], 5), (["Autres réponses"], 2)]
    assert protect_line([6, 5, 2], 13, 5) == ([SHOWN, SECONDARY, SMALL], False)
    # a zero is a shown cell, never the one hidden (it protects nothing)
    assert protect_line([46, 0, 5, 4], 55, 5) == ([SHOWN, SHOWN, SECONDARY, SMALL], False)
    # t27coord's line protected without the merge: one 5 withheld (9 people), never the 46
    assert protect_line([5, 5, 46, 4], 60, 5) == ([SECONDARY, SHOWN, SHOWN, SMALL], False)


def test_nothing_to_merge_or_protect_is_left_as_it_is():
    assert merge_small(_line(12, 8, 6, 5, 0), CATCH_ALL, 5) == [
        (["Médecin"], 12), (["Poubelles"], 8), (["Autres réponses"], 6),
        (["Sans besoin exprimé"], 5)]
    # a need's row is never merged: only catch-all rows are
    assert merge_small(_line(3, 8, 6, 0, 0), CATCH_ALL, 5)[0] == (["Médecin"], 3)
