"""The review queue's two forms, filled as rendered (WebTest, CSRF on): accept the suggested
challenges in one tap, or tick the right ones by their label."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.contributions.models import ContributionChallenge
from participation.contributions.services import record_contribution
from participation.extensions import db
from tests import factories
from tests.formfill import form_to, text_of, tick


def _tags(contribution_id: int) -> list[tuple[int, str]]:
    return [(t.challenge_id, t.origin) for t in db.session.scalars(
        select(ContributionChallenge).where(
            ContributionChallenge.contribution_id == contribution_id))]


@pytest.mark.forms("analysis/review.html#1")
def test_accept_the_suggestion_in_one_tap(webapp, web_login, territory, quartier):
    health = factories.challenge(territory, "S2")
    contribution = record_contribution(territory.id, "pas assez de medecins",
                                       quartier_id=quartier.id)
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    form = form_to(page, f"/analysis/review/{contribution.id}", contains="Accepter")
    page = form.submit().follow()
    assert _tags(contribution.id) == [(health.id, "suggested")]
    assert "Enjeux enregistrés pour « pas assez de medecins »." in text_of(page)
    assert "Tout est vérifié." in text_of(page)


@pytest.mark.forms("analysis/review.html#2")
def test_correct_by_ticking_challenges_by_label(webapp, web_login, territory):
    housing = factories.challenge(territory, "L5")
    contribution = record_contribution(territory.id, "l'ascenseur est en panne depuis un mois")
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    assert f"n° {contribution.id}" not in text_of(page)  # no database id shown to people
    form = form_to(page, f"/analysis/review/{contribution.id}",
                   contains="Enregistrer la correction")
    for box in form.fields["challenge_ids"]:
        box.checked = False  # the suggestions shown come ticked (one set: autotag.suggestions)
    tick(form, housing.label)
    form.submit().follow()
    assert _tags(contribution.id) == [(housing.id, "manual")]


@pytest.mark.forms("analysis/review.html#2")
def test_a_correction_moves_a_similar_text_with_the_reason_shown(webapp, web_login, territory):
    """A coordinator corrects one text in the queue; a similar text waiting below is then
    suggested the corrected challenge, the corrected text shown as the reason. (The texts
    were a ressourcerie's before the sentence encoder's meaning: the model now suggests
    Transition écologique for those at once; a book box goes to Accès aux droits.)"""
    culture = factories.challenge(territory, "L3")
    corrected = record_contribution(territory.id, "une boîte à livres pour échanger nos livres")
    similar = record_contribution(territory.id, "mettre une boîte à livres dans le parc")
    reason = "proche de « une boîte à livres pour échanger nos livres » (corrigé)"
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    assert reason not in text_of(page)
    form = form_to(page, f"/analysis/review/{corrected.id}", contains="Enregistrer la correction")
    for box in form.fields["challenge_ids"]:
        box.checked = False  # the stored suggestion (Accès aux droits) comes ticked
    tick(form, culture.label)
    page = form.submit().follow()
    accept = form_to(page, f"/analysis/review/{similar.id}", contains="Accepter")
    assert accept.fields["challenge_ids"][0].value == str(culture.id)
    item = " ".join(page.html.find(id=f"c{similar.id}").get_text(" ").split())
    assert culture.label in item
    assert reason in item


def test_margins_of_suggestions_by_hand():
    """Best minus second score; the best alone when one challenge is suggested; -1 when none."""
    import pandas as pd

    from participation.analysis.queue import margins
    found = pd.DataFrame({"doc": [0, 0, 0, 1], "challenge_id": [1, 2, 3, 2],
                          "score": [0.30, 0.50, 0.45, 0.40]})
    got = margins(found, pd.RangeIndex(3))
    assert got.round(4).tolist() == [0.05, 0.40, -1.0]


@pytest.mark.forms("analysis/review.html#2")
def test_least_certain_first_then_back_to_the_same_order(webapp, web_login, territory):
    """A coordinator switches the queue to "les moins sûres d'abord": the contribution with no
    suggestion at all comes first, although it is the oldest; after correcting it the queue
    comes back in the same order."""
    housing = factories.challenge(territory, "L5")
    vague = record_contribution(territory.id, "bof rien a dire de special")
    clear = record_contribution(territory.id, "pas assez de medecins generalistes")
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    assert text_of(page).index(clear.text) < text_of(page).index(vague.text)  # latest first
    page = page.click("Les moins sûres d’abord")
    assert text_of(page).index(vague.text) < text_of(page).index(clear.text)
    assert page.html.select_one("a[aria-current=page]").text == "Les moins sûres d’abord"
    form = form_to(page, f"/analysis/review/{vague.id}", contains="Enregistrer la correction")
    for box in form.fields["challenge_ids"]:
        box.checked = False  # the suggestions shown come ticked (one set: autotag.suggestions)
    tick(form, housing.label)
    page = form.submit()
    assert "ordre=incertaines" in page.location
    page = page.follow()
    assert _tags(vague.id) == [(housing.id, "manual")]
    assert page.html.select_one("a[aria-current=page]").text == "Les moins sûres d’abord"
    assert "1 contribution à vérifier" in text_of(page)


def test_same_words_are_one_line_of_the_queue():
    from participation.analysis.queue import text_key
    assert text_key(" Rien. ") == text_key("RIEN !") == text_key("rien") == "rien"
    assert text_key("rien à dire") != "rien"
    assert text_key("Plus  de\npropreté") == "plus de propreté"


@pytest.mark.forms("analysis/review.html#3")
def test_no_challenge_fits_takes_every_same_text_out_of_the_queue(webapp, web_login, territory):
    """Three residents answered "rien" (written three ways): the queue shows it once, "3
    contributions disent exactement cela", and one tap on "Aucun enjeu ne correspond" takes the
    three out; "rien a dire" is another text and stays."""
    same = [record_contribution(territory.id, text) for text in ("Rien.", "rien", "RIEN !")]
    other = record_contribution(territory.id, "rien a dire")
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    assert "4 contributions à vérifier" in text_of(page)
    assert "3 contributions disent exactement cela" in text_of(page)
    form = form_to(page, f"/analysis/review/{same[-1].id}", contains="Aucun enjeu ne correspond")
    page = form.submit().follow()
    assert "« RIEN ! » : aucun enjeu, les 3 contributions sortent de la file." in text_of(page)
    assert "1 contribution à vérifier" in text_of(page)
    assert other.text in text_of(page)
    for contribution in same:
        db.session.refresh(contribution)
        assert contribution.reviewed_at is not None and _tags(contribution.id) == []


@pytest.mark.forms("analysis/review.html#1")
def test_accepting_applies_to_every_contribution_saying_the_same(webapp, web_login, territory):
    health = factories.challenge(territory, "S2")
    first = record_contribution(territory.id, "pas assez de medecins")
    # accents differ: another text
    second = record_contribution(territory.id, "Pas assez de médecins")
    third = record_contribution(territory.id, "pas assez de medecins.")
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    form = form_to(page, f"/analysis/review/{third.id}", contains="Accepter")
    page = form.submit().follow()
    saved = "Enjeux enregistrés pour les 2 contributions « pas assez de medecins. »."
    assert saved in text_of(page)
    assert _tags(first.id) == _tags(third.id) == [(health.id, "suggested")]
    assert "1 contribution à vérifier" in text_of(page) and second.text in text_of(page)


@pytest.mark.forms("analysis/review.html#1")
def test_the_queue_narrowed_to_one_source(webapp, web_login, territory):
    """Fresh tester: an imported questionnaire's answers were mixed with every other source's
    221 texts, 20 a page. The queue can be narrowed to one source (its count given; direct
    entries too); there, identical texts are counted and decided within that source only
    (a second tester: accepting in the narrowed queue retagged another survey's answers it
    did not show), and the queue comes back narrowed after a decision."""
    factories.challenge(territory, "S2")
    survey = "Enquête flash – Qu'est-ce qui manque ?"
    for text in ("un medecin svp", "plus de bus le soir", "un medecin svp"):
        record_contribution(territory.id, text, source_label=survey)
    for text in ("un medecin svp", "des bancs au square"):
        record_contribution(territory.id, text, source_label="Barbecue — Table 1")
    record_contribution(territory.id, "un medecin svp")  # typed directly: no source
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    assert len(page.html.select("ol.review > li")) == 3  # every source: 3 distinct texts
    choose = page.forms["source-filter"]
    assert [o.get_text() for o in page.html.select("#source option")] == [
        "Toutes les provenances", "Barbecue — Table 1 (2)", f"{survey} (3)",
        "Sans provenance (saisie directe) (1)"]
    choose["source"] = survey
    page = choose.submit()
    texts = [p.get_text() for p in page.html.select("ol.review .text")]
    assert sorted(texts) == ["plus de bus le soir", "un medecin svp"]
    assert "3 contributions à vérifier" in text_of(page)
    assert "2 contributions disent exactement cela" in text_of(page)
    medecin = next(li for li in page.html.select("ol.review > li")
                   if "un medecin svp" in li.get_text())
    form = form_to(page, f"/analysis/review/{medecin['id'][1:]}", contains="Accepter")
    page = form.submit().follow()
    assert page.request.GET.get("source") == survey
    assert [p.get_text() for p in page.html.select("ol.review .text")] == [
        "plus de bus le soir"]
    assert "1 contribution à vérifier" in text_of(page)
    # the table's and the direct entry's "un medecin svp" still wait, in every source's queue
    page = webapp.get("/analysis/review")
    assert "3 contributions disent exactement cela" not in text_of(page)
    assert "2 contributions disent exactement cela" in text_of(page)


@pytest.mark.forms("analysis/review.html#1")
def test_accept_decides_every_copy_of_a_text_holding_a_phone(webapp, web_login, territory):
    """Fresh tester: two identical contributions holding a phone and an e-mail were shown as
    one ("2 contributions disent exactement cela"), but "Accepter" decided one: the queue
    compared the masked texts with the raw one."""
    factories.challenge(territory, "S2")
    said = "pas de medecin, rappelez moi au 07.88.99.11.22 ou marie.k@gmail.com svp"
    copies = [record_contribution(territory.id, said) for _ in range(2)]
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    assert "2 contributions disent exactement cela" in text_of(page)
    shown = page.html.select_one("ol.review > li")
    form = form_to(page, f"/analysis/review/{shown['id'][1:]}", contains="Accepter")
    page = form.submit().follow()
    assert "Tout est vérifié." in text_of(page)
    assert all(_tags(c.id) for c in copies)
