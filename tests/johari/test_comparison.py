"""Slice 4: the comparison of the groups, pure functions on plain rows (no database)."""
import pytest

from participation.johari import comparison as cmp

ROWS = [
    {"postit_id": 1, "group": "habitants", "quadrant": "inconnue", "text": "Un réseau de bus",
     "tags": [(8, "bus")]},
    {"postit_id": 2, "group": "partenaires", "quadrant": "aveugle",
     "text": "Les moyens de déplacements", "tags": [(8, "déplacement")]},
    {"postit_id": 3, "group": "habitants", "quadrant": "publique",
     "text": "Les commerces et structures présents", "tags": [(1, "commerce")]},
    {"postit_id": 4, "group": "partenaires", "quadrant": "inconnue",
     "text": "Les commerces de proximités abordables aux habitants", "tags": [(1, "commerce")]},
    {"postit_id": 5, "group": "habitants", "quadrant": "inconnue",
     "text": "Le calme et la tranquillité", "tags": [(3, "calme")]},
    {"postit_id": 6, "group": "habitants", "quadrant": "aveugle",
     "text": "Le calme, la tranquillité, la propreté", "tags": [(3, "calme"), (4, None)]},
    {"postit_id": 7, "group": "partenaires", "quadrant": "cachee",
     "text": "L'existence du conseil citoyen", "tags": [(11, "conseil citoyen")]},
    {"postit_id": 8, "group": "partenaires", "quadrant": "publique", "text": "Le territoire",
     "tags": []},
]
GROUPS = ["habitants", "partenaires"]


def test_shared_and_discordant_challenges_with_counts_and_postits():
    # one post-it of a group raises a challenge (min_postits=1): 8 and 1 have one post-it of
    # each group (shared), 3 (habitants 2), 4 (habitants 1) and 11 (partenaires 1) one group
    result = cmp.compare(cmp.tag_frame(ROWS), GROUPS, challenge_order=[1, 3, 4, 8, 11],
                         min_postits=1)
    shared = {v.challenge_id: v for v in result.shared}
    assert set(shared) == {1, 8}
    assert shared[8].by_group == {"habitants": {"inconnue": [1]},
                                  "partenaires": {"aveugle": [2]}}
    assert shared[8].keywords == ["bus", "déplacement"] and shared[8].count == 2
    assert shared[1].quadrants("habitants") == ["publique"]
    assert shared[1].quadrants("partenaires") == ["inconnue"]
    discordant = {v.challenge_id: v for v in result.discordant}
    assert set(discordant) == {3}  # a lone group needs two post-its (``MIN_ALONE``)
    assert discordant[3].groups == ["habitants"] and discordant[3].count == 2
    assert discordant[3].by_group["habitants"] == {"aveugle": [6], "inconnue": [5]}
    assert {v.challenge_id for v in result.few} == {4, 11} and result.untagged == [8]
    # two post-its of a group (min_postits=2): only the residents' 3 (post-its 5 and 6) is
    # raised; one post-it of each group is not enough to call 1 or 8 shared: listed apart
    result = cmp.compare(cmp.tag_frame(ROWS), GROUPS, challenge_order=[1, 3, 4, 8, 11],
                         min_postits=2)
    assert [v.challenge_id for v in result.shared] == []
    assert [v.challenge_id for v in result.discordant] == [3]
    few = {v.challenge_id: v for v in result.few}
    assert set(few) == {1, 4, 8, 11} and few[11].groups == ["partenaires"]
    assert few[4].postit_ids == [6] and few[8].group_count("habitants") == 1


def test_a_challenge_raised_by_three_groups_is_shared():
    rows = ROWS + [{"postit_id": 9, "group": "elus", "quadrant": "publique",
                    "text": "Le bus", "tags": [(8, "bus")]}]
    result = cmp.compare(cmp.tag_frame(rows), GROUPS + ["elus"], min_postits=1)
    assert result.shared[0].challenge_id == 8
    assert result.shared[0].groups == ["habitants", "partenaires", "elus"]


def test_one_confirmed_postit_per_group_is_shared():
    rows = [{"postit_id": 1, "group": "habitants", "quadrant": "inconnue",
             "text": "Le raccourci derrière l'école est dangereux le soir", "tags": [(9, "école")]},
            {"postit_id": 2, "group": "partenaires", "quadrant": "publique",
             "text": "L'école", "tags": [(9, "école")]}]
    # fed with confirmed tags only (``reports.is_validated``): one post-it of each group a
    # person tagged is a shared challenge, as the contract's own window reads (test_demo);
    # the tester's keyword tag never reaches ``compare`` unconfirmed (test_validated_...)
    assert (cmp.MIN_POSTITS, cmp.MIN_ALONE) == (1, 2)
    default = cmp.compare(cmp.tag_frame(rows), GROUPS)
    assert [v.challenge_id for v in default.shared] == [9]
    strict = cmp.compare(cmp.tag_frame(rows), GROUPS, min_postits=2)
    assert strict.shared == [] and [v.challenge_id for v in strict.few] == [9]


def test_counts_per_group_and_quadrant_include_zeros():
    table = cmp.counts_table(cmp.tag_frame(ROWS), GROUPS)
    assert table.loc["habitants"].to_dict() == {"publique": 1, "aveugle": 1, "cachee": 0,
                                                "inconnue": 2}
    assert table.loc["partenaires"].to_dict() == {"publique": 1, "aveugle": 1, "cachee": 1,
                                                  "inconnue": 1}


def test_no_postit_gives_an_empty_comparison():
    result = cmp.compare(cmp.tag_frame([]), GROUPS)
    assert (result.shared, result.discordant, result.untagged) == ([], [], [])


@pytest.mark.parametrize("a, b, expected", [
    ("L'entretien des espaces verts", "La gestion des espaces verts", 0.5),
    ("Le devenir du quartier", "La délimitation du quartier", 0.0),
    ("Les RÉSIDENCES", "les residence", 1.0),
    ("le la les", "Un réseau de bus", 0.0),
])
def test_similarity_is_the_share_of_common_significant_words(a, b, expected):
    assert cmp.similarity(a, b) == pytest.approx(expected)


def test_similar_postits_are_grouped_above_the_threshold():
    items = [(1, "L'entretien des espaces verts"), (2, "Le calme et la tranquillité"),
             (3, "La gestion des espaces verts"), (4, "L'existence du conseil citoyen"),
             (5, "La démarche citoyenne et le fonctionnement du conseil citoyen"),
             (6, "Le territoire")]
    assert cmp.similar_groups(items) == [[1, 3], [4, 5]]
    assert cmp.similar_groups(items, threshold=0.6) == []
