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
Residents' words are never touched (issue #13, a quote is an exact substring of what was
written, "sensibilisation: octobre" stays so), whatever characters they hold:
- a text marked by ``said``: the Unicode isolates FSI U+2068 … PDI U+2069 around it, the
  person's own FSI, PDI and ``SAID_ESCAPE`` inside escaped, so nothing they typed (a lone
  « or ", a bidi isolate pasted from a phone) ends or changes it; ``french``,
  ``french_html`` and ``unmark`` take the marks off and give the words back as written (they
  never leave the server). Every template and sentence that prints a person's words marks
  them so (filters ``said``, ``masked``);
- in a text not marked (a coordinator's validated draft quoting residents), the text
  between a top-level « and its » (only the spaces next to the guillemets become
  no-break); on a line whose guillemets are not all paired (a person's words holding a lone
  one), from its first « to its last » (or the line's end), kept exactly as it is.

``french_html`` is applied to every French HTML page (``core.templating``: the page's
``<html lang>`` decides), ``french`` is the Jinja filter ``fr_typo`` and is applied to the
participation section written in French (DOCX/ODT).
"""
from __future__ import annotations

import re

NBSP, NNBSP = "\u00a0", "\u202f"
# A said text is FSI ... PDI around its words, in which a resident's own FSI, PDI (bidi
# isolates, typed when pasting Arabic or a name from a phone) and SAID_ESCAPE (a private-use
# character) are written SAID_ESCAPE + 0, 1 or 2: no character a person types can end it.
SAID_OPEN, SAID_CLOSE, SAID_ESCAPE = "\u2068", "\u2069", "\ue068"
_MARK_CHARS = SAID_ESCAPE + SAID_OPEN + SAID_CLOSE  # in the order of their escape digit
_MARK = re.compile(f"[{_MARK_CHARS}]")
_ESCAPED = re.compile(f"{SAID_ESCAPE}([012])")
_SAID = re.compile("\u2068([^\u2068\u2069]*)\u2069")
_PLACE = SAID_OPEN + SAID_CLOSE  # a said text's place while the sentence around is typeset
_PLACE_RE = re.compile(_PLACE)
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
    """``text`` marked as someone's own words, which ``french`` keeps as written, whatever
    characters it holds (the marks' own characters escaped, ``SAID_ESCAPE``); "" and None
    as they are. Marking a said text again marks it twice: mark a person's text once."""
    if not text:
        return text
    return SAID_OPEN + _MARK.sub(lambda m: SAID_ESCAPE + str(_MARK_CHARS.index(m.group())),
                                 text) + SAID_CLOSE


def _words(marked: str) -> str:
    """The words inside one pair of ``said`` marks as they were written (escapes undone)."""
    return _ESCAPED.sub(lambda m: _MARK_CHARS[int(m.group(1))], marked)


def unmark(text: str) -> str:
    """``text`` with each ``said`` text given back as written, its marks taken off; any other
    character (a person's own FSI or PDI outside a said text included) as it is."""
    return _SAID.sub(lambda m: _words(m.group(1)), text) if text else text


def _pairs(line: str) -> tuple[list[tuple[int, int]], bool]:
    """The (start, end) of the top-level « … » pairs of ``line`` (nested ones inside), and
    whether every guillemet has its pair (no » before its «, no « left open)."""
    pairs, depth, opened, paired = [], 0, 0, True
    for index, char in enumerate(line):
        if char == "«":
            opened = index if depth == 0 else opened
            depth += 1
        elif char == "»" and depth:
            depth -= 1
            if depth == 0:
                pairs.append((opened, index + 1))
        elif char == "»":
            paired = False
    return pairs, paired and depth == 0


def _quoted_line(line: str) -> list[tuple[str, str]]:
    """One line cut into (kind, part), kind "product" (typeset), "quote" (a « … » pair: the
    spaces next to its guillemets no-break, ``_quote``) or "kept" (as it is). Its
    guillemets all paired: each top-level « … » is a quote. Otherwise a person's words hold
    a lone « or » ("il a dit « pas de bus"), and which guillemet is the product's cannot be
    told: the line from its first « to its last » after it (to the line's end when none) is
    kept as it is, guillemets and their spaces included."""
    pairs, paired = _pairs(line)
    kind = "quote"
    if not paired:
        first, last = line.find("«"), line.rfind("»")
        if first < 0:
            return [("product", line)]
        end = last + 1 if last > first else len(line.rstrip("\r\n"))
        pairs, kind = [(first, end)], "kept"
    parts, start = [], 0
    for begin, end in pairs:
        parts += [("product", line[start:begin]), (kind, line[begin:end])]
        start = end
    return parts + [("product", line[start:])]


def _quoted(text: str) -> list[tuple[str, str]]:
    """``text`` cut into (kind, part), line by line (``_quoted_line``)."""
    return [part for line in text.splitlines(keepends=True) for part in _quoted_line(line)]


def _quote(part: str) -> str:
    """« words »: no-break spaces next to the guillemets, the words as written."""
    return f"«{NBSP}{part[1:-1].strip(' ' + NBSP + NNBSP)}{NBSP}»"


def _product(text: str) -> str:
    return "".join(part if _ENTITY.fullmatch(part) else _plain(part)
                   for part in _ENTITY.split(text))


def french(text: str) -> str:
    """Plain text with French no-break spaces (entities such as ``&amp;`` kept whole), the
    residents' words (``said`` marks, top-level « … ») kept as written, the marks taken off.

    The « … » pairs are found with each said text counted as one word (its own guillemets
    never pair with the product's): the text is typeset with an empty said text
    (``SAID_OPEN + SAID_CLOSE``) in place of each, then each is given back its words."""
    if not text:
        return text
    pieces = _SAID.split(text)
    skeleton = _PLACE.join(pieces[::2])
    words = iter([_words(marked) for marked in pieces[1::2]])
    typeset = "".join({"quote": _quote, "product": _product}.get(kind, str)(part)
                      for kind, part in _quoted(skeleton))
    return _PLACE_RE.sub(lambda _match: next(words), typeset)


def french_html(html: str) -> str:
    """``french`` applied to the text between the tags of an HTML document only; in the tags
    (their attributes) and the raw elements the ``said`` marks only are taken off."""
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
            out.append(unmark(part))
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
