"""The coordinator finds a person by name on /privacy/personne as people type it: Turkish names
without their Turkish letters ("Yildiz" for "Yıldız": NFKD leaves the dotless ı whole), other
letters NFKD does not decompose (ø, ł, ß), accents, and the words in either order ("benali
yasmina" for "Yasmina Benali"). Walked through the rendered forms."""
from __future__ import annotations

import pytest

from participation.core.person_keys import name_orders
from participation.core.textsearch import fold
from tests.events.conftest import make_event
from tests.formfill import form_to, text_of
from tests.privacy.contacts import contacts_survey

PERSON = "/privacy/personne"
CONTACTS = "Contacts laissés dans les questionnaires"
LEFT = ["Fatma Yıldız 0699887766", "Ayşe Yılmaz 0611223344", "Yasmina Benali 0655443322",
        "Hélène Çelik 0622334455"]


@pytest.fixture
def contacts(webapp, territory, quartier):
    """The four residents of ``LEFT`` left their contact on the public survey."""
    contacts_survey(webapp, territory, quartier, LEFT)


def _search(webapp, name: str) -> str:
    form = form_to(webapp.get(PERSON), PERSON)
    form["name"] = name
    return text_of(form.submit())


@pytest.mark.usefixtures("contacts")
@pytest.mark.parametrize("typed, found", [
    ("Yildiz", "Fatma Yıldız 0699887766"), ("Fatma Yildiz", "Fatma Yıldız 0699887766"),
    ("yildiz fatma", "Fatma Yıldız 0699887766"), ("FATMA YILDIZ", "Fatma Yıldız 0699887766"),
    ("Yıldız", "Fatma Yıldız 0699887766"), ("Ayse Yilmaz", "Ayşe Yılmaz 0611223344"),
    ("benali yasmina", "Yasmina Benali 0655443322"), ("Celik Helene", "Hélène Çelik 0622334455")])
def test_a_name_is_found_as_people_type_it(webapp, web_login, typed, found):
    web_login("coordinator")
    page = _search(webapp, typed)
    # the contact and the record of its consent (tester t28res)
    assert "2 enregistrements." in page and CONTACTS in page and found in page


@pytest.mark.usefixtures("contacts")
def test_another_name_finds_nothing(webapp, web_login):
    web_login("coordinator")
    page = _search(webapp, "Fatma Yilmaz")  # the first name of one, the name of the other
    assert "Aucune donnée personnelle trouvée pour ce contact." in page


def test_a_registration_name_is_found_in_either_order(webapp, web_login, territory):
    event = make_event(territory)
    page = webapp.get(f"/events/{event.id}")
    form = next(f for f in page.forms.values() if "adults" in f.fields)
    form["name"], form["adults"] = "Yasmina Benali", "1"
    form.submit().follow()
    web_login("coordinator")
    for typed in ("benali yasmina", "Yasmina  BENALI"):
        assert "Yasmina Benali" in _search(webapp, typed)


@pytest.mark.parametrize("text, plain", [
    ("Yıldız", "yildiz"), ("İstanbul", "istanbul"), ("Øre", "ore"), ("Łódź", "lodz"),
    ("Đorđe", "dorde"), ("Straße", "strasse"), ("Lætitia", "laetitia")])
def test_fold_writes_undecomposed_letters_plain(text, plain):
    from participation.analysis import text as tx

    assert fold(text) == plain and tx.fold(text) == plain


def test_name_orders():
    assert name_orders("Benali  Yasmina") == ["benali yasmina", "yasmina benali"]
    assert len(name_orders("a b c d")) == 24 and name_orders("") == []
    assert name_orders("a b c d e") == ["a b c d e", "e d c b a"]
