"""What the review queue learns from a coordinator's decisions, walked on the rendered queue
(WebTest, CSRF on): a challenge taken off a text is not suggested again to a text saying
nearly the same; learned words read as residents write them; "Aucun enjeu ne correspond" is
decided again for the same words answered later (issue #13, the fresh tester's findings)."""
from __future__ import annotations

import pytest
from sqlalchemy import select, update

from participation.analysis import pending
from participation.contributions.models import Contribution, ContributionChallenge
from participation.contributions.services import record_contribution
from participation.extensions import db
from tests import factories
from tests.formcheck import pick_form
from tests.formfill import form_to, text_of, tick


def _suggested(page, contribution_id: int) -> list[str]:
    """The labels of the challenges suggested for one text of the queue, best first."""
    item = page.html.find(id=f"c{contribution_id}")
    return [" ".join(s.get_text(" ").split()) for s in item.select("ul.suggestions strong")]


def _reasons(page, contribution_id: int) -> str:
    item = page.html.find(id=f"c{contribution_id}")
    return " ".join(" ".join(s.get_text(" ").split()) for s in item.select(
        "ul.suggestions small"))


def _correct(page, contribution_id: int, labels: list[str]):
    """Untick every challenge of the correction form, tick ``labels``, submit."""
    form = form_to(page, f"/analysis/review/{contribution_id}",
                   contains="Enregistrer la correction")
    for box in form.fields["challenge_ids"]:
        box.checked = False
    for label in labels:
        tick(form, label)
    return form.submit().follow()


@pytest.mark.forms("analysis/review.html#2")
def test_a_challenge_taken_off_is_not_suggested_again_to_a_near_text(webapp, web_login,
                                                                      territory):
    """The queue suggests Mobilité, Éducation and Sécurité for "Les bus et la sécurité des
    enfants"; the coordinator keeps Mobilité and Sécurité (Éducation taken off). The text
    waiting below, the same with "le matin", was suggested the three; it is then suggested
    Mobilité and Sécurité only: a removal is a negative example."""
    bus, school, safety = (factories.challenge(territory, c) for c in ("L4", "S1", "S5"))
    reviewed = record_contribution(territory.id, "Les bus et la sécurité des enfants")
    near = record_contribution(territory.id, "les bus et la sécurité des enfants le matin")
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    assert _suggested(page, reviewed.id) == [bus.label, school.label, safety.label]
    assert _suggested(page, near.id) == [bus.label, school.label, safety.label]
    page = _correct(page, reviewed.id, [bus.label, safety.label])
    assert _suggested(page, near.id) == [bus.label, safety.label]


@pytest.mark.forms("analysis/review.html#2")
def test_learned_words_are_the_residents_own_never_verbs_nor_the_trees_words(
        webapp, web_login, territory):
    """A coordinator corrects "Installer une boîte à livres pour échanger nos livres" to
    Culture, sport et loisirs (the model said Accès aux droits), and "Une boîte à livres à
    la médiathèque" too (a word learned from one text alone tells nothing:
    ``suggest.specific``). A later "une boîte à livres près de la mairie" is suggested
    Culture… with the words learned as written, accents included: "boîte", "livres" (not the
    folded "boite", "livre"); never the verbs "installer", "échanger", nor a stop word
    ("pour", "nos"); a word of a challenge's name shows as that word ("culture sport"), never
    as the whole title."""
    culture = factories.challenge(territory, "L3")
    reviewed = record_contribution(
        territory.id, "Installer une boîte à livres pour échanger nos livres")
    second = record_contribution(territory.id, "Une boîte à livres à la médiathèque")
    web_login("coordinator")
    page = _correct(webapp.get("/analysis/review"), reviewed.id, [culture.label])
    page = _correct(page, second.id, [culture.label])
    later = record_contribution(territory.id, "une boîte à livres près de la mairie")
    titled = record_contribution(territory.id, "plus de culture et de sport")
    page = webapp.get("/analysis/review")
    assert _suggested(page, later.id)[0] == culture.label
    learned = _reasons(page, later.id).split("appris de vos choix : ")[1].split(" ; ")[0]
    assert learned == "boîte, boîte livres, livres"
    assert _suggested(page, titled.id)[0] == culture.label
    titled_reasons = _reasons(page, titled.id)
    assert "culture sport" in titled_reasons and "loisirs" not in titled_reasons


def _state(contribution: Contribution) -> tuple[bool, list[int]]:
    db.session.refresh(contribution)
    tags = db.session.scalars(select(ContributionChallenge.challenge_id).where(
        ContributionChallenge.contribution_id == contribution.id)
        .order_by(ContributionChallenge.challenge_id)).all()
    return contribution.reviewed_at is not None, list(tags)


@pytest.mark.forms("analysis/review.html#3")
def test_no_challenge_is_decided_again_for_the_same_words_answered_later(
        webapp, web_login, territory):
    """"Aucun enjeu ne correspond" for "Bof, rien de spécial"; the same words answered later
    (another case, other punctuation: ``queue.text_key``) by the answer path and by the
    batched one (``pending``) leave the queue at once, with no challenge; other words stay."""
    factories.challenge(territory, "L4")
    first = record_contribution(territory.id, "Bof, rien de spécial")
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    form = form_to(page, f"/analysis/review/{first.id}", contains="Aucun enjeu ne correspond")
    page = form.submit().follow()
    assert "Tout est vérifié." in text_of(page)
    again = record_contribution(territory.id, "bof, rien de spécial !", suggest=True)
    queued = record_contribution(territory.id, "BOF, RIEN DE SPÉCIAL", suggest=False)
    other = record_contribution(territory.id, "bof, rien de spécial sauf le bus")
    pending.enqueue(territory.id, [queued.id])
    db.session.commit()
    pending.drain(territory.id)
    assert _state(again) == (True, []) and _state(queued) == (True, [])
    page = webapp.get("/analysis/review")
    assert "1 contribution à vérifier" in text_of(page)
    assert other.text in text_of(page) and again.text not in text_of(page)


def _decide_none(page, contribution_id: int, how: str):
    """"Aucun enjeu ne correspond", or "Corriger" with every box unticked: both say no
    challenge fits."""
    if how == "none":
        form = form_to(page, f"/analysis/review/{contribution_id}",
                       contains="Aucun enjeu ne correspond")
        return form.submit().follow()
    return _correct(page, contribution_id, [])


@pytest.mark.forms("analysis/review.html#2", "analysis/review.html#3", "surveys/street.html",
                   "contributions/new.html")
def test_no_challenge_decisions_apply_to_the_same_words_entered_in_the_street(
        webapp, web_login, territory):
    """The tester's case: "Aucun enjeu ne correspond" on "rien" and "Le territoire",
    "Corriger" with every box unticked on "un coiffeur"; a facilitator then types the same
    words in the micro-trottoir form (/surveys/<id>/street): none of them enters the queue,
    none carries a suggestion; a new text does."""
    from participation.surveys import services as surveys

    factories.challenge(territory, "L4")
    factories.challenge(territory, "S2")
    texts = {"rien": "none", "Le territoire": "none", "un coiffeur": "untick"}
    first = {t: record_contribution(territory.id, t, suggest=True) for t in texts}
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    for text, how in texts.items():
        page = _decide_none(page, first[text].id, how)
    assert "Tout est vérifié." in text_of(page)
    survey = surveys.create_survey(territory.id, "Parole de rue")
    surveys.add_question(survey, "long_text", "Qu'est-ce qui manque ici ?", name="manque")
    surveys.add_question(survey, "long_text", "Et encore ?", name="encore")
    surveys.set_status(survey, "open")
    questions = [q.id for q in survey.questions]
    web_login("facilitator")
    url = f"/surveys/{survey.id}/street"
    for answers in (["Rien.", "le territoire"], ["Un coiffeur", "pas assez de médecins"]):
        form = form_to(webapp.get(url), url)
        form["place"] = "Marché"
        for qid, answer in zip(questions, answers, strict=True):
            form[f"q{qid}"] = answer
        form.submit().follow()
    street = db.session.scalars(select(Contribution).where(
        Contribution.source_format == "micro_trottoir").order_by(Contribution.id)).all()
    assert [(c.text, _state(c)) for c in street[:3]] == [
        ("Rien.", (True, [])), ("le territoire", (True, [])), ("Un coiffeur", (True, []))]
    assert _state(street[3])[0] is False and _state(street[3])[1]
    form = pick_form(webapp.get("/contributions/new"), field="text")
    form["text"], form["kind"] = "UN COIFFEUR !", "constat"  # typed in from a post-it
    form.submit().follow()
    typed = db.session.scalar(select(Contribution).where(Contribution.text == "UN COIFFEUR !"))
    assert _state(typed) == (True, [])
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    assert "1 contribution à vérifier" in text_of(page)
    assert "pas assez de médecins" in text_of(page)


@pytest.mark.forms("analysis/review.html#2", "analysis/review.html#3")
def test_the_latest_decision_on_the_same_words_is_the_one_applied(webapp, web_login,
                                                                  territory):
    """"rien" first decided "no challenge", then a later "Rien" tagged Mobilité by the
    coordinator: the next "rien" is not decided "no challenge" any more (the latest person's
    decision wins), and a bulk import of "rien" before that was reviewed with none."""
    from participation.analysis import autotag

    bus = factories.challenge(territory, "L4")
    first = record_contribution(territory.id, "rien", suggest=True)
    web_login("coordinator")
    _decide_none(webapp.get("/analysis/review"), first.id, "none")
    assert autotag.decided_none(territory.id, ["Rien !", "rien du tout", "50%_x"]) == [0]
    later = record_contribution(territory.id, "Rien", challenge_ids=[bus.id],
                                origin="suggested")
    assert _state(later) == (True, [])
    changed = record_contribution(territory.id, "du bruit la nuit", suggest=True)
    _correct(webapp.get("/analysis/review"), changed.id, [bus.label])
    db.session.execute(update(Contribution).where(Contribution.id == changed.id).values(
        text="RIEN"))
    db.session.commit()
    assert autotag.decided_none(territory.id, ["rien"]) == []
    assert _state(record_contribution(territory.id, "rien", suggest=True))[0] is False


@pytest.mark.forms("analysis/review.html#1")
def test_shown_preticked_stored_and_accepted_are_one_set(webapp, web_login, territory):
    """"Les bus et la sécurité des enfants" is suggested Mobilité, Éducation and Sécurité:
    the three are the stored suggestions ("suggestion à vérifier"); none comes ticked in
    "Corriger" (ticking the right one added it to the wrong ones, issue #13), "Accepter"
    saves the first (tests/analysis/test_review_decisions.py); each says its reason."""
    bus, school, safety = (factories.challenge(territory, c) for c in ("L4", "S1", "S5"))
    said = record_contribution(territory.id, "Les bus et la sécurité des enfants",
                               suggest=True)
    three = {bus.id, school.id, safety.id}
    assert {t.challenge_id for t in said.tags if t.origin == "suggested"} == three
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    assert _suggested(page, said.id) == [bus.label, school.label, safety.label]
    correct = form_to(page, f"/analysis/review/{said.id}", contains="Enregistrer la correction")
    assert {int(b.value) for b in correct.fields["challenge_ids"] if b.checked} == set()
    smalls = page.html.find(id=f"c{said.id}").select("ul.suggestions small")
    # a keyword found is not repeated as "proche par le sens de" (it said "mots-clés : bus ;
    # proche par le sens de : bus")
    assert [" ".join(s.get_text(" ").split()) for s in smalls] == [
        "mots-clés : bus", "mots-clés : enfants", "mots-clés : sécurité"]
    form_to(page, f"/analysis/review/{said.id}", contains="Accepter").submit().follow()
    reviewed, saved = _state(said)
    assert reviewed and saved == [bus.id]


def test_the_queue_says_how_many_are_shown_and_links_the_next_page(webapp, web_login,
                                                                   territory):
    """25 distinct texts wait: the queue shows 20 and says "1 à 20 affichées sur 25", links
    "5 suivantes" (a plain link), whose page shows the 5 others and a link back."""
    factories.challenge(territory, "L4")
    for n in range(25):
        record_contribution(territory.id, f"remarque numéro {n} sur le quartier")
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    assert "1 à 20 affichées sur 25 textes distincts à vérifier." in text_of(page)
    assert len(page.html.select("ol.review > li")) == 20
    page = page.click(description="5 suivantes")
    assert "21 à 25 affichées sur 25 textes distincts à vérifier." in text_of(page)
    assert len(page.html.select("ol.review > li")) == 5
    assert "remarque numéro 0 sur" in text_of(page)
    assert "Page précédente" in text_of(page)


@pytest.mark.forms("analysis/review.html#1", "analysis/review.html#2")
def test_a_nearly_same_reviewed_text_carries_its_whole_decision(webapp, web_login,
                                                               territory):
    """The tester's cases, on the test tree: "Les bus et la sécurité des enfants" corrected
    to Mobilité only (the other suggestions removed): "Les bus et la sécurité des enfants
    le soir" is suggested Mobilité only; "un conseil citoyen des enfants et des jeunes"
    accepted with its two first suggestions (« Accepter » and the second's « + » button):
    "Un conseil citoyen des enfants et des jeunes !" … the same pair, not one of them."""
    bus, school, safety = (factories.challenge(territory, c) for c in ("L4", "S1", "S5"))
    reviewed = record_contribution(territory.id, "Les bus et la sécurité des enfants")
    web_login("coordinator")
    page = _correct(webapp.get("/analysis/review"), reviewed.id, [bus.label])
    near = record_contribution(territory.id, "Les bus et la sécurité des enfants le soir")
    page = webapp.get("/analysis/review")
    assert _suggested(page, near.id) == [bus.label]
    assert "proche de « Les bus et la sécurité des enfants »" in _reasons(page, near.id)
    pair = record_contribution(territory.id, "Le bus scolaire et la sécurité à l'école")
    page = webapp.get("/analysis/review")
    shown = _suggested(page, pair.id)
    assert len(shown) >= 2, shown
    form = form_to(page, f"/analysis/review/{pair.id}", contains="Accepter")
    form.submit("also", value=_plus(form, shown[1])).follow()
    again = record_contribution(territory.id, "Le bus scolaire et la sécurité à l'école le matin")
    assert _suggested(webapp.get("/analysis/review"), again.id) == shown[:2]


def _plus(form, label: str) -> str:
    """The value of the accept form's « + » button of the suggestion ``label``."""
    return next(b["value"] for b in form.html.find_all("button", attrs={"name": "also"})
                if b.find(string=True, recursive=False).strip() == f"+ {label}")


def test_the_demos_learned_words_tell_their_challenge_apart(demo_db):
    """The testers' "présence" (2 reviewed texts of Sécurité, and "Présence de nuisibles
    (rats)" tagged Cadre de vie and Transition écologique) and "individuel" (2 of Emploi, 1
    of Mobilité), once shown as what residents say about a challenge, are not learned; words
    said in reviewed texts of one challenge only stay ("pénurie", "orthophoniste": Santé)."""
    from participation.analysis import autotag

    learned = autotag.territory_model(demo_db.id).learned
    labels = set(learned["label"])
    assert not {"présence", "individuel", "mieux autour", "autour"} & labels
    assert {"pénurie", "orthophoniste"} <= labels
    assert (learned["support"] >= 2).all()
