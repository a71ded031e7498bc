"""The contribution register's forms, submitted as rendered (WebTest, CSRF on): typing in what
was said, re-tagging, the follow-up and its public reply, links added and removed."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from participation.contributions import services
from participation.contributions.models import Contribution, ContributionLink
from participation.core import clock
from participation.extensions import db
from tests import factories
from tests.formcheck import pick_form
from tests.formfill import text_of as _text  # the page as a person reads it


def _theme(territory):
    code = next(c.code for c in territory.current_contract.challenges if c.parent_id is None)
    return factories.challenge(territory, code)


@pytest.mark.forms("contributions/new.html")
def test_facilitator_types_in_what_was_said(webapp, web_login, territory, quartier):
    theme = _theme(territory)
    web_login("facilitator")
    form = pick_form(webapp.get("/contributions/new"), field="text")
    form["text"], form["kind"] = "Il manque un médecin", "constat"
    form["quartier_id"], form["said_on"] = str(quartier.id), "2024-03-12"
    form.get("challenges", index=0).checked = True
    form["attribution_consent"], form["sex"], form["age_band"] = True, "f", "40-59 ans"
    page = form.submit().follow()
    said = db.session.scalar(select(Contribution))
    assert (said.text, said.kind, said.quartier_id) == ("Il manque un médecin", "constat",
                                                        quartier.id)
    assert [t.challenge_id for t in said.tags] == [theme.id] and said.sex == "f"
    assert "enregistrée" in _text(page)


@pytest.mark.forms("contributions/detail.html#1", "contributions/detail.html#2",
                   "contributions/detail.html#3", "contributions/detail.html#4")
def test_coordinator_retags_follows_up_links_and_unlinks(webapp, web_login, territory,
                                                         quartier, pinned_clock):
    pinned_clock.move_to(datetime(2026, 11, 24, 12, 0, tzinfo=clock.PARIS), tick=False)
    theme = _theme(territory)
    said = services.record_contribution(territory.id, "Plus de bancs", quartier_id=quartier.id)
    other = services.record_contribution(territory.id, "Des bancs place Foch",
                                         kind="proposition", quartier_id=quartier.id)
    web_login("coordinator")
    url = f"/contributions/{said.id}"
    form = pick_form(webapp.get(url), action="/tags")  # 1
    form.get("challenges", index=0).checked = True
    form.submit().follow()
    db.session.refresh(said)
    assert [t.challenge_id for t in said.tags] == [theme.id]
    form = pick_form(webapp.get(url), action="/follow-up")  # 2
    form["status"], form["public_reply"] = "realisee", "Six bancs posés."
    form.submit().follow()
    db.session.refresh(said)
    assert (said.status, said.public_reply) == ("realisee", "Six bancs posés.")
    public = webapp.get(f"/contributions/quartier/{quartier.id}/vous-avez-dit")
    assert "Six bancs posés." in _text(public)
    form = pick_form(webapp.get(url), action="/links")  # 4 (the add form, after the list)
    options = [text for _value, _sel, text in form["target_id"].options]
    assert options == ["— Choisir une contribution —",
                       f"« Des bancs place Foch » — {quartier.name}, 24 novembre 2026"]
    form["target_id"].select(text=options[1])  # issue #11: by its text, not a typed number
    page = form.submit().follow()
    assert db.session.scalar(select(ContributionLink)).to_id == other.id
    text = _text(page)
    assert "Des bancs place Foch" in text and "Numéro" not in text
    assert f"n° {other.id}" not in text and f"n° {said.id}" not in text
    assert f"Contribution du 24 novembre 2026 — {quartier.name}" in text
    listing = webapp.get("/contributions/")
    assert f"n° {other.id}" not in _text(listing)  # the list links each contribution by text
    assert "Des bancs place Foch" in _text(listing.click(description="Des bancs place Foch"))
    page = pick_form(page, action="/delete").submit().follow()  # 3
    assert db.session.scalar(select(ContributionLink)) is None and "Aucun lien." in _text(page)
