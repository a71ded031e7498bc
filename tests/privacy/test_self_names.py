"""A resident's own name, written in a free text, is masked like their phone (coordinator
tester t28coord, defect 1).

« Je m'appelle Karima Benali, appelez moi au 06 12 34 56 78 pour le conseil citoyen » came
out of the import, the section's DOCX/ODT/HTML and the review queue as « Je m'appelle Karima
Benali, appelez moi au [téléphone masqué]… », and the words page listed « Benali »: names
were masked after a title only. A self-introduction, a signature and a name the submission's
contact gives are now found (``privacy.self_names``: spaCy's French entities); a need
(« docteur ») and a place (« Pasteur », the quartier) never are. Hand-written answers,
imported through the rendered results page as an ODK Central export
(tests/privacy/t28coord_files.py).
"""
from __future__ import annotations

import csv
import io

import pytest

from participation.privacy.masking import mask_contacts, without_contacts
from tests.formfill import form_to, text_of
from tests.privacy.t28coord_files import KARIMA, besoins_survey, import_odk
from tests.privacy.test_masked_names import _documents

MASKED = "Je m'appelle [nom masqué], appelez moi au [téléphone masqué] pour le conseil citoyen"
SAMIRA = ("c'est Samira qui organise la fête des voisins, il en faut plus", "plus de fêtes",
          "Samira Haddad 07 11 22 33 44", "oui")
PLACES = ("des bus le soir à Pasteur Foch, pas de docteur depuis des mois", "un médecin",
          "", "")
# a first name alone as the contact, then written by another resident
YACINE = ("des terrains de foot", "plus de tournois", "Yacine 06 55 44 33 22", "oui")
TOURNOI = ("le tournoi de foot organisé par Yacine", "", "", "")
ROWS = [KARIMA, SAMIRA, PLACES, YACINE, TOURNOI]
LEAKS = ("Karima", "Benali", "Samira", "Haddad", "Yacine")


@pytest.mark.parametrize(("typed", "shown"), [
    # a self-introduction: the entity after the cue, or the words that read as a name
    ("je suis Mohamed et je veux un médecin", "je suis [nom masqué] et je veux un médecin"),
    ("moi c'est fatima benali, il manque un docteur",
     "moi c'est [nom masqué], il manque un docteur"),
    ("je m appelle karima et je veux aider", "je m appelle [nom masqué] et je veux aider"),
    ("je m'appelle Ali", "je m'appelle [nom masqué]"),
    ("Signé : Jean Dupont", "Signé : [nom masqué]"),
    # a signature closing the text
    ("Il manque un médecin. Nadia Bouchareb", "Il manque un médecin. [nom masqué]"),
    ("Il manque un médecin.\n-- Karima", "Il manque un médecin.\n-- [nom masqué]"),
    # no name: a need, a place, a state
    ("Je suis une maman seule", "Je suis une maman seule"),
    ("moi c'est la galère le soir", "moi c'est la galère le soir"),
    ("des bus le soir à Pasteur", "des bus le soir à Pasteur"),
    ("il faut un docteur. Pasteur", "il faut un docteur. Pasteur"),
    ("un medecin, Docteur", "un medecin, Docteur"),
])
def test_a_name_given_of_oneself_is_masked_and_needs_stay(typed, shown):
    assert mask_contacts(typed) == shown
    assert mask_contacts(shown) == shown


def test_the_analyses_read_no_word_of_the_name():
    """``without_contacts`` blanks the name, every other character at its offset."""
    text = KARIMA[0]
    blanked = without_contacts(text)
    assert len(blanked) == len(text)
    assert blanked.split()[:3] == ["Je", "m'appelle", ","]


@pytest.fixture
def imported(territory, quartier, webapp, web_login):
    """The five answers imported; the territory's quartier is « Pasteur-Foch »."""
    survey = besoins_survey(territory)
    web_login("coordinator")
    assert "5 réponses ajoutées" in import_odk(webapp, survey, ROWS)
    return survey


def _leaks(text: str) -> list[str]:
    return [word for word in LEAKS if word.lower() in text.lower()]


@pytest.mark.forms("privacy/person.html#1")
def test_the_imported_names_are_masked_everywhere_the_words_go(webapp, imported):
    results = webapp.get(f"/surveys/{imported.id}/results").click(href="results.csv").text
    rows = list(csv.DictReader(io.StringIO(results.lstrip("\ufeff")), delimiter=";"))
    said = sorted(row["Qu'est-ce qui manque dans le quartier ?"] for row in rows)
    assert said == sorted([MASKED, "c'est [nom masqué] qui organise la fête des voisins, il "
                           "en faut plus", PLACES[0], YACINE[0],
                           "le tournoi de foot organisé par [nom masqué]"])
    page = webapp.get("/analysis/review")
    queue = [" ".join(p.get_text().split()) for p in page.html.select("ol.review p.text")]
    assert MASKED in queue and PLACES[0] in queue
    exported = webapp.get("/exports/").click(href="/exports/contributions.csv$").text
    documents = {**_documents(webapp), "results": results, "queue": " ".join(queue),
                 "export": exported, "words": text_of(webapp.get("/analysis/words"))}
    assert {name: _leaks(text) for name, text in documents.items()} == {
        name: [] for name in documents}
    assert "Pasteur Foch" in exported and "docteur" in exported  # a place and a need stay
    # stored as typed: the person search finds her answer by her name
    form = form_to(webapp.get("/privacy/personne"), "/privacy/personne")
    form["name"] = "Karima Benali"
    assert KARIMA[0] in text_of(form.submit())


def test_a_first_name_given_alone_changes_the_key_spans_are_kept_under():
    """The spans of a text are kept per known names' key (``mentions.mention_spans``): a
    first name left alone since must not find the text's spans read without it."""
    from participation.privacy.known_names import KnownNames, given_name

    names, places = {("samira", "haddad")}, ["Pasteur-Foch"]
    assert given_name("Yacine 06 55 44 33 22") == "yacine"
    assert given_name("Samira Haddad 07 11 22 33 44") is None and given_name("Al") is None
    assert KnownNames(names, places, {"yacine"}).key != KnownNames(names, places).key
    assert KnownNames(names, places, {"pasteur"}).single == frozenset()  # a place's word
