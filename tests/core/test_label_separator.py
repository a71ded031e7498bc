"""A label and its message are joined as the page's language joins them (testers s27/s28:
the Arabic error summary read « الاسم : … », the French space before the colon).

French puts a (no-break) space before the colon, English, Turkish and Arabic do not
("Name: …", "Ad: …", "الاسم: …"): the pattern "%(label)s : %(text)s" of the catalogues
(``core.punctuation``), used by the error summaries (``_macros/forms.html``, the survey
page's own) and every other label-message pair of the templates and documents. Checked on
the pages as rendered, forms sent as a person sends them, in fr, ar, tr and en.
"""
from __future__ import annotations

import pytest
from flask_babel import force_locale

from participation.core.punctuation import both
from participation.council import services as council_services
from participation.council.services import CouncilSpec
from tests.formfill import form_to
from tests.surveys.helpers import q, survey_with_condition

# what follows a label before its message: French typography makes the space before the
# colon a no-break one (core.typography), the other languages have none
SEPARATOR = {"fr": "\u00a0: ", "en": ": ", "tr": ": ", "ar": ": "}
LANGS = sorted(SEPARATOR)


def _summary(page) -> dict[str, str]:
    """{target id: text} of the links of the page's error summary, as written."""
    return {a["href"].lstrip("#"): a.get_text()
            for a in page.html.select(".error-summary a")}


def _label(page, target: str) -> str:
    return page.html.find("label", attrs={"for": target}).get_text().strip()


@pytest.mark.forms("council/apply.html")
@pytest.mark.parametrize("lang", LANGS)
def test_the_candidacy_error_summary_joins_label_and_message_in_its_language(webapp,
                                                                              quartier, lang):
    council = council_services.create_council(quartier.territory_id, CouncilSpec(
        name="Conseil citoyen Pasteur-Foch", quartier_ids=[quartier.id], habitants_seats=8,
        acteurs_seats=4, charter_title="Charte", charter_text="Discrétion."))
    council_services.set_candidacies_open(council, True)
    url = f"/conseil/{council.id}/candidater"
    page = webapp.get(url, params={"lang": lang})
    sent = form_to(page, url).submit(status=422)  # sent empty, as rendered
    assert f'<html lang="{lang}"' in sent.text
    summary = _summary(sent)
    name = sent.html.select_one("input[name=name]")["id"]
    message = sent.html.find(id=f"{name}-erreur").get_text().strip()
    assert summary[name] == _label(sent, name) + SEPARATOR[lang] + message
    if lang != "fr":
        assert " :" not in "".join(summary.values()) and "\u00a0:" not in sent.text


@pytest.mark.forms("surveys/answer.html")
@pytest.mark.parametrize("lang", LANGS)
def test_the_survey_error_summary_joins_question_and_message_in_its_language(webapp,
                                                                              territory, lang):
    survey = survey_with_condition(territory)  # a French survey: its questions fall back
    note = q(survey, "note")
    url = f"/s/{survey.slug}"
    page = form_to(webapp.get(url, params={"lang": lang}), url).submit().follow()
    message = page.html.find(id=f"q{note.id}-erreur").get_text().strip()
    assert message  # "Répondez à cette question." in the page's language
    # the survey's question, written in French only, falls back to it
    assert _summary(page)[f"q{note.id}"] == "Note de sécurité" + SEPARATOR[lang] + message


@pytest.mark.parametrize("lang", LANGS)
def test_a_staff_page_writes_its_labels_colon_in_its_language(webapp, web_login, territory,
                                                              lang):
    """The survey's edit page: "Statut :" in French, "Status:" in English (Arabic and
    Turkish staff pages keep French words, with the colon of the page's language)."""
    web_login("coordinator")
    survey = survey_with_condition(territory)
    page = webapp.get(f"/surveys/{survey.id}", headers={"Accept-Language": lang})
    status = page.html.find("strong").get_text()
    words = {"fr": "Statut", "en": "Status"}.get(lang, "Statut")
    assert status == words + SEPARATOR[lang].rstrip()


@pytest.mark.parametrize(("path", "lang", "forced", "written"), [
    ("/", "ar", None, "Habitants وPartenaires"),          # a resident page: Arabic words
    ("/exports/", "ar", None, "Habitants et Partenaires"),  # a staff page: its French
    ("/exports/", "tr", None, "Habitants et Partenaires"),
    ("/exports/", "ar", "en", "Habitants and Partenaires"),  # an English document
    ("/exports/", "en", None, "Habitants and Partenaires"),
    ("/", "tr", None, "Habitants ve Partenaires")])
def test_a_list_takes_the_words_around_it(app, path, lang, forced, written):
    """``punctuation.both`` (CLDR "and" list): a staff page on an Arabic screen stays
    French, so a list inside its sentences does too (never « Habitants وPartenaires » in a
    French Johari draft)."""
    with app.test_request_context(path, headers={"Accept-Language": lang}):
        if forced:
            with force_locale(forced):
                assert both(["Habitants", "Partenaires"]) == written
        else:
            assert both(["Habitants", "Partenaires"]) == written


@pytest.mark.forms("surveys/answer.html")
@pytest.mark.parametrize("lang", ["fr", "ar", "tr"])
def test_a_question_ending_with_its_mark_gets_no_colon_in_the_error_summary(webapp, territory,
                                                                             lang):
    """Tester s28: « هل تعرفون المجلس المواطني؟: », « biliyor musunuz?: ». The demo survey's
    questions end with "?" ("؟" in Arabic) in each language: the message follows after a
    space, with no colon; a question without its mark keeps the colon."""
    from sqlalchemy import select

    from participation.extensions import db
    from participation.surveys import services
    from participation.surveys.demo import load_demo_surveys
    from participation.surveys.models import Survey

    load_demo_surveys(territory)
    survey = db.session.scalars(select(Survey).where(Survey.territory_id == territory.id)
                                .order_by(Survey.id)).first()
    services.set_status(survey, "open")
    url = f"/s/{survey.slug}"
    page = form_to(webapp.get(url, params={"lang": lang}), url).submit().follow()
    summary = _summary(page)
    asked = [text for text in summary.values() if "?" in text or "؟" in text]
    assert asked, summary  # the required questions of the demo end with their mark
    for target, text in summary.items():
        message = page.html.find(id=f"{target}-erreur").get_text().strip()
        assert text.endswith(message)
        head = text[: -len(message)]
        if head.rstrip().endswith(("?", "؟")):
            assert head == head.rstrip() + " "
        else:
            assert head.endswith(SEPARATOR[lang])
        assert "?:" not in text and "؟:" not in text and "? :" not in text
        assert "?\u00a0:" not in text
