"""The staff account forms and the header's logout, submitted as rendered (WebTest, CSRF on)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.accounts.models import User
from participation.extensions import db
from tests.formcheck import pick_form
from tests.formfill import text_of as _text  # the page as a person reads it


@pytest.mark.forms("accounts/users.html#1", "accounts/users.html#2")
def test_coordinator_creates_then_deactivates_a_facilitator(webapp, web_login):
    web_login("coordinator")
    form = pick_form(webapp.get("/accounts/users"), field="password")
    form["name"], form["email"] = "Sami Benali", "sami.benali@example.fr"
    form["role"], form["password"] = "facilitator", "Marelle2024xyz"
    page = form.submit().follow()
    sami = db.session.scalar(select(User).where(User.email == "sami.benali@example.fr"))
    assert (sami.name, sami.role, sami.active) == ("Sami Benali", "facilitator", True)
    assert "Compte créé." in _text(page)
    form = next(f for f in page.forms.values() if f.action.endswith(f"/users/{sami.id}/active"))
    page = form.submit().follow()
    db.session.refresh(sami)
    assert sami.active is False and "Désactivé — réactiver Sami Benali" in _text(page)


@pytest.mark.forms("base.html")
def test_logout_from_the_header_ends_the_session(webapp, web_login):
    web_login("facilitator")
    page = webapp.get("/staff")
    logout = next(f for f in page.forms.values() if f.action.endswith("/accounts/logout"))
    logout.submit()
    assert webapp.get("/staff", status="*").status_int in (302, 401, 403)
