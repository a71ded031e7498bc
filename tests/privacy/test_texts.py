"""Consent texts and the consent box macro (text read before the box, tied to it)."""
from flask_wtf import FlaskForm
from wtforms import BooleanField

from participation.privacy.texts import CONSENT_TEXTS, consent_text


class _Form(FlaskForm):
    recontact = BooleanField("Oui, j'accepte d'être recontacté(e)")


def test_every_purpose_has_a_text_with_its_period(app):
    with app.test_request_context():
        assert set(CONSENT_TEXTS) == {"recontact", "reminders", "council", "quote"}
        assert "effacés 6 mois après" in consent_text("recontact", 6)
        assert "%(" not in consent_text("quote")


def test_consent_box_puts_the_text_before_an_unticked_box(app):
    with app.test_request_context():
        html = app.jinja_env.from_string(
            '{% from "_macros/privacy.html" import consent_box %}{{ consent_box(f.recontact, t) }}'
        ).render(f=_Form(), t=consent_text("recontact", 6))
    assert html.index('id="recontact-texte"') < html.index('type="checkbox"')
    assert 'aria-describedby="recontact-texte"' in html
    assert "checked" not in html and "required" not in html
    assert '<label for="recontact">' in html
