"""A private person named with a title and a postal address, written by a resident in free text,
are masked wherever contacts are (``privacy.mentions``, ``privacy.masking``): the coordinator
tester's answers (t25coord, kobo_enquete_pf_2026.csv) "Mr Martin du 12 rue Pasteur fait du
bruit toute la nuit" and "Mme Dupont la gardienne…" showed word for word in the section, the
"anonymised" exports and results.csv. The quartier's geography ("rue Pasteur" alone) stays;
the review queue flags what was masked; /privacy/personne finds the stored text by the name.
Walked through the public survey and the rendered pages."""
from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from docx import Document
from sqlalchemy import select

from participation.privacy.masking import mask_contacts, without_contacts
from participation.surveys import services
from participation.surveys.models import Answer
from tests import factories
from tests.formfill import form_to, text_of, tick
from tests.privacy.erasing import confirm
from tests.surveys.helpers import q

MARTIN = "Mr Martin du 12 rue Pasteur fait du bruit toute la nuit"
DUPONT = "Mme Dupont la gardienne fait du super boulot mais elle est seule"
STREET = "Plus de propreté, les poubelles debordent tout le temps rue Pasteur"
MARTIN_MASKED = "[nom masqué] du [adresse masquée] fait du bruit toute la nuit"
DUPONT_MASKED = "[nom masqué] la gardienne fait du super boulot mais elle est seule"
LEAKS = ("Martin", "Dupont", "12 rue Pasteur")
PERSON, ERASE = "/privacy/personne", "/privacy/personne/effacer"


@pytest.mark.parametrize(("typed", "shown"), [
    # a title and a name: any title, capitalised names, particles, initials, capitals
    ("M. Jean-Pierre de La Fontaine est parti", "[nom masqué] est parti"),
    ("Monsieur DUPONT, le gardien", "[nom masqué], le gardien"),
    ("merci à madame Haddad et M. J. Martin", "merci à [nom masqué] et [nom masqué]"),
    ("Mme Le Gall et le Dr Lambert", "[nom masqué] et le [nom masqué]"),
    # typed in lower case: words read as a name, not grammar, a function nor a verb's form
    ("mme dupont crie", "[nom masqué] crie"),
    ("monsieur martin du 12 rue pasteur fait du bruit",
     "[nom masqué] du [adresse masquée] fait du bruit"),
    ("monsieur jean martin habite là", "[nom masqué] habite là"),
    ("M. et Mme Martin", "M. et [nom masqué]"),
    # an address: a house number and a street, a dwelling's number
    ("au 3 bis avenue Foch", "au [adresse masquée]"),
    ("12-14, rue de la Paix devant", "[adresse masquée] devant"),
    ("j'habite 12 rue victor hugo depuis", "j'habite [adresse masquée] depuis"),
    ("n° 5 place de la République", "[adresse masquée]"),
    ("appartement 12, bâtiment B", "[adresse masquée], bâtiment B"),
    # a function, a place, the quartier's geography, a common word: kept
    ("Mme la maire devrait venir", "Mme la maire devrait venir"),
    ("Madame La Maire nous a promis", "Madame La Maire nous a promis"),
    ("Monsieur le directeur du collège", "Monsieur le directeur du collège"),
    ("devant l'école Madame de Sévigné, rue du Docteur Roux",
     "devant l'école Madame de Sévigné, rue du Docteur Roux"),
    ("résidence Foch et rue Pasteur", "résidence Foch et rue Pasteur"),
    ("2 place de parking et 3 cours de français", "2 place de parking et 3 cours de français"),
    ("merci madame pour tout. Merci Monsieur. Bonne journée",
     "merci madame pour tout. Merci Monsieur. Bonne journée"),
    ("pr les jeunes, me dire", "pr les jeunes, me dire"),
    ("un professeur particulier, Monsieur Le Procureur", "un professeur particulier, "
     "Monsieur Le Procureur"),
    ("merci madame bonne journée, madame est gentille, madame vient souvent",
     "merci madame bonne journée, madame est gentille, madame vient souvent"),
    ("le bus 12 en 2022", "le bus 12 en 2022"),
    # with a contact: both masked
    ("Mr Martin 06 12 34 56 78", "[nom masqué] [téléphone masqué]"),
])
def test_names_and_addresses_are_masked_and_places_stay(typed, shown):
    assert mask_contacts(typed) == shown
    assert mask_contacts(shown) == shown  # masking twice changes nothing


def test_the_analyses_read_neither_the_name_nor_its_placeholder():
    """``without_contacts`` blanks them, every other character at its offset."""
    assert without_contacts(MARTIN) == " " * 9 + " du " + " " * 14 + MARTIN[27:]
    assert without_contacts(MARTIN_MASKED).split() == without_contacts(MARTIN).split() == [
        "du", "fait", "du", "bruit", "toute", "la", "nuit"]
    assert without_contacts(STREET) == STREET


@pytest.fixture
def survey(webapp, territory, quartier):
    """Three residents answer the survey's free-text question (tagged « Tranquillité »)."""
    calm = factories.challenge(territory, "T1")
    survey = services.create_survey(territory.id, "Le quartier", quartier_ids=[quartier.id])
    services.add_question(survey, "long_text", "Qu'est-ce qui ne va pas ?", name="constat",
                          challenge_ids=[calm.id])
    services.set_status(survey, "open")
    url = f"/s/{survey.slug}"
    for said in (MARTIN, DUPONT, STREET):
        page = webapp.get(url)
        if "Je suis une autre personne" in text_of(page):
            page = page.click(description="Je suis une autre personne")
        form = form_to(page, url)
        form[f"q{q(survey, 'constat').id}"] = said
        assert form.submit().follow().request.path == f"{url}/merci"
    return survey


def _rows(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def _documents(webapp) -> dict[str, str]:
    """The section as people download it: HTML page and file, DOCX (paragraphs and table
    cells, python-docx), ODT (content.xml)."""
    doc = Document(io.BytesIO(webapp.get("/exports/section.docx").body))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    odt = zipfile.ZipFile(io.BytesIO(webapp.get("/exports/section.odt").body))
    return {"page": text_of(webapp.get("/exports/section")),
            "html": webapp.get("/exports/section.html").text,
            "docx": "\n".join([p.text for p in doc.paragraphs] + cells),
            "odt": odt.read("content.xml").decode()}


def test_the_tester_answers_are_masked_in_the_section_and_the_exports(webapp, web_login,
                                                                    survey):
    web_login("coordinator")
    results = _rows(webapp.get(f"/surveys/{survey.id}/results").click(
        href="results.csv").body)
    assert sorted(r["Qu'est-ce qui ne va pas ?"] for r in results) == sorted(
        [MARTIN_MASKED, DUPONT_MASKED, STREET])
    index = webapp.get("/exports/")
    rows = _rows(index.click(href="/exports/contributions.csv$").body)
    assert sorted(r["texte"] for r in rows) == sorted([MARTIN_MASKED, DUPONT_MASKED, STREET])
    said = json.loads(index.click(href="/exports/contributions.json$").body)
    assert sorted(r["texte"] for r in said) == sorted([MARTIN_MASKED, DUPONT_MASKED, STREET])
    documents = _documents(webapp)
    assert {name: [w for w in LEAKS if w in text] for name, text in documents.items()} == {
        name: [] for name in documents}
    assert "[nom masqué] du [adresse masquée]" in documents["docx"]
    assert "rue Pasteur" in documents["docx"]  # the street alone, in the third answer
    # stored as typed: the person search and the erasure find it
    assert sorted(db_texts()) == sorted([MARTIN, DUPONT, STREET])


def db_texts() -> list[str]:
    from participation.extensions import db

    return list(db.session.scalars(select(Answer.text)))


def test_the_review_queue_flags_what_was_masked(webapp, web_login, territory, quartier):
    from participation.contributions.services import record_contribution

    for said in (MARTIN, STREET):
        record_contribution(territory.id, said, quartier_id=quartier.id)
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    items = {" ".join(li.select_one("p.text").get_text().split()): li
             for li in page.html.select("ol.review > li")}
    assert sorted(items) == sorted([MARTIN_MASKED, STREET])
    flag = items[MARTIN_MASKED].select_one("p.masked-flag")
    assert flag is not None and " ".join(flag.get_text().split()).startswith(
        "Masqué dans ce texte : un nom, une adresse.")
    assert items[STREET].select_one("p.masked-flag") is None


def _search(webapp, name: str):
    form = form_to(webapp.get(PERSON), PERSON)
    form["name"] = name
    return form.submit()


def test_the_person_search_finds_the_text_by_the_name_and_erases_it(webapp, web_login,
                                                                  survey):
    web_login("coordinator")
    page = _search(webapp, "martin")
    text = text_of(page)
    # the answer and the contribution made of it, each a set found by the name only
    assert "2 enregistrements." in text and MARTIN in text
    assert DUPONT not in text and STREET not in text
    assert MARTIN in text_of(_search(webapp, "MARTÍN"))  # accents and case folded
    assert DUPONT in text_of(_search(webapp, "dupont"))
    assert "Aucune donnée personnelle trouvée" in text_of(_search(webapp, "Pasteur"))
    form = form_to(page, ERASE)
    for label in [" ".join(label.get_text().split()) for label in form.html.find_all("label")]:
        if label.startswith("Personne "):
            tick(form, label)
    confirm(form)
    assert "Données effacées : 2 enregistrements." in text_of(form.submit().follow())
    assert MARTIN not in db_texts() and DUPONT in db_texts()
    results = _rows(webapp.get(f"/surveys/{survey.id}/results").click(
        href="results.csv").body)
    assert sorted(r["Qu'est-ce qui ne va pas ?"] for r in results) == sorted(
        ["", DUPONT_MASKED, STREET])
    assert "Aucune donnée personnelle trouvée" in text_of(_search(webapp, "martin"))


def test_the_tester_kobo_file_imported_shows_no_name_nor_address(webapp, web_login,
                                                                 territory):
    """The coordinator tester's own export (tests/surveys/data/reimport/kobo.csv: 62
    submissions imported, the two sentences among them, "…tout le temps rue Pasteur" in a
    third) through the results page's import form: results.csv, the default export, the
    section's DOCX and "Les mots qui reviennent" show no "Martin", "Dupont" nor "12 rue
    Pasteur"; the person search by "martin" lists the stored answer."""
    from tests.surveys.test_import_shape import _survey, data, send_answers

    survey = _survey(territory)
    web_login("coordinator")
    done = send_answers(webapp, survey, "kobo.csv", data("kobo.csv"), 302).follow()
    assert "62 réponses ajoutées" in text_of(done)
    results = webapp.get(f"/surveys/{survey.id}/results").click(href="results.csv").text
    exported = webapp.get("/exports/").click(href="/exports/contributions.csv$").text
    words = text_of(webapp.get("/analysis/words"))
    documents = {**_documents(webapp), "results": results, "export": exported,
                 "words": words}
    assert {name: [w for w in LEAKS if w.lower() in text.lower()]
            for name, text in documents.items()} == {name: [] for name in documents}
    for text in (results, exported):
        assert MARTIN_MASKED in text and DUPONT_MASKED in text
        assert "les poubelles debordent tout le temps rue Pasteur" in text
    found = text_of(_search(webapp, "Martin"))
    assert MARTIN in found and DUPONT not in found


def test_erasing_a_named_person_with_their_words_keeps_the_author_answers(webapp, web_login,
                                                                        survey):
    """"Their words too" chosen for Mr Martin: the answer naming him is blanked (and the
    contribution made of it erased), but it is a neighbour's response, not his words: the
    neighbour's response is not deleted (3 responses stay in results.csv)."""
    from tests.privacy.erasing import ERASE_WORDS

    web_login("coordinator")
    form = form_to(_search(webapp, "martin"), ERASE)
    for label in [" ".join(label.get_text().split()) for label in form.html.find_all("label")]:
        if label.startswith("Personne "):
            tick(form, label)
    confirm(form, ERASE_WORDS)
    done = text_of(form.submit().follow())
    assert "Données effacées : 2 enregistrements." in done
    results = _rows(webapp.get(f"/surveys/{survey.id}/results").click(
        href="results.csv").body)
    assert sorted(r["Qu'est-ce qui ne va pas ?"] for r in results) == sorted(
        ["", DUPONT_MASKED, STREET])


def test_dr_written_for_the_doctor_is_no_title():
    """Residents write "dr" for the noun ("medecin dr parti", an evaluation answer of the
    analyses, was blanked as a name and moved the year-on-year grouping, 0.570 -> 0.548 ARI):
    like "docteur", "dr" takes a capitalised name only."""
    from participation.privacy.masking import mask_contacts

    assert mask_contacts("medecin dr parti") == "medecin dr parti"
    assert mask_contacts("le dr est en retraite") == "le dr est en retraite"
    assert mask_contacts("docteur parti retraite") == "docteur parti retraite"
    assert mask_contacts("le Dr Martin est parti") == "le [nom masqué] est parti"
