"""French free text as residents write it: normalisation, lemmas, stop words, key terms.

Residents type fast, on phones, without accents ("medecin", "il y a rien pour les jeunes").
Every comparison therefore happens on *folded* lemmas: lower case, no accents, lemmatised by
simplemma (its French dictionary ships inside the wheel), with a plural fallback for words
simplemma does not know (it only knows accented spellings). There is no table of variants or
synonyms written by hand: misspellings meet their word through ``spelling.corrections`` (the
nearest word of the same answers), synonyms through meaning (``semantic``, ``sentences``), and
the phrases residents write together are found in their answers (``labels._phrase``).
Pure functions: no app, no database.
"""
from __future__ import annotations

import importlib.util
import itertools
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pandas as pd
import simplemma
from rapidfuzz import fuzz

from participation.analysis import textcache
from participation.privacy.masking import without_contacts

# French stop words (folded), plus words every answer to "what is missing?" uses; STOP_WORDS
# (below) adds those of the other languages residents write in.
_FRENCH_STOP_WORDS = frozenset("""
a afin ai aie ainsi alors apres au aucun aucune aupres aussi autre autres aux avec avoir
bah beaucoup bien bon c ca car ce ceci cela celle celles celui cependant certain ces cet cette
chaque chez ci comme comment d dans de des deja depuis donc dont du elle elles en encore entre
est et etc etre eu eux faire falloir fait faut fois gens hors i ici il ils j je jusque l la
le les leur leurs lui m ma mais me meme mes moi moins mon n ne ni non nos notre nous on ou
oui par parce pas peu peut plus plutot pour pourquoi pouvoir pres puis qu quand que quel
quelle quelque quelques qui quoi rien s sa sans savoir se selon ses si sinon soi son sont sous
sur t ta tant te tes toi ton toujours tous tout toute toutes tres trop tu un une vers voila
vos votre vouloir vous vraiment y assez manque manquer besoin avoir quartier chose truc
aller venir mettre dire voir veux voudrait aimerait souhaite souhaiter""".split())
# "quartier" in the other languages residents answer in (the product's, not a survey's)
_NEIGHBOURHOOD = frozenset("حي الحي neighbourhood neighborhood mahalle mahallede mahallemiz"
                           .split())


def _spacy_stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop-word list of ``lang`` (read from its file: importing the language class
    costs seconds), folded."""
    spec = importlib.util.find_spec("spacy")
    path = Path(spec.origin).parent / "lang" / lang / "stop_words.py"
    loaded = importlib.util.spec_from_file_location(f"_stop_words_{lang}", path)
    module = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(module)
    return frozenset(fold(w) for w in module.STOP_WORDS)


def _other_languages_stop_words() -> frozenset[str]:
    """Stop words of the other languages residents answer in (Arabic, Turkish, English:
    ``core.i18n``), except those that are French words too ("but", "four", "mine")."""
    words = frozenset().union(*(_spacy_stop_words(lang) for lang in ("ar", "tr", "en")))
    return frozenset(w for w in words if not known(w))


def _latin(word: str) -> bool:
    """True when ``word`` (a str) has a Latin letter: the only words simplemma's French
    dictionary can hold. An empty string (simplemma raises ``ValueError`` on it), Arabic,
    emoji, digits or punctuation alone ("«", "123", "🙂") are not looked up."""
    return isinstance(word, str) and any(ch.isalpha() and (
        ch.isascii() or unicodedata.name(ch, "").startswith("LATIN")) for ch in word)


def known(word: str) -> bool:
    """``simplemma.is_known(word, lang="fr")`` for a word it can take (``_latin``), False for
    any other text ("نحتاج", "«", "", "123"): never raises."""
    return _latin(word) and simplemma.is_known(word, lang="fr")


def lemmatize(word: str) -> str:
    """``simplemma.lemmatize(word, lang="fr")`` for a word it can take (``_latin``), else the
    word itself ("نحتاج" -> "نحتاج", "" -> ""): never raises."""
    return simplemma.lemmatize(word, lang="fr") if _latin(word) else word


WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
SEGMENT_RE = re.compile(r"\s+(?:et|ni|ou|puis|mais)\s+|[,;/+()!?.\n]|\s-\s", re.IGNORECASE)


# Latin letters NFKD leaves whole, written as their plain letters (Turkish dotless "ı",
# Scandinavian "ø", Polish "ł", Croatian "đ", German "ß", ligatures): "Yıldız" is "yildiz".
UNDECOMPOSED = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae",
                              "œ": "oe", "ħ": "h", "þ": "th", "ŧ": "t"})


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case, no accents, typographic apostrophes made plain, the Latin letters NFKD
    does not decompose written plain (``UNDECOMPOSED``: "Yıldız" -> "yildiz", "İ" -> "i");
    other scripts (Arabic) kept as they are. Kept per word or text in the process (the same
    words are folded again and again), plain ASCII without decomposing it."""
    if text is None or text.isascii():
        return (text or "").lower()
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).translate(UNDECOMPOSED)


STOP_WORDS = _FRENCH_STOP_WORDS | _NEIGHBOURHOOD | _other_languages_stop_words()
# the French ones alone: a Turkish "yok" or "mahallede" is no French word
# (``spelling.in_dictionary``)
FRENCH_STOP_WORDS = _FRENCH_STOP_WORDS


def tokenize(text: str) -> list[str]:
    """Words in lower case, elisions split ("l'école" -> "l", "école"); no word of a contact
    or of its masking placeholder (``privacy.masking.without_contacts``)."""
    return WORD_RE.findall((without_contacts(text) or "").lower().replace("’", "'"))


@lru_cache(maxsize=200_000)
def lemma(token: str) -> str:
    """Folded lemma of one lower-case token: simplemma's; for a word it does not know, that
    of its spelling with the accents it lacks when exactly one is a French word
    (``spelling.completed``: "infirmieres" meets "infirmières", lemma "infirmier"; "agées"
    and "agees" meet "âgées", lemma "âgé"), else a plural made singular. The lemma keeps its
    accents when folding them would make it another French word (``key``: "marchés" ->
    "marché", never "marche")."""
    folded = fold(token)
    lem = lemmatize(token)
    if lem == token and not known(token) and len(folded) > 3:
        from participation.analysis import spelling  # imports this module

        restored = spelling.completed(token)  # "infirmieres" -> "infirmières" -> "infirmier"
        if restored != token:
            return lemma(restored)
        if folded.endswith("aux"):
            return folded[:-3] + "al"
        if folded[-1] in "sx":
            return folded[:-1]
    return key(lem)


# Accented letters of French, per plain letter (Imprimerie nationale's alphabet).
ACCENTS = {"e": "eéèêë", "a": "aàâ", "i": "iîï", "o": "oô", "u": "uùûü", "c": "cç", "y": "yÿ"}
MAX_SPELLINGS = 5_000  # spellings tried per word at most (a long word is left as typed)


def spellings(word: str) -> list[str] | None:
    """Every spelling of ``word`` (folded) with accents on its letters, or None when more
    than ``MAX_SPELLINGS``."""
    options = [ACCENTS.get(letter, letter) for letter in word]
    count = 1
    for letters in options:
        count *= len(letters)
    if count > MAX_SPELLINGS:
        return None
    return ["".join(letters) for letters in itertools.product(*options)]


def key(word: str) -> str:
    """How a lemma is compared: folded ("médecin" -> "medecin", so "medecin" typed without
    accents meets it), except a word whose folded form is shared by two French words or
    more (``ambiguous``: "marché" / "marche", "côte" / "côté", "élève" / "élevé"), which
    keeps its accents: a market is not a walk. The same word typed without accents
    ("marche") stays what it is as typed. Stop words are always folded."""
    lower = word.lower().replace("’", "'")
    folded = fold(lower)
    if folded == lower or folded in STOP_WORDS or not ambiguous(folded):
        return folded
    return lower


@lru_cache(maxsize=50_000)
def ambiguous(folded: str) -> bool:
    """True when two spellings or more of ``folded`` (itself and its accented ``spellings``)
    are French headwords, each its own lemma in simplemma's dictionary ("marche": "marche",
    "marché"; not "menage": "ménagé" is a form of "ménager", so "ménage" is the one word); a
    word with too many spellings to try is taken as unambiguous."""
    from participation.analysis.french_spellings import known_spellings  # imports this module

    found = [s for s in known_spellings(folded) or () if lemmatize(s) == s]
    return len(found) > 1


_TERMS = textcache.PerText()  # text -> ``terms``
_WRITTEN = textcache.PerText()  # text -> ``_written``
textcache.register(fold.cache_clear)  # folds whole texts too
textcache.register(lemma.cache_clear)


# "rien à faire", "plus rien à voir": the verb after "rien à" is what residents lack (French
# grammar: "rien à" + infinitive), kept even when it is a stop word elsewhere.
LACK_BEFORE_INFINITIVE = ("rien", "a")


def terms(text: str) -> list[str]:
    """Content terms of a text: folded lemmas, stop words removed, except the verb of "rien à
    faire" (``LACK_BEFORE_INFINITIVE``: "il n'y a rien à faire ici" -> ["faire"]). Kept per
    text in the process (``textcache``: the suggestion model reads its reviewed texts' terms
    at every rebuild); a new list each call."""
    return list(_TERMS.get("", text, _terms))


def _terms(text: str) -> tuple[str, ...]:
    """``terms`` computed (not kept)."""
    tokens = tokenize(text)
    lemmas = [lemma(t) for t in tokens]
    lacked = {i for i in range(2, len(tokens))
              if tuple(fold(t) for t in tokens[i - 2:i]) == LACK_BEFORE_INFINITIVE}
    return tuple(t for i, t in enumerate(lemmas)
                 if len(t) > 1 and (i in lacked or t not in STOP_WORDS))


def lack(text: str) -> str:
    """The first "rien à" + infinitive of ``text`` as written ("il n'y a rien à faire ici" ->
    "rien à faire"); "" when none (``LACK_BEFORE_INFINITIVE``)."""
    words = list(WORD_RE.finditer((without_contacts(text) or "").replace("’", "'")))
    for first, second, verb in zip(words, words[1:], words[2:], strict=False):
        if (fold(first.group()), fold(second.group())) == LACK_BEFORE_INFINITIVE:
            return text[first.start():verb.end()]
    return ""


# French prepositions of place (folded): the noun they introduce says where, not what ("le
# raccourci derrière l'école est dangereux": the school is where the danger is). Grammar of
# the language, the same for every questionnaire.
LOCATIVES = frozenset({"devant", "derriere", "pres", "cote", "face", "autour", "long"})
DETERMINERS = frozenset("""a au aux ce ces cet cette d de des du l la le les leur leurs ma mes
mon nos notre sa ses son un une""".split())


# "pour" followed by a determiner introduces for whom a thing is wanted ("un local pour les
# jeunes", "du soutien pour ma fille"): the noun says who, the words before it say what. Without
# a determiner it says what for ("pour apprendre"), and is left alone.
BENEFICIARIES = frozenset({"pour"})


def place_words(text: str) -> set[str]:
    """Lower-case words that follow a preposition of place (``LOCATIVES``, then determiners):
    "devant l'école" -> {"école"}, "à côté de la pharmacie" -> {"pharmacie"}."""
    return _after(tokenize(text), LOCATIVES, need_determiner=False)


def role_words(text: str) -> set[str]:
    """Words that say where or for whom, not what: ``place_words`` and the noun after "pour" and
    a determiner ("une fête pour les enfants" -> {"enfants"})."""
    tokens = tokenize(text)
    return place_words(text) | _after(tokens, BENEFICIARIES, need_determiner=True)


def _after(tokens: list[str], prepositions: frozenset, need_determiner: bool) -> set[str]:
    """First non-determiner word within three tokens after one of ``prepositions``."""
    found = set()
    for i, token in enumerate(tokens):
        if need_determiner and (i + 1 >= len(tokens) or fold(tokens[i + 1]) not in DETERMINERS):
            continue
        if fold(token) in prepositions:
            rest = [t for t in tokens[i + 1:i + 4] if fold(t) not in DETERMINERS]
            following = tokens[i + 1:i + 4]
            if rest and following and rest[0] in following:
                found.add(rest[0])
    return found


def segments(text: str) -> list[str]:
    """Split an answer into the needs it lists ("un coiffeur et des bancs" -> two); contacts
    and masking placeholders left out (``privacy.masking.without_contacts``)."""
    return [s.strip() for s in SEGMENT_RE.split(without_contacts(text) or "")
            if s and s.strip()]


def bigrams(term_list: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in zip(term_list, term_list[1:], strict=False)]


def terms_frame(texts: pd.Series) -> pd.DataFrame:
    """One row per (doc, term), each term once per doc: the input of every count."""
    exploded = texts.fillna("").map(terms).explode().dropna()
    frame = pd.DataFrame({"doc": exploded.index, "term": exploded.to_numpy()})
    return frame.drop_duplicates(ignore_index=True)


def written_forms(texts: pd.Series) -> dict[str, dict[str, int]]:
    """Folded lemma -> {form as written: count}; an answer's first word is taken in lower case
    (its capital says nothing) unless it is in capitals (an acronym: "CAF"). Each text's
    (lemma, form) pairs are kept per text (``textcache``), the counts summed each call."""
    counts: dict[str, dict[str, int]] = {}
    for text in texts.fillna(""):
        for term, form in _WRITTEN.get("", text, _written):
            forms = counts.setdefault(term, {})
            forms[form] = forms.get(form, 0) + 1
    return counts


def _written(text: str) -> tuple[tuple[str, str], ...]:
    """(folded lemma, form as written) of each word of ``text``, in order (``written_forms``)."""
    words = WORD_RE.findall(without_contacts(text).replace("’", "'"))
    return tuple((lemma(word.lower()), word.lower() if i == 0 and not word.isupper() else word)
                 for i, word in enumerate(words))


def surface_forms(texts: pd.Series, only: set[str] | None = None) -> dict[str, str]:
    """Folded lemma -> the residents' own spelling of it: the most frequent written form (lower
    case), an accented form winning over the same word typed without accents ("médecin" even
    when most wrote "medecin"), a proper noun keeping its capital ("Foch"). ``only``: the
    lemmas wanted (``best_forms``), every one when None."""
    return best_forms(written_forms(texts), only)


def best_forms(written: dict[str, dict[str, int]],
               only: set[str] | None = None) -> dict[str, str]:
    """``surface_forms`` from ``written_forms``' counts, for the lemmas of ``only`` (every one
    when None): the same spelling per lemma, without choosing one for lemmas nobody reads."""
    return {term: _best_form(forms, term) for term, forms in written.items()
            if only is None or term in only}


def proper_names(texts: pd.Series) -> set[str]:
    """Folded terms written with a capital letter in most of their uses: places, people."""
    return {term for term, forms in written_forms(texts).items() if proper_noun(forms)}


def _best_form(forms: dict[str, int], term: str = "") -> str:
    """The form said most often; on a tie, the one written closest to the term ("médecin"
    rather than "toubib" for the lemma "medecin"), then the first in alphabetical order. A
    spelling of it with accents wins: a French word first (``known``: "âgées" over a more
    frequent "agées", which drops the accent other residents typed), then the most
    frequent."""
    lowered: dict[str, int] = {}
    for form, n in forms.items():
        key = form if form.isupper() and len(form) > 1 else form.lower()
        lowered[key] = lowered.get(key, 0) + n
    if proper_noun(forms):
        return max(forms, key=lambda f: (forms[f], f))
    best = max(lowered, key=lambda f: (lowered[f], fuzz.ratio(fold(f), term), f))
    # with an accent (an acronym's capitals are none: "VOISINS" is not "voisins" accented)
    accented = [f for f in lowered if fold(f) == fold(best) and f.lower() != fold(f)]
    if not accented:
        return best
    chosen = max(accented, key=lambda f: (known(f.lower()), lowered[f], f))
    return chosen.lower() if chosen.isupper() and not best.isupper() else chosen  # "MÉDECIN"


def proper_noun(forms: dict[str, int]) -> bool:
    """Written with a capital letter (not in capitals) in most of its occurrences: a place or a
    person ("Foch", "Pasteur", "Hazebrouck"), not a need."""
    capital = sum(n for f, n in forms.items() if f[:1].isupper() and not f.isupper())
    return capital > sum(forms.values()) / 2


def readable(term: str, forms: dict[str, str]) -> str:
    """A term or two-word phrase in the residents' spelling ("espace_vert" -> "espace vert")."""
    return " ".join(forms.get(part, part.replace("_", " ")) for part in term.split(" "))


def key_terms(texts: pd.Series, top: int = 20, with_bigrams: bool = True) -> pd.DataFrame:
    """The words that come back: ``frequent_words.key_terms`` (nouns and adjectives, the
    expressions residents write whole, counted in texts; DataFrame[term, count, label])."""
    from participation.analysis import frequent_words  # reads the tagger: imports this module

    return frequent_words.key_terms(texts, top, with_bigrams)
