"""The WebTest harness: a staff member logs in through the rendered form, CSRF on."""
import pytest


@pytest.mark.forms("accounts/login.html")
def test_login_through_rendered_form_reaches_staff_home(webapp, web_login):
    user = web_login("coordinator")
    page = webapp.get("/staff")
    assert page.status_int == 200
    assert user.name in page.text


def test_rendered_form_without_csrf_token_is_refused(webapp, territory):
    page = webapp.get("/accounts/login")
    form = next(f for f in page.forms.values() if "password" in f.fields)
    form["csrf_token"] = "forged"
    form["email"], form["password"] = "x@example.fr", "nope"
    response = form.submit(expect_errors=True)
    assert response.status_int in (400, 200)
    assert "/staff" not in (response.headers.get("Location") or "")
