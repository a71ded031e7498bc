"""Login and user-management forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

REQUIRED = _l("Ce champ est obligatoire.")


class LoginForm(FlaskForm):
    email = EmailField(_l("Adresse e-mail"), validators=[DataRequired(REQUIRED)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Mot de passe"), validators=[DataRequired(REQUIRED)],
                             render_kw={"autocomplete": "current-password"})


class UserForm(FlaskForm):
    name = StringField(_l("Nom"), validators=[DataRequired(REQUIRED), Length(max=200)],
                       render_kw={"autocomplete": "name"})
    email = EmailField(_l("Adresse e-mail"), validators=[
        DataRequired(REQUIRED), Email(_l("Adresse e-mail invalide.")), Length(max=254)],
        render_kw={"autocomplete": "email"})
    role = SelectField(_l("Rôle"))
    password = PasswordField(_l("Mot de passe provisoire"), validators=[DataRequired(REQUIRED)],
                             description=_l("Au moins 10 caractères, lettres et chiffres."),
                             render_kw={"autocomplete": "new-password"})


class PasswordForm(FlaskForm):
    """Change one's own password (the current one is asked again)."""

    current = PasswordField(_l("Mot de passe actuel"), validators=[DataRequired(REQUIRED)],
                            render_kw={"autocomplete": "current-password"})
    password = PasswordField(_l("Nouveau mot de passe"), validators=[DataRequired(REQUIRED)],
                             description=_l("Au moins 10 caractères, lettres et chiffres, "
                                            "difficile à deviner : plusieurs mots sans rapport "
                                            "entre eux."),
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Nouveau mot de passe, encore une fois"), validators=[
        DataRequired(REQUIRED), EqualTo("password", _l("Les deux saisies sont différentes."))],
        render_kw={"autocomplete": "new-password"})
