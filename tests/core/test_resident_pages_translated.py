"""The resident pages of the demo read in Arabic and in Turkish, stored texts included.

Two checks (docs/languages.md):
- every catalogue string a resident page looks up while it is rendered in ``ar`` or ``tr``
  has a translation there (the lookups are recorded: a string from a module that
  tests/core/test_resident_catalogues.py does not list is caught too);
- the texts stored with an exercise or a survey that the product writes itself (the Johari
  groups' default prompts, the built-in profile questions) and the demo's own texts are
  shown in the resident's language, never in French.
"""
from __future__ import annotations

import sys

import pytest
from babel import support
from sqlalchemy import select

from participation.council.models import Council, Draw, Meeting
from participation.events.signup import registration_token, sign_up
from participation.extensions import db
from participation.johari import translations as johari_translations
from participation.johari.models import JohariExercise
from participation.privacy.consent import withdrawal_token
from participation.privacy.models import ConsentRecord
from participation.surveys import services as survey_services
from participation.surveys import translations as survey_translations
from participation.surveys.models import Survey
from participation.surveys.profiles import PROFILES, add_profile_question
from participation.territory.models import Quartier
from tests.events.conftest import answers, make_event
from tests.reading import plain

LANGUAGES = ("ar", "tr")


def _default_field_label() -> bool:
    """True when the lookup is WTForms naming a field that was given no label after its
    attribute ("token" -> "Token"): hidden fields, whose label is never shown."""
    frame = sys._getframe(2)
    for _depth in range(4):
        if frame is None:
            return False
        if frame.f_code.co_name == "__init__" and "wtforms" in frame.f_code.co_filename:
            return True
        frame = frame.f_back
    return False


@pytest.fixture
def untranslated(monkeypatch) -> set:
    """The msgids looked up with no entry in the active catalogue (an Arabic or Turkish
    page falls back to the French msgid for those)."""
    missed: set = set()
    gettext, ngettext = support.Translations.ugettext, support.Translations.ungettext

    def recording_gettext(self, message):
        if message not in self._catalog and not _default_field_label():
            missed.add(message)
        return gettext(self, message)

    def recording_ngettext(self, singular, plural, num):
        # Babel compiles an untranslated plural entry with the msgids as its forms
        text = ngettext(self, singular, plural, num)
        if text in (singular, plural):
            missed.add(singular)
        return text

    monkeypatch.setattr(support.Translations, "ugettext", recording_gettext)
    monkeypatch.setattr(support.Translations, "ungettext", recording_ngettext)
    return missed


@pytest.fixture
def pages(app, demo_db) -> dict[str, str]:
    """name -> path of every resident page of the demo; the demo survey opened with every
    profile question a coordinator can add, and a future event with a sign-up."""
    quartier = db.session.scalar(select(Quartier).where(Quartier.code == "QN05938M"))
    survey = db.session.scalar(select(Survey).order_by(Survey.id))
    exercise = db.session.scalar(select(JohariExercise).order_by(JohariExercise.id))
    council = db.session.scalar(select(Council).order_by(Council.id))
    draw = db.session.scalar(select(Draw).order_by(Draw.id))
    meeting = db.session.scalar(select(Meeting).order_by(Meeting.id))
    survey_services.set_status(survey, "open")
    for key in PROFILES:
        add_profile_question(survey, key)
    event = make_event(demo_db, days=12, capacity=30, quartier_ids=[quartier.id])
    with app.test_request_context():
        token = registration_token(sign_up(event.id, "lang-pages", answers("Nadia")))
        consent = db.session.scalar(select(ConsentRecord).where(
            ConsentRecord.territory_id == demo_db.id, ConsentRecord.purpose == "quote")
            .order_by(ConsentRecord.id))
        withdraw = withdrawal_token(consent)
    group = exercise.groups[0].slug
    return {
        "home": "/", "quartier": f"/quartiers/{quartier.id}",
        "replies": f"/contributions/quartier/{quartier.id}/vous-avez-dit",
        "survey": f"/s/{survey.slug}", "survey-thanks": f"/s/{survey.slug}/merci",
        "event": f"/events/{event.id}", "event-confirmation": f"/events/inscription/{token}",
        "event-cancel": f"/events/annuler/{token}", "event-poster": f"/events/{event.id}/affiche",
        "johari": f"/johari/{exercise.id}/{group}",
        "johari-thanks": f"/johari/{exercise.id}/{group}/merci",
        "council": f"/conseil/{council.id}", "candidacy": f"/conseil/{council.id}/candidater",
        "candidacy-thanks": f"/conseil/{council.id}/merci?numero=13",
        "draw": f"/tirage/{draw.id}", "minutes": f"/conseil/seance/{meeting.id}",
        "consent-withdrawal": f"/privacy/retrait/{withdraw}", "accessibility": "/accessibilite",
        "privacy-notice": f"/donnees-personnelles/{demo_db.slug}",
        "withdrawal-asked": f"/donnees-personnelles/demande-recue?slug={demo_db.slug}",
    }


# The page's form sent empty, as a resident who presses the button at once: the error
# summary (or the page that comes back) is read too.
EMPTY_SUBMITS = {"survey": "reponses", "johari": None, "candidacy": None, "event": None,
                 "privacy-notice": None}


def _main_form(page, form_id):
    if form_id:
        return page.forms[form_id]
    return next(f for f in page.forms.values() if f.method.lower() == "post"
                and "csrf_token" in f.fields and f.action not in ("/langue",))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_of_the_resident_pages_is_translated(webapp, pages, untranslated, lang):
    webapp.get(f"/?lang={lang}")
    seen = {}
    for name, path in pages.items():
        untranslated.clear()
        page = webapp.get(path)
        assert f'<html lang="{lang}"' in page.text, path
        if name in EMPTY_SUBMITS:
            sent = _main_form(page, EMPTY_SUBMITS[name]).submit(expect_errors=True)
            sent = sent.follow() if sent.status_int in (302, 303) else sent
            assert f'<html lang="{lang}"' in sent.text, path
        if untranslated:
            seen[name] = sorted(untranslated, key=str)
    assert not seen, f"French on the {lang} pages: {seen}"


# What a resident reads, written out by hand (docs/languages.md: Modern Standard Arabic)
JOHARI_FIRST_PROMPT = {"ar": "ما الذي نعرفه جميعًا عن حيّنا؟",
                       "tr": "Mahallemiz hakkında hepimizin bildiği ne?"}
RESIDENTS = {"ar": "السكان", "tr": "Mahalle sakinleri"}
PROFILE_TEXTS = {"ar": ["في أي حي تسكنون؟", "ما هي فئتكم العمرية؟", "من 15 إلى 24 سنة",
                        "امرأة", "من يعيش معكم في البيت؟", "مستأجر لسكن اجتماعي",
                        "منذ متى تسكنون في الحي؟", "أكثر من 10 سنوات"],
                 "tr": ["Hangi mahallede oturuyorsunuz?", "Yaş aralığınız nedir?", "15-24 yaş",
                        "Kadın", "Evinizde kimler yaşıyor?", "Sosyal konutta kiracı",
                        "Ne zamandır bu mahallede oturuyorsunuz?", "10 yıldan fazla"]}
FRENCH = ["Qu'est ce que nous connaissons de notre quartier ?", "Habitants",
          "Dans quel quartier habitez-vous ?", "Quelle est votre tranche d'âge ?", "15-24 ans",
          "Une femme", "Qui vit dans votre foyer ?", "Locataire d'un logement social",
          "Plus de 10 ans", "Fenêtre de Johari — barbecue", "Enquête flash"]


def _words(page) -> str:
    """What the page shows, entities decoded, runs of spaces made one."""
    return " ".join(plain(page.html.get_text(" ")).split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_stored_texts_are_shown_in_the_residents_language(webapp, pages, lang):
    """The Johari group's default prompts and name, the survey's profile questions and the
    titles on the quartier page, in the language; none of their French texts."""
    webapp.get(f"/?lang={lang}")
    johari = _words(webapp.get(pages["johari"]))
    assert JOHARI_FIRST_PROMPT[lang] in johari and RESIDENTS[lang] in johari
    survey = _words(webapp.get(pages["survey"]))
    assert all(text in survey for text in PROFILE_TEXTS[lang]), survey
    quartier = _words(webapp.get(pages["quartier"]))
    assert {"ar": "نافذة جوهاري — الشواء التشاركي والشركاء",
            "tr": "Johari penceresi — katılımcı mangal ve ortaklar"}[lang] in quartier
    for text in (johari, survey, quartier):
        assert not [french for french in FRENCH if french in text]
    # the event made at 12:30 (Paris) on the 24-hour clock, as on the event's own page
    assert "12:30 ·" in quartier and "12:30 م" not in quartier


def test_the_stored_resident_texts_of_the_demo_have_arabic_and_turkish(pages):
    """Every text of the demo's Johari exercise and of its survey (own questions and the six
    profile questions a coordinator can add) has its Arabic and Turkish translation (base:
    each one's texts, ``entries``), but the names residents give their quartier's parts
    ("Cité Pasteur", "Résidences Pasteur et Foch"): names, the same in every language."""
    survey = db.session.scalar(select(Survey).order_by(Survey.id))
    exercise = db.session.scalar(select(JohariExercise).order_by(JohariExercise.id))
    names = next(q for q in survey.questions if q.name == "profil_quartier").options
    assert [o.label for o in names][:2] == ["Cité Pasteur", "Maisons des années 60"]
    assert len(survey_translations.entries(survey)) > 60
    assert len(johari_translations.entries(exercise)) == 11  # title, 2 groups × (name + 4)
    for lang in LANGUAGES:
        assert survey_translations.missing_counts(survey)[lang] == len(names)
        assert johari_translations.missing_counts(exercise)[lang] == 0
