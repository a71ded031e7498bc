"""The public « Vos données personnelles » pages (tester s27privpage): one per territory
(/donnees-personnelles/<slug>) and a general one (/donnees-personnelles) for the pages that
belong to no territory, linked from the footer of every page (``privacy_notice_url``).

They say who is responsible, what is kept, why and how long (``privacy.notice``), the
rights, and carry the form by which a resident withdraws a consent without the message
that held its link (``privacy.withdrawal_requests``): the answer is the same whether the
contact is known or not.
"""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from jinja2 import pass_context
from sqlalchemy import func, select
from wtforms import EmailField, TelField
from wtforms.validators import Length, ValidationError

from participation.core.auth import public
from participation.core.contacts import EmailAddress, PhoneNumber
from participation.core.models import Base
from participation.core.security import HoneypotMixin, honeypot_tripped, public_submission_limit
from participation.extensions import db
from participation.privacy import notice
from participation.privacy.withdrawal_requests import request_withdrawal
from participation.territory.models import Territory

bp = Blueprint("privacy_public", __name__, url_prefix="/donnees-personnelles")
TERRITORIES_LISTED_MAX = 30  # the general page lists the territories up to this number
NO_CONTACT = _l("Donnez le numéro de téléphone ou l’adresse e-mail que vous aviez laissé.")


class WithdrawalForm(HoneypotMixin, FlaskForm):
    """The contact a resident gave, to receive the withdrawal links (one at least)."""

    phone = TelField(_l("Votre numéro de téléphone"), validators=[Length(max=40), PhoneNumber()],
                     render_kw={"autocomplete": "tel", "inputmode": "tel"})
    email = EmailField(_l("Votre adresse e-mail"), validators=[Length(max=254), EmailAddress()],
                       render_kw={"autocomplete": "email"})

    def validate_phone(self, field) -> None:
        if not (field.data or "").strip() and not (self.email.data or "").strip():
            raise ValidationError(str(NO_CONTACT))


def _page(territory: Territory | None, form: WithdrawalForm, status: int = 200):
    territories = []
    if territory is None:
        territories = db.session.scalars(select(Territory).order_by(Territory.name).limit(
            TERRITORIES_LISTED_MAX + 1)).all()
    return render_template(
        "privacy/notice.html", territory=territory, form=form,
        controller=notice.controller(territory),
        processings=notice.processings(territory.id if territory else None),
        territories=territories[:TERRITORIES_LISTED_MAX],
        more_territories=len(territories) > TERRITORIES_LISTED_MAX,
        cnil_url=notice.CNIL_COMPLAINT_URL), status


def _submitted(territory: Territory | None):
    """GET: the page; POST: the form checked, then the same answer whatever was found."""
    form = WithdrawalForm()
    if not form.validate_on_submit():
        return _page(territory, form, status=422 if form.errors else 200)
    if not honeypot_tripped(form):
        request_withdrawal(form.phone.data, form.email.data)
    # the form posts to "#erreurs" (its error summary); a redirect without a fragment keeps
    # the request's (RFC 7231, 7.1.2): the answer page names its own, the page's content
    return redirect(url_for(".asked", slug=territory.slug if territory else None,
                            _anchor="contenu"))


@bp.route("", methods=["GET", "POST"])
@public
@public_submission_limit()
def general():
    """The general page; with a single territory, that territory's page."""
    if db.session.scalar(select(func.count(Territory.id))) == 1:
        only = db.session.scalar(select(Territory).order_by(Territory.id))
        return redirect(url_for(".territory_notice", slug=only.slug), code=307)
    return _submitted(None)


@bp.route("/<slug>", methods=["GET", "POST"])
@public
@public_submission_limit()
def territory_notice(slug: str):
    """A territory's page: its controller, its retention periods."""
    territory = db.first_or_404(select(Territory).where(Territory.slug == slug))
    return _submitted(territory)


@bp.get("/demande-recue")
@public
def asked():
    """The one answer to a withdrawal request (known contact or not)."""
    slug = request.args.get("slug") or ""
    territory = db.session.scalar(select(Territory).where(Territory.slug == slug[:80]))
    return render_template("privacy/withdrawal_asked.html", territory=territory,
                           controller=notice.controller(territory))


@bp.app_template_global()
@pass_context
def privacy_notice_url(context) -> str:
    """The footer's link: the page of the territory the page shows a record of (a survey,
    an event, a quartier: any model with a ``territory_id``), else the general page."""
    ids = {value.territory_id for value in context.get_all().values()
           if isinstance(value, Base) and isinstance(getattr(value, "territory_id", None), int)}
    if len(ids) == 1:
        slug = db.session.scalar(select(Territory.slug).where(Territory.id == ids.pop()))
        if slug:
            return url_for("privacy_public.territory_notice", slug=slug)
    return url_for("privacy_public.general")
