"""The one rounding of a printed share (``core.percent``): whole percent, half up, computed
exactly from the two counts (tester t27coord read "Médecin 5 sur 8 (62 %)")."""
from __future__ import annotations

from participation.core.percent import percent_text, whole_percent
from participation.surveys.results import round_pct


def test_half_up_against_hand_computed_shares():
    # 5/8 = 62.5 -> 63 (Python's round gives 62); 1/8 = 12.5 -> 13; 23/40 = 57.5 -> 58
    # (23 / 40 * 100 is 57.49999999999999 in floats: the breakdown by quartier printed 57);
    # 3/40 = 7.5 -> 8; 57/112 = 50.89 -> 51
    assert [whole_percent(p, w) for p, w in ((5, 8), (1, 8), (23, 40), (3, 40), (57, 112))] \
        == [63, 13, 58, 8, 51]
    assert 23 / 40 * 100 < 57.5
    assert round(100 * 5 / 8) == 62 and round(100 * 1 / 8) == 12  # what was printed


def test_no_base_no_share_and_zero_is_zero():
    assert whole_percent(3, 0) is None and whole_percent(None, 8) is None
    assert whole_percent(float("nan"), 8) is None
    assert whole_percent(0, 46) == 0 and percent_text(0, 46) == "0 %"
    assert percent_text(5, 8) == "63 %" and percent_text(2, 0) == ""


def test_shares_of_a_table_are_not_forced_to_add_up_to_100():
    # three thirds: 33.33 each, printed 33 each (99 in all), never one of them 34
    assert [whole_percent(1, 3)] * 3 == [33, 33, 33]
    # 1/8 + 1/8 + 6/8: 12.5 + 12.5 + 75 = 100 exactly, printed 13 + 13 + 75 = 101
    assert [whole_percent(c, 8) for c in (1, 1, 6)] == [13, 13, 75]


def test_the_surveys_helper_is_the_same_rounding():
    pairs = [(p, w) for w in range(1, 41) for p in range(w + 1)]
    assert [round_pct(p, w) for p, w in pairs] == [whole_percent(p, w) for p, w in pairs]
