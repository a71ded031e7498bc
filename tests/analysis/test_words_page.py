"""The words page (``/analysis/words``) of issue #13, fresh coordinator tester's defects 4 and 6:
every percentage states its base, the base printed is the one used; "Les mots qui
reviennent" folds the misspellings of a word into its residents' spelling and never counts
the masking placeholders ("[téléphone masqué]"). Figures counted by hand on ``ANSWERS``."""
from __future__ import annotations

from datetime import date

import pytest

from participation.contributions.services import record_contribution
from participation.extensions import db
from tests.reading import plain

# 12 answers: 6 about a doctor (the word written "médecin" 4 times, "medcin" once,
# "médecins" once), 4 about the bus, 2 that express no need ("rien", "je sais pas").
ANSWERS = ["Il manque un médecin dans le quartier", "Un médecin généraliste svp",
           "Trouver un médecin est impossible", "Plus de médecins !!!",
           "pas de medcin le samedi", "Le médecin est parti à la retraite",
           "Le bus passe trop rarement", "Un bus le dimanche", "Le bus ne vient plus le soir",
           "Plus de bus vers la gare", "rien", "je sais pas"]


def _seed(territory, quartier, texts=ANSWERS):
    for text in texts:
        record_contribution(territory.id, text, quartier_id=quartier.id,
                            source_format="enquete", said_on=date(2025, 5, 1))
    db.session.commit()


def _groups(page) -> dict[str, list[str]]:
    rows = page.html.select("table tbody tr")
    return {row.find("summary").get_text(strip=True):
            [plain(td.get_text(strip=True)) for td in row.find_all("td")] for row in rows}


@pytest.mark.parametrize(("minimum", "rows"), [
    # "médecin généraliste", 1 answer, fewer than the minimum of 5 with its adjective, joins
    # the answers naming "médecin" (``need_rows._joined``, tester t27coord): 5 + 1 = 6 of
    # 10; "bus" 4 is under 5, not printed
    (5, {"Médecin": ["6", "60 %"]}),
    # with a minimum of 1 (``ANALYSIS_MIN_COUNT``) a row of 1 is published: it stays apart
    (1, {"Médecin": ["5", "50 %"], "Bus": ["4", "40 %"],
         "Un médecin généraliste svp": ["1", "10 %"]})])
def test_every_share_states_its_base(territory, quartier, webapp, web_login, app, monkeypatch,
                                     minimum, rows):
    monkeypatch.setitem(app.config, "ANALYSIS_MIN_COUNT", minimum)  # the app's setting
    _seed(territory, quartier)
    web_login("coordinator")
    page = webapp.get("/analysis/words")
    text = " ".join(plain(page.html.get_text()).split())
    assert "12 réponses" in text
    # base: the 10 answers that express a need; "rien" and "je sais pas" set aside
    assert ("Part calculée sur 10 réponses qui expriment un besoin (2 réponses sans besoin "
            "exprimé écartées, par exemple « rien », « je sais pas »).") in text
    header = [plain(th.get_text(strip=True)) for th in page.html.select("table thead th")]
    assert header == ["Besoin", "Réponses", "Part (sur 10)"]
    # each answer once, under the need it names first: "médecin" 5 (the misspelt "medcin"
    # with it), "médecin généraliste" 1, "bus" 4; /10
    assert _groups(page) == rows


# 10 answers: "activités" written 2 times, misspelt "activitées" 2 times; the word
# "médecin" in 4 answers (one misspelt "medcin"), "docteur" in 1 (another word); a phone and
# an e-mail (masked: "[téléphone masqué]", "[e-mail masqué]"); "rien".
WORDS = ["Des activités pour les jeunes", "des activitées le mercredi",
         "Plus d'activités le soir", "activitées sportives svp", "Un docteur le samedi",
         "pas de medcin", "Un médecin", "Il faut un médecin, appelez-moi au 06 44 55 66 77",
         "médecin: écrivez à yasmina.b@example.fr", "rien"]


def _words(page) -> dict[str, str]:
    found = {}
    for item in page.html.select("ul.words li"):
        figure = item.find("span").get_text(strip=True)
        found[item.get_text(strip=True).removesuffix(figure).strip()] = figure
    return found


def test_words_fold_misspellings_and_never_count_the_masking(
        territory, quartier, webapp, web_login, low_minimum):
    _seed(territory, quartier, WORDS)
    web_login("coordinator")
    page = webapp.get("/analysis/words")
    words = _words(page)
    # activités: answers 1 2 3 4 (2 written "activitées"); médecin: 6 7 8 9; docteur: 5
    assert words["activités"] == "4" and words["médecin"] == "4" and words["docteur"] == "1"
    assert "activitées" not in words and "medcin" not in words
    labels = " ".join(list(words) + [s.get_text() for s in page.html.select("summary")])
    for leaked in ("masqué", "téléphone", "e-mail", "yasmina", "example"):
        assert leaked not in labels.lower()
    # the quote still shows the placeholder where the phone was (masked, as written)
    assert "Il faut un médecin, appelez-moi au [téléphone masqué]" in page.html.get_text()
    assert "un synonyme (« docteur » pour « médecin ») est un autre mot" in plain(
        page.html.get_text())


def test_no_analysis_reads_a_word_of_a_contact_or_its_placeholder(app):
    from participation.analysis import text as tx
    from participation.johari.keywords import words

    typed = "Un médecin [téléphone masqué] [e-mail masqué] [phone number hidden] a@b.fr"
    with app.test_request_context("/"):
        assert tx.tokenize(typed) == ["un", "médecin"]
        assert tx.segments("Des bancs [e-mail masqué], svp") == ["Des bancs", "svp"]
        assert words("appelez [téléphone masqué] ou yasmina.b@example.fr") == ["appelez", "ou"]
    from participation.analysis import sentences

    assert sentences.available()  # a dependency (pyproject.toml)
    # the sentence encoder reads the same words as without the placeholder
    said, plain_ = sentences.embed(["Un médecin [e-mail masqué]", "Un médecin"])
    assert float(said @ plain_) > 0.999
    assert not sentences.embed(["[téléphone masqué]"]).any()


def test_a_label_takes_the_residents_accents(territory, quartier, webapp, web_login,
                                             low_minimum):
    """Three residents typed "la proprete", one "La propreté": the group reads "La propreté"
    (its most frequent wording, in the accented spelling a resident wrote)."""
    _seed(territory, quartier, ["la proprete", "La proprete", "la proprete !", "La propreté",
                                "Un bus le dimanche", "Plus de bus le soir"])
    web_login("coordinator")
    groups = _groups(webapp.get("/analysis/words"))
    assert groups["La propreté"] == ["4", "67 %"]  # 4 of the 6 answers expressing a need
    assert "La proprete" not in groups


def test_a_quartier_page_under_the_minimum_names_the_quartier(
        territory, quartier, webapp, web_login):
    _seed(territory, quartier, ["Un bus le dimanche"])
    web_login("coordinator")
    page = webapp.get(f"/analysis/quartier/{quartier.id}")
    text = " ".join(plain(page.html.get_text()).split())
    assert ("Moins de 5 contributions : aucun chiffre détaillé n’est publié pour le quartier "
            f"{quartier.name}.") in text
    assert "cet enjeu" not in text
