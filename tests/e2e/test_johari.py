"""Johari in Chromium at 360 px: a resident posts from the QR link (no JavaScript, double
click), a facilitator types 10 post-its by keyboard only, axe and page weight."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from participation.demo import data
from participation.extensions import db
from participation.johari.models import JohariExercise, JohariGroup, PostIt
from tests.e2e.helpers import assert_no_axe_violations, log_in, page_weight

pytestmark = pytest.mark.e2e
BUDGET = 40 * 1024
FACILITATOR = next(u for u in data.USERS if u[2] == "facilitator")
PAPER = [("1", "Le city stade"), ("1", "La fête des voisins"), ("2", "Les horaires du bus"),
         ("3", "Le jardin partagé derrière Foch"), ("3", "Un médecin qui prend des patients"),
         ("4", "Le projet de la friche"), ("2", "La propreté des halls"),
         ("4", "Qui entretient les espaces verts"), ("1", "Le centre social"),
         ("3", "Les ruches des Marronniers")]


@pytest.fixture
def exercise(demo_db):
    return db.session.scalar(select(JohariExercise))


def _count(exercise, slug: str | None = None) -> int:
    stmt = select(func.count(PostIt.id)).join(PostIt.group).where(
        JohariGroup.exercise_id == exercise.id)
    if slug:
        stmt = stmt.where(JohariGroup.slug == slug)
    db.session.expire_all()
    return db.session.scalar(stmt)


def _login(page) -> None:
    log_in(page, FACILITATOR[0], FACILITATOR[3])


def test_resident_adds_a_postit_from_the_qr_link_without_javascript(make_page, exercise):
    page = make_page(java_script_enabled=False)
    before = _count(exercise, "habitants")
    page.goto(f"/johari/{exercise.id}/habitants")
    page.get_by_label("Qu'est ce que je ne connais pas de mon quartier ?").fill(
        "Les horaires de la mairie annexe")
    page.get_by_role("button", name="Déposer mes post-its").dblclick()
    # the second click's submit may abort the first one's navigation (net::ERR_ABORTED in
    # wait_for_url on PostgreSQL, 2026-11-30): expect() polls the page until it is there
    expect(page).to_have_url(re.compile(r".*/merci$"))
    expect(page.get_by_role("heading", name="Merci !")).to_be_visible()
    assert _count(exercise, "habitants") == before + 1


def test_resident_sees_a_french_message_for_an_overlong_postit(page, exercise):
    page.goto(f"/johari/{exercise.id}/partenaires")
    field = page.get_by_label("Qu'est-ce que les partenaires pensent du quartier "
                              "d'intervention ?")
    field.evaluate("(el) => { el.removeAttribute('maxlength'); el.value = 'x'.repeat(5000); }")
    page.get_by_role("button", name="Déposer mes post-its").click()
    expect(page.get_by_role("alert").get_by_text(
        "Un post-it fait au plus 500 caractères.")).to_be_visible()
    assert_no_axe_violations(page)


def test_facilitator_types_ten_postits_by_keyboard_only(page, exercise):
    _login(page)
    before = _count(exercise, "partenaires")
    page.goto(f"/johari/{exercise.id}/saisie?groupe=partenaires")
    for key, text in PAPER:
        page.keyboard.press(key)                       # the focused zone: keys 1-4
        assert page.evaluate("document.activeElement.id") == "text"
        page.keyboard.type(text)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert _count(exercise, "partenaires") == before + 10
    stored = db.session.execute(
        select(PostIt.quadrant, func.count()).join(PostIt.group)
        .where(JohariGroup.slug == "partenaires", PostIt.entered_by_id.is_not(None))
        .group_by(PostIt.quadrant)).all()
    assert dict(stored) == {"publique": 3, "aveugle": 2, "cachee": 3, "inconnue": 2}
    expect(page.get_by_text("Post-it ajouté : Zone cachée, Partenaires.")).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("path", ["fenetre", "comparaison", "affiche", "postits", "bloc"])
def test_staff_pages_are_accessible_and_light(page, exercise, path):
    _login(page)
    assert page_weight(page, f"/johari/{exercise.id}/{path}") <= BUDGET
    assert_no_axe_violations(page)


def test_public_page_is_light_and_accessible(page, exercise):
    assert page_weight(page, f"/johari/{exercise.id}/habitants") <= BUDGET
    assert_no_axe_violations(page)
