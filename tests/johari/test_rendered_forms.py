"""Every POST form of the Johari pages, loaded and submitted as a browser renders it (WebTest,
CSRF on), with its real effect checked: rows stored and the next page showing them. (The chips
of ``_tags.html`` submit a form through the HTML ``form`` attribute, which WebTest ignores:
they are driven in Chromium, tests/e2e/test_johari_forms.py.)"""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.johari import services
from participation.johari.models import POSTIT_MAX, JohariExercise, PostIt
from tests import factories
from tests.events.conftest import make_event
from tests.formcheck import pick_form
from tests.formfill import text_of as _text  # the page as a person reads it


@pytest.mark.forms("johari/form.html")
def test_coordinator_creates_an_exercise_held_at_an_event(webapp, web_login, territory,
                                                          quartier):
    barbecue = make_event(territory, title="Barbecue de la rue Pasteur")
    web_login("coordinator")
    form = pick_form(webapp.get("/johari/new"), field="title")
    assert "Barbecue de la rue Pasteur" in form["event_id"].options[1][2]  # a title, no number
    form["title"], form["held_on"] = "Johari partenaires", "2023-06-20"
    form["quartier_id"], form["event_id"] = str(quartier.id), str(barbecue.id)
    page = form.submit().follow()
    exercise = db.session.scalars(select(JohariExercise)).one()
    assert (exercise.title, exercise.event_id, exercise.held_on) == (
        "Johari partenaires", barbecue.id, date(2023, 6, 20))
    assert "Barbecue de la rue Pasteur" in _text(page) and "n° " not in _text(page)
    form = pick_form(webapp.get(f"/johari/{exercise.id}/edit"), field="title")
    assert form["event_id"].value == str(barbecue.id)
    form["event_id"], form["is_open"] = "0", False
    form.submit().follow()
    db.session.refresh(exercise)
    assert (exercise.event_id, exercise.is_open) == (None, False)


@pytest.mark.forms("johari/detail.html", "johari/prompts.html")
def test_coordinator_adds_a_group_and_rewords_its_questions(webapp, web_login, exercise):
    web_login("coordinator")
    form = pick_form(webapp.get(f"/johari/{exercise.id}"), field="kind")
    kind = form["kind"].options[0][0]
    page = form.submit().follow()
    db.session.refresh(exercise)
    assert kind in [g.slug for g in exercise.groups] and len(exercise.groups) == 3
    form = pick_form(webapp.get(f"/johari/{exercise.id}/groups/habitants/questions"),
                     field="publique")
    form["publique"] = "Que savons-nous tous du quartier ?"
    page = form.submit().follow()
    assert exercise.group("habitants").prompt("publique") == "Que savons-nous tous du quartier ?"
    assert "Que savons-nous tous du quartier ?" in _text(page)


@pytest.mark.forms("johari/public.html")
def test_resident_leaves_postits_and_an_error_names_the_question(webapp, exercise):
    url = f"/johari/{exercise.id}/habitants"
    form = pick_form(webapp.get(url), field="publique")
    form["publique"] = "x" * (POSTIT_MAX + 1)  # what a browser without maxlength sends
    page = form.submit(status=422)
    prompt = exercise.group("habitants").prompt("publique")
    summary = " ".join(page.html.select_one(".error-summary").get_text(" ").split())
    assert prompt in summary and "Publique" not in summary
    form = pick_form(page, field="publique")
    form["publique"], form["cachee"] = "Le marché du samedi", "Le jardin derrière l'école"
    form.submit().follow()
    assert sorted(p.text for p in db.session.scalars(select(PostIt))) == [
        "Le jardin derrière l'école", "Le marché du samedi"]


@pytest.mark.forms("johari/entry.html")
def test_facilitator_types_a_paper_postit(webapp, web_login, exercise):
    web_login("facilitator")
    form = pick_form(webapp.get(f"/johari/{exercise.id}/saisie"), field="text")
    form["group"], form["quadrant"], form["text"] = "partenaires", "aveugle", "Peu de commerces"
    page = form.submit().follow()
    postit = db.session.scalar(select(PostIt))
    assert (postit.group.slug, postit.quadrant, postit.text) == (
        "partenaires", "aveugle", "Peu de commerces")
    assert "Post-it ajouté" in _text(page) and "Peu de commerces" in _text(page)


@pytest.mark.forms("johari/postit.html#1", "johari/postit.html#2")
def test_facilitator_tags_then_deletes_a_postit(webapp, web_login, territory, exercise):
    code = next(c.code for c in territory.current_contract.challenges if c.parent_id is None)
    theme = factories.challenge(territory, code)
    [postit] = services.add_postits(exercise.group("habitants"), [("publique", "Texte")],
                                    "tok-1")
    web_login("facilitator")
    page = webapp.get(f"/johari/postits/{postit.id}")
    heading = " ".join(page.html.h1.get_text().split())  # issue #11: its words, not its id
    assert heading == "Post-it « Texte »" and f"n° {postit.id}" not in _text(page)
    form = next(f for f in page.forms.values()
                if f.fields.get("challenge_id") and f["challenge_id"].value == str(theme.id))
    form.submit().follow()
    db.session.refresh(postit)
    assert theme.id in [t.challenge_id for t in postit.contribution.tags]
    page = pick_form(webapp.get(f"/johari/postits/{postit.id}"), action="/delete").submit()
    assert db.session.scalar(select(PostIt)) is None
    assert "Post-it supprimé." in _text(page.follow())


@pytest.mark.forms("johari/comparison.html")
def test_facilitator_saves_the_conclusions(webapp, web_login, exercise):
    web_login("facilitator")
    form = pick_form(webapp.get(f"/johari/{exercise.id}/comparaison"), field="partage")
    form["partage"] = "Tous parlent du marché."
    page = form.submit().follow()
    db.session.refresh(exercise)
    assert exercise.conclusions["partage"] == "Tous parlent du marché."
    assert "Conclusions enregistrées." in _text(page)


@pytest.mark.forms("johari/public.html")
def test_postits_are_tagged_by_the_analyses_tagger_not_a_keyword(webapp, web_login, territory,
                                                                  exercise):
    """Issue #13: "école" only says where the danger is; the post-it is about safety, and one
    post-it per group shares nothing (``comparison.MIN_POSTITS``)."""
    for slug, quadrant, text in (
            ("habitants", "inconnue", "Le raccourci derrière l'école est dangereux le soir"),
            ("partenaires", "publique", "L'école")):
        form = pick_form(webapp.get(f"/johari/{exercise.id}/{slug}"), field=quadrant)
        form[quadrant] = text
        form.submit().follow()
    shortcut, school = db.session.scalars(select(PostIt).order_by(PostIt.id))
    codes = {c.id: c.code for c in territory.current_contract.challenges}
    assert [codes[t.challenge_id] for t in shortcut.contribution.tags] == ["S5"]  # Sécurité
    assert [codes[t.challenge_id] for t in school.contribution.tags] == ["S1"]  # Éducation
    assert shortcut.contribution.tags[0].origin == "suggested"
    web_login("facilitator")
    page = webapp.get(f"/johari/{exercise.id}/comparaison")
    text = _text(page)
    assert "Enjeux partagés (0)" in text and "Aucun enjeu partagé." in text
    # two suggestions nobody confirmed: shown apart with their post-its, never compared
    assert "Suggestions à vérifier dans la file (2)" in text and "Enjeux à confirmer" not in text
    assert "Le raccourci derrière l'école est dangereux le soir" in text
    form = pick_form(page, field="partage")
    assert form["partage"].value.strip() == "" and form["discordance"].value.strip() == ""


@pytest.mark.forms("johari/entry.html")
def test_a_paper_postit_typed_without_a_zone_is_refused_not_filed_as_public(
        webapp, web_login, exercise):
    """No zone is picked on the first visit (« Zone publique » used to be, and a post-it
    typed without choosing was filed there); the refusal keeps the text and the group; after
    a post-it, its zone stays picked for the next one."""
    web_login("facilitator")
    page = webapp.get(f"/johari/{exercise.id}/saisie")
    assert not page.html.select("input[name=quadrant][checked]")
    form = pick_form(page, field="text")
    form["group"], form["text"] = "partenaires", "Peu de commerces"
    refused = form.submit(status=422)
    assert "Choisissez une zone de la fenêtre." in _text(refused)
    assert db.session.scalar(select(PostIt.id)) is None
    form = pick_form(refused, field="text")
    assert (form["group"].value, form["text"].value) == ("partenaires", "Peu de commerces")
    form["quadrant"] = "cachee"
    page = form.submit().follow()
    assert db.session.scalar(select(PostIt.quadrant)) == "cachee"
    [picked] = page.html.select("input[name=quadrant][checked]")
    assert picked["value"] == "cachee"
