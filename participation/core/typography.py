"""French typography: no-break spaces where French puts them, so that a "!" or a "»" never
starts a line on its own (a 360 px phone wraps anywhere a normal space is).

Rules (Lexique des règles typographiques en usage à l'Imprimerie nationale):
- a narrow no-break space (U+202F) before ``! ? ;``, a no-break space (U+00A0) before ``:``,
  replacing the ordinary space typed there, or added when a word is directly followed by
  the sign and then a space or the end ("Merci!" -> "Merci !");
- a no-break space after « and before »;
- figures: a narrow no-break space between a number and ``%`` ("27 %", "27%" ->
  "27\u202f%", so "(27" / "%)" never wrap apart, found by a tester in the section) and
  between the groups of three digits of a number ("1 234 567" -> "1\u202f234\u202f567",
  as Babel's CLDR French grouping writes it).
- a run of signs gets one space, before its first sign: "Vraiment ?!" and "Des médecins !!!"
  never become "!! !" (found by a tester: a resident's "!!!" printed split); a sign after
  another and a space still gets its own ("vous ? : Indiquez" -> "vous\u202f?\u00a0:").
Never touched: a sign not followed by a space (``12:30``, ``https://``, ``?q=``), HTML
entities (``&amp;``), and in ``french_html`` the tags, their attributes and the content of
``script``, ``style``, ``textarea``, ``pre``, ``code`` (what a person types is kept as typed)
and ``option`` (a choice never wraps, and is picked by its exact text).
Residents' words are never touched (issue #13: a quote is an exact substring of what was
written, "sensibilisation: octobre" stays so): the text between a top-level « and its »
(only the spaces next to the guillemets become no-break), and a text marked by ``said``
(the Unicode isolates FSI U+2068 … PDI U+2069 around it, which ``french`` and ``french_html``
take off: they never leave the server).

``french_html`` is applied to every French HTML page (``core.templating``: the page's
``<html lang>`` decides), ``french`` is the Jinja filter ``fr_typo`` and is applied to the
participation section written in French (DOCX/ODT).
"""
from __future__ import annotations

import re

NBSP, NNBSP = "\u00a0", "\u202f"
SAID_OPEN, SAID_CLOSE = "\u2068", "\u2069"
_SAID = re.compile("\u2068([^\u2068\u2069]*)\u2069")
_BEFORE = re.compile(r"(?:(?<=[^\s!?;:])\s*|(?<=[!?;:])\s+|^\s*)([!?;:])(?=\s|$|[!?])")
_OPEN = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE = re.compile(r"[ \u00a0\u202f]*»")
_PERCENT = re.compile(r"(?<=\d)[ \u00a0\u202f]?%(?!\w)")
_THOUSANDS = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u00a0]\d{3})+(?![\w])")
_ENTITY = re.compile(r"(&#?\w+;)")
_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_RAW = ("script", "style", "textarea", "pre", "code", "option")


def _before(match: re.Match) -> str:
    sign = match.group(1)
    return (NBSP if sign == ":" else NNBSP) + sign


def _plain(text: str) -> str:
    text = _THOUSANDS.sub(lambda m: re.sub("[ \u00a0]", NNBSP, m.group()), text)
    text = _PERCENT.sub(NNBSP + "%", text)
    text = _BEFORE.sub(_before, text)
    text = re.sub(rf"([!?])[{NNBSP}]([!?])", r"\1\2", text)  # "?!" stays one group
    return _CLOSE.sub(NBSP + "»", _OPEN.sub("«" + NBSP, text))


def said(text: str) -> str:
    """``text`` marked as someone's own words, which ``french`` keeps as written ("" and None
    as they are)."""
    return f"{SAID_OPEN}{text}{SAID_CLOSE}" if text else text


def unmark(text: str) -> str:
    """``text`` without the marks of ``said``."""
    return text.replace(SAID_OPEN, "").replace(SAID_CLOSE, "") if text else text


def _quoted(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into (verbatim, part): a top-level « … » pair (nested ones inside it
    kept) is verbatim; an unpaired guillemet leaves the rest as product text."""
    parts, start, depth, opened = [], 0, 0, 0
    for index, char in enumerate(text):
        if char == "«":
            if depth == 0:
                parts.append((False, text[start:index]))
                opened = index
            depth += 1
        elif char == "»" and depth:
            depth -= 1
            if depth == 0:
                parts.append((True, text[opened:index + 1]))
                start = index + 1
    parts.append((False, text[opened if depth else start:]))
    return parts


def _quote(part: str) -> str:
    """« words »: no-break spaces next to the guillemets, the words as written."""
    return f"«{NBSP}{part[1:-1].strip(' ' + NBSP + NNBSP)}{NBSP}»"


def _product(text: str) -> str:
    return "".join(part if _ENTITY.fullmatch(part) else _plain(part)
                   for part in _ENTITY.split(text))


def french(text: str) -> str:
    """Plain text with French no-break spaces (entities such as ``&amp;`` kept whole), the
    residents' words (``said`` marks, top-level « … ») kept as written, the marks taken off."""
    if not text:
        return text
    out = []
    for index, chunk in enumerate(_SAID.split(text)):
        if index % 2:
            out.append(chunk)
            continue
        out.extend(_quote(part) if verbatim else _product(part)
                   for verbatim, part in _quoted(chunk))
    return unmark("".join(out))


def french_html(html: str) -> str:
    """``french`` applied to the text between the tags of an HTML document only."""
    out, raw = [], None
    for part in _TAG.split(html):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            tag = name.group(1).lower() if name else ""
            if raw is None and tag in _RAW and not part.startswith("</") \
                    and not part.endswith("/>"):
                raw = tag
            elif raw == tag and part.startswith("</"):
                raw = None
            out.append(part)
        else:
            out.append(unmark(part) if raw else french(part))
    return "".join(out)


# Place nouns that take an article in French: "au centre social", "à la salle des fêtes".
_MASCULINE = {"centre", "gymnase", "espace", "local", "foyer", "théâtre", "collège", "lycée",
              "stade", "parc", "club", "complexe", "pôle", "jardin", "marché", "square"}
_FEMININE = {"salle", "maison", "mairie", "médiathèque", "école", "bibliothèque", "résidence",
             "place", "halle", "ludothèque", "cité", "maison de quartier"}
_VOWELS = "aeiouyàâéèêëîïôûüœh"


def at_place(place: str, language: str = "fr") -> str:
    """French "à" before a place, with the article a common noun needs: "Centre social" ->
    "au centre social", "Salle des fêtes" -> "à la salle des fêtes", "École Jules Ferry" ->
    "à l’école Jules Ferry", "la mairie" -> "à la mairie", "Hazebrouck" -> "à Hazebrouck".
    In English "at Centre social"; in any other language than French (easy-read French
    included) the place alone, the catalogue's sentence carrying the preposition."""
    place = " ".join((place or "").split())
    if language == "en":
        return "at " + place
    if language.split("-")[0] != "fr":
        return place
    lowered = place.lower()
    for article, contracted in (("le ", "au "), ("les ", "aux "), ("la ", "à la "),
                                ("l’", "à l’"), ("l'", "à l’")):
        if lowered.startswith(article):
            return contracted + place[len(article):]
    noun = lowered.split(" ", 1)[0]
    if noun in _MASCULINE | _FEMININE:
        common = lowered[:1] + place[1:]
        if noun[:1] in _VOWELS and noun != "halle":
            return "à l’" + common
        return ("au " if noun in _MASCULINE else "à la ") + common
    return "à " + place


def of_name(name: str, language: str = "fr") -> str:
    """French "de" before a first name, elided before a vowel: "d’Awa", "de Nadia"; the
    name alone in any other language."""
    name = (name or "").strip()
    if language.split("-")[0] != "fr":
        return name
    return ("d’" if name[:1].lower() in _VOWELS.replace("h", "") else "de ") + name
