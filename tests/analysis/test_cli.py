"""``flask analysis tag-texts``: suggestions and groups for a CSV of texts, with corrections."""
from __future__ import annotations

import json

TEXTS = ("text\npas de medcin\nun médecin le samedi\nPlus de médecins !\n"
         "mettre une boîte à livres dans le parc\n")


def test_tag_texts_prints_codes_reasons_and_groups(runner, territory, tmp_path):
    source = tmp_path / "textes.csv"
    source.write_text(TEXTS, encoding="utf-8")
    labelled = tmp_path / "corrections.csv"
    # a text the model gets wrong without the correction (it suggests L2, Accès aux droits):
    # "une ressourcerie…", used before, is now right at once (sentence meaning)
    # (two corrections: a word learned from one text alone tells nothing, suggest.specific)
    labelled.write_text("text;challenge\nune boîte à livres pour échanger nos livres;L3\n"
                        "une boîte à livres à la médiathèque;L3\n", encoding="utf-8")
    result = runner.invoke(args=["analysis", "tag-texts", str(source), "--territory",
                                 territory.slug, "--learn-from", str(labelled), "--json"])
    assert result.exit_code == 0, result.output
    items = {i["text"]: i for i in json.loads(result.output)}
    doctor = items["pas de medcin"]["suggestions"][0]
    assert doctor["challenge"] == "S2" and doctor["keywords"] == ["médecin"]
    # learned exactly as the review queue's corrections (tests/analysis/test_rendered_review.py)
    reuse = items["mettre une boîte à livres dans le parc"]["suggestions"][0]
    assert reuse["challenge"] == "L3" and "livres" in reuse["learned"]
    assert {e["text"] for e in reuse["examples"]} == {
        "une boîte à livres pour échanger nos livres", "une boîte à livres à la médiathèque"}
    doctors = {items[t]["group"] for t in ("pas de medcin", "un médecin le samedi",
                                            "Plus de médecins !")}
    assert len(doctors) == 1 and None not in doctors  # one need, whatever the spelling
    # grouped under its best suggested challenge, as a challenge's page groups them
    assert {items[t]["group_challenge"] for t in ("pas de medcin", "un médecin le samedi",
                                                   "Plus de médecins !")} == {"S2"}
    assert items["mettre une boîte à livres dans le parc"]["group_challenge"] == "L3"


def test_tag_texts_names_an_unknown_code_and_its_line(runner, territory, tmp_path):
    source = tmp_path / "textes.csv"
    source.write_text(TEXTS, encoding="utf-8")
    labelled = tmp_path / "corrections.csv"
    labelled.write_text("text,challenge\nun banc,T1\ndes bus,ZZ9\n", encoding="utf-8")
    result = runner.invoke(args=["analysis", "tag-texts", str(source), "--territory",
                                 territory.slug, "--learn-from", str(labelled)])
    assert result.exit_code == 1
    assert "ligne 3 : enjeu inconnu « ZZ9 »" in result.output


def test_tag_texts_suggests_nothing_for_texts_without_a_content_word(runner, territory,
                                                                     tmp_path):
    """The tester's "bonjour" was suggested TH01 (0.54) and TH10 (0.52), "RAS" likewise:
    greetings, "RAS", "rien", "merci", "ok" and punctuation get no suggestion (issue #13)."""
    source = tmp_path / "textes.csv"
    source.write_text("text\nbonjour\nRAS\nrien\nmerci\nok\n?!\npas de medcin\n",
                      encoding="utf-8")
    result = runner.invoke(args=["analysis", "tag-texts", str(source), "--territory",
                                 territory.slug, "--json"])
    assert result.exit_code == 0, result.output
    items = {i["text"]: i["suggestions"] for i in json.loads(result.output)}
    assert {t: items[t] for t in ("bonjour", "RAS", "rien", "merci", "ok", "?!")} == {
        t: [] for t in ("bonjour", "RAS", "rien", "merci", "ok", "?!")}
    assert items["pas de medcin"][0]["challenge"] == "S2"


def test_corrected_is_true_when_the_tags_kept_differ_from_the_suggestions(runner, territory,
                                                                         tmp_path):
    """A coordinator tester's corrections showed ``"corrected": false`` in the JSON: only a
    wrong first suggestion counted. "Les bus et la sécurité des enfants" is suggested L4, S1
    and S5 (tests/analysis/test_review_decisions.py); kept L4 and S5 (S1 taken off) it is
    a correction; "pas assez de medecins" kept as suggested (S2) is not."""
    source = tmp_path / "textes.csv"
    source.write_text("text\nles bus et la sécurité des enfants le matin\n"
                      "il n'y a pas assez de medecins\n", encoding="utf-8")
    labelled = tmp_path / "corrections.csv"
    labelled.write_text("text,challenge\nLes bus et la sécurité des enfants,L4;S5\n"
                        "pas assez de medecins,S2\n", encoding="utf-8")
    result = runner.invoke(args=["analysis", "tag-texts", str(source), "--territory",
                                 territory.slug, "--learn-from", str(labelled), "--json"])
    assert result.exit_code == 0, result.output
    items = {i["text"]: i["suggestions"] for i in json.loads(result.output)}
    bus = items["les bus et la sécurité des enfants le matin"]
    assert [s["challenge"] for s in bus] == ["L4", "S5"]
    assert bus[0]["examples"] == [{"text": "Les bus et la sécurité des enfants",
                                   "corrected": True, "word": None}]
    doctor = items["il n'y a pas assez de medecins"][0]
    assert doctor["challenge"] == "S2"
    assert doctor["examples"] == [{"text": "pas assez de medecins", "corrected": False,
                                   "word": None}]
