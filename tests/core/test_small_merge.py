"""Small-count protection hides the fewest people (tester t27coord, issue #13): « Autres
réponses : non publié » (46 of 60 answers) was printed to protect 4 « rien / RAS ». A small
catch-all cell is merged with another (``smallcounts.merge_small``), and a small cell left
takes the smallest other cell with it (``smallcounts.protect_line``); a total is hidden only
when no cell is left. Every table below is counted by hand, minimum 5."""
from __future__ import annotations

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _

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
            "Autres réponses, sans besoin exprimé ou sans réponse"  # CLDR's French "or" list


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



# the catch-all rows merged, in each language: CLDR's "or" list of the language
# (babel.lists.format_list), the labels after the first with a lower-case initial; written
# out by hand from the catalogues' translations of the three labels
MERGED_IN = {"en": ("Other answers or no need expressed",
                    "Other answers, no need expressed, or no answer"),
             "tr": ("Diğer yanıtlar veya belirtilen ihtiyaç yok",
                    "Diğer yanıtlar, belirtilen ihtiyaç yok veya yanıt yok"),
             "ar": ("إجابات أخرى أو بدون حاجة مُعبَّر عنها",
                    "إجابات أخرى أو بدون حاجة مُعبَّر عنها أو بدون إجابة"),
             "fr": ("Autres réponses ou sans besoin exprimé",
                    "Autres réponses, sans besoin exprimé ou sans réponse")}


@pytest.mark.parametrize("lang", sorted(MERGED_IN))
def test_a_merged_row_is_labelled_in_the_documents_language(app, lang):
    """Tester s28: « Other answers ou no need expressed », the « ou » French in every
    language."""
    with app.test_request_context("/"), force_locale(lang):
        labels = [_("Autres réponses"), _("Sans besoin exprimé"), _("Sans réponse")]
        # 1 + 2 = 3, still small: with the 9 blanks, 12 (as in the French test above)
        merged = merge_small(list(zip(labels, [1, 2, 9], strict=True)), {0, 1, 2}, 5)
        assert merged == [(labels, 12)]
        assert merged_label(merged[0][0]) == MERGED_IN[lang][1]
        assert merged_label(labels[:2]) == MERGED_IN[lang][0]
