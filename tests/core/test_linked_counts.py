"""Secondary suppression over linked tables (issue #13, item 3): a small count hidden in one
table must not be recoverable from another table, from listed items or from a total
(``core.linkedcounts.protect``). Every case is counted by hand in its comments."""
from participation.core.linkedcounts import TOTAL, Figure, Page, protect, value_range
from participation.core.smallcounts import SECONDARY, SHOWN, SMALL, protect_line

KINDS = [("constat", "habitant", 24), ("proposition", "habitant", 23),
         ("mobilisation", "partenaire", 10), ("atout", "habitant", 3)]


def _kinds_and_authors(lists: dict[str, tuple[int, bool]]) -> Page:
    """The tester's challenge (60 contributions): by kind 24 constats, 23 propositions, 10
    partners' commitments, 3 atouts; by author 50 residents, 10 partners; ``lists``: name
    -> (items listed, only a lower bound) among "mobilisation", "propositions",
    "manquements"."""
    atoms = {kind: frozenset({(kind, role)}) for kind, role, _n in KINDS}
    figures = [Figure(("kind", kind), atoms[kind], n, "kind") for kind, _role, n in KINDS]
    figures += [Figure(("author", "habitant"), atoms["constat"] | atoms["proposition"]
                       | atoms["atout"], 50, "author"),
                Figure(("author", "partenaire"), atoms["mobilisation"], 10, "author",
                       people=False)]
    listed = {"mobilisation": "mobilisation", "propositions": "proposition",
              "manquements": "constat"}
    figures += [Figure(("list", name), atoms[listed[name]], n, at_least=lower)
                for name, (n, lower) in lists.items()]
    return Page([frozenset().union(*atoms.values())], figures, 60)


def _kind_states(states: dict) -> list[str]:
    return [states[("kind", kind)] for kind, _role, _n in KINDS]


def _atout_range(page: Page, states: dict) -> tuple[float, float]:
    atout = next(f for f in page.figures if f.key == ("kind", "atout"))
    return value_range(page, states, atout, 5)


def test_one_line_alone_is_the_one_line_rule():
    # TH09 as a tester read it: 4 + 9 + 0 + 0 + 17 = 30, the 9 hidden beside the 4
    counts = [4, 9, 0, 0, 17]
    page = Page([frozenset("abcde")], [Figure(i, frozenset({name}), n, "line") for i, (name, n)
                                       in enumerate(zip("abcde", counts, strict=True))], 30)
    states = protect(page, 5)
    assert [states[i] for i in range(5)] == protect_line(counts, 30, minimum=5)[0] == [
        SMALL, SECONDARY, SHOWN, SHOWN, SHOWN]
    assert states[TOTAL] == SHOWN


def test_the_testers_case_hides_another_cell_than_the_commitments():
    # Alone, the kind line hides its smallest other cell, the 10 commitments: but the page
    # lists those 10 and prints "Partenaire 10", so 60 - 24 - 23 - 10 = 3 atouts
    assert protect_line([24, 23, 10, 3], 60, minimum=5)[0] == [SHOWN, SHOWN, SECONDARY,
                                                                  SMALL]
    page = _kinds_and_authors({"mobilisation": (10, False)})
    states = protect(page, 5)
    # the 10 are known: the 23 propositions are hidden instead; 60 - 24 - 10 = 26 is
    # propositions + atouts: the atouts may be anything from 1 (25 propositions) to 4 (22)
    assert _kind_states(states) == [SHOWN, SECONDARY, SHOWN, SMALL]
    assert states[("author", "habitant")] == states[("author", "partenaire")] == SHOWN
    assert _atout_range(page, states) == (1, 4)


def test_listed_propositions_are_known_too():
    # the 23 propositions are listed one by one (23 distinct texts); the 24 constats only
    # as 23 distinct texts (two said the same words: 24 or more). The constats go:
    # 60 - 23 - 10 = 27 = constats + atouts, constats >= 23, so atouts from 1 to 4
    page = _kinds_and_authors({"mobilisation": (10, False), "propositions": (23, False),
                               "manquements": (23, True)})
    states = protect(page, 5)
    assert _kind_states(states) == [SECONDARY, SHOWN, SHOWN, SMALL]
    assert states[TOTAL] == SHOWN
    assert _atout_range(page, states) == (1, 4)


def test_what_the_lists_and_the_total_give_away_hides_the_total():
    # every other kind listed exactly: atouts = 60 - 24 - 23 - 10 = 3 whatever the tables
    # hide; only the total can go, and "50 habitants" with it (50 + 10 partners = 60).
    page = _kinds_and_authors({"mobilisation": (10, False), "propositions": (23, False),
                               "manquements": (24, False)})
    states = protect(page, 5)
    assert states[TOTAL] == SECONDARY
    assert states[("author", "habitant")] == SECONDARY
    assert states[("author", "partenaire")] == SHOWN
    # the kind line, read alone, still gives nothing away (its smallest other cell hidden)
    assert _kind_states(states) == [SHOWN, SHOWN, SECONDARY, SMALL]
    low, high = _atout_range(page, states)
    assert low == 1 and high >= 4


def test_a_cell_mapped_one_to_one_in_another_table_is_known():
    # 53 contributions in four quartiers: Q1 30 and Q3 8 in commune A, Q2 3 in B, Q4 12 in
    # C. Line by line, "par commune" would hide C (12, its smallest) — but C is Q4, printed
    # 12 by quartier: B = 53 - 38 - 12 = 3. A (38) is hidden instead: Q2 + Q3 = 11, Q2
    # anything from 1 to 4.
    quartiers = {"Q1": 30, "Q2": 3, "Q3": 8, "Q4": 12}
    communes = {"A": ("Q1", "Q3"), "B": ("Q2",), "C": ("Q4",)}
    figures = [Figure(("quartier", q), frozenset({q}), n, "quartier")
               for q, n in quartiers.items()]
    figures += [Figure(("commune", c), frozenset(qs), sum(quartiers[q] for q in qs),
                       "commune") for c, qs in communes.items()]
    page = Page([frozenset(quartiers)], figures, 53)
    states = protect(page, 5)
    assert protect_line([38, 3, 12], 53, minimum=5)[0] == [SHOWN, SMALL, SECONDARY]
    assert [states[("quartier", q)] for q in quartiers] == [SHOWN, SMALL, SECONDARY, SHOWN]
    assert [states[("commune", c)] for c in communes] == [SECONDARY, SMALL, SHOWN]
    small = next(f for f in figures if f.key == ("commune", "B"))
    assert value_range(page, states, small, 5) == (1, 4)


def test_a_page_without_small_count_is_untouched():
    # 24 + 23 + 10 + 5 = 62: nothing under 5, nothing hidden
    atoms = [frozenset({kind}) for kind in "abcd"]
    page = Page([frozenset("abcd")], [Figure(i, a, n, "kind") for i, (a, n) in enumerate(
        zip(atoms, [24, 23, 10, 5], strict=True))], 62)
    assert set(protect(page, 5).values()) == {SHOWN}


def test_one_line_skips_a_known_cell():
    # 3 + 9 + 20 = 32, the 9 published elsewhere: the 20 is hidden instead
    assert protect_line([3, 9, 20], minimum=5, known={1}) == ([SMALL, SHOWN, SECONDARY],
                                                              False)
    # nothing else to hide: the known cell goes all the same (the line alone stays safe)
    assert protect_line([3, 9, 0], minimum=5, known={1}) == ([SMALL, SECONDARY, SHOWN],
                                                             False)
