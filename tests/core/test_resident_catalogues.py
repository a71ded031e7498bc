"""Every string a resident can see has an Arabic and a Turkish translation.

The resident-facing sources are listed below: whole templates, and the definitions of Python
modules (a form class, a dict of labels, a function raising the errors a resident reads).
Their msgids are extracted with Babel, as ``flask translate extract`` does, and each must have
a non-empty msgstr (every plural form) in translations/ar and translations/tr. Staff pages
are left out: they fall back to French in those languages (docs/languages.md).

A new resident string, or a new resident page added here, fails this test until translated.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from jinja2 import Environment, FileSystemLoader, meta

from participation.config import ROOT
from participation.core.i18n import RESIDENT_TEMPLATES

# module path -> top-level names whose strings a resident sees (None: the whole module)
RESIDENT_PYTHON = {
    "participation/core/errors.py": ["register_error_handlers", "too_many_requests"],
    "participation/core/security.py": ["refuse_nul_bytes", "HoneypotMixin"],
    "participation/core/tokens.py": None,
    "participation/core/contacts.py": None,
    "participation/privacy/texts.py": None,
    "participation/surveys/answering.py": None,
    "participation/surveys/responses.py": ["consent_text", "check_open", "submit_response"],
    "participation/surveys/form_pages.py": ["read_submission"],
    "participation/surveys/views.py": ["_open_surveys"],
    "participation/surveys/state.py": ["when", "not_open_message"],
    "participation/events/forms.py": ["REQUIRED", "NUMBER", "SignupForm"],
    "participation/events/models.py": ["EVENT_KINDS", "AUDIENCES", "MEAL_NEEDS",
                                       "REMINDER_CONSENT_TEXT"],
    "participation/events/services.py": ["signup_closed_reason"],
    "participation/events/signup.py": None,
    "participation/events/public_views.py": None,
    "participation/johari/forms.py": ["REQUIRED", "TOO_LONG", "PostItsForm"],
    "participation/johari/models.py": ["QUADRANT_LABELS", "QUADRANT_HINTS"],
    "participation/johari/services.py": ["_check_entries", "_claim_token", "RESIDENT_PROMPTS",
                                         "PARTNER_PROMPTS", "ELECTED_PROMPTS", "GROUP_KINDS"],
    "participation/johari/public.py": None,
    "participation/council/forms.py": ["REQUIRED", "CandidacyForm"],
    "participation/council/public.py": ["COLLEGE_CHOICES", "_council_section",
                                        "_council_link"],
    "participation/council/services.py": ["CONSENT_TEXT", "check_candidacy", "_check_contact",
                                          "_check_age"],
    "participation/council/models.py": ["COUNCIL_KINDS", "COLLEGE_KINDS"],
    "participation/council/naming.py": None,
    "participation/council/meetings.py": ["display_name", "_roll"],
    "participation/privacy/models.py": ["PURPOSES", "WITHDRAWN_BY"],
    # the « Vos données personnelles » page: its form, its texts, the message it sends, and
    # the registry's texts and legal bases it shows (every feature's privacy.py)
    "participation/privacy/public.py": None,
    "participation/privacy/notice.py": None,
    "participation/privacy/withdrawal_requests.py": ["message_text"],
    # the closing lines of every message sent to a resident (task s28privacy)
    "participation/privacy/messages.py": None,
    # the placeholder of a name masked on the public pages
    "participation/privacy/public_names.py": None,
    "participation/privacy/registre.py": ["LEGAL_BASES"],
    "participation/privacy/registrations.py": None,
    **{f"participation/{feature}/privacy.py": None
       for feature in ("council", "events", "exports", "surveys")},
    # built-in texts stored with a survey, translated from the catalogues when inserted
    "participation/surveys/profiles.py": ["QUARTIER_LABEL", "OTHER_SITUATION", "FIXED"],
    "participation/contributions/views.py": ["_replies_section"],
    "participation/contributions/models.py": ["STATUSES", "SOURCE_FORMATS", "SEXES",
                                              "AGE_BAND_LABELS"],
}
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None,
            "ngettext": (1, 2), "lazy_ngettext": (1, 2)}


def _python_ids(path: Path, names: list[str] | None) -> set:
    messages = list(extract_from_file("python", str(path), keywords=KEYWORDS))
    if names is None:
        return {m[1] for m in messages}
    spans = []
    for node in ast.parse(path.read_text()).body:
        targets = [node.name] if hasattr(node, "name") else [
            t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)]
        if set(targets) & set(names):
            spans.append((node.lineno, node.end_lineno))
    found = {t for n in ast.parse(path.read_text()).body
             for t in ([n.name] if hasattr(n, "name") else
                       [x.id for x in getattr(n, "targets", []) if isinstance(x, ast.Name)])}
    assert set(names) <= found, f"{path}: no {set(names) - found}"
    return {m[1] for m in messages if any(a <= m[0] <= b for a, b in spans)}


def resident_templates() -> list[str]:
    """RESIDENT_TEMPLATES and every template they include, import or extend, recursively."""
    env = Environment(loader=FileSystemLoader(ROOT / "templates"))
    found, todo = [], list(RESIDENT_TEMPLATES)
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found.append(name)
        source = env.loader.get_source(env, name)[0]
        todo += [t for t in meta.find_referenced_templates(env.parse(source)) if t]
    return sorted(found)


def resident_msgids() -> set:
    """Every msgid (a str, or a (singular, plural) tuple) of the resident-facing sources."""
    ids = set()
    for name in resident_templates():
        ids |= {m[1] for m in extract_from_file(
            "jinja2", str(ROOT / "templates" / name), keywords=KEYWORDS)}
    for module, names in RESIDENT_PYTHON.items():
        ids |= _python_ids(ROOT / module, names)
    return ids


def _catalogue(lang: str):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


def untranslated(lang: str) -> list:
    catalogue = _catalogue(lang)
    missing = []
    for msgid in sorted(resident_msgids(), key=str):
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        message = catalogue.get(key)
        strings = message.string if message is not None else ""
        strings = strings if isinstance(strings, tuple) else (strings,)
        if message is None or message.fuzzy or not all(s.strip() for s in strings):
            missing.append(msgid)
    return missing


def test_the_resident_sources_hold_strings():
    assert "events/_summary.html" in resident_templates()  # included by events/public.html
    assert len(resident_msgids()) > 300


@pytest.mark.parametrize("lang", ["ar", "tr"])
def test_every_resident_string_is_translated(lang):
    missing = untranslated(lang)
    assert not missing, f"{len(missing)} resident strings without {lang}: {missing[:10]}"


def test_plural_forms_of_arabic_and_turkish():
    assert _catalogue("ar").num_plurals == 6
    assert _catalogue("tr").num_plurals == 2
    assert _catalogue("fr@falc").plural_expr == "(n > 1)"


def test_easy_read_catalogue_holds_only_rewritten_resident_strings():
    """fr@falc: an entry only where the easy-read text differs from the French msgid (others
    fall back to French); the resident pages of the demo have their easy-read texts."""
    rewritten = [m for m in _catalogue("fr@falc") if m.id and (
        any(m.string) if isinstance(m.string, tuple) else m.string)]
    assert len(rewritten) >= 80
    for message in rewritten:
        assert message.string != message.id, message.id
    resident = {m[0] if isinstance(m, tuple) else m for m in resident_msgids()}
    assert {m.id for m in rewritten} <= resident


@pytest.mark.parametrize("lang", ["en", "ar", "tr", "fr@falc"])
def test_no_translation_is_written_twice_end_to_end(lang):
    """A fill script once appended an English text to itself ("…falc”).No other language…"):
    no translation is its own first half repeated."""
    doubled = []
    for message in _catalogue(lang):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            half = len(text) // 2
            if text and len(text) % 2 == 0 and text[:half] == text[half:]:
                doubled.append(message.id)
    assert not doubled, doubled
