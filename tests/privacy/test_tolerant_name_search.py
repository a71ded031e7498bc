"""A name is found as a person hears it, wherever their records live (field test t25field,
defects 1-3): "Fatma Benalli" and "Benaly Fatima" find Fatima Benali's survey contact,
sign-up and check-in; "mehmet" finds the walk-in "Mehmet Yılmaz"; the erase list names each
record as stored; the check-in search at the door folds the dotless ı, searches walk-ins and
finds "Fatima Benali" from "fatma". Walked through the rendered forms (WebTest)."""
from __future__ import annotations

import pytest

from participation.core.namematch import max_edits, name_found, word_pieces, words_match
from participation.surveys import services
from tests.events.conftest import make_event
from tests.formfill import form_to, text_of
from tests.privacy.contacts import contacts_survey
from tests.surveys.helpers import q

PERSON, ERASE = "/privacy/personne", "/privacy/personne/effacer"
FATIMA, KARIM = "Fatima Benali 0655443322", "Karim Haddad 0711223344"
CONTACTS = "Contacts laissés dans les questionnaires"
SIGNUPS, CHECKINS = "Inscriptions aux événements", "Pointage des présents aux événements"
NOTHING = "Aucune donnée personnelle trouvée pour ce contact."


def _sign_up(webapp, event, name: str) -> None:
    page = webapp.get(f"/events/{event.id}")
    form = next(f for f in page.forms.values() if "adults" in f.fields)
    form["name"], form["adults"] = name, "1"
    form.submit().follow()


def _door(webapp, event, query: str):
    """The check-in page after the search form of its page was filled with ``query``."""
    page = webapp.get(f"/events/{event.id}/checkin")
    form = next(f for f in page.forms.values() if f.method.lower() == "get" and "q" in f.fields)
    form["q"] = query
    return form.submit()


@pytest.fixture
def event(webapp, web_login, territory, quartier):
    """Fatima Benali left her contact on a survey, signed up and was ticked at the door;
    Ayşe Yıldız signed up; Mehmet Yılmaz came without signing up; Karim Haddad left his
    contact. All through the rendered pages; the coordinator stays logged in."""
    contacts_survey(webapp, territory, quartier, [FATIMA, KARIM])
    event = make_event(territory, capacity=10)
    for name in ("Fatima Benali", "Ayşe Yıldız"):
        _sign_up(webapp, event, name)
    web_login("coordinator")
    page = webapp.get(f"/events/{event.id}/checkin")
    form_to(page, "/checkin/tick", contains="Pointer Fatima Benali").submit().follow()
    form = form_to(webapp.get(f"/events/{event.id}/checkin"), "/walk-in")
    form["name"], form["adults"], form["children"] = "Mehmet Yılmaz", "1", "0"
    form.submit().follow()
    return event


def _search(webapp, name: str):
    form = form_to(webapp.get(PERSON), PERSON)
    form["name"] = name
    return form.submit()


def _set_labels(page) -> list[str]:
    """The labels of the person checkboxes of the rendered erase form, as read, without their
    "Personne N : " (numbered 1, 2... in the page's order, checked here), sorted."""
    labels = form_to(page, ERASE).html.find_all("label")
    read = [text for text in (" ".join(label.get_text().split()) for label in labels)
            if text.startswith("Personne ")]
    assert [text.split(" : ")[0] for text in read] == [
        f"Personne {n}" for n in range(1, len(read) + 1)]
    return sorted(text.split(" : ", 1)[1] for text in read)


@pytest.mark.parametrize("typed", ["Fatma Benalli", "Benaly Fatima", "fatima benali",
                                   "Fatima", "benali"])
def test_fatima_is_found_as_heard_in_every_record(webapp, event, typed):
    page = _search(webapp, typed)
    text = text_of(page)
    assert "4 enregistrements." in text, text  # with the survey contact's consent record
    assert _set_labels(page) == [  # one set per record: none shares a contact with another
        f"{FATIMA} — 2 enregistrements ({CONTACTS}, Preuves de consentement)",
        f"Fatima Benali — 1 enregistrement ({SIGNUPS})",
        f"Fatima Benali — 1 enregistrement ({CHECKINS})"]


@pytest.mark.parametrize("typed", ["mehmet", "yilmaz", "Yılmaz Mehmet", "Mehmet Yilmas"])
def test_the_walk_in_is_found_by_one_name_and_named_in_the_erase_list(webapp, event, typed):
    page = _search(webapp, typed)
    assert "1 enregistrement." in text_of(page)
    assert _set_labels(page) == [f"Mehmet Yılmaz — 1 enregistrement ({CHECKINS})"]


@pytest.mark.parametrize("typed", ["Jean Dupont", "Fatma Yilmaz", "Fatou"])
def test_an_unrelated_name_finds_nothing(webapp, event, typed):
    # "Fatma Yilmaz": the first name of one and the name of another, no record holds both
    assert NOTHING in text_of(_search(webapp, typed))


@pytest.mark.parametrize("typed, found", [
    ("yilmaz", "Mehmet Yılmaz"), ("mehmet", "Mehmet Yılmaz"), ("yildiz", "Ayşe Yıldız"),
    ("Ayse Yildiz", "Ayşe Yıldız"), ("fatma", "Fatima Benali"), ("ben", "Fatima Benali")])
def test_the_door_search_folds_and_tolerates_like_the_person_search(webapp, event, typed,
                                                                    found):
    text = text_of(_door(webapp, event, typed))
    others = {"Mehmet Yılmaz", "Ayşe Yıldız", "Fatima Benali"} - {found}
    assert found in text and not any(other in text for other in others), text


def test_the_door_search_finds_nobody_for_an_unrelated_name(webapp, event):
    text = text_of(_door(webapp, event, "Dupont"))
    assert "Aucune inscription ne correspond." in text
    assert not any(name in text for name in ("Mehmet", "Ayşe", "Fatima"))


@pytest.mark.parametrize("typed, stored, edits_allowed, matches", [
    ("ali", "alo", 0, False), ("fatma", "fatima", 1, True), ("benaly", "benali", 1, True),
    ("fatou", "fatima", 1, False), ("benallii", "benali", 2, True),
    ("yildiz", "yilmaz", 1, False)])
def test_words_match_within_the_edits_their_length_allows(typed, stored, edits_allowed,
                                                          matches):
    # Levenshtein distances by hand, edits allowed by the length of the word typed: ali->alo
    # 1 (3 letters: 0 allowed); fatma->fatima 1 insertion; benaly->benali 1 substitution;
    # fatou->fatima 3 (o->i, u->m, +a); benallii->benali 2 deletions (8 letters: 2 allowed);
    # yildiz->yilmaz 2 substitutions (6 letters: 1 allowed)
    assert max_edits(len(typed)) == edits_allowed
    assert words_match(typed, stored) is matches
    assert name_found(typed, f"X {stored}") is matches


NEIGHBOUR = "Mme Fatima Benali du troisième met sa musique trop fort le soir."


@pytest.fixture
def named(webapp, territory, quartier):
    """A resident's answer to a free-text question names Mme Fatima Benali (the answer and
    the contribution made of it both name her), through the rendered public page."""
    survey = services.create_survey(territory.id, "Le quartier", quartier_ids=[quartier.id])
    services.add_question(survey, "long_text", "Qu'est-ce qui ne va pas ?", name="constat")
    services.set_status(survey, "open")
    form = form_to(webapp.get(f"/s/{survey.slug}"), f"/s/{survey.slug}")
    form[f"q{q(survey, 'constat').id}"] = NEIGHBOUR
    assert form.submit().follow().request.path == f"/s/{survey.slug}/merci"


@pytest.mark.usefixtures("named")
@pytest.mark.parametrize("typed, found", [
    ("Benaly Fatima", True), ("Fatma Benalli", True), ("benali", True), ("Jean Dupont", False),
    ("Fatou", False)])
def test_a_text_naming_the_person_is_found_as_heard(webapp, web_login, typed, found):
    web_login("coordinator")
    text = text_of(_search(webapp, typed))
    if found:  # the answer and the contribution made of it, the text shown as stored
        assert "2 enregistrements." in text and "Fatima Benali" in text, text
    else:
        assert NOTHING in text


@pytest.mark.parametrize("word, pieces", [
    ("ali", ["ali"]), ("benali", ["ben", "ali"]), ("benallii", ["ben", "al", "lii"])])
def test_word_pieces_cut_a_word_into_one_piece_more_than_its_edits(word, pieces):
    assert word_pieces(word) == pieces  # 3 letters: 0 edits; 6: 1 edit; 8: 2 edits


@pytest.mark.parametrize("typed, stored, matches", [
    ("benali", "Karim Ben Ali", True), ("Ben Ali", "Karim Benali", True),
    ("abdelkader", "Abdel-Kader Haddad", True), ("karim benali", "Karim Ben Ali", True),
    ("ben", "Karim Benali", False), ("Ali Karim", "Karim Benali", False),
    ("Fatma Yilmaz", "Fatma Yıldız", False), ("habitant 3", "Habitant 12", False)])
def test_a_compound_name_is_found_joined_or_apart(typed, stored, matches):
    # "ben" alone (3 letters, exact) is no word of "Karim Benali"; "ali" neither; compounds
    # are exact: "fatmayilmaz" is 2 edits from "fatmayildiz", "habitant3" from "habitant12"
    assert name_found(typed, stored) is matches
