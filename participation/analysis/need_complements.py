"""A noun that names a need only with its complement: « aire de jeux », never « aire » alone.

Issue #13 (tester t28coord): the rows of ``need_rows`` are keyed by an answer's first noun,
so « Réseau » held « créer un réseau de partenaires » and « un réseau de bus », « Difficulté »
five answers on five subjects (« difficulté d'accès à la pharmacie », « difficulté à trouver
des stages »), « Aire » the « aire de jeux » and the « aire sportive », and drafts printed
« …relèvent comme point faible « difficulté » ». Such a noun heads a prepositional complement
("de", "à" + noun: French puts the object of a relational noun after it) and the need is
the whole phrase. Read from the answers, not from a list: when **every** answer of a row
writes its noun with a complement (a prepositional one, or an adjective: "aire sportive"),
the noun alone names nothing the residents said, and each answer goes to the row of its
noun and complement ("aire de jeu", "reseau de bus", "difficulte de acces"). A row where
one answer at least writes the noun bare ("un médecin", "le bus") keeps every answer: the
noun names the need ("médecin de famille" is a médecin). Pure; the tagger is ``nouns``'.
"""
from __future__ import annotations

from participation.analysis import nouns
from participation.analysis import text as tx

QUOTES = frozenset('"«»“”')  # a name quoted after a noun is its complement: l'action « X »
# what may follow a noun as its complement: an adjective, a noun (a compound, a quoted name),
# a participle or an infinitive after a preposition (the tagger's VERB)
EPITHETS = ("ADJ", "NOUN", "PROPN", "VERB")
# the prepositions that head a noun's complement (folded) -> as a key writes them
LINKS = {"de": "de", "d": "de", "du": "de", "des": "de", "a": "a", "au": "a", "aux": "a",
         "en": "en", "pour": "pour", "sur": "sur", "contre": "contre", "avec": "avec"}


def complement(text: str, head: str) -> str | None:
    """The complement of the first noun of ``text`` whose folded lemma is ``head``, as a key's
    words: its preposition ("de", "à", "en", "pour"...: ``LINKS``) and noun or infinitive
    ("de jeu", "a trouver", folded lemmas), or the adjective, noun (quoted or not) or
    participle written right after it ("sportif", "mobilite", "mettre"); None when it is
    written bare ("un réseau", "aire" at the end) or not found."""
    words = nouns.tagged([text])[0]
    for i, (word, pos, _s, _e) in enumerate(words):
        if pos not in ("NOUN", "PROPN", "ADJ") or tx.lemma(word.lower()) != head:
            continue
        if i + 2 < len(words) and words[i + 1][0] in QUOTES and words[i + 2][0].isalpha():
            return tx.lemma(words[i + 2][0].lower())  # le dispositif « je veux aider »
        after = words[i + 1:i + 4]
        if after and after[0][1] in EPITHETS and after[0][0].isalpha():
            return tx.lemma(after[0][0].lower())  # "aire sportive", "actions mises en place"
        link = LINKS.get(tx.fold(after[0][0]).rstrip("'")) if after else None
        rest = [w for w in after[1:] if w[1] != "DET"][:1]
        if link and rest and rest[0][1] in EPITHETS:  # "de jeux", "à trouver", "de nuisibles"
            return f"{link} {tx.lemma(rest[0][0].lower())}"
        return None
    return None


def split_by_complement(members: dict[str, list[int]],
                        texts: dict[int, str]) -> dict[str, list[int]]:
    """``members`` (row key -> answers, positions in ``texts``: the answers as the rows read
    them) with each row of one noun (a key of one word) whose every answer writes that noun
    with a complement (``complement``) split into the rows of the noun and each complement
    ("aire" -> "aire de jeu", "aire sportif"; joined to a row of that key already there);
    the other rows unchanged. Returns a new dict."""
    found: dict[str, list[int]] = {}
    for key, answers in members.items():
        said = {p: complement(texts[p], key) for p in answers} if " " not in key else {}
        if said and all(said.values()):
            for p, words in said.items():
                found.setdefault(f"{key} {words}", []).append(p)
        else:
            found.setdefault(key, []).extend(answers)
    return {key: sorted(answers) for key, answers in found.items()}
