"""Residents' pages served from the page cache (core/pagecache.py) are never stale.

A resident browses with a WebTest browser of their own (its own cookies); the coordinator
changes things through the staff pages in another one (``webapp`` + ``web_login``). Both hit
the same app, hence the same cache.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from webtest import TestApp

from participation.core import pagebytes, pagecache, versionread
from participation.core.clock import PARIS
from participation.extensions import db
from tests.events.conftest import make_event
from tests.formfill import form_to, text_of, tick
from tests.surveys.helpers import survey_with_condition

CLOSED = "Ce questionnaire est clos"


@pytest.fixture(autouse=True)
def _fresh_g_per_request(app):
    """In production every request has its own ``g``; here the test's app context outlives
    requests, so the CSRF token and the user loaded for one browser would be reused for the
    next one."""
    from flask import g, request_started

    def forget(sender, **extra):
        g.pop("csrf_token", None)
        g.pop("_login_user", None)

    request_started.connect(forget, app)
    yield
    request_started.disconnect(forget, app)


@pytest.fixture
def resident(app):
    """A resident's browser: no staff session, its own cookie jar."""
    return TestApp(app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "fr"})


@pytest.fixture
def stored(monkeypatch):
    """Keys of the pages stored in the cache during the test."""
    keys: list[str] = []
    store = pagecache._store

    def recording(key, response):
        keys.append(key)
        return store(key, response)

    monkeypatch.setattr(pagecache, "_store", recording)
    return keys


def _close_through_staff_page(webapp, survey) -> None:
    page = webapp.get(f"/surveys/{survey.id}")
    form = form_to(page, f"/surveys/{survey.id}/status", contains="Clore")
    assert form.submit().status_int == 302


def test_a_survey_closed_by_its_coordinator_is_closed_on_the_next_get(
        webapp, web_login, resident, territory, quartier, stored):
    survey = survey_with_condition(territory, quartier)
    url = f"/s/{survey.slug}"
    first = resident.get(url)
    again = resident.get(url)
    assert len(stored) == 1  # the second visit came from the cache
    assert "Savez-vous ce qu'il se passe ?" in text_of(again)
    assert survey.title in text_of(resident.get(f"/quartiers/{quartier.id}"))
    web_login("coordinator")
    _close_through_staff_page(webapp, survey)
    closed = resident.get(url)
    assert CLOSED in text_of(closed)
    assert "Savez-vous ce qu'il se passe ?" not in text_of(closed)
    assert survey.title not in text_of(resident.get(f"/quartiers/{quartier.id}"))
    assert first.status_int == 200


def test_a_survey_closes_at_its_closing_time_without_any_write(
        resident, territory, quartier, pinned_clock):
    survey = survey_with_condition(territory, quartier)
    survey.closes_at = datetime(2026, 11, 24, 18, 0)  # Paris wall-clock, as typed by staff
    db.session.commit()
    url = f"/s/{survey.slug}"
    assert CLOSED not in text_of(resident.get(url))
    assert survey.title in text_of(resident.get(f"/quartiers/{quartier.id}"))
    pinned_clock.move_to(datetime(2026, 11, 24, 18, 0, tzinfo=PARIS))
    assert CLOSED in text_of(resident.get(url))
    assert survey.title not in text_of(resident.get(f"/quartiers/{quartier.id}"))


def test_a_repeated_get_is_304_until_the_data_changes(webapp, web_login, resident, territory,
                                                      quartier):
    url = f"/quartiers/{quartier.id}"
    page = resident.get(url)
    etag = page.headers["ETag"]
    assert page.headers["Cache-Control"] == "private, no-cache"
    assert set(page.headers["Vary"].replace(" ", "").split(",")) >= {"Accept-Language",
                                                                      "Cookie"}
    repeated = resident.get(url, headers={"If-None-Match": etag}, status=304)
    assert repeated.body == b""
    web_login("coordinator")
    form = webapp.get(f"/territory/quartiers/{quartier.id}/edit").forms[1]
    form["name"] = "Pasteur-Foch-Gare"
    assert form.submit().status_int == 302
    fresh = resident.get(url, headers={"If-None-Match": etag}, status=200)
    assert fresh.headers["ETag"] != etag
    assert "Pasteur-Foch-Gare" in text_of(fresh)


def test_a_residents_answer_keeps_the_cached_pages(resident, territory, quartier, stored):
    survey = survey_with_condition(territory, quartier)
    page = resident.get(f"/quartiers/{quartier.id}")
    version = versionread.current_version()
    form = form_to(resident.get(f"/s/{survey.slug}"), f"/s/{survey.slug}")
    tick(form, "Non")
    tick(form, "7")
    assert form.submit().status_int == 302
    assert versionread.current_version() == version
    resident.get(f"/quartiers/{quartier.id}", headers={"If-None-Match": page.headers["ETag"]},
                 status=304)


def test_every_visitor_gets_fresh_tokens_on_a_cached_form(app, territory, quartier, stored):
    survey = survey_with_condition(territory, quartier)
    url = f"/s/{survey.slug}"
    first, second = TestApp(app), TestApp(app)
    page_one, page_two = first.get(url), second.get(url)
    assert len(stored) == 1
    assert page_two.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in page_two.headers
    form_one, form_two = form_to(page_one, url), form_to(page_two, url)
    assert form_one["token"].value != form_two["token"].value
    assert form_one["csrf_token"].value != form_two["csrf_token"].value
    assert "@@pdq-volatile" not in page_two.text
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        tick(form_two, "Non")
        tick(form_two, "7")
        assert form_two.submit().status_int == 302  # the replayed page's CSRF token is valid
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_staff_and_languages_get_their_own_pages(webapp, web_login, resident, quartier):
    url = f"/quartiers/{quartier.id}"
    french = resident.get(url)
    english = resident.get(url, headers={"Accept-Language": "en"})
    assert 'lang="fr"' in french.text and 'lang="en"' in english.text
    web_login("coordinator")
    staff = webapp.get(url)
    assert "Tableau de bord" in text_of(staff)  # the staff menu: not the residents' page
    assert staff.headers["Cache-Control"] == "no-store"
    assert "Tableau de bord" not in text_of(resident.get(url))


def test_an_event_leaves_the_quartier_page_when_it_ends(resident, territory, quartier,
                                                        pinned_clock):
    event = make_event(territory, days=1, quartier_ids=[quartier.id])
    url = f"/quartiers/{quartier.id}"
    assert event.title in text_of(resident.get(url))
    assert event.title in text_of(resident.get(url))  # from the cache
    pinned_clock.move_to((event.ends_at + timedelta(minutes=1)).replace(tzinfo=PARIS))
    assert event.title not in text_of(resident.get(url))


def _headers(page) -> dict:
    return {k.lower(): v for k, v in page.headerlist if k.lower() not in ("set-cookie",)}


def test_a_visitor_without_cookie_gets_the_page_flask_would_send(app, territory, quartier,
                                                                 stored):
    """The front layer (core/pagefront.py) answers cookie-less visitors before Flask: same
    body, same headers, same 304, as the Flask path (a visitor with a cookie)."""
    url = f"/quartiers/{quartier.id}"
    first = TestApp(app).get(url)  # stored by Flask
    front = TestApp(app).get(url)  # answered in front of Flask
    with_cookie = TestApp(app)
    with_cookie.set_cookie("vu", "1")
    through_flask = with_cookie.get(url)
    assert len(stored) == 1
    assert front.text == through_flask.text == first.text
    assert _headers(front) == _headers(through_flask)
    assert front.headers["X-Frame-Options"] == "DENY"
    TestApp(app).get(url, headers={"If-None-Match": front.headers["ETag"]}, status=304)


@pytest.fixture
def through_flask(app):
    """Paths of the requests Flask itself handled (the front layer answers before it)."""
    from flask import request, request_started

    paths: list[str] = []

    def record(sender, **extra):
        paths.append(request.path)

    request_started.connect(record, app)
    yield paths
    request_started.disconnect(record, app)


def _submit_twice(form) -> None:
    tick(form, "Non")
    tick(form, "7")
    assert form.submit().status_int == 302
    assert form.submit().status_int == 302  # a double click: one response kept


def test_a_returning_resident_is_answered_in_front_with_their_own_session(
        app, territory, quartier, resident, through_flask):
    """A resident's second visit sends the session cookie of the first: still answered in
    front of Flask, with the session's CSRF token (no new cookie), the page and headers
    Flask sends; the form submits once however often it is sent."""
    from participation.surveys.models import Response

    survey = survey_with_condition(territory, quartier)
    url = f"/s/{survey.slug}"
    TestApp(app).get(url)  # stored by Flask
    first = resident.get(url)
    assert "session=" in first.headers["Set-Cookie"]
    again = resident.get(url)
    assert through_flask == [url] and "Set-Cookie" not in again.headers
    resident.set_cookie("vu", "1")  # another cookie: through Flask
    flask_page = resident.get(url)
    assert through_flask == [url, url] and "Set-Cookie" not in flask_page.headers
    assert _headers(again) == _headers(flask_page)
    assert again.text.count("@@pdq") == 0 and len(again.text) == len(flask_page.text)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        _submit_twice(form_to(again, url))
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert db.session.query(Response).filter_by(survey_id=survey.id).count() == 1


def test_the_language_chosen_is_kept_in_front_of_flask(resident, quartier, through_flask):
    url = f"/quartiers/{quartier.id}"
    resident.get("/langue/en")
    assert 'lang="en"' in resident.get(url).text  # rendered by Flask, stored
    count = len(through_flask)
    assert 'lang="en"' in resident.get(url).text
    assert len(through_flask) == count


def test_a_forged_or_staff_session_goes_to_flask(app, resident, quartier, through_flask):
    """Only a validly signed session holding a CSRF token and a language is answered in
    front: anything else is Flask's to judge (here: a new session, a login's keys kept)."""
    url = f"/quartiers/{quartier.id}"
    TestApp(app).get(url)
    signer = app.session_interface.get_signing_serializer(app)
    forged = signer.dumps({"lang": "en"})[:-2] + "xx"
    staff = signer.dumps({"_user_id": "1", "csrf_token": "0" * 40})
    for value in (forged, staff):
        count = len(through_flask)
        resident.set_cookie("session", value)
        assert resident.get(url).status_int == 200
        assert len(through_flask) == count + 1
    assert 'lang="fr"' in resident.get(url).text  # the forged "en" was not believed


def test_a_stored_page_is_split_at_its_own_markers_only():
    """Entries keep the body as UTF-8 bytes split at the markers of the page's own volatile
    kinds: each occurrence gets the request's value, a marker of another kind (text someone
    typed) stays as written, a page without any kind is one piece."""
    body = "<p>Été @@pdq-volatile-csrf@@ / @@pdq-volatile-csrf@@ @@pdq-volatile-other@@</p>"
    parts = pagebytes.page_parts(body, ["csrf"])
    assert parts[1::2] == ("csrf", "csrf")
    assert pagebytes.page_body(parts, {"csrf": b"T1"}) == (
        "<p>Été T1 / T1 @@pdq-volatile-other@@</p>".encode())
    assert pagebytes.page_parts("<p>Été</p>", ()) == ("<p>Été</p>".encode(),)
    assert pagebytes.page_body(("<p>Été</p>".encode(),), {}) == "<p>Été</p>".encode()


def test_vous_avez_dit_is_kept_rendered_and_shows_a_new_reply_at_once(
        webapp, web_login, resident, territory, quartier, stored):
    """The public "Vous avez dit, nous avons fait" page is served from the cache (one stored
    key, the second visit answered 304), a resident's new contribution keeps it, and a
    public reply the coordinator writes through the follow-up form shows on the next visit."""
    from participation.contributions import services
    from tests.formcheck import pick_form

    said = services.record_contribution(territory.id, "Plus de bancs", quartier_id=quartier.id)
    url = f"/contributions/quartier/{quartier.id}/vous-avez-dit"
    page = resident.get(url)
    assert len(stored) == 1 and "Six bancs posés." not in text_of(page)
    resident.get(url, headers={"If-None-Match": page.headers["ETag"]}, status=304)
    services.record_contribution(territory.id, "Un banc de plus", quartier_id=quartier.id)
    resident.get(url, headers={"If-None-Match": page.headers["ETag"]}, status=304)
    web_login("coordinator")
    form = pick_form(webapp.get(f"/contributions/{said.id}"), action="/follow-up")
    form["status"], form["public_reply"] = "realisee", "Six bancs posés."
    form.submit().follow()
    fresh = resident.get(url, headers={"If-None-Match": page.headers["ETag"]}, status=200)
    assert "Six bancs posés." in text_of(fresh) and len(stored) == 2
