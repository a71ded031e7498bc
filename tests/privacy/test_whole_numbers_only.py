"""A phone or e-mail that cannot be a person's is refused by every resident form, and the
access page never puts two residents in one person on a short number (field test t26field,
defect 1: « Karim Test », phone 0612, e-mail karim.example.org was stored by the council form;
/privacy/personne then listed another resident's survey contact « Fatima 0612 » under Karim,
in his export and his erasure). Walked through the rendered pages (WebTest)."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from participation.council import services as council_services
from participation.council.models import Candidacy, CandidateContact
from participation.council.services import CouncilSpec
from participation.extensions import db
from participation.surveys.models import SurveyContact
from tests.formcheck import pick_form
from tests.formfill import form_to, text_of, tick
from tests.privacy.contacts import contacts_survey

PERSON = "/privacy/personne"


@pytest.fixture
def council(app, territory, quartier):
    with app.test_request_context():
        found = council_services.create_council(territory.id, CouncilSpec(
            name="Conseil citoyen Pasteur", quartier_ids=[quartier.id], habitants_seats=8,
            acteurs_seats=0))
        council_services.set_candidacies_open(found, True)
    return found


def _candidacy(webapp, council, phone: str, email: str, status="*"):
    form = pick_form(webapp.get(f"/conseil/{council.id}/candidater"), field="name")
    form["college"], form["name"], form["phone"], form["email"] = (
        "habitants", "Karim Test", phone, email)
    form["sex"], form["consent"] = "h", True
    return form.submit(status=status)


@pytest.mark.forms("council/apply.html")
def test_council_refuses_a_short_phone_and_an_address_without_at(webapp, council):
    page = _candidacy(webapp, council, "0612", "karim.example.org", status=422)
    text = text_of(page)
    assert "Ce numéro de téléphone n'est pas valide." in text
    assert "Cette adresse e-mail n'est pas valide." in text
    assert "Merci" not in text
    form = pick_form(page, field="name")
    assert (form["name"].value, form["phone"].value, form["email"].value) == (
        "Karim Test", "0612", "karim.example.org")  # what was typed is kept
    assert db.session.scalar(select(func.count(Candidacy.id))) == 0
    thanks = _candidacy(webapp, council, "06 12 34 56 78", "karim@example.org").follow()
    assert "Merci" in text_of(thanks)
    stored = db.session.scalars(select(CandidateContact).order_by(CandidateContact.id)).all()
    assert [(c.phone, c.email) for c in stored] == [("+33612345678", "karim@example.org")]


@pytest.mark.forms("surveys/answer.html")
def test_a_survey_contact_with_a_short_number_is_refused(webapp, territory, quartier):
    survey = contacts_survey(webapp, territory, quartier, ())
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url), url)
    form[contact_field(form)] = "Ali 0612"
    tick(form, "J’accepte que mes coordonnées soient conservées")
    page = form.submit(status="*").maybe_follow()
    assert "Ce numéro de téléphone n'est pas valide." in text_of(page)
    assert "Ali 0612" in page.text  # kept in the form
    assert db.session.scalar(select(func.count(SurveyContact.id))) == 0


def contact_field(form) -> str:
    """The name of the survey's contact text box (« Nom et téléphone »)."""
    label = next(tag for tag in form.html.find_all("label")
                 if " ".join(tag.get_text().split()).startswith("Nom et téléphone"))
    return form.html.find(id=label["for"])["name"]


def _legacy_contacts(webapp, territory, quartier, council):
    """Karim's candidacy stored before the forms checked numbers ("0612"), and Fatima's
    survey contact typed freely as « Fatima 0612 »."""
    _candidacy(webapp, council, "06 12 34 56 78", "karim@example.org").follow()
    contact = db.session.scalars(select(CandidateContact).order_by(CandidateContact.id)).one()
    contact.phone, contact.email = "0612", "karim.example.org"
    contacts_survey(webapp, territory, quartier, ("Fatima 06 48 78 38 27",))
    fatima = db.session.scalars(select(SurveyContact).order_by(SurveyContact.id)).one()
    fatima.value = "Fatima 0612"
    db.session.commit()


def _search(webapp, **who):
    form = form_to(webapp.get(PERSON), PERSON)
    for key, value in who.items():
        form[key] = value
    return form.submit()


@pytest.mark.forms("privacy/person.html#4")
@pytest.mark.parametrize("who", [{"phone": "0612"}, {"name": "Karim"}])
def test_a_short_number_never_joins_two_residents(webapp, web_login, territory, quartier,
                                                   council, who):
    _legacy_contacts(webapp, territory, quartier, council)
    web_login("coordinator")
    page = _search(webapp, **who)
    heads = [" ".join(h.get_text().split()) for h in page.html.select("article.person-set h3")]
    assert heads[0] == "Personne 1 : Karim Test"  # a short number names no one
    first = text_of(page).split("Personne 2")[0]
    assert "Fatima" not in first
    ticked = [box.get("value") for box in form_to(page, "/privacy/personne/effacer")
              .html.find_all("input", attrs={"name": "sets"}) if box.has_attr("checked")]
    if who.get("phone"):  # the survey's free text is a possible record, apart, not ticked
        assert heads[1:] == ["Personne 2 : Fatima 0612"]
        assert "Possible seulement : un texte libre contient ce numéro incomplet" in text_of(page)
        assert len(ticked) == 1
    else:
        assert heads[1:] == []
    export = form_to(page, "/privacy/personne/export.json", contains="(personne 1)").submit()
    held = json.dumps(export.json, ensure_ascii=False)
    assert "Karim Test" in held and "Fatima" not in held


@pytest.mark.forms("council/apply.html")
def test_a_candidacy_sent_again_after_back_is_stored_once(webapp, council):
    """Back after « Merci », a fresh form (new token) filled the same: one candidacy (field
    test t26field, defect 2, checked for the council form)."""
    first = _candidacy(webapp, council, "06 12 34 56 78", "karim@example.org").follow()
    assert "Votre numéro : 1" in text_of(first)
    again = _candidacy(webapp, council, "06 12 34 56 78", "karim@example.org").follow()
    assert "Ce navigateur avait déjà envoyé cette candidature : elle n’est comptée qu’une " \
           "fois." in text_of(again)
    assert db.session.scalar(select(func.count(Candidacy.id))) == 1


def test_vous_etes_is_marked_required(webapp, council):
    """« Vous êtes » is required by the parity of the habitants' draw: the form says so
    (field test t26field, defect 4)."""
    page = webapp.get(f"/conseil/{council.id}/candidater")
    legend = " ".join(page.html.select_one("fieldset#sex legend").get_text().split())
    assert legend == "Vous êtes (obligatoire)"
