"""What « Accepter » and « Corriger » save, walked on the rendered queue (WebTest, CSRF on),
and what the model then learns (issue #13, a coordinator tester's findings): « Corriger »
opened with every suggestion ticked, so ticking the right challenge added it to the wrong
ones; « Accepter » saved the 2-3 suggestions at once, weak second ones included."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.analysis import autotag
from participation.contributions.models import ContributionChallenge
from participation.contributions.services import record_contribution
from participation.extensions import db
from tests import factories
from tests.formfill import form_to, text_of, tick

TEXT = "Les bus et la sécurité des enfants"  # suggested Mobilité, Éducation and Sécurité


def _tags(contribution_id: int) -> list[tuple[int, str]]:
    return [(t.challenge_id, t.origin) for t in db.session.scalars(
        select(ContributionChallenge).where(
            ContributionChallenge.contribution_id == contribution_id)
        .order_by(ContributionChallenge.challenge_id))]


def _suggested(page, contribution_id: int) -> list[str]:
    item = page.html.find(id=f"c{contribution_id}")
    return [" ".join(s.get_text(" ").split()) for s in item.select("ul.suggestions strong")]


def _button(form, label: str) -> str:
    """The value of the « + » button of ``form`` whose visible words start with ``label``."""
    for button in form.html.find_all("button", attrs={"name": "also"}):
        if button.find(string=True, recursive=False).strip() == f"+ {label}":
            return button["value"]
    raise AssertionError(f"no « + {label} » button in the form")


@pytest.fixture
def trio(territory):
    return tuple(factories.challenge(territory, c) for c in ("L4", "S1", "S5"))


@pytest.mark.forms("analysis/review.html#1")
def test_accept_saves_the_first_suggestion_only(webapp, web_login, territory, trio):
    """Three challenges are suggested; « Accepter » saves the first (Mobilité) only, as the
    page says; the two others were not chosen, and nearly the same text is then suggested
    Mobilité alone."""
    bus, school, safety = trio
    first = record_contribution(territory.id, TEXT)
    second = record_contribution(territory.id, "les bus et la sécurité des enfants le soir")
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    assert _suggested(page, first.id) == [bus.label, school.label, safety.label]
    assert "« Accepter » enregistre le premier enjeu suggéré" in text_of(page)
    page = form_to(page, f"/analysis/review/{first.id}", contains="Accepter").submit().follow()
    assert _tags(first.id) == [(bus.id, "suggested")]
    assert _suggested(page, second.id) == [bus.label]


@pytest.mark.forms("analysis/review.html#1")
def test_one_tap_adds_another_suggestion_and_accept_keeps_a_carried_pair(
        webapp, web_login, territory, trio):
    """The « + Sécurité » button saves Mobilité and Sécurité, not the third suggestion
    (Éducation); nearly the same text then comes with that pair at one score, and
    « Accepter » saves both (``queue.accepted``: a decision carried from the same words)."""
    bus, school, safety = trio
    first = record_contribution(territory.id, TEXT)
    second = record_contribution(territory.id, "les bus et la sécurité des enfants le soir")
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    form = form_to(page, f"/analysis/review/{first.id}", contains="Accepter")
    page = form.submit("also", value=_button(form, safety.label)).follow()
    pair = sorted([(bus.id, "suggested"), (safety.id, "suggested")])
    assert _tags(first.id) == pair
    assert _suggested(page, second.id) == [bus.label, safety.label]
    # Éducation was suggested and not kept: a correction, "(vérifié)" before (issue #13)
    reason = " ".join(page.html.find(id=f"c{second.id}").select_one("ul.suggestions small")
                      .get_text(" ").split())
    assert f"proche de « {TEXT} » (corrigé)" in reason
    form_to(page, f"/analysis/review/{second.id}", contains="Accepter").submit().follow()
    assert _tags(second.id) == pair


@pytest.mark.forms("analysis/review.html#2")
def test_correct_opens_unticked_and_replaces_the_suggestions(webapp, web_login, territory,
                                                             trio):
    """« Corriger » opens with none of the three suggestions ticked and says so; ticking
    Éducation saves Éducation alone (before: Mobilité, Éducation and Sécurité). The model
    reads it as Mobilité and Sécurité taken off (its vetoes), Éducation right, a correction
    (``corrected``), and nearly the same text is then suggested Éducation only."""
    bus, school, safety = trio
    reviewed = record_contribution(territory.id, TEXT)
    near = record_contribution(territory.id, "les bus et la sécurité des enfants le matin")
    web_login("coordinator")
    page = webapp.get("/analysis/review")
    form = form_to(page, f"/analysis/review/{reviewed.id}", contains="Enregistrer la correction")
    assert not any(box.checked for box in form.fields["challenge_ids"])
    assert "Les enjeux suggérés ne sont pas cochés" in " ".join(form.html.get_text().split())
    tick(form, school.label)
    page = form.submit().follow()
    assert _tags(reviewed.id) == [(school.id, "manual")]
    examples = autotag.territory_model(territory.id).examples
    row = examples[examples["doc"] == reviewed.id].iloc[0]
    assert (row["challenge_ids"], row["rejected"], row["corrected"]) == (
        [school.id], frozenset({bus.id, safety.id}), True)
    assert _suggested(page, near.id) == [school.label]
    assert "(corrigé)" in " ".join(page.html.find(id=f"c{near.id}").get_text(" ").split())


@pytest.mark.forms("contributions/detail.html#1")
def test_the_contribution_page_does_not_tick_an_unconfirmed_suggestion(webapp, web_login,
                                                                       territory, trio):
    """The contribution's own tag form: the stored suggestions (nobody confirmed them) are
    named in one line and not ticked; saving Éducation replaces them."""
    said = record_contribution(territory.id, TEXT, suggest=True)
    assert _tags(said.id) == sorted((c.id, "suggested") for c in trio)
    school = trio[1]
    web_login("coordinator")
    page = webapp.get(f"/contributions/{said.id}")
    hint = text_of(page).split("Suggéré, non vérifié (non coché) : ")[1].split(".")[0]
    assert sorted(hint.split(", ")) == sorted(c.label for c in trio)
    form = form_to(page, f"/contributions/{said.id}/tags")
    assert not any(box.checked for box in form.fields["challenges"])
    tick(form, school.label)
    form.submit().follow()
    assert _tags(said.id) == [(school.id, "manual")]
    page = webapp.get(f"/contributions/{said.id}")
    form = form_to(page, f"/contributions/{said.id}/tags")
    assert [box.value for box in form.fields["challenges"] if box.checked] == [str(school.id)]
    assert "Suggéré, non vérifié" not in text_of(page)
