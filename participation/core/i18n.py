"""The resident's language: choice, direction, Babel locale and gettext catalogue.

Language *tags* are lower-case BCP 47 codes, the keys of ``config.LANGUAGES``: "fr", "en",
"ar", "tr" and "fr-x-falc" (easy-read French, FALC). The tag is chosen, in this order
(``current_language``):

1. ``?lang=<tag>`` on any public page (a QR code can lead to a language); it is remembered;
2. the language switch's choice (``/langue/<tag>``), kept in the session under ``"lang"``;
3. the browser's ``Accept-Language``;
4. French.

Babel cannot parse "fr-x-falc" (a private-use subtag), so each tag maps to a Babel locale
identifier (``babel_locale``): easy-read French is ``fr@falc``, a locale with a *modifier*
(as glibc's ``sr@latin``). Babel formats dates and numbers of ``fr@falc`` with the French
data, and its catalogue lives in ``translations/fr@falc/LC_MESSAGES`` (gettext looks up
``fr@falc`` first). That catalogue holds only the strings that differ from French: any other
msgid *is* the French text, which gettext returns when an entry is missing.

Arabic numbers use Latin digits (0-9), as Babel's default numbering system for ``ar`` and as
is usual in the Maghreb; no code path asks for Arabic-Indic digits (docs/languages.md).
"""
from __future__ import annotations

from contextlib import contextmanager, nullcontext

from flask import current_app, has_request_context, request, session
from flask_babel import force_locale, get_locale

SESSION_KEY = "lang"
DEFAULT_LANGUAGE = "fr"
# Language tag -> Babel locale identifier, where they differ.
BABEL_LOCALES = {"fr-x-falc": "fr@falc"}
# Primary subtags written right to left (config RTL_LANGUAGES overrides).
RTL_LANGUAGES = {"ar", "he", "fa", "ur"}
# Languages whose catalogue translates the staff pages too; in the others (Arabic, Turkish)
# only the resident strings are translated and a staff page stays in French
# (docs/languages.md, tests/core/test_english_catalogue.py).
STAFF_LANGUAGES = {"fr", "fr-x-falc", "en"}
# The templates a resident reads, in every language (tests/core/test_resident_catalogues.py
# checks their strings have ar and tr; each one's includes and macros count too). Staff views
# that render one (a poster, the paper questionnaire, a survey typed in on a tablet) show it
# in the resident's language, never marked French (``staff_content_language``).
RESIDENT_TEMPLATES = [
    "base.html", "_macros/forms.html", "_macros/privacy.html", "_macros/security.html",
    "core/accessibility.html", "core/error.html",
    "territory/home.html", "territory/quartier.html", "contributions/public_replies.html",
    "surveys/answer.html", "surveys/_questions.html", "surveys/already.html",
    "surveys/closed.html", "surveys/thanks.html",
    "events/public.html", "events/confirmation.html", "events/cancel.html",
    "events/cancelled.html", "events/noted.html", "events/bad_link.html",
    "johari/public.html", "johari/thanks.html",
    "council/apply.html", "council/thanks.html", "council/invitation.html",
    "council/public.html", "council/public_draw.html", "council/minutes.html",
    "privacy/withdraw.html", "privacy/notice.html", "privacy/withdrawal_asked.html",
    # printed for residents: posters and the paper questionnaire (issue #15 item 4)
    "events/poster.html", "surveys/print.html", "johari/poster.html",
]


def _languages() -> dict:
    return current_app.config["LANGUAGES"]


def _accepted_language() -> str | None:
    """The best of ``LANGUAGES`` for the browser's Accept-Language, or None.

    Exact tags first (``fr-x-falc`` only when sent as is), then the primary subtag of each
    accepted language in order of quality (``ar-MA`` -> ``ar``)."""
    return best_language(request.accept_languages, _languages())


def best_language(accept_languages, languages) -> str | None:
    """``_accepted_language`` for a parsed Accept-Language and the tags ``languages`` (also
    used in front of Flask by ``core.pagefront``, without a request)."""
    for accepted, _quality in accept_languages:
        tag = accepted.lower().replace("_", "-")
        if tag in languages:
            return tag
        primary = tag.split("-")[0]
        if primary in languages:
            return primary
    return None


def current_language() -> str:
    """The resident's language tag (a key of ``config.LANGUAGES``), e.g. "ar" or "fr-x-falc".

    Outside a request: ``BABEL_DEFAULT_LOCALE``. Order of choice: module docstring."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = _languages()
    asked = (request.args.get("lang") or "").strip().lower()
    if asked in languages:
        return asked
    chosen = session.get(SESSION_KEY)
    if chosen in languages:
        return chosen
    return _accepted_language() or DEFAULT_LANGUAGE


def remember_asked_language() -> None:
    """``before_request`` hook: a valid ``?lang=<tag>`` is kept in the session, so the next
    pages stay in that language (a QR code printed for Arabic leads to Arabic pages)."""
    asked = (request.args.get("lang") or "").strip().lower()
    if asked in _languages() and session.get(SESSION_KEY) != asked and _is_public_view():
        session[SESSION_KEY] = asked


def _is_public_view() -> bool:
    """True for a view marked ``core.auth.public`` (staff pages use ``?lang=`` for other
    purposes, e.g. the language of a downloaded section)."""
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "is_public", False))


def babel_locale(tag: str | None = None) -> str:
    """The Babel locale identifier of a language tag: "fr-x-falc" -> "fr@falc", else the tag
    with "_" ("pt-br" -> "pt_BR")."""
    tag = tag or current_language()
    if tag in BABEL_LOCALES:
        return BABEL_LOCALES[tag]
    parts = tag.split("-")
    return "_".join([parts[0]] + [p.upper() for p in parts[1:]])


def select_locale() -> str:
    """Flask-Babel's ``locale_selector``: the Babel locale of ``current_language()``; the
    catalogue and every format_* call follow it."""
    return babel_locale(current_language())


# set in the request's environ when a resident template is rendered (``mark_staff_content``)
RESIDENT_TEMPLATE = "participation.resident_template"


def mark_staff_content(_sender, template, context, **_extra) -> None:
    """``before_render_template`` hook: no French marking on a resident template rendered by
    a staff view (``RESIDENT_TEMPLATES``)."""
    if template.name in RESIDENT_TEMPLATES:
        context["content_lang"] = None
        if has_request_context():  # its lazy labels in the resident's language too
            request.environ[RESIDENT_TEMPLATE] = True


def staff_content_language() -> str | None:
    """"fr" on a staff page shown in a language whose catalogue leaves staff pages in French
    (Arabic, Turkish: ``STAFF_LANGUAGES``), else None: ``base.html`` then marks the page's
    content ``lang="fr" dir="ltr"`` (WCAG 3.1.2, language of parts), so an Arabic page's
    French sentences keep their full stop and parentheses where French puts them (« (;) CSV »
    and « .Aucun export » were read right to left, tester s28). The header stays in the
    person's language."""
    if not has_request_context() or _is_public_view() or request.endpoint is None:
        return None
    return None if current_language() in STAFF_LANGUAGES else DEFAULT_LANGUAGE


def in_content_language():
    """A context manager: French inside it while a staff page whose content stays French
    (``staff_content_language``: an Arabic or Turkish screen) turns labels into text, so
    that the labels residents also read (a channel, a nature: they have an Arabic msgstr)
    stay French in the French content (« Constat / manquement · استبيان / استطلاع », tester
    s28); otherwise (a resident template, a ``force_locale`` already set) nothing changes."""
    forced = str(get_locale()) != babel_locale(current_language()) if has_request_context() \
        else True
    if forced or request.environ.get(RESIDENT_TEMPLATE) or not staff_content_language():
        return nullcontext()
    return _french()


@contextmanager
def _french():
    with force_locale(DEFAULT_LANGUAGE):
        yield


def text_direction(tag: str | None = None) -> str:
    """"rtl" for a right-to-left language (Arabic), else "ltr"; ``tag`` defaults to the
    current language."""
    tag = tag or current_language()
    rtl = current_app.config.get("RTL_LANGUAGES", RTL_LANGUAGES)
    return "rtl" if tag.split("-")[0] in rtl else "ltr"


def locale_tag() -> str:
    """The tag of Flask-Babel's active locale, for ``<html lang>``: the current language, or
    the one of ``force_locale`` (a poster printed in Arabic): "fr@falc" -> "fr-x-falc"."""
    ident = str(get_locale())
    for tag, babel_id in BABEL_LOCALES.items():
        if babel_id == ident:
            return tag
    return ident.replace("_", "-").lower()


def choices(mapping: dict) -> list[tuple[str, str]]:
    """(value, translated label) pairs from a dict of lazy strings, for WTForms."""
    return [(key, str(label)) for key, label in mapping.items()]


def in_language(text, tag: str) -> str:
    """A lazy catalogue string (``lazy_gettext``) in the language ``tag`` ("ar",
    "fr-x-falc"...), whatever the page's language: the msgid itself where the catalogue has no
    entry (easy-read French only rewrites some strings). Needs an application context."""
    with force_locale(babel_locale(tag)):
        return str(text)
