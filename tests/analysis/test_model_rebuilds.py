"""The suggestion model of a territory is built again only when what it learns from changes
(``autotag.territory_model``, keyed by ``autotag._digest`` of the current challenges and
``frames.manual_tags``): residents' new answers (to a tagged question, to an untagged one,
with words a coordinator already decided "no challenge" for) never rebuild it; a
coordinator's correction in the review queue does, once (issue #16)."""
from __future__ import annotations

import pytest

from participation.analysis import autotag
from participation.contributions.models import Contribution
from participation.extensions import db
from participation.surveys import services
from tests import factories
from tests.analysis.test_review_learning import _correct
from tests.formfill import form_to, text_of

NEEDS = ["il manque un médecin dans le quartier", "les bus ne passent plus le soir",
         "une boîte à livres près de la mairie"]


class CountedBuilds:
    """``autotag.model_from`` counting the models built."""

    def __init__(self):
        self.real, self.built = autotag.model_from, 0

    def __call__(self, challenges, reviewed):
        self.built += 1
        return self.real(challenges, reviewed)


@pytest.fixture
def builds(monkeypatch):
    """No model kept from another test; every build counted."""
    counted = CountedBuilds()
    monkeypatch.setattr(autotag, "_MODELS", {})
    monkeypatch.setattr(autotag, "model_from", counted)
    return counted


def _survey(territory):
    """An open survey: "besoin" (untagged: its answers get a suggestion, which reads the
    model) and "bus" (tagged Mobilité: its answers carry a "question" tag)."""
    health, bus = factories.challenge(territory, "S2"), factories.challenge(territory, "L4")
    survey = services.create_survey(territory.id, "Besoins du quartier")
    services.add_question(survey, "long_text", "Que vous manque-t-il ?", name="besoin")
    services.add_question(survey, "long_text", "Et les transports ?", name="bus",
                          challenge_ids=[bus.id])
    services.set_status(survey, "open")
    return survey, health, bus


def _answer(webapp, survey, need: str, transport: str) -> None:
    """One resident answers through the rendered form (its untagged text is suggested once
    the response is sent: ``SUGGESTIONS_DELAY`` None in the tests)."""
    url = f"/s/{survey.slug}"
    form = form_to(webapp.get(url + "?autre=1"), url)
    form[f"q{survey.questions[0].id}"] = need
    form[f"q{survey.questions[1].id}"] = transport
    assert form.submit().status_int == 302


def _id_of(text: str) -> int:
    return db.session.scalar(db.select(Contribution.id).where(Contribution.text == text))


def test_new_answers_never_rebuild_the_model_a_correction_does_once(
        webapp, web_login, territory, builds):
    survey, health, _bus = _survey(territory)
    _answer(webapp, survey, NEEDS[0], "le bus 12 est toujours en retard")
    assert builds.built == 1  # the first suggestion builds it
    _answer(webapp, survey, NEEDS[1], "il faudrait un tramway")
    _answer(webapp, survey, NEEDS[2], "plus de bus le dimanche")
    assert builds.built == 1  # two new answers: 0 rebuilds
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    assert builds.built == 1 and NEEDS[2] in text_of(page)
    page = _correct(page, _id_of(NEEDS[2]), [health.label])  # a coordinator's correction
    assert builds.built == 2  # 1 rebuild, read by the page after it
    webapp.get("/analysis/review")
    assert builds.built == 2
    learned = autotag.territory_model(territory.id).examples
    assert list(learned["text"]) == [NEEDS[2]]  # the correction; no resident's answer


@pytest.mark.forms("analysis/review.html#3")
def test_an_answer_decided_like_the_same_words_before_does_not_rebuild(
        webapp, web_login, territory, builds):
    """"rien" decided "Aucun enjeu ne correspond" by a coordinator (a person's decision: 1
    rebuild); a resident's later "Rien !" is decided the same at once (``apply_decided``:
    ``reviewed_at`` without a person), which teaches nothing new: 0 rebuilds."""
    survey, _health, _bus = _survey(territory)
    _answer(webapp, survey, "rien", "le bus 12 est toujours en retard")
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    form = form_to(page, f"/analysis/review/{_id_of('rien')}",
                   contains="Aucun enjeu ne correspond")
    assert "Tout est vérifié." in text_of(form.submit().follow())
    autotag.territory_model(territory.id)
    assert builds.built == 2  # the first answer's suggestion, then the decision learned
    _answer(webapp, survey, "Rien !", "plus de bus le dimanche")  # suggested: reads it
    later = db.session.get(Contribution, _id_of("Rien !"))
    assert later.reviewed_at is not None and later.tags == []
    autotag.territory_model(territory.id)
    assert builds.built == 2


def test_the_model_follows_every_change_of_what_it_learns_from(territory, builds):
    """A reviewed text edited, the tree's keywords edited: rebuilt each time; a text
    tagged by its question, or another staff entry left to a suggestion: not."""
    from participation.contributions.services import record_contribution

    health = factories.challenge(territory, "S2")
    typed = record_contribution(territory.id, "plus de médecins", challenge_ids=[health.id])
    autotag.territory_model(territory.id)
    autotag.territory_model(territory.id)
    assert builds.built == 1
    typed.text = "plus de médecins généralistes"
    db.session.commit()
    autotag.territory_model(territory.id)
    assert builds.built == 2
    health.keywords = (health.keywords or "") + ", généraliste"
    db.session.commit()
    autotag.territory_model(territory.id)
    assert builds.built == 3
    record_contribution(territory.id, "un centre de santé", challenge_ids=[health.id],
                        origin="question")
    record_contribution(territory.id, "une pharmacie de garde", suggest=True)
    autotag.territory_model(territory.id)
    assert builds.built == 3
