"""A named private person and a postal address written in free text, found to be masked.

A resident writes "Mr Martin du 12 rue Pasteur fait du bruit toute la nuit" or "Mme Dupont la
gardienne…" in a free-text answer (coordinator tester t25coord): the answer is anonymous, the
neighbour it names is not. ``privacy.masking`` replaces what this module finds by « [nom
masqué] » and « [adresse masquée] » wherever it masks phones and e-mails.

What is a person (``person_spans``): a civil or professional title ("M.", "Mr", "Monsieur",
"Mme", "Madame", "Mlle", "Mademoiselle", "Dr", "Docteur", "Pr", "Maître"/"Me"…, any case
for the unambiguous ones, ``TITLES``) followed, on the same line, by a name — capitalised
words ("Martin", "Jean-Pierre Martin", "J. Martin", "DUPONT") with the particles between them
("de La Fontaine", "Le Gall", "El Amrani") — or by one lower-case word French does not know
("mme dupont": simplemma's French dictionary, the one the analyses use). Not a person:

- a title followed by an article or a determiner ("Mme la maire", "Monsieur le directeur":
  a function, Grevisse § 588), or by a function noun ("Madame La Maire", ``FUNCTIONS``);
- a title inside a place's name ("rue du Docteur Roux", "école Madame de Sévigné"): a place
  word (``PLACE_WORDS``) and particles only before it;
- "M", "Me" and "Pr" without a capital, or before a lower-case word (SMS "pr" is "pour");
  "docteur", "professeur", "maître" (common nouns too: "un professeur particulier") before a
  lower-case word.

What is an address (``address_spans``): a house number (with "bis", "ter", a letter, a range
"12-14", "n°") then a street type ("rue", "avenue", "bd"…) and the street's name — "12 rue
Pasteur", "3 bis avenue Foch"; or a dwelling's number ("appartement 12", "appt 12"). The
quartier's geography residents talk about stays: "rue Pasteur", "résidence Foch", "bâtiment
B" (a building of many households), a place or institution's name. An ambiguous street type
("place", "cours", "chemin"…: "2 place de parking", "3 cours de français") needs a
capitalised name.

Spans are (start, end, kind) character offsets, kind ``PERSON`` or ``ADDRESS``; a text's spans
are kept in the process (``mention_spans``, ``analysis.textcache.PerText``), emptied at every
erasure like the analyses' per-text results (``core.forgetting``: no text of a person stays
in memory after an erasure).
"""
from __future__ import annotations

import re

from participation.analysis.textcache import PerText
from participation.core.textsearch import fold

PERSON, ADDRESS = "person", "address"
_SPANS = PerText()  # (known names' key, text) -> ``mention_spans`` as a tuple

# title forms, longest first inside each family; "." belongs to an abbreviation only
WORD_TITLES = ("messieurs", "monsieur", "mesdames", "madame", "mesdemoiselles", "mademoiselle",
               "docteure", "docteur", "professeure", "professeur", "maître", "maitre")
ABBREVIATED_TITLES = ("mmes", "mme", "mlles", "mlle", "melle", "mle", "mrs", "mr", "ms", "mm",
                      "dr", "pr", "me", "m")
TITLES = WORD_TITLES + ABBREVIATED_TITLES
CAPITAL_ONLY = {"m", "me", "pr", "ms"}  # common words or abbreviations in lower case
# titles that are common nouns too ("un professeur particulier"), and "dr" residents write for
# the noun ("medecin dr parti", "le dr est en retraite": the analyses' evaluation answers were
# blanked as a name): a capitalised name only
NOUN_TITLES = {"docteur", "docteure", "professeur", "professeure", "maitre", "maître", "dr"}
# "\b(?=[dmp])": every title starts so, which spares the alternatives at any other place
_TITLE_RE = re.compile(r"\b(?=[dmpDMP])(?<![.@])(?:(?:" + "|".join(WORD_TITLES) + r")|(?:"
                       + "|".join(ABBREVIATED_TITLES) + r")(?:\.(?!\w))?)(?![\w'’@.-])",
                       re.IGNORECASE)
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_WORD_RE = re.compile(r"[ \t\u00a0\u202f]+([^\W\d_](?:[\w'’-]*[^\W\d_])?\.?)")
ARTICLES = {"le", "la", "les", "l'", "l’", "un", "une", "des", "du", "ce", "cette", "mon", "ma",
            "mes", "ton", "ta", "son", "sa", "ses", "notre", "nos", "votre", "vos", "leur",
            "leurs", "et", "ou", "qui", "que", "est", "a", "au", "aux", "en", "pour", "par"}
# lower-case words that follow a title without being a name (besides ``ARTICLES``): grammar,
# adverbs, greetings ("merci madame pour tout", "bonjour monsieur je…", "madame bonne journée")
GRAMMAR = {"de", "d", "l", "au", "aux", "ce", "cet", "ces", "mais", "donc", "or", "ni", "car",
           "quoi", "dont", "y", "on", "je", "tu", "il", "elle", "ils", "elles", "nous", "vous",
           "lui", "eux", "se", "me", "te", "moi", "toi", "ca", "cela", "ceci", "voila",
           "voici", "dans", "sur", "sous", "avec", "sans", "chez", "vers", "entre", "contre",
           "depuis", "pendant", "apres", "avant", "comme", "si", "ne", "n", "pas", "plus",
           "moins", "tres", "trop", "bien", "mal", "aussi", "encore", "deja", "toujours",
           "jamais", "souvent", "vraiment", "tout", "toute", "tous", "toutes", "merci",
           "bonjour", "bonsoir", "svp", "stp", "bon", "bonne", "bonnes", "cher", "chere",
           "oui", "non", "ici", "la", "quand", "comment", "pourquoi", "alors", "puis", "meme",
           "seul", "seule", "madame", "monsieur", "mademoiselle", "messieurs", "mesdames"}
INFINITIVES = ("er", "ir", "re", "oir")  # a verb's lemma ends so
MAX_LOWER_WORDS = 3  # "monsieur jean pierre martin" is masked up to "pierre"
PARTICLES = {"de", "du", "des", "d'", "d’", "le", "la", "les", "l'", "l’", "van", "von", "der",
             "den", "ben", "bin", "ibn", "el", "al", "da", "di", "dos", "das", "del", "della",
             "mac", "st", "saint", "sainte"}
FUNCTIONS = {"maire", "adjoint", "adjointe", "prefet", "prefete", "president", "presidente",
             "directeur", "directrice", "principal", "principale", "proviseur", "proviseure",
             "gardien", "gardienne", "commissaire", "depute", "deputee", "senateur",
             "senatrice", "conseiller", "conseillere", "ministre", "juge", "cure", "imam",
             "rabbin", "delegue", "deleguee", "responsable", "chef", "cheffe", "inspecteur",
             "inspectrice", "docteur", "docteure", "professeur", "professeure", "maitre",
             "maitresse", "bailleur", "agent", "agente", "educateur", "educatrice",
             "procureur", "procureure", "sous-prefet", "sous-prefete", "secretaire",
             "tresorier", "tresoriere", "vice-president", "vice-presidente", "recteur",
             "rectrice", "commandant", "commandante", "capitaine", "colonel", "general",
             "lieutenant", "brigadier", "abbe", "pere", "soeur", "frere"}
PLACE_WORDS = {"rue", "avenue", "av", "boulevard", "bd", "allee", "impasse", "place", "square",
               "chemin", "route", "quai", "cours", "passage", "residence", "cite", "ecole",
               "college", "lycee", "groupe", "scolaire", "gymnase", "stade", "centre",
               "hopital", "clinique", "maison", "salle", "mediatheque", "bibliotheque", "parc",
               "jardin", "espace", "foyer", "creche", "ehpad", "pharmacie", "fondation",
               "association", "institut", "pole", "complexe", "piscine"}
STREET_TYPES = ("rue", "avenue", "av.", "boulevard", "bd", "bld", "allée", "allee", "impasse",
                "imp.", "rond-point")
AMBIGUOUS_STREET_TYPES = ("place", "pl.", "square", "chemin", "route", "rte", "quai", "cours",
                          "passage", "résidence", "residence", "cité", "cite", "villa",
                          "sentier", "voie", "mail", "esplanade", "parvis", "promenade",
                          "hameau", "lotissement", "faubourg", "lieu-dit")
_TYPES = "|".join(re.escape(t) for t in sorted(STREET_TYPES + AMBIGUOUS_STREET_TYPES,
                                                   key=len, reverse=True))
_ADDRESS_RE = re.compile(
    r"(?<![\w,.°/-])(?=[nN\d])(?:n[°o]\.?\s*)?\d{1,4}(?:\s*[-/]\s*\d{1,4})?"
    r"(?:\s*(?:bis|ter|quater|[a-d])(?![\w'’]))?\s*,?\s+(?P<type>" + _TYPES + r")(?![\w'’-])",
    re.IGNORECASE)
_DWELLING_RE = re.compile(
    r"\b(?=[aAlL])(?<!['’])(?:appartement|appart|appt|apt|logement)\.?\s*"
    r"(?:n[°o]\.?\s*|num[ée]ro\s*)?\d{1,4}[a-z]?(?!\w)", re.IGNORECASE)
_DIGIT_RE = re.compile(r"\d")


def _capitalised(word: str) -> bool:
    return word[0].isupper()


def _known_word(word: str) -> bool:
    """A French word of simplemma's dictionary (shipped in its wheel), lower case."""
    import simplemma

    return simplemma.is_known(word.lower(), lang="fr")


def _lower_name(word: str) -> bool:
    """Whether a lower-case word after a title reads as a name ("dupont", "martin", "jean"):
    not grammar (``ARTICLES``, ``GRAMMAR``), a function (``FUNCTIONS``) nor a verb's form
    (simplemma's lemma an infinitive other than the word: "est", "habite", "dit"); a lemma
    simplemma capitalises ("jean" -> "Jean") is a first name."""
    import simplemma

    word = word.rstrip(".").lower()
    folded = fold(word)
    if len(folded) < 2 or folded in ARTICLES or folded in GRAMMAR or folded in FUNCTIONS:
        return False
    lemma = simplemma.lemmatize(word, lang="fr")
    return lemma == word or lemma[:1].isupper() or not lemma.endswith(INFINITIVES)


def _lower_name_end(text: str, first: re.Match) -> int:
    """The end of a name typed in lower case, from its ``first`` word: up to
    ``MAX_LOWER_WORDS`` words reading as a name ("monsieur jean martin")."""
    end, count = first.end(), 1
    while count < MAX_LOWER_WORDS and (found := _WORD_RE.match(text, end)) is not None \
            and not _capitalised(found.group(1)) and _lower_name(found.group(1)):
        end, count = found.end(), count + 1
    return end


def in_place_name(text: str, start: int) -> bool:
    """Whether the title at ``start`` follows a place word and particles only ("rue du
    Docteur Roux", "école Madame de Sévigné"): the last three words before it."""
    before = _LETTERS_RE.findall(fold(text[max(0, start - 60):start]))[-3:]
    for word in reversed(before):
        if word in PLACE_WORDS:
            return True
        if word not in PARTICLES and word not in ("d", "l"):  # "d'", "l'" elided
            return False
    return False


def _name_end(text: str, pos: int, capital_only: bool) -> int | None:
    """The end of the name after a title ending at ``pos`` (see the module), None when what
    follows is no person's name."""
    first = _WORD_RE.match(text, pos)
    if first is None:
        return None
    word = first.group(1)
    folded = fold(word.rstrip("."))
    if not _capitalised(word) and (folded not in PARTICLES or folded in ARTICLES):
        return None if capital_only or not _lower_name(word) else _lower_name_end(text, first)
    end, at, content = None, pos, 0
    while (found := _WORD_RE.match(text, at)) is not None:
        word = found.group(1)
        folded = fold(word.rstrip("."))
        if folded in PARTICLES or folded.endswith(("'", "’")):
            at = found.end()  # a particle counts only before a capitalised word
            continue
        if not _capitalised(word) or fold(word) in TITLES:
            break
        if content == 0 and folded in FUNCTIONS:
            return None
        end, at, content = found.end(), found.end(), content + 1
    return end


def person_spans(text: str) -> list[tuple[int, int, str]]:
    """[(start, end, ``PERSON``)] of every title with a private person's name in ``text``
    ("Mr Martin", "Mme Dupont", "M. Jean-Pierre de La Fontaine"), title included."""
    spans = []
    for match in _TITLE_RE.finditer(text):
        title = match.group().rstrip(".")
        capital_only = title.lower() in CAPITAL_ONLY
        if capital_only and not _capitalised(title):
            continue
        end = _name_end(text, match.end(),
                        capital_only or title.lower() in NOUN_TITLES or title.lower() == "mm")
        if end is not None and not in_place_name(text, match.start()):
            spans.append((match.start(), end, PERSON))
    return spans


def _street_end(text: str, pos: int, strict: bool) -> int | None:
    """The end of a street's name after its type ending at ``pos``: particles then
    capitalised words ("de la Paix", "Jean Jaurès"), or, unless ``strict`` (an ambiguous
    type), a lower-case word and the next ones French does not know ("victor hugo"); None
    without a name."""
    end, at, lower = None, pos, False
    while (found := _WORD_RE.match(text, at)) is not None:
        word, folded = found.group(1), fold(found.group(1))
        if folded in PARTICLES or folded.endswith(("'", "’")):
            at = found.end()
            continue
        if _capitalised(word) and not lower:
            end = at = found.end()
            continue
        first_lower = end is None and not strict and folded not in ARTICLES
        if not first_lower and not (lower and not _known_word(word)):
            break
        end = at = found.end()  # "rue pasteur", "rue victor hugo": unknown words go on
        lower = True
    return end


def address_spans(text: str) -> list[tuple[int, int, str]]:
    """[(start, end, ``ADDRESS``)] of every house number with its street ("12 rue Pasteur",
    "3 bis avenue Foch") and dwelling number ("appartement 12") in ``text``."""
    if _DIGIT_RE.search(text) is None:  # both need a number: most texts are spared
        return []
    spans = [(m.start(), m.end(), ADDRESS) for m in _DWELLING_RE.finditer(text)]
    for match in _ADDRESS_RE.finditer(text):
        strict = match.group("type").lower() in AMBIGUOUS_STREET_TYPES
        end = _street_end(text, match.end(), strict)
        if end is not None:
            spans.append((match.start(), end, ADDRESS))
    return spans


def mention_spans(text) -> list[tuple[int, int, str]]:
    """The persons and addresses of ``text`` (``person_spans``, ``address_spans``, the
    full names the territory holds written without a title: ``known_names``, and the names
    a resident gives of themself, « je m'appelle Karima Benali »: ``self_names``), sorted,
    overlapping ones merged (the kind of the first kept); [] for anything not a string.
    Kept per (known names' ``key``, text) in the process (``textcache.PerText``, emptied
    at every erasure): the analyses mask the same texts again after each new answer."""
    if not isinstance(text, str) or not text:
        return []
    from participation.privacy.known_names import current

    known = current()
    return list(_SPANS.get(known.key if known else "", text,
                           lambda t: tuple(_mention_spans(t, known))))


def names_key() -> str:
    """The ``key`` of the known names ``mention_spans`` reads now (``known_names.current``),
    "" without any: what a result masked with them is kept under."""
    from participation.privacy.known_names import current

    known = current()
    return known.key if known else ""


def _mention_spans(text: str, known) -> list[tuple[int, int, str]]:
    from participation.privacy.self_names import known_words, self_name_spans

    named = [(start, end, PERSON) for start, end in known.spans(text)] if known else []
    named += [(start, end, PERSON) for start, end in self_name_spans(text, *known_words(known))]
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(person_spans(text) + address_spans(text) + named):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), merged[-1][2])
        else:
            merged.append((start, end, kind))
    return merged


def replace_spans(text: str, spans, replacement) -> str:
    """``text`` with each span replaced by ``replacement(match text, kind)``."""
    pieces, last = [], 0
    for start, end, kind in spans:
        pieces += [text[last:start], replacement(text[start:end], kind)]
        last = end
    return "".join(pieces) + text[last:]


def names_mentioned(text) -> list[str]:
    """The names of the persons ``text`` mentions, title left out, as written ("Mr Martin du
    12 rue Pasteur" -> ["Martin"]); the privacy search matches a name typed against them."""
    found = []
    for start, end, _kind in (s for s in mention_spans(text) if s[2] == PERSON):
        title = _TITLE_RE.match(text, start)
        found.append(" ".join(text[title.end() if title else start:end].split()))
    return found
