"""What the review queue learns from the whole of a correction, walked on the rendered queue
(WebTest, CSRF on), with the fresh tester's texts (issue #13, tester A): a challenge taken off
because of a keyword stays off for texts whose evidence is that keyword; a text containing a
reviewed one carries its kept challenges; texts with no content word get no suggestion;
incidental words and proper names are never learned."""
from __future__ import annotations

import pytest

from participation.contributions.services import record_contribution
from tests import factories
from tests.analysis.test_review_learning import _correct, _reasons, _state, _suggested
from tests.formfill import form_to


@pytest.mark.forms("analysis/review.html#2")
def test_a_challenge_taken_off_for_a_keyword_stays_off_on_that_keyword(webapp, web_login,
                                                                       territory):
    """"ralentisseurs" is suggested Sécurité first (its keyword); corrected to Mobilité only.
    "des ralentisseurs devant l ecole" (which contains it) is then suggested Mobilité first
    and never Sécurité; "il faudrait un ralentisseur vers le marché" (singular, not nearly
    the same text) is not suggested Sécurité either: its only evidence is the keyword taken
    off. "des ralentisseurs et des caméras contre la drogue" has other Sécurité keywords:
    still suggested Sécurité (with Mobilité, carried from "ralentisseurs")."""
    bus, safety = factories.challenge(territory, "L4"), factories.challenge(territory, "S5")
    reviewed = record_contribution(territory.id, "ralentisseurs")
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    assert _suggested(page, reviewed.id)[0] == safety.label
    _correct(page, reviewed.id, [bus.label])
    school = record_contribution(territory.id, "des ralentisseurs devant l ecole")
    market = record_contribution(territory.id, "il faudrait un ralentisseur vers le marché")
    drugs = record_contribution(territory.id,
                                "des ralentisseurs et des caméras contre la drogue")
    page = webapp.get("/analysis/review")
    assert _suggested(page, school.id)[0] == bus.label
    assert safety.label not in _suggested(page, school.id)
    assert safety.label not in _suggested(page, market.id)
    assert safety.label in _suggested(page, drugs.id)
    # "Accepter" saves what is shown: Sécurité is not put back
    form_to(page, f"/analysis/review/{school.id}", contains="Accepter").submit().follow()
    assert _state(school) == (True, [bus.id])


@pytest.mark.forms("analysis/review.html#2")
def test_a_text_containing_a_reviewed_one_carries_its_kept_challenges(webapp, web_login,
                                                                      territory):
    """"un terain de foot" corrected to Culture, sport et loisirs and Éducation: "un terain
    de foot pour les ados" is suggested both (it was one), with the reason "proche de « un
    terain de foot »"."""
    leisure, school = factories.challenge(territory, "L3"), factories.challenge(territory, "S1")
    reviewed = record_contribution(territory.id, "un terain de foot")
    web_login("coordinator")
    _correct(webapp.get("/analysis/review"), reviewed.id, [leisure.label, school.label])
    longer = record_contribution(territory.id, "un terain de foot pour les ados")
    page = webapp.get("/analysis/review")
    assert sorted(_suggested(page, longer.id)) == sorted([leisure.label, school.label])
    assert "proche de « un terain de foot »" in _reasons(page, longer.id)


def test_texts_without_a_content_word_get_no_suggestion(webapp, web_login, territory):
    """"bonjour", "RAS", "Rien à signaler.", "merci !", "ok", "..." were suggested challenges
    (TH01 0.54, TH10 0.52 on the demo): none now; "bonjour, le bus est toujours en retard"
    still gets Mobilité first."""
    bus = factories.challenge(territory, "L4")
    noise = [record_contribution(territory.id, t) for t in (
        "bonjour", "RAS", "Rien à signaler.", "merci !", "ok", "...",
        # coordinator tester, 2026-11-30: "Rien de spécial" was suggested Santé by
        # "spécialiste", "jsp" Accès aux droits
        "Rien de spécial", "rien de particulier", "jsp", "Aucune idée", "pas d'avis",
        "Sans commentaire")]
    real = record_contribution(territory.id, "bonjour, le bus est toujours en retard")
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    assert {c.text: _suggested(page, c.id) for c in noise} == {c.text: [] for c in noise}
    assert _suggested(page, real.id)[0] == bus.label


@pytest.mark.forms("analysis/review.html#1", "analysis/review.html#2")
def test_one_accepted_text_teaches_no_name_nor_incidental_word(webapp, web_login, territory):
    """Accepting the suggestion (Cadre de vie) of "Les crottes de chien rue Mordacq devant
    les frimousses" teaches nothing a later text would show as "appris de vos choix": one
    confirmed text is no support, "Mordacq" is a name. "rue", said in texts corrected to
    three challenges, is never learned either, though two of them are Cadre de vie."""
    frame = factories.challenge(territory, "T1")
    bus, safety = factories.challenge(territory, "L4"), factories.challenge(territory, "S5")
    accepted = record_contribution(
        territory.id, "Les crottes de chien rue Mordacq devant les frimousses")
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    assert _suggested(page, accepted.id)[0] == frame.label
    form_to(page, f"/analysis/review/{accepted.id}", contains="Accepter").submit().follow()
    for text, challenge in [("la rue est sale", frame), ("les poubelles de la rue", frame),
                            ("le bus ne passe plus dans ma rue", bus),
                            ("des voitures trop rapides dans la rue", safety)]:
        reviewed = record_contribution(territory.id, text)
        _correct(webapp.get("/analysis/review"), reviewed.id, [challenge.label])
    later = [record_contribution(territory.id, t) for t in (
        "les frimousses de Mordacq", "la rue du marché", "encore la rue")]
    page = webapp.get("/analysis/review")
    for contribution in later:
        assert "appris de vos choix" not in _reasons(page, contribution.id), contribution.text


def _accept_on(webapp, contribution_id: int, start: int) -> bool | None:
    """The rendered queue's page at position ``start``: press the contribution's "Accepter"
    there (True), or say it is not on that page (False) or that the page is past the end of
    the queue (None: no item of the list; "[id^=c]" alone also matched ``<main
    id="contenu">``, so a page past the end never ended the search)."""
    page = webapp.get(f"/analysis/review?debut={start}")
    if page.html.find(id=f"c{contribution_id}") is not None:
        form_to(page, f"/analysis/review/{contribution_id}", contains="Accepter").submit()
        return True
    return False if page.html.select("ol.review > li[id^=c]") else None


def _accept_everywhere(webapp, contribution_id: int, size: int, first: int = 0) -> int | None:
    """Find the contribution on the rendered queue's pages and press its "Accepter": the
    pages from position ``first`` (where the previous one was found: each accepted text
    leaves the queue, the others move up) to the end, then those before it. Returns the
    position of its page, None when it is on none. Each page is rendered fresh, after every
    earlier acceptance (what a coordinator sees); walking from the first page every time
    rendered about twice as many pages (118 for 57 post-its) for the same acceptances."""
    start = first
    while (found := _accept_on(webapp, contribution_id, start)) is False:
        start += size
    if found:
        return start
    return next((start for start in range(0, first, size)
                 if _accept_on(webapp, contribution_id, start)), None)


@pytest.mark.forms("analysis/review.html#1")
def test_accepted_johari_postits_leave_the_challenges_keywords_alone(webapp, web_login,
                                                                    demo_db):
    """The tester accepted the demo's Johari post-its' suggestions in the queue: the
    comparison then read "mots-clés : Mordacq, croix, domicile, … frimousses, objectifs".
    Accepting the post-its teaches none of those incidental words or names. (Not yet: two
    learned words said in several post-its, "actions mises" and "proximité", still show.)"""
    from participation.analysis import queue
    from participation.contributions.models import Contribution, ContributionChallenge
    from participation.extensions import db
    from participation.johari.models import JohariExercise

    exercise = db.session.scalars(db.select(JohariExercise)).one()
    web_login("coordinator", demo_db)
    postits = db.session.scalars(db.select(Contribution.id).where(
        Contribution.source_format == "johari", Contribution.reviewed_at.is_(None),
        Contribution.tags.any(ContributionChallenge.origin == "suggested"))).all()
    assert postits
    start = 0
    for contribution_id in postits:
        start = _accept_everywhere(webapp, contribution_id, queue.PAGE_SIZE, start)
        assert start is not None, contribution_id
    after = _shown_keywords(webapp.get(f"/johari/{exercise.id}/comparaison"))
    assert after
    assert not {"Mordacq", "frimousses", "délimitation", "objectifs", "domicile"} & after


def _shown_keywords(page) -> set[str]:
    """The words after "mots-clés :" under the comparison's challenges."""
    found = set()
    for small in page.html.select("th small"):
        text = " ".join(small.get_text(" ").split())
        if text.startswith("mots-clés"):
            found |= {w.strip() for w in text.split(":", 1)[1].split(",")}
    return found
