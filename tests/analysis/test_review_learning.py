"""What the review queue learns from a coordinator's decisions, walked on the rendered queue
(WebTest, CSRF on): a challenge taken off a text is not suggested again to a text saying
nearly the same; learned words read as residents write them; "Aucun enjeu ne correspond" is
decided again for the same words answered later (issue #13, the fresh tester's findings)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.analysis import pending
from participation.contributions.models import Contribution, ContributionChallenge
from participation.contributions.services import record_contribution
from participation.extensions import db
from tests import factories
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
    Culture, sport et loisirs (the model said Accès aux droits). A later "une boîte à livres
    près de la mairie" is suggested Culture… with the words learned as written, accents
    included: "boîte", "livres" (not the folded "boite", "livre"); never the verbs
    "installer", "échanger", nor a stop word ("pour", "nos"); a word of a challenge's name
    shows as that word ("culture sport"), never as the whole title."""
    culture = factories.challenge(territory, "L3")
    reviewed = record_contribution(
        territory.id, "Installer une boîte à livres pour échanger nos livres")
    web_login("coordinator")
    page = _correct(webapp.get("/analysis/review"), reviewed.id, [culture.label])
    later = record_contribution(territory.id, "une boîte à livres près de la mairie")
    titled = record_contribution(territory.id, "plus de culture et de sport")
    page = webapp.get("/analysis/review")
    assert _suggested(page, later.id)[0] == culture.label
    learned = _reasons(page, later.id).split("appris de vos choix : ")[1].split(" proche")[0]
    assert learned == "boîte, boîte livres, livres"
    assert _suggested(page, titled.id)[0] == culture.label
    titled_reasons = _reasons(page, titled.id)
    assert "culture sport" in titled_reasons and "loisirs" not in titled_reasons


def _state(contribution: Contribution) -> tuple[bool, list[int]]:
    db.session.refresh(contribution)
    tags = db.session.scalars(select(ContributionChallenge.challenge_id).where(
        ContributionChallenge.contribution_id == contribution.id)).all()
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
