"""A public write endpoint for the durability test and bench/load.py, outside the product.

The app is the real one (create_app, production settings: CSRF on, rate limits on) plus one
blueprint ``/_ecriture/`` built only here: a resident's form with CSRF, honeypot and a
one-time token, whose POST stores a contribution in the same transaction as the token. It
stands for the survey answer endpoint until that one is merged (then point bench/load.py at
the survey with ``--url``).

    gunicorn --pythonpath bench write_app:app     (env: DATABASE_URL, SECRET_KEY)
"""
from __future__ import annotations

import os

from flask import Blueprint, current_app, redirect, request
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired

from participation import create_app
from participation.contributions.services import record_contribution
from participation.core.auth import public
from participation.core.security import HoneypotMixin, honeypot_tripped, public_submission_limit
from participation.core.tokens import TokenAlreadyUsed, consume_form_token, issue_form_token
from participation.extensions import db

SOURCE = "write_probe"
PAGE = """{% from "_macros/security.html" import honeypot %}<!doctype html>
<title>Écriture</title><form method="post">{{ form.csrf_token }}{{ form.form_token }}
{{ honeypot(form) }}<label for="text">Texte</label>{{ form.text }}<button>Envoyer</button></form>"""

bp = Blueprint("write_probe", __name__, url_prefix="/_ecriture")
_compiled: list = []


def _page():
    if not _compiled:
        _compiled.append(current_app.jinja_env.from_string(PAGE))
    return _compiled[0]


class ProbeForm(HoneypotMixin, FlaskForm):
    form_token = HiddenField()
    text = StringField("Texte", validators=[DataRequired()])


def _territory_id() -> int:
    from participation.territory.models import Territory

    wanted = os.environ.get("WRITE_TERRITORY_ID")
    if wanted:
        return int(wanted)
    return db.session.scalar(select(Territory.id).order_by(Territory.id))


@bp.route("/", methods=["GET", "POST"])
@public
@public_submission_limit()
def write():
    form = ProbeForm()
    if not form.validate_on_submit():
        form.form_token.data = issue_form_token(SOURCE)
        return _page().render(form=form), 422 if form.errors else 200
    if honeypot_tripped(form):
        return redirect("/_ecriture/merci?ref=", 303)
    try:
        used = consume_form_token(form.form_token.data, SOURCE)
    except TokenAlreadyUsed as dup:
        return redirect(f"/_ecriture/merci?ref={dup.result_ref}", 303)
    contribution = record_contribution(_territory_id(), form.text.data, source_type=SOURCE,
                                       commit=False)
    used.result_ref = f"contribution:{contribution.id}"
    db.session.commit()
    return redirect(f"/_ecriture/merci?ref={used.result_ref}", 303)


@bp.get("/merci")
@public
def thanks():
    return {"ref": request.args.get("ref", "")}


def make_app(overrides: dict | None = None):
    application = create_app(overrides)
    application.register_blueprint(bp)
    if os.environ.get("WRITE_CREATE_TABLES") == "1":
        with application.app_context():
            db.create_all()
    return application


app = make_app()
