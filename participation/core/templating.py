"""Globals and filters shared by every template; French typography on every French page."""
from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlencode

from babel import dates
from flask import Flask, Response, before_render_template, current_app, request
from flask_babel import to_user_timezone
from flask_babel.speaklater import LazyString
from jinja2 import Environment
from markupsafe import Markup

from participation.core import punctuation, typography
from participation.core.auth import has_role
from participation.core.i18n import (
    in_content_language,
    locale_tag,
    mark_staff_content,
    staff_content_language,
    text_direction,
)
from participation.core.percent import percent_text

FRENCH_PAGE = re.compile(r"<html[^>]*\slang=\"fr", re.I)


def french_typography(response: Response) -> Response:
    """No-break spaces of French typography (``core.typography``) in the text of every HTML
    page whose ``<html lang>`` is French; attributes, scripts and form fields untouched, the
    residents' words (filters ``said``/``masked``) as written. In any other language only
    the marks of ``said`` are taken off."""
    if response.direct_passthrough or response.is_streamed or response.mimetype != "text/html" \
            or getattr(response, "typeset", False):  # already done (core.pagecache)
        return response
    html = response.get_data(as_text=True)
    if FRENCH_PAGE.search(html[:500]):
        response.set_data(typography.french_html(html))
    elif typography.SAID_OPEN in html:
        response.set_data(typography.unmark(html))
    return response


def path_without_lang() -> str:
    """The current path and query string without ``lang`` (the language switch's ``next``:
    a ``?lang=`` left in it would win over the language just chosen)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return request.path + ("?" + urlencode(args) if args else "")


def day(value, fmt: str = "medium") -> str:
    """A date through Babel in the page's language ("" for None). Easy-read French writes
    months in full ("24 novembre 2026", never "24 nov. 2026": no abbreviation). A naive
    datetime is read as a UTC instant and shown as its Europe/Paris day (flask-babel's
    rebase to ``BABEL_DEFAULT_TIMEZONE``); a Paris wall-clock datetime (a meeting's
    ``held_at``) must be given as its ``.date()``, else 23:30 would read as the next day.
    French on a staff page whose content stays French (an Arabic screen: its CLDR pattern
    "d‏/M‏/y", with right-to-left marks, read « 302026/11/ » inside a French
    sentence, tester s28): the locale of ``punctuation.list_locale``."""
    if not value:
        return ""
    if fmt == "medium" and locale_tag() == "fr-x-falc":
        fmt = "long"
    if isinstance(value, datetime):
        value = to_user_timezone(value)
    return dates.format_date(value, fmt, locale=punctuation.list_locale())


def hour(value) -> str:
    """The time of a datetime: "12h30" on French pages (French usage, easy-read French too),
    else the 24-hour clock through Babel ("16:00", in Latin digits in Arabic too, as posters
    and SMS in the Maghreb write it; docs/languages.md). Naive values are Paris wall-clock
    times and are not converted. French content of a staff page keeps "12h30"
    (``punctuation.list_locale``)."""
    if not value:
        return ""
    locale = punctuation.list_locale()
    if locale.language == "fr":
        return value.strftime("%Hh%M")
    return dates.format_time(value, "HH:mm", locale=locale)


def staff_words(value):
    """Jinja's ``finalize``: a lazy label (``lazy_gettext``: a channel, a nature, a field's
    label) printed on a staff page whose content stays French (an Arabic or Turkish screen,
    ``punctuation.list_locale``) reads in French, as the rest of the content; the labels
    that residents also read have an Arabic msgstr, and « Constat / manquement · استبيان /
    استطلاع » mixed both (tester s28). Other values, and resident templates rendered by a
    staff view (``i18n.mark_staff_content``), as they are."""
    if isinstance(value, LazyString):
        with in_content_language():
            return str(value)
    return value


def _page_language() -> str:
    from flask_babel import get_locale

    return getattr(get_locale(), "language", "fr") or "fr"


def init_templating(app: Flask) -> None:
    @app.context_processor
    def inject():
        return {
            "current_locale": locale_tag(),
            "text_dir": text_direction(locale_tag()),
            "languages": current_app.config["LANGUAGES"],
            "has_role": has_role,
            "current_path": path_without_lang() if request else "/",
            # a staff page's content in French on an Arabic or Turkish page (core.i18n)
            "content_lang": staff_content_language(),
        }

    app.after_request(french_typography)
    before_render_template.connect(mark_staff_content, app)
    _register_filters(app.jinja_env)
    app.jinja_env.finalize = staff_words
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def _register_filters(env: Environment) -> None:
    """The product's template filters and globals on the Jinja environment ``env``."""
    env.filters["fr_typo"] = typography.french
    # French prepositions before a place or a name ("au centre social", "d’Awa")
    env.filters["at_place"] = lambda place: typography.at_place(
        place, _page_language())
    env.filters["of_name"] = lambda name: typography.of_name(name, _page_language())
    env.filters["date"] = day
    env.filters["direction"] = text_direction
    env.filters["hour"] = hour
    # residents' words shown publicly or printed: phones and e-mails in them masked
    env.filters["masked"] = _masked
    # the same masking alone, before a truncation that could cut a number in two
    env.filters["mask"] = _mask
    # what the masking hid in a text (the review queue's flag): ["un nom", "une adresse"…]
    env.filters["masked_kinds"] = _masked_kinds
    # on a page anyone opens, the full names the territory holds masked (public ones kept):
    # the staff's prose (public_prose) and residents' words (public_masked; privacy.public_names)
    env.filters["public_prose"] = _public_prose
    env.filters["public_masked"] = _public_masked
    # a resident's or participant's own words: never retouched by the French typography
    env.filters["said"] = typography.said
    # a share of a count in whole percent, half up ("63 %": core.percent), the one rounding
    env.globals["percent"] = percent_text
    # a label and its text, a label and its colon, in the page's language (core.punctuation)
    env.globals["labelled"] = punctuation.labelled_markup
    env.globals["label_colon"] = punctuation.label_colon_markup
    env.filters["reject_page"] = lambda d: {k: v for k, v in d.items() if k != "page"}


def _mask(text):
    """``privacy.masking.mask_contacts``: phones and e-mails replaced by their placeholder."""
    from participation.privacy.masking import mask_contacts

    return mask_contacts(text)


def _masked_kinds(text):
    """``privacy.masking.masked_kinds``: what the masking hides in ``text``."""
    from participation.privacy.masking import masked_kinds

    return masked_kinds(text)


def isolated(text) -> Markup:
    """A resident's or participant's words as an isolate of their own direction: ``<bdi>``
    (HTML: its direction is "auto" unless said, from the first strong letter; the attribute
    left out keeps pages under their weight budget), so that an Arabic answer in a
    French page, or a French one in an Arabic page, keeps its full stop and parentheses on
    its own side (tester s28: « .لا يوجد طبيب »). ``text`` escaped; "" for an empty text."""
    if not text:
        return Markup("")
    return Markup("<bdi>%s</bdi>") % text


def _masked(text):
    """A resident's words, phones and e-mails masked, marked ``said`` (kept as written),
    isolated in their own direction (``isolated``)."""
    from participation.privacy.masking import mask_contacts

    return isolated(typography.said(mask_contacts(text)))


def _public_prose(text, territory_id):
    """``privacy.public_names.public_prose``."""
    from participation.privacy.public_names import public_prose

    return public_prose(text, territory_id)


def _public_masked(text, territory_id):
    """``privacy.public_names.public_masked``."""
    from participation.privacy.public_names import public_masked

    return isolated(public_masked(text, territory_id))
