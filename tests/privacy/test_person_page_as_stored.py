"""The DPO's /privacy/personne page and exports give each record as stored, with what makes it
readable (DPO tester t28res): the JSON export's phone as stored (the spreadsheet guard "'"
is for CSV cells only), an event sign-up with its event, day, party size and status, one
person found by an Arabic name written two ways, residents' texts never retouched by the
French typography. Walked through the rendered forms (WebTest), hand values."""
from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import select

from participation.events.models import Registration, RegistrationContact
from participation.extensions import db
from participation.surveys.models import SurveyContact
from tests.events.conftest import make_event
from tests.formcheck import pick_form
from tests.formfill import form_to, text_of, tick
from tests.privacy.contacts import contacts_survey
from tests.privacy.erasing import confirm

PERSON = "/privacy/personne"
ERASE = "/privacy/personne/effacer"
FATIMA = "فاطمة بن علي"  # as she typed it on the sign-up
FATIMA_SURVEY = "فاطِمه بن عـلي 07 11 22 33 44"  # kasra, ta marbuta as ha, a tatweel
COMMENT = "Tel: 07 11 22 33 44; merci"


@pytest.fixture
def fatima(webapp, territory, quartier):
    """Fatima signed up in Arabic (2 adults, 1 child) to an event of 5 Dec. 2026 at 14:00
    (Paris), her phone kept for the reminder with her consent, then left her name and the
    same phone on a survey, writing her name another way."""
    event = make_event(territory, quartier_ids=[quartier.id],
                       starts_at=datetime(2026, 12, 5, 14, 0),
                       ends_at=datetime(2026, 12, 5, 17, 0), title="Fête des voisins")
    form = pick_form(webapp.get(f"/events/{event.id}?lang=ar"), field="adults")
    form["name"], form["adults"], form["children"] = FATIMA, "2", "1"
    form["phone"], form["consent"], form["comment"] = "07 11 22 33 44", True, COMMENT
    form.submit().follow()
    webapp.get("/?lang=fr")  # the same phone, handed back in French
    contacts_survey(webapp, territory, quartier, [FATIMA_SURVEY])


def _search(webapp, **who):
    form = form_to(webapp.get(PERSON), PERSON)
    for key, value in who.items():
        form[key] = value
    return form.submit()


@pytest.mark.usefixtures("fatima")
@pytest.mark.forms("privacy/person.html#4")
def test_an_arabic_name_finds_one_person_and_erases_her_whole(webapp, web_login):
    web_login("coordinator")
    page = _search(webapp, name="فاطمة بن علي")
    text = text_of(page)
    # her sign-up, its reminder contact and consent, her survey contact and its consent
    # (a survey contact's consent record, s28withdraw)
    assert "5 enregistrements." in text and "personnes différentes" not in text
    assert len(page.html.select("article.person-set")) == 1
    labels = [" ".join(h.get_text().split()) for h in page.html.select("article.person-set h4")]
    assert sorted(labels) == sorted([
        "Inscriptions aux événements", "Contacts pour les rappels des événements",
        "Preuves de consentement", "Preuves de consentement",  # the event's, the survey's
        "Contacts laissés dans les questionnaires"])
    form = form_to(page, ERASE)
    (label,) = [text for text in (" ".join(tag.get_text().split())
                                  for tag in form.html.find_all("label"))
                if text.startswith("Personne 1 :")]
    tick(form, label)
    confirm(form)
    form.submit().follow()
    db.session.expire_all()
    assert db.session.scalars(select(SurveyContact.id)).all() == []
    assert db.session.scalars(select(RegistrationContact.id)).all() == []
    assert db.session.scalars(select(Registration.name)).all() == ["Personne (données effacées)"]


@pytest.mark.usefixtures("fatima")
def test_a_sign_up_shows_its_event_and_residents_texts_as_stored(webapp, web_login):
    web_login("coordinator")
    page = _search(webapp, phone="07 11 22 33 44")
    (signup,) = [s for s in page.html.select("section.held")
                 if s.h4.get_text() == "Inscriptions aux événements"]
    shown = dict(zip([" ".join(dt.get_text().split()) for dt in signup.select("dt")],
                     [dd.get_text() for dd in signup.select("dd")], strict=True))
    assert shown["Événement"] == "Fête des voisins"
    assert shown["Date de l'événement"] == "5 déc. 2026"
    assert shown["Taille du groupe"] == "3"  # 2 adults + 1 child
    assert shown["Statut de l'inscription"] == "Confirmée"
    assert shown["Commentaire"] == COMMENT  # no no-break space added before « : » or « ; »
    assert shown["Nom"] == FATIMA
    # the product's own labels keep their French typography
    assert "Consentement\u00a0: texte" in page.text


@pytest.mark.usefixtures("fatima")
@pytest.mark.forms("privacy/person.html#3")
def test_the_exports_give_the_phone_as_stored_and_the_event(webapp, web_login):
    web_login("coordinator")
    page = _search(webapp, phone="07 11 22 33 44")
    (as_json,) = [f for f in page.forms.values() if f.action.endswith("export.json")]
    records = json.loads(as_json.submit().body)["records"]
    contact = next(r for r in records if r["table"] == "event_registration_contact")
    assert contact["data"]["phone"] == "+33711223344"
    signup = next(r for r in records if r["table"] == "event_registration")
    assert signup["registration"] == {"event": "Fête des voisins", "starts_at": "2026-12-05",
                                      "party_size": 3, "status": "Confirmée"}
    assert signup["data"]["comment"] == COMMENT
    (as_csv,) = [f for f in page.forms.values() if f.action.endswith("export.csv")]
    lines = as_csv.submit().body.decode("utf-8-sig").splitlines()
    assert any(line.endswith(";Taille du groupe;3") for line in lines), lines
    assert any(line.endswith(";phone;'+33711223344") for line in lines), lines
