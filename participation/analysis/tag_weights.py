"""The tagger's settings (``tagging``): the weights of each kind of evidence, and where they
come from.

Score = ``LEXICAL_WEIGHT`` × words (keywords, phrases counting ``PHRASE_WEIGHT``, learned terms
``LEARNED_WEIGHT``, a word saying where or for whom, ``text.role_words``: "devant l'école",
"pour les jeunes", ``LOCATIVE_WEIGHT``, and left out of word meaning) + ``TEXT_WEIGHT``
× text meaning + ``WORD_WEIGHT`` × word meaning + ``SENTENCE_WEIGHT`` × sentence meaning +
``EXAMPLE_WEIGHT`` × examples (``tag_evidence``, ``tag_scores``); a suggestion is kept from
``MIN_SCORE``, and after the best only when its score reaches ``CLOSE_SHARE`` of the best's
(``tagging.shown``). The weights were set on the "dev:" answers of
``tests/analysis/data/answers_*.txt``; ``SENTENCE_WEIGHT`` is the ratio of the two
coefficients of a softmax fitted by maximum likelihood on the dev answers (scores without
sentence meaning, sentence meaning: 5.17 and 11.90, log loss 0.475 against 0.503 with
``TOP_SENTENCE`` = 1). ``bench/analysis_quality.py`` prints the figures on the "heldout:"
answers, never used to set anything.
"""
from __future__ import annotations

# the model's keywords (``tag_keywords``)
NATIONAL_WEIGHT = 0.5  # a keyword inherited from the national theme nearest in meaning
NATIONAL_MIN_SIM = 0.55  # from this cosine between a national theme and a challenge
PHRASE_WEIGHT = 2.0  # a keyword of several words ("jeux pour enfants")
# a text's own evidence (``tag_evidence``)
LEXICAL_WEIGHT = 0.5
LEARNED_WEIGHT = 0.25
LOCATIVE_WEIGHT = 0.3  # a keyword that only says where ("devant l'école") counts this much
TEXT_WEIGHT = 0.5
TOP_KEYWORDS = 3
WORD_WEIGHT = 1.0
TOP_WORDS = 2
ACCENTS = True  # look words up in the vectors with their accents given back
SENTENCE_WEIGHT = 2.3
TOP_SENTENCE = 3
# the reviewed examples and what is shown (``tag_scores``, ``tagging``)
EXAMPLE_WEIGHT = 0.5
MIN_SCORE = 0.5
# an answer in another language (``tagging.floors``): set on the "dev:" answers of
# ``tests/analysis/data/other_languages.txt`` (Turkish and Arabic): from 0.25, 23 of 27
# shown, 21 right first (0.2: 25 shown, 21 right; 0.5, the French floor: 10 shown, 8 right)
OTHER_LANGUAGE_MIN_SCORE = 0.25
CLOSE_SHARE = 0.9  # a second or third challenge is suggested only this close to the best
TIE_SHARE = 1e-3  # carried challenges keep their order (``tag_scores.score_matrix``)
