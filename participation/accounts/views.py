"""Login, logout and the staff user list."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from participation.accounts import services
from participation.accounts.forms import LoginForm, PasswordForm, UserForm
from participation.accounts.models import User
from participation.core.audit import record_audit
from participation.core.auth import (
    COORDINATOR,
    PARTNER,
    ROLE_LABELS,
    ROLE_RANK,
    get_scoped_or_404,
    public,
    role_required,
)
from participation.core.errors import DomainError
from participation.core.registry import staff_menu_entry
from participation.core.security import (
    lockout_minutes,
    reserve_login_attempt,
    settle_login_attempt,
)
from participation.core.views import _safe_next
from participation.extensions import db, limiter, login

bp = Blueprint("accounts", __name__, url_prefix="/accounts")
staff_menu_entry("accounts.users", _l("Comptes"), COORDINATOR)


@login.user_loader
def load_user(session_id: str) -> User | None:
    """The account of a session cookie holding "<id>:<session_version>", or None (the
    visitor is anonymous) when the version is stale — the account logged out, was
    deactivated or changed its password since — or the account is inactive."""
    user_id, _sep, version = (session_id or "").partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


@bp.route("/login", methods=["GET", "POST"], endpoint="login")
@public
@limiter.limit("10/minute", methods=["POST"])
def login_view():
    """Staff login; residents never need one."""
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        attempt = reserve_login_attempt(email)
        if attempt is None:
            record_audit("login_locked", target=email, commit=True)
            form.password.errors.append(_("Trop d'essais infructueux : réessayez dans "
                                          "%(n)s minutes.", n=lockout_minutes()))
            return render_template("accounts/login.html", form=form), 429
        settle_login_attempt(attempt)
        user = services.authenticate(form.email.data, form.password.data)
        if user:
            login_user(user)
            flash(_("Bienvenue, %(name)s.", name=user.name), "success")
            return redirect(_safe_next(request.args.get("next")) if request.args.get("next")
                            else url_for("core.dashboard"))
        form.password.errors.append(_("Adresse ou mot de passe incorrect."))
    return render_template("accounts/login.html", form=form), 422 if form.errors else 200



@bp.post("/logout")
@public
def logout():
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        user.end_sessions()  # a cookie copied before logout no longer opens anything
        record_audit("logout", target=user.email, commit=True)
    logout_user()
    flash(_("Vous êtes déconnecté."), "info")
    return redirect(url_for("territory.home"))


def _role_choices() -> list[tuple[str, str]]:
    mine = ROLE_RANK[current_user.role]
    return [(r, str(ROLE_LABELS[r])) for r, rank in sorted(ROLE_RANK.items(),
                                                           key=lambda i: i[1]) if rank <= mine]


@bp.route("/users", methods=["GET", "POST"])
@role_required(COORDINATOR)
def users():
    """The territory's staff; a coordinator creates facilitators and partners here."""
    form = UserForm()
    form.role.choices = _role_choices()
    if form.validate_on_submit():
        try:
            services.create_user(current_user.territory_id, form.email.data, form.name.data,
                                 form.role.data, form.password.data, created_by=current_user)
            flash(_("Compte créé."), "success")
            return redirect(url_for("accounts.users"))
        except DomainError as exc:
            getattr(form, exc.field or "email").errors.append(exc.message)
    staff = db.session.scalars(select(User).where(User.territory_id == current_user.territory_id)
                               .order_by(User.name)).all()
    return render_template("accounts/users.html", form=form, staff=staff,
                           role_labels=ROLE_LABELS), 422 if form.errors else 200


@bp.post("/users/<int:user_id>/active")
@role_required(COORDINATOR)
def toggle_active(user_id: int):
    user = get_scoped_or_404(User, user_id)
    if user.id == current_user.id or ROLE_RANK[user.role] > ROLE_RANK[current_user.role]:
        flash(_("Vous ne pouvez pas modifier ce compte."), "error")
    else:
        services.set_active(user, not user.active)
        flash(_("Compte mis à jour."), "success")
    return redirect(url_for("accounts.users"))


@bp.route("/password", methods=["GET", "POST"])
@role_required(PARTNER)
def password():
    """Change one's own password; every other session of the account ends."""
    form = PasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            services.change_password(user, form.current.data, form.password.data)
        except DomainError as exc:
            getattr(form, exc.field or "password").errors.append(exc.message)
        else:
            login_user(user)  # this session goes on with the new version; the others end
            flash(_("Mot de passe changé. Vos autres sessions sont fermées."), "success")
            return redirect(url_for("core.dashboard"))
    return render_template("accounts/password.html", form=form), 422 if form.errors else 200


@bp.get("/me")
@role_required(PARTNER)
def me():
    return redirect(url_for("core.dashboard"))
