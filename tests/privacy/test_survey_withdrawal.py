"""A survey contact's consent is withdrawn like any other (tester t28res): in Turkish,
Zeynep answered a survey leaving « Zeynep Demir 06 22 33 44 55 » with the consent box
ticked, then asked on the public « Vos données personnelles » page, with that phone, to
withdraw. Nothing was recorded, /privacy/personne offered only erasure, and Ayşe (a phone
given in a survey and at an event) read « 1 consentement actif ». Every form is the one
rendered (WebTest)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.events import notify
from participation.events.signup import sign_up
from participation.extensions import db
from participation.privacy.models import ConsentRecord, WithdrawalRequest
from participation.surveys import services
from participation.surveys.models import Answer, Response, SurveyContact
from tests.events.conftest import answers, make_event
from tests.formfill import form_to, text_of
from tests.privacy.test_public_notice import _ask, channels  # noqa: F401 - fixture
from tests.rows import count_rows
from tests.surveys.helpers import q


def _survey(territory, quartier):
    survey = services.create_survey(territory.id, "Le square", quartier_ids=[quartier.id])
    services.add_question(survey, "single", "Le square vous plaît ?", ["Oui", "Non"],
                          name="plait")
    services.add_question(survey, "short_text", "Votre nom et votre téléphone",
                          name="tel", personal=True)
    services.set_status(survey, "open")
    # in Turkish throughout, as the tester's survey: a survey not translated is answered,
    # and thanked, in French whatever the interface
    from participation.surveys.translations import entries, field_key, save_translations

    survey.languages = "fr tr"
    assert save_translations(survey, "tr", {field_key(obj, field): f"{text} (tr)"
                                            for obj, field, text in entries(survey)}) == {}
    return survey


def _answer(webapp, survey, contact: str, lang: str = "tr"):
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(f"{url}?lang={lang}"), url)
    form[f"q{q(survey, 'plait').id}"] = str(q(survey, "plait").options[0].id)
    form[f"q{q(survey, 'tel').id}"], form["consent"] = contact, True
    return form.submit(status=302).follow()


@pytest.mark.parametrize("lang", ["fr", "tr"])
def test_a_survey_contact_is_found_by_its_phone_and_the_request_recorded(
        webapp, territory, quartier, channels, lang):  # noqa: F811 - fixture
    channels["SMS_BACKEND"] = "disabled"
    survey = _survey(territory, quartier)
    _answer(webapp, survey, "Zeynep Demir 06 22 33 44 55", lang)
    _ask(webapp, territory, phone="06 22 33 44 55").follow()
    request = db.session.scalar(select(WithdrawalRequest).order_by(WithdrawalRequest.id))
    assert (request.phone, request.consents) == ("+33622334455", 1)
    consent = db.session.scalar(select(ConsentRecord).order_by(ConsentRecord.id))
    contact = db.session.scalar(select(SurveyContact).order_by(SurveyContact.id))
    assert (consent.source_table, consent.source_id, consent.purpose, consent.language) == (
        "survey_contact", contact.id, "recontact", lang)
    assert consent.text == contact.consent_text


def test_a_phone_given_in_a_survey_and_at_an_event_counts_both_consents(
        webapp, territory, quartier, channels):  # noqa: F811 - fixture
    channels["SMS_BACKEND"] = "disabled"
    _answer(webapp, _survey(territory, quartier), "Ayşe 0612345678")
    sign_up(make_event(territory, hours=48).id, "ayse",
            answers("Ayşe", phone="06 12 34 56 78", consent=True))
    _ask(webapp, territory, phone="06 12 34 56 78").follow()
    request = db.session.scalar(select(WithdrawalRequest).order_by(WithdrawalRequest.id))
    assert request.consents == 2


def test_the_link_sent_withdraws_the_survey_contact_and_keeps_the_answers(
        webapp, territory, quartier, channels):  # noqa: F811 - fixture
    survey = _survey(territory, quartier)
    _answer(webapp, survey, "Zeynep Demir 06 22 33 44 55")
    _ask(webapp, territory, phone="06 22 33 44 55").follow()
    (_channel, to, text), = [(m[0], m[1], m[2]) for m in notify.OUTBOX]
    assert to == "+33622334455"
    link = text.split("/privacy/retrait/")[1].split("?")[0].split()[0]
    page = webapp.get(f"/privacy/retrait/{link}?lang=tr")
    form_to(page, f"/privacy/retrait/{link}").submit()
    db.session.expire_all()
    assert db.session.scalar(select(SurveyContact).order_by(SurveyContact.id)) is None
    assert count_rows(Response) == 1 and count_rows(Answer) == 1  # the answers stay


@pytest.mark.forms("privacy/person.html#1")
def test_the_person_page_offers_the_withdrawal_of_the_survey_consent(
        webapp, web_login, territory, quartier):
    _answer(webapp, _survey(territory, quartier), "Zeynep Demir 06 22 33 44 55")
    web_login("coordinator")
    page = form_to(webapp.get("/privacy/personne"), "/privacy/personne")
    page["phone"] = "06 22 33 44 55"
    found = page.submit()
    consent = db.session.scalar(select(ConsentRecord).order_by(ConsentRecord.id))
    done = form_to(found, f"/privacy/consentements/{consent.id}/retirer").submit().follow()
    assert "Consentement retiré" in text_of(done)
    db.session.expire_all()
    assert db.session.scalar(select(SurveyContact).order_by(SurveyContact.id)) is None


KEPT = {"fr": "Vous avez laissé vos coordonnées et accepté que l’équipe du contrat de ville "
              "les garde pour vous recontacter.",
        "tr": "İletişim bilgilerinizi bıraktınız ve şehir sözleşmesi ekibinin sizinle yeniden "
              "iletişime geçmek için bunları saklamasını kabul ettiniz."}
SURVEY_EFFECT = {"fr": "Les coordonnées laissées avec vos réponses (nom, téléphone, e-mail) "
                       "sont effacées. Vos réponses restent, anonymes.",
                 "tr": "Cevaplarınızla birlikte bıraktığınız iletişim bilgileri (ad, telefon, "
                       "e-posta) silinir. Cevaplarınız anonim olarak kalır."}


@pytest.mark.forms("privacy/withdraw.html")
@pytest.mark.parametrize("lang", ["fr", "tr"])
def test_the_thank_you_page_says_the_contact_kept_and_links_its_withdrawal(
        webapp, territory, quartier, lang):
    survey = _survey(territory, quartier)
    thanks = _answer(webapp, survey, "Zeynep Demir 06 22 33 44 55", lang)
    assert KEPT[lang] in text_of(thanks)
    link = thanks.html.select_one(".contact-kept a")["href"]
    page = webapp.get(link)
    assert SURVEY_EFFECT[lang] in text_of(page)
    done = form_to(page, link.split("?")[0]).submit()
    assert SURVEY_EFFECT[lang] in text_of(done)
    db.session.expire_all()
    assert count_rows(SurveyContact) == 0 and count_rows(Response) == 1
    # the same address once withdrawn, or another survey's, shows no link
    assert KEPT[lang] not in text_of(webapp.get(thanks.request.url))


def test_no_contact_kept_no_sentence_and_a_link_of_another_survey_is_ignored(
        webapp, territory, quartier):
    survey = _survey(territory, quartier)
    thanks = _answer(webapp, survey, "Zeynep Demir 06 22 33 44 55", "fr")
    other = services.create_survey(territory.id, "Autre", quartier_ids=[quartier.id])
    services.add_question(other, "single", "Le parc ?", ["Oui", "Non"], name="parc")
    services.set_status(other, "open")
    query = thanks.request.url.split("?", 1)[1]
    assert KEPT["fr"] not in text_of(webapp.get(f"/s/{other.slug}/merci?{query}"))
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(f"{url}?autre=1"), url)
    form[f"q{q(survey, 'plait').id}"] = str(q(survey, "plait").options[1].id)
    assert KEPT["fr"] not in text_of(form.submit(status=302).follow())


@pytest.mark.forms("privacy/withdraw.html")
@pytest.mark.parametrize(("lang", "effect"), [
    ("fr", "Votre inscription reste, à votre nom ; pour l'annuler, utilisez le lien de "
           "votre inscription."),
    ("tr", "Kaydınız adınıza kalır; iptal etmek için kaydınızın bağlantısını kullanın.")])
def test_withdrawing_the_reminders_says_the_sign_up_keeps_its_name(
        webapp, territory, lang, effect):
    """The name is given for the sign-up itself (registry: « Inscriptions aux événements »),
    not with the reminders' consent: it stays, and the page says so."""
    from participation.events.models import Registration, RegistrationContact
    from participation.events.signup import registration_token

    registration = sign_up(make_event(territory, hours=48).id, "karim",
                           answers("Karim Haddad", phone="06 12 34 56 78", consent=True))
    page = webapp.get(f"/events/inscription/{registration_token(registration)}?lang={lang}")
    link = page.html.select_one(".contact-kept a")["href"]
    withdraw = webapp.get(f"{link}?lang={lang}")
    assert effect in text_of(withdraw)
    assert effect in text_of(form_to(withdraw, link).submit())
    db.session.expire_all()
    assert count_rows(RegistrationContact) == 0
    assert db.session.scalars(select(Registration.name).order_by(Registration.id)).all() == [
        "Karim Haddad"]
