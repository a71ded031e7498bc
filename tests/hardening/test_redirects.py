"""Finding 15 of issue #17: no page sends a visitor to another site.

Every ``next`` goes through ``core.redirects.safe_next``. The classic payloads are tried on
each place that takes one: the Johari post-it "Retour" link (``?next=``) and its forms, the
contribution re-tagging form, the login and the language switch. A location or a link is
safe when a browser, resolving it against the platform's address, stays on the platform.
"""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participation.contributions import services as contributions
from participation.core.redirects import safe_next
from participation.extensions import db
from participation.johari import services as johari
from participation.johari.models import PostIt
from tests import factories

BASE = "https://parole.example/"
PAYLOADS = [
    "//evil.example", "///evil.example", "/\\evil.example/x", "\\\\evil.example",
    "\\/evil.example", "/\\/evil.example", "https://evil.example", "http:evil.example",
    "https:/evil.example", "/\t/evil.example", "/\n/evil.example", " //evil.example",
    "/\r\n/evil.example", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>", "evil.example", "//evil.example/%2F..",
    "/%09/evil.example".replace("%09", "\t"), "\x00//evil.example", "/\x7f/evil.example",
]


# a NUL character is refused before any view (core.security.refuse_nul_bytes): tested apart
ROUTE_PAYLOADS = [p for p in PAYLOADS if "\x00" not in p]


def _stays_home(location: str) -> bool:
    """What a browser does: backslash read as slash, tabs and line breaks dropped."""
    browser = location.strip().replace("\\", "/")
    browser = "".join(ch for ch in browser if ch not in "\t\r\n")
    resolved = urlsplit(urljoin(BASE, browser))
    return resolved.scheme == "https" and resolved.netloc == "parole.example"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_safe_next_keeps_the_visitor_on_the_site(payload):
    assert safe_next(payload, "/repli") == "/repli"


@given(st.text(max_size=30))
def test_whatever_next_is_given_the_browser_stays_on_the_site(text):
    for target in (text, "/" + text):
        assert _stays_home(safe_next(target, "/repli"))


def test_a_local_path_is_kept():
    assert safe_next("/johari/3/postits?zone=cachee#p12") == "/johari/3/postits?zone=cachee#p12"


@pytest.fixture
def postit(territory, quartier):
    from datetime import date

    exercise = johari.create_exercise(territory.id, "Johari", quartier.id, date(2023, 6, 27))
    [made] = johari.add_postits(exercise.group("habitants"),
                                [("cachee", "Les ruches derrière la résidence")], "t1")
    return db.session.get(PostIt, made.id)


def test_postit_back_link_and_forms_stay_on_the_site(client, auth, territory, postit):
    auth.login("facilitator")
    challenge = factories.challenge(territory, "S2")
    for payload in ROUTE_PAYLOADS:
        page = client.get(f"/johari/postits/{postit.id}", query_string={"next": payload})
        html = page.get_data(as_text=True)
        back = html.split('class="crumbs"><a href="', 1)[1].split('"', 1)[0]
        assert _stays_home(back.replace("&amp;", "&")) and "evil" not in back, payload
        toggled = client.post(f"/johari/postits/{postit.id}/enjeux",
                              data={"challenge_id": challenge.id, "next": payload})
        assert toggled.status_code == 302 and _stays_home(toggled.location), payload


def test_retagging_a_contribution_stays_on_the_site(client, auth, territory):
    auth.login("coordinator")
    health = factories.challenge(territory, "S2")
    contribution = contributions.record_contribution(territory.id, "Pas de pédiatre")
    for payload in ROUTE_PAYLOADS:
        response = client.post(f"/contributions/{contribution.id}/tags",
                               data={"challenges": [health.id], "next": payload})
        assert response.status_code == 302 and _stays_home(response.location), payload
        assert response.location.endswith(f"/contributions/{contribution.id}")


def test_login_and_language_switch_stay_on_the_site(client, territory):
    user = factories.user(territory)
    for payload in ROUTE_PAYLOADS:
        response = client.post("/accounts/login", query_string={"next": payload},
                               data={"email": user.email, "password": factories.PASSWORD})
        assert response.status_code == 302 and _stays_home(response.location), payload
        client.post("/accounts/logout")
        switched = client.get("/langue/en", query_string={"next": payload})
        assert switched.status_code == 302 and _stays_home(switched.location), payload


def test_a_nul_character_in_next_is_refused(client, territory):
    user = factories.user(territory)
    response = client.post("/accounts/login", query_string={"next": "\x00//evil.example"},
                           data={"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 400
