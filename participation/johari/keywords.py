"""Suggest challenges for a short text from the challenges' keywords (pure functions).

Simple on purpose, so a facilitator can see why a tag was suggested:
- text and keywords are lowercased and stripped of accents ("Sécurité" = "securite");
- words are split on anything that is not a letter or a digit ("mobil'haz" = "mobil haz");
- a final "s" or "x" is ignored, so singular and plural match ("commerce" = "commerces");
- a keyword of several words matches when they follow each other in the text.
Each suggestion carries the keyword that matched.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from participation.privacy.masking import without_contacts

WORD_RE = re.compile(r"[a-z0-9]+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def singular(word: str) -> str:
    """Drop one final s or x of words longer than three letters (French plurals)."""
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else word


def words(text: str) -> list[str]:
    """Lowercased, accent-free, singular words of a text, in order."""
    return [singular(w) for w in WORD_RE.findall(
        strip_accents(without_contacts(text) or "").lower())]


@dataclass(frozen=True)
class Suggestion:
    challenge_id: int
    keyword: str


def _contains(haystack: list[str], needle: list[str]) -> bool:
    size = len(needle)
    return size > 0 and any(haystack[i:i + size] == needle
                            for i in range(len(haystack) - size + 1))


def suggest(text: str, challenges: Iterable[tuple[int, list[str]]]) -> list[Suggestion]:
    """One suggestion per challenge whose keyword occurs in ``text`` (first keyword wins).

    ``challenges`` are ``(challenge id, keywords)`` pairs, in tree order.
    """
    tokens = words(text)
    found: list[Suggestion] = []
    for challenge_id, keywords in challenges:
        keyword = next((k for k in keywords if _contains(tokens, words(k))), None)
        if keyword is not None:
            found.append(Suggestion(challenge_id, keyword))
    return found
