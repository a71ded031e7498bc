"""The resident's language: the switch, ?lang=, Accept-Language, direction, Babel formats.

Source of the rules: issue 15 item 2 and participation/core/i18n.py."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from flask_babel import (
    format_date,
    format_decimal,
    format_percent,
    get_locale,
    ngettext,
    refresh,
)

from participation.core.i18n import babel_locale, current_language, text_direction


@contextmanager
def _request(app, url: str):
    """A request context whose Babel locale is chosen afresh (the test's app context, shared
    by the request, would keep the locale of the previous one)."""
    with app.test_request_context(url):
        refresh()
        yield


def _html_tag(page) -> str:
    return page.text.split("<head>")[0]


def _switch_link(page, tag: str) -> str:
    """The href of the switch's link to ``tag`` (a link, not the current language's span)."""
    links = page.html.select(f'nav.lang a[hreflang="{tag}"]')
    assert len(links) == 1, f"no switch link to {tag}"
    assert links[0]["lang"] == tag
    return links[0]["href"]


def test_switch_link_chosen_on_the_page_is_remembered_across_pages(webapp):
    home = webapp.get("/")
    assert '<html lang="fr" dir="ltr">' in home.text
    page = webapp.get(_switch_link(home, "ar")).follow()
    assert '<html lang="ar" dir="rtl">' in page.text
    assert page.request.path == "/"
    # Another page, no query string: still Arabic; the switch shows Arabic as current.
    other = webapp.get("/accessibilite")
    assert '<html lang="ar" dir="rtl">' in _html_tag(other)
    current = other.html.select('nav.lang [aria-current="true"]')
    assert [c.get_text() for c in current] == ["العربية"]
    back = webapp.get(_switch_link(other, "fr")).follow()
    assert '<html lang="fr" dir="ltr">' in back.text


def test_every_language_of_the_switch_is_named_in_its_own_language(webapp):
    home = webapp.get("/")
    names = {a["hreflang"]: a.get_text() for a in home.html.select("nav.lang a")}
    assert names == {"fr-x-falc": "Français facile à lire", "en": "English",
                     "ar": "العربية", "tr": "Türkçe"}


def test_accept_language_arabic_gives_right_to_left(webapp):
    page = webapp.get("/", headers={"Accept-Language": "ar-MA,ar;q=0.9,fr;q=0.5"})
    assert '<html lang="ar" dir="rtl">' in page.text


def test_accept_language_unknown_falls_back_to_french(webapp):
    page = webapp.get("/", headers={"Accept-Language": "de-DE,ro;q=0.8"})
    assert '<html lang="fr" dir="ltr">' in page.text


def test_lang_query_sets_the_language_and_it_is_remembered(webapp):
    page = webapp.get("/?lang=tr", headers={"Accept-Language": "ar"})
    assert '<html lang="tr" dir="ltr">' in page.text
    later = webapp.get("/accessibilite", headers={"Accept-Language": "ar"})
    assert '<html lang="tr" dir="ltr">' in later.text
    # The switch's "next" drops ?lang=, else it would win over the language then chosen.
    assert "lang%3Dtr" not in _switch_link(page, "en") and "lang=tr" not in _switch_link(
        page, "en").split("?", 1)[1].replace("next=", "")


def test_unknown_lang_query_is_ignored(webapp):
    page = webapp.get("/?lang=xx-evil")
    assert '<html lang="fr" dir="ltr">' in page.text


def test_easy_read_french_is_its_own_language_formatted_as_french(webapp):
    page = webapp.get("/?lang=fr-x-falc")
    assert '<html lang="fr-x-falc" dir="ltr">' in page.text
    assert '<html lang="fr-x-falc"' in webapp.get("/accessibilite").text


def test_babel_locale_and_direction_of_each_tag(app):
    assert babel_locale("fr-x-falc") == "fr@falc"
    assert babel_locale("ar") == "ar" and babel_locale("pt-br") == "pt_BR"
    assert text_direction("ar") == "rtl" and text_direction("ar-ma") == "rtl"
    assert text_direction("tr") == "ltr" and text_direction("fr-x-falc") == "ltr"


def test_formats_follow_the_language(app):
    day = date(2026, 3, 1)
    with _request(app, "/?lang=ar"):
        assert current_language() == "ar" and str(get_locale()) == "ar"
        # Latin digits in Arabic (docs/languages.md): 1234.5 -> "1,234.5", 25 % -> "25%"
        assert format_decimal(1234.5) == "1,234.5"
        assert format_date(day, "long") == "1 مارس 2026"
        assert format_percent(0.25).replace("\u200e", "").replace("\u061c", "") == "25%"
    with _request(app, "/?lang=tr"):
        assert format_decimal(1234.5) == "1.234,5"
        assert format_date(day, "long") == "1 Mart 2026"
    with _request(app, "/?lang=fr-x-falc"):
        assert current_language() == "fr-x-falc" and str(get_locale()) == "fr@falc"
        assert format_decimal(1234.5) == "1\u202f234,5"
        assert format_date(day, "long") == "1 mars 2026"


def test_outside_a_request_the_language_is_french(app):
    assert current_language() == "fr"


def test_french_plural_rule_holds_in_easy_read_french(app):
    """French (and FALC) 0 and 1 are singular: Plural-Forms nplurals=2; plural=(n > 1)."""
    with _request(app, "/?lang=fr-x-falc"):
        one, many = "Il reste %(num)s place.", "Il reste %(num)s places."
        assert ngettext(one, many, 0) == "Il reste 0 place."
        assert ngettext(one, many, 2) == "Il reste 2 places."


def test_easy_read_french_pages_use_their_own_catalogue(webapp):
    home = webapp.get("/?lang=fr-x-falc")
    assert "Vous n’avez pas besoin de compte." in home.text
    assert "Ici, vous donnez votre avis sur votre quartier." in home.text
    # A string without an easy-read entry falls back to the French one
    assert "Aller au contenu" in home.text
    french = webapp.get("/?lang=fr")
    assert "Sans compte, en quelques minutes." in french.text


def test_arabic_and_turkish_pages_and_plurals(app, webapp):
    home = webapp.get("/?lang=ar")
    assert "أعطِ رأيك في حيّك" in home.text
    assert "Mahalleniz hakkında görüşünüzü söyleyin" in webapp.get("/?lang=tr").text
    one, many = "Il reste %(num)s place.", "Il reste %(num)s places."
    with _request(app, "/?lang=ar"):
        forms = [ngettext(one, many, n) for n in (0, 1, 2, 3, 11, 100)]
        assert forms == ["لم يبق أي مكان.", "بقي مكان واحد.", "بقي مكانان.",
                         "بقيت 3 أماكن.", "بقي 11 مكانًا.", "بقي 100 مكان."]
        assert ngettext(one, many, 103) == "بقيت 103 أماكن."  # 103 % 100 = 3: "few"
    with _request(app, "/?lang=tr"):
        assert [ngettext(one, many, n) for n in (1, 5)] == ["1 yer kaldı.", "5 yer kaldı."]


def test_event_times_follow_the_language(webapp, territory, quartier):
    """An event from 12:30 to 16:00 (Paris): "12h30 – 16h00" in French and easy-read French,
    the 24-hour clock in Latin digits elsewhere, with the Arabic comma after the day."""
    from tests.events.conftest import make_event

    event = make_event(territory, quartier_ids=[quartier.id])
    french = webapp.get(f"/events/{event.id}?lang=fr")
    assert "12h30 – 16h00" in french.html.select_one("dl.facts dd").get_text()
    when = {lang: webapp.get(f"/events/{event.id}?lang={lang}").html.select_one(
        "dl.facts dd").get_text() for lang in ("ar", "tr", "fr-x-falc")}
    assert when["ar"].endswith("، 12:30 – 16:00")
    assert when["tr"].endswith(", 12:30 – 16:00")
    assert when["fr-x-falc"].endswith("12h30 – 16h00")


@pytest.mark.forms("events/public.html")
def test_a_resident_reads_form_errors_in_arabic(webapp, territory, quartier):
    """A sign-up without a name and with a bad phone number, in Arabic: the errors are the
    Arabic ones, in the summary and at the fields; nothing is stored."""
    from tests.events.conftest import make_event
    from tests.formcheck import pick_form

    event = make_event(territory, quartier_ids=[quartier.id])
    form = pick_form(webapp.get(f"/events/{event.id}?lang=ar"), field="adults")
    form["name"], form["adults"] = "", "1"
    page = form.submit(status=422)
    assert '<html lang="ar" dir="rtl">' in page.text
    assert "هذه الخانة إجبارية." in page.text
    form = pick_form(page, field="adults")
    form["name"], form["phone"], form["consent"] = "Nadia", "12", True
    page = form.submit(status=422)
    assert "رقم الهاتف هذا غير صالح." in page.text


def test_easy_read_dates_spell_the_month(app):
    from participation.core.templating import day

    with _request(app, "/?lang=fr-x-falc"):
        assert day(date(2026, 11, 24)) == "24 novembre 2026"
    with _request(app, "/?lang=fr"):
        assert day(date(2026, 11, 24)) == "24 nov. 2026"
        assert day(None) == ""
