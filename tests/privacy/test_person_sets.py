"""A search by name lists each person apart and erases only the one chosen (field test
t24field, defect 1: "haddad" listed Amel HADDAD and Yasmine Haddad under one button and
erased both). Walked through the rendered forms of /privacy/personne."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.surveys.models import SurveyContact
from tests.formfill import form_to, text_of, tick
from tests.privacy.contacts import contacts_survey
from tests.privacy.erasing import confirm

PERSON = "/privacy/personne"
ERASE = "/privacy/personne/effacer"
AMEL, YASMINE = "Amel HADDAD 06 48 78 38 27", "Yasmine Haddad 06 00 00 00 01"
KARIM = "Karim Haddad 07 11 22 33 44"


@pytest.fixture
def haddads(webapp, territory, quartier):
    """Three residents named Haddad left their contact on the public survey."""
    contacts_survey(webapp, territory, quartier, (AMEL, YASMINE, KARIM))


def _search(webapp, **who):
    form = form_to(webapp.get(PERSON), PERSON)
    for key, value in who.items():
        form[key] = value
    return form.submit()


def _person_label(form, words: str) -> str:
    """The full label of the person checkbox whose label holds ``words``."""
    labels = [" ".join(label.get_text().split()) for label in form.html.find_all("label")]
    found = [label for label in labels if label.startswith("Personne ") and words in label]
    assert len(found) == 1, labels
    return found[0]


def _ticked(form) -> list[str]:
    return [box.get("value") for box in form.html.find_all("input", attrs={"name": "sets"})
            if box.has_attr("checked")]


def _contacts() -> list[str]:
    db.session.expire_all()
    return sorted(db.session.scalars(select(SurveyContact.value)))


@pytest.mark.usefixtures("haddads")
@pytest.mark.forms("privacy/person.html#4")
def test_a_name_lists_each_person_apart_and_erases_only_the_one_ticked(webapp, web_login):
    web_login("coordinator")
    page = _search(webapp, name="haddad")
    text = text_of(page)
    assert "6 enregistrements." in text  # three contacts, their consent records
    assert "Ces enregistrements appartiennent à 3 personnes différentes au moins" in text
    assert [" ".join(h.get_text().split()) for h in page.html.select("article.person-set h3")] \
        == [f"Personne 1 : {AMEL}", f"Personne 2 : {YASMINE}", f"Personne 3 : {KARIM}"]
    form = form_to(page, ERASE)
    assert _ticked(form) == []  # found by a name alone: nobody is ticked beforehand
    confirm(form)
    refused = form.submit(status=422)
    assert "Cochez la ou les personnes concernées." in text_of(refused)
    assert _contacts() == [AMEL, KARIM, YASMINE]

    form = form_to(refused, ERASE)
    label = _person_label(form, YASMINE)
    assert label == (f"Personne 2 : {YASMINE} — 2 enregistrements (Contacts laissés dans les "
                     "questionnaires, Preuves de consentement)")
    tick(form, label)
    confirm(form)
    done = form.submit().follow()
    assert "Données effacées : 2 enregistrements." in text_of(done)  # contact, consent
    assert _contacts() == [AMEL, KARIM]  # their contacts, given with consent, stay
    assert AMEL in text_of(_search(webapp, phone="0648783827"))


@pytest.mark.usefixtures("haddads")
def test_the_person_found_by_phone_is_ticked_and_the_namesakes_are_not(webapp, web_login):
    web_login("coordinator")
    page = _search(webapp, phone="06 00 00 00 01", name="Haddad")
    form = form_to(page, ERASE)
    assert [" ".join(h.get_text().split()) for h in page.html.select("article.person-set h3")] \
        == [f"Personne 1 : {YASMINE}", f"Personne 2 : {AMEL}", f"Personne 3 : {KARIM}"]
    assert len(_ticked(form)) == 1
    assert _person_label(form, YASMINE).startswith("Personne 1 :")
    confirm(form)
    assert "Données effacées : 2 enregistrements." in text_of(form.submit().follow())
    assert _contacts() == [AMEL, KARIM]


@pytest.mark.usefixtures("haddads")
@pytest.mark.forms("privacy/person.html#3")
def test_the_export_gives_one_person_only(webapp, web_login):
    web_login("coordinator")
    page = _search(webapp, name="haddad")
    exports = [f for f in page.forms.values() if f.action.endswith("export.csv")]
    assert len(exports) == 3
    second = exports[1].submit().body.decode("utf-8-sig")
    assert YASMINE in second and "AMEL" not in second and "Karim" not in second


@pytest.mark.usefixtures("haddads")
def test_a_set_changed_since_the_page_was_shown_is_not_erased(webapp, web_login, territory):
    web_login("coordinator")
    form = form_to(_search(webapp, name="haddad"), ERASE)
    tick(form, _person_label(form, AMEL))
    confirm(form)
    survey_contact = db.session.scalar(select(SurveyContact).where(
        SurveyContact.value == YASMINE))
    survey_contact.value = "Yasmine Haddad 06 48 78 38 27"  # now shares Amel's phone
    db.session.commit()
    refused = form.submit(status=422)
    assert "Les données trouvées ont changé depuis l'affichage de la page" in text_of(refused)
    assert len(_contacts()) == 3


@pytest.mark.usefixtures("haddads")
def test_a_person_found_by_name_brings_the_texts_holding_her_phone(webapp, web_login,
                                                                    territory):
    """Yasmine wrote her number in a remark a facilitator typed in: not a name column, yet
    hers — found through the phone her contact holds, in her set, erased with it."""
    from participation.contributions.services import record_contribution

    remark = record_contribution(territory.id, "le local est fermé, rappelez moi au "
                                               "06.00.00.00.01")
    web_login("coordinator")
    page = _search(webapp, name="yasmine haddad")
    form = form_to(page, ERASE)
    label = _person_label(form, YASMINE)
    assert label == (f"Personne 1 : {YASMINE} — 3 enregistrements (Contacts laissés dans les "
                     "questionnaires, Preuves de consentement, Contributions contenant les "
                     "coordonnées ou le nom d’une personne)")
    tick(form, label)
    confirm(form)
    assert "Données effacées : 3 enregistrements." in text_of(form.submit().follow())
    assert _contacts() == [AMEL, KARIM]
    db.session.expire_all()
    assert db.session.get(type(remark), remark.id).erased_at is not None
