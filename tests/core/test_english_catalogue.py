"""Every string of the product has its English translation, staff pages included.

English is a language of the whole interface and of the contract's documents
(``DOCUMENT_LANGUAGES``), unlike Arabic and Turkish whose staff pages stay in French
(docs/languages.md). Testers found the per-challenge tables, the challenge page, its CSV and
the draft half in French on English pages (s28): 165 msgids had an empty English msgstr and
no test looked. tests/core/test_resident_catalogues.py checks only the resident strings, in
ar and tr; a test reading the .po alone would also miss a string never merged into it (the
catalogues not updated after new code). So the msgids are extracted from the sources, as
``flask translate extract`` does (babel.cfg: the templates and every Python module), and
each must have a non-empty English msgstr (every plural form) that is not fuzzy.
"""
from __future__ import annotations

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

from participation.config import ROOT
from tests.core.test_resident_catalogues import KEYWORDS, _catalogue

SOURCES = {"participation": [("**.py", "python")], "templates": [("**.html", "jinja2")]}


def source_msgids() -> set:
    """Every msgid of the product: str, or a (singular, plural) tuple."""
    found = set()
    for folder, method_map in SOURCES.items():
        for _name, _line, message, _comments, _context in extract_from_dir(
                ROOT / folder, method_map, keywords={**DEFAULT_KEYWORDS, **KEYWORDS}):
            found.add(message)
    return found


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return not message.fuzzy and all(text.strip() for text in strings)


def test_the_sources_hold_the_staff_strings():
    ids = {m[0] if isinstance(m, tuple) else m for m in source_msgids()}
    assert len(ids) > 2000
    # the per-challenge table and the challenge page (staff), the error summary (residents)
    assert {"Réponses regroupées par ce qu’elles nomment en premier",
            "Télécharger ce tableau (CSV)", "%(label)s : %(text)s"} <= ids


def test_every_string_of_the_sources_has_its_english_translation():
    catalogue = _catalogue("en")
    missing = []
    for msgid in sorted(source_msgids(), key=str):
        message = catalogue.get(msgid[0] if isinstance(msgid, tuple) else msgid)
        if message is None or not _translated(message):
            missing.append(msgid)
    assert not missing, f"{len(missing)} strings without English: {missing[:10]}"


def test_no_english_entry_is_empty_or_fuzzy():
    """The catalogue itself: no live entry left empty or marked fuzzy (a fuzzy msgstr is
    never used: gettext shows the French)."""
    left = [m.id for m in _catalogue("en") if m.id and not _translated(m)]
    assert not left, left[:10]
