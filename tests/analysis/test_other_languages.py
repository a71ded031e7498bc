"""Answers in the residents' other languages (issue #13): told apart from French ones on the
whole evaluation sets, so that no French answer is left out of a table and no Turkish or
Arabic one is read as French words."""
from __future__ import annotations

from pathlib import Path

from bench import quality_data
from participation.analysis import languages

OTHER = Path(quality_data.DATA) / "other_languages.txt"


def test_every_turkish_and_arabic_answer_is_told_apart():
    """The 55 answers of ``other_languages.txt`` (28 Turkish, 27 Arabic), all of them."""
    answers = [row[0] for row in quality_data._read(OTHER)]
    assert len(answers) == 55
    assert [a for a in answers if not languages.other_language(a)] == []


def test_no_french_answer_of_the_evaluation_set_is_taken_for_another_language():
    """The 506 French answers written as residents write (SMS style, no accents, English
    words): none is read as another language."""
    french = quality_data.load()["text"].tolist()
    assert len(french) == 506
    assert [a for a in french if languages.other_language(a)] == []
