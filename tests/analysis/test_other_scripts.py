"""Residents answer in Arabic, Turkish, with emoji, digits or punctuation alone: every analysis
path takes those texts (simplemma is only given the words it can take: ``text.known``,
``text.lemmatize``) and counts them with the others."""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from docx import Document

from participation.analysis import spelling
from participation.analysis import text as tx
from participation.surveys import services
from tests import factories
from tests.formfill import form_to, text_of
from tests.surveys.helpers import interview_form, needs_survey

ARABIC = "نحتاج إلى طبيب أطفال في الحي"
TURKISH = "Mahallede çocuk doktoru yok, Yıldız parkı çok kirli"
FRENCH = ["Il manque un médecin « généraliste »", "pas de medecin le samedi",
          "un pédiatre pour les enfants", "plus de médecins au centre", "des bus le soir"]
ODD = ["«", "»", "🙂", "123", "", "« »", "!!! ???", "نحتاج", "yıldız", "İstanbul"]


@pytest.mark.parametrize("word", ODD)
def test_simplemma_is_only_given_words_it_takes(word):
    assert tx.known(word) is False
    assert tx.lemmatize(word) == word
    assert spelling.is_french(word) in (True, False)  # "«" has a vector of its own
    assert spelling.accented(word) == word


def test_the_wrappers_still_read_french():
    assert tx.known("médecin") and tx.lemmatize("médecins") == "médecin"
    assert not spelling.is_french("نحتاج") and spelling.is_french("medecin")
    assert tx.lemma("infirmieres") == "infirmier"


@pytest.mark.parametrize("word", ODD)
def test_lemma_key_and_terms_take_any_text(word):
    assert tx.lemma(word) == tx.fold(word)
    assert tx.key(word) == tx.fold(word)
    assert tx.terms(word) == [t for t in tx.terms(word) if t]


def test_arabic_and_turkish_words_are_terms():
    # إلى, في, الحي: stop words; the hamza is folded as accents are ("أطفال" -> "اطفال")
    assert tx.terms(ARABIC) == ["نحتاج", "طبيب", "اطفال"]
    assert "yildiz" in tx.terms(TURKISH) and "cocuk" in tx.terms(TURKISH)


def test_corrections_and_key_terms_take_every_script():
    words = [w for t in [ARABIC, TURKISH, *FRENCH, *ODD] for w in tx.tokenize(t)]
    assert spelling.corrections(words + ["medcin"]) == {"medcin": "medecin"}
    found = tx.key_terms(pd.Series([ARABIC, TURKISH, *FRENCH, *ODD]), top=100)
    counts = dict(zip(found["label"], found["count"], strict=True))
    assert counts["طبيب"] == 1 and counts["médecin"] == 3


def _survey(territory):
    health = factories.challenge(territory, "S2")
    survey = services.create_survey(territory.id, "Besoins du quartier")
    services.add_question(survey, "long_text", "Que vous manque-t-il ?", required=True,
                          name="manques", challenge_ids=[health.id])
    services.set_status(survey, "open")
    return survey, health


def _interview(webapp, web_login, survey, texts):
    """Each text as one tablet interview, typed by a facilitator in the rendered form."""
    form, url = interview_form(webapp, web_login, survey)
    field = "q" + str(survey.questions[0].id)
    for text in texts:
        form["place"], form[field] = "Marché", text
        page = form.submit().follow()
        assert "Entretien enregistré" in text_of(page)
        form = form_to(page, url)
    logout = next(f for f in webapp.get("/staff").forms.values()
                  if f.action.endswith("/accounts/logout"))
    logout.submit()


def test_arabic_and_turkish_answers_are_analysed_and_counted(webapp, web_login, territory):
    survey, health = _survey(territory)
    texts = [ARABIC, TURKISH, *FRENCH, "🙂", "123", "« ! »"]
    _interview(webapp, web_login, survey, texts)
    web_login("coordinator")
    words = text_of(webapp.get("/analysis/words"))
    # the Arabic word is counted (once: under the small-count threshold, so "moins de 5",
    # as every word count of the page since the secondary suppression, fa0f3e8)
    assert "10 réponses" in words and "طبيب moins de 5" in words
    challenge = text_of(webapp.get(f"/analysis/challenge/{health.id}"))
    assert "10 contributions" in challenge
    assert webapp.get("/analysis/review").status_int == 200
    section = webapp.get("/exports/section")
    form = section.forms["section-download"]
    form["fmt"] = "docx"
    document = Document(io.BytesIO(form.submit().follow().body))
    assert document.paragraphs[0].text == "La participation des habitants"
    for fmt in ("odt", "html"):
        form["fmt"] = fmt
        assert form.submit().follow().status_int == 200


def test_untagged_answers_in_every_script_get_suggestions_and_are_reviewed(
        webapp, web_login, runner, territory):
    survey = needs_survey(territory)  # no challenge: each answer waits for its suggestion
    _interview(webapp, web_login, survey, [ARABIC, TURKISH, *FRENCH, "🙂", "123"])
    drained = runner.invoke(args=["analysis", "suggest-pending"])
    assert drained.exit_code == 0, drained.output
    stored = runner.invoke(args=["analysis", "suggest", "--territory", territory.slug])
    assert stored.exit_code == 0, stored.output
    web_login("coordinator")
    review = text_of(webapp.get("/analysis/review"))
    assert ARABIC in review and TURKISH in review and "pas de medecin le samedi" in review
    assert webapp.get("/analysis/").status_int == 200


def test_tag_texts_takes_every_script(runner, territory, tmp_path):
    source = tmp_path / "textes.csv"
    lines = [ARABIC, TURKISH, *FRENCH, "🙂", "123", "« ! »"]
    source.write_text("text\n" + "\n".join(f'"{t}"' for t in lines) + "\n", encoding="utf-8")
    result = runner.invoke(args=["analysis", "tag-texts", str(source), "--territory",
                                 territory.slug, "--json"])
    assert result.exit_code == 0, result.output
    assert [i["text"] for i in json.loads(result.output)] == lines
