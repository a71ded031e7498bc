"""Secondary suppression (issue #13, tester 2b): a small count hidden in a line whose total is
published cannot be worked out by subtracting the shown cells (``smallcounts.protect_line``)."""
from participation.core import smallcounts
from participation.core.smallcounts import SECONDARY, SHOWN, SMALL, protect_line

FEWER = "moins de 5"
WITHHELD = "non publié"


def test_one_small_cell_hides_the_next_smallest_non_zero_cell():
    # TH09 of the demo as the tester read it: total 30 = 4 + 9 + 0 + 0 + 17; the 4 was
    # 30 - 9 - 0 - 0 - 17. The 9 (smallest non-zero shown) is hidden too: 4 + 9 = 13 >= 4,
    # so the small cell may be anything from 1 to 4 (the 9 anything from 9 to 12).
    states, total_hidden = protect_line([4, 9, 0, 0, 17], 30, minimum=5)
    assert states == [SMALL, SECONDARY, SHOWN, SHOWN, SHOWN] and not total_hidden


def test_a_zero_is_a_shown_cell_and_never_the_secondary():
    # 3 + 0 + 12 = 15: hiding the 0 would leave 3 = 15 - 12; the 12 is hidden instead.
    assert protect_line([3, 0, 12], minimum=5) == ([SMALL, SHOWN, SECONDARY], False)


def test_two_small_cells_still_need_a_secondary():
    # 4 + 4 + 20 = 28: two "moins de 5" adding up to 8 are both 4; the 20 is hidden too.
    assert protect_line([4, 4, 20], minimum=5) == ([SMALL, SMALL, SECONDARY], False)


def test_small_cells_whose_sum_allows_every_split_need_nothing_more():
    # 4 + 1 under a total 5: the two cells may be 1+4, 2+3, 3+2 or 4+1
    assert protect_line([4, 1, 0], minimum=5) == ([SMALL, SMALL, SHOWN], False)
    # 1 + 1 under a total 2: both are 1; nothing else to hide: the total is withheld
    assert protect_line([1, 1, 0], 2, minimum=5) == ([SMALL, SMALL, SHOWN], False)  # 2 < 5
    assert protect_line([1, 1, 0, 0], 7, minimum=5) == ([SMALL, SMALL, SHOWN, SHOWN], True)


def test_three_small_cells_and_one_secondary():
    # 2 + 1 + 1 + 30 = 34: the three small cells add up to 34 - 30 = 4 if the 30 is shown;
    # with the 30 hidden the four hidden cells add up to 34 >= 5 + 3 - 2: each small one may
    # be anything from 1 to 4.
    assert protect_line([2, 1, 1, 30], minimum=5) == ([SMALL, SMALL, SMALL, SECONDARY], False)
    # 1 + 6 + 0 = 7: 1 + 6 = 7 >= 5 + 1 - 2: the 6 is enough
    assert protect_line([1, 6, 0], minimum=5) == ([SMALL, SECONDARY, SHOWN], False)


def test_nothing_left_to_hide_hides_the_total():
    # 3 + 0 + 0 = 3 under a published total 3 would be exact... but 3 is small itself: no
    # margin published, nothing more to hide.
    assert protect_line([3, 0, 0], minimum=5) == ([SMALL, SHOWN, SHOWN], False)
    # A total wider than its cells (a cell of the margin not in the line): 3 of 9, the rest
    # zeros; no non-zero cell to hide: the total is not published.
    assert protect_line([3, 0, 0], 9, minimum=5) == ([SMALL, SHOWN, SHOWN], True)


def test_a_line_without_small_cells_is_untouched():
    assert protect_line([5, 0, 12], minimum=5) == ([SHOWN, SHOWN, SHOWN], False)


def test_cell_words():
    assert smallcounts.cell(9, SECONDARY, 5) == WITHHELD
    assert smallcounts.cell(4, SMALL, 5) == FEWER
    assert smallcounts.cell(0, SHOWN, 5) == "0"


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def test_no_small_count_of_the_demo_index_can_be_worked_out(demo_db, webapp, web_login):
    """Every row of /analysis/ on the demo, read as rendered: where a cell says "moins de 5"
    and the total is published, the total minus the shown cells still leaves each small cell
    anywhere from 1 to 4 (a lone small cell needs a "non publié" one beside it)."""
    web_login("coordinator", demo_db)
    page = webapp.get("/analysis/")
    table = page.html.select_one("table.analysis-table")
    header = [th.get_text(strip=True) for th in table.select("thead th")]
    # the row's <td>: Total, the kinds..., Suggestion à vérifier (header: Enjeu first)
    kinds = slice(1, len(header) - 2)
    protected = 0
    for row in table.select("tbody tr"):
        cells = [td.get_text(strip=True) for td in row.select("td")]
        total, values = _number(cells[0]), cells[kinds]
        assert all(v.isdigit() or v in (FEWER, WITHHELD) for v in values), values
        if total is None or FEWER not in values:
            continue
        # what a reader can work out: the hidden cells add up to total - shown; a small cell
        # is 1…4, a withheld one 0 or more; each small cell must still be anywhere in 1…4
        small, rest = values.count(FEWER), total - sum(int(v) for v in values if v.isdigit())
        others_high = float("inf") if WITHHELD in values else (small - 1) * 4
        low, high = max(1, rest - others_high), min(4, rest - (small - 1))
        assert (low, high) == (1, 4), (row.th.get_text(strip=True), cells)
        protected += 1
    # every row printing a total beside a small cell was checked above; since the index and
    # the pages it links to are protected as one publication (docs/analysis.md, "Across
    # pages") most such totals are withheld on the demo, so fewer rows print both (was >= 4)
    assert protected >= 1
    th09 = next(r for r in table.select("tbody tr") if r.th.get_text(strip=True).startswith("TH09"))
    columns = dict(zip(header[1:], (td.get_text(strip=True) for td in th09.select("td")),
                       strict=True))
    # the tester's row: Constat small, Proposition (9, the smallest non-zero other kind)
    # withheld with it, Mobilisation (17) shown
    assert columns["Constat / manquement"] == FEWER, columns
    assert columns["Proposition"] == WITHHELD, columns
    assert columns["Mobilisation partenaire"] == "17", columns
