"""Reviewed answers pass their challenge on through the subject word they share with a new
text (``analysis.shared_words``), in the review queue (WebTest, the rendered form) and in
``flask analysis tag-texts --learn-from``: the coordinator tester's defect 7 (issue #13),
"le parking est toujours plein" still suggested Cadre de vie after "Places de parking, on
tourne 20 min le soir" was corrected to Mobilité, with no near example shown."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from participation.analysis import autotag, tagging
from participation.contributions.services import record_contribution
from participation.territory.defaults import NATIONAL_TREE
from tests import factories
from tests.analysis.test_review_learning import _correct, _reasons, _suggested

PARKING = "Places de parking, on tourne 20 min le soir"
# the national tree (the test territory's): [id, code, name, keywords], ids from 1
TREE = pd.DataFrame([{"id": i + 1, "code": n[0], "name": n[2], "keywords": n[4] or ""}
                     for i, n in enumerate(NATIONAL_TREE)])
IDS = dict(zip(TREE["code"], TREE["id"], strict=True))


def _first(model, texts: list[str]) -> dict[str, str | None]:
    """The code of each text's first suggestion (None without one)."""
    found = tagging.suggest(pd.Series(texts), model).drop_duplicates("doc")
    codes = dict(zip(TREE["id"], TREE["code"], strict=True))
    best = dict(zip(found["doc"], found["challenge_id"].map(codes), strict=True))
    return {text: best.get(doc) for doc, text in enumerate(texts)}


def _model(rows: list[tuple[str, str]]):
    """The model learned from reviewed ``rows`` (text, code), by ``autotag.model_from``."""
    tagged = pd.DataFrame({"doc": range(len(rows)), "text": [t for t, _ in rows],
                           "challenge_id": [IDS[c] for _, c in rows]})
    return autotag.model_from(TREE, tagged)


@pytest.mark.forms("analysis/review.html#2")
def test_a_correction_follows_its_subject_word_with_the_reason_shown(webapp, web_login,
                                                                    territory):
    """The tree files "parking" under Cadre de vie (T1); the coordinator corrects "Places de
    parking, on tourne 20 min le soir" to Mobilité in the rendered queue: "le parking est
    toujours plein" (0.41 near it, under the nearness floor) is then suggested Mobilité
    alone, "comme « Places de parking… », classé Mobilité (même mot : parking)"; "des
    caméras au parking", whose other words say Sécurité much more strongly (1.8 on
    their own), is suggested Sécurité first, no longer Cadre de vie."""
    living, mobility, safety = (factories.challenge(territory, c) for c in ("T1", "L4", "S5"))
    reviewed = record_contribution(territory.id, PARKING)
    full = record_contribution(territory.id, "le parking est toujours plein")
    cameras = record_contribution(territory.id, "des caméras au parking")
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    assert _suggested(page, full.id) == [living.label]  # the fault, before the correction
    assert _suggested(page, cameras.id)[0] == living.label
    page = _correct(page, reviewed.id, [mobility.label])
    assert _suggested(page, full.id) == [mobility.label]
    assert (f"comme « {PARKING} », classé {mobility.label} (même mot : parking)"
            in _reasons(page, full.id))
    assert _suggested(page, cameras.id)[0] == safety.label
    assert living.label not in _suggested(page, cameras.id)


def test_the_cli_learns_the_same_from_its_labelled_rows(runner, territory, tmp_path):
    """``--learn-from`` goes through the same code path (``autotag.model_from``): the
    tester's parking row, and a word the tree puts under another theme than the
    territory's convention ("ascenseur": Logement, L5, in the tree; Cadre de vie, T1, for
    this territory's coordinators)."""
    source = tmp_path / "textes.csv"
    source.write_text("text\nle parking est toujours plein\nascenseur bloqué depuis une "
                      "semaine\n", encoding="utf-8")
    labelled = tmp_path / "corrections.csv"
    labelled.write_text(f"text,challenge\n\"{PARKING}\",L4\n"
                        "l'ascenseur est encore en panne,T1\n", encoding="utf-8")
    result = runner.invoke(args=["analysis", "tag-texts", str(source), "--territory",
                                 territory.slug, "--learn-from", str(labelled), "--json"])
    assert result.exit_code == 0, result.output
    items = {i["text"]: i["suggestions"] for i in json.loads(result.output)}
    parking, lift = items["le parking est toujours plein"], items[
        "ascenseur bloqué depuis une semaine"]
    assert [s["challenge"] for s in parking] == ["L4"]
    assert parking[0]["examples"][0] == {"text": PARKING, "corrected": True, "word": "parking"}
    assert lift[0]["challenge"] == "T1"
    assert lift[0]["examples"][0] == {"text": "l'ascenseur est encore en panne",
                                      "corrected": True, "word": "ascenseur"}


def test_without_the_corrections_the_tree_decides():
    """The same texts with nothing reviewed: the tree's themes (the base of the two tests
    above)."""
    model = autotag.model_from(TREE, None)
    assert _first(model, ["le parking est toujours plein",
                          "ascenseur bloqué depuis une semaine"]) == {
        "le parking est toujours plein": "T1", "ascenseur bloqué depuis une semaine": "L5"}


def test_reviewed_answers_that_disagree_pass_nothing_on():
    """"parking" filed under Mobilité once and Cadre de vie once: no word decision, the
    text is scored as before (Cadre de vie, the tree's)."""
    model = _model([(PARKING, "L4"), ("un parking pour les vélos et des arbres", "T1")])
    assert "parking" not in model.word_examples
    assert _first(model, ["le parking est toujours plein"])["le parking est toujours plein"] \
        == "T1"


def test_only_a_word_that_is_what_the_answer_is_about_passes_it_on():
    """"la vitesse des voitures devant l'école" (Sécurité) is about speed as much as cars:
    "voiture" passes nothing, "sans voiture on peut rien faire" stays Mobilité; in the
    parking answer "soir", "place" and "min" say no subject alone (0.82, 0.87, 0.36 on
    the national tree, under ``shared_words.TOPICAL_SCORE``) and "tourne" is a verb: only
    "parking" is learned."""
    model = _model([("la vitesse des voitures devant l'école", "S5"), (PARKING, "L4")])
    assert set(model.word_examples) == {"parking"}
    assert model.word_examples["parking"][1] == [IDS["L4"]]
    assert _first(model, ["sans voiture on peut rien faire"]) == {
        "sans voiture on peut rien faire": "L4"}


def test_a_word_filed_elsewhere_is_no_longer_shown_as_the_trees_reason():
    """Every page explains a tag with ``tagging.explain``: before the correction, Cadre de
    vie's reason for "des caméras au parking" is its keyword "parking"; after it, that
    word counts for Mobilité only and Cadre de vie's keywords there are none (Sécurité's,
    "caméra", stay)."""
    text = pd.Series(["des caméras au parking"])
    before = tagging.explain(text, autotag.model_from(TREE, None))
    after = tagging.explain(text, _model([(PARKING, "L4")]))
    assert before[(0, IDS["T1"])]["keywords"] == ["parking"]
    assert after[(0, IDS["T1"])]["keywords"] == []
    assert after[(0, IDS["S5"])]["keywords"] == before[(0, IDS["S5"])]["keywords"] != []
