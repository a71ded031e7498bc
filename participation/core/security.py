"""Security layer every response and every public form goes through.

- Security headers with a strict Content-Security-Policy: no inline script or style, nothing
  from another host, no framing. Templates therefore use classes, never ``style=`` or
  ``<script>`` blocks.
- ``public_submission_limit()``: the Flask-Limiter preset for residents' POSTs (config
  ``PUBLIC_SUBMIT_LIMIT``; storage ``RATELIMIT_STORAGE_URI``, memory by default, Redis for
  several servers).
- ``HoneypotMixin`` + ``honeypot_tripped(form)``: an invisible field only bots fill in; the view
  pretends success and stores nothing.
- ``check_password_policy``: the one password rule, applied wherever a password is set.
"""
from __future__ import annotations

import re
import unicodedata

from flask import Flask, current_app, g, request, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import StringField
from zxcvbn import zxcvbn

from participation.core.errors import DomainError
from participation.extensions import db, limiter

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
])
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                          "interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
MIN_PASSWORD = 10
# zxcvbn score (0-4) a password must reach: 3 = about 10^8 guesses or more, "safely
# unguessable" against an online attack (zxcvbn's own recommendation, Wheeler 2016).
MIN_PASSWORD_SCORE = 3
# zxcvbn's time grows with the length; the first characters are enough to judge.
PASSWORD_ANALYSED_CHARS = 64
# Words of the product any attacker tries first, on top of the territory's and the person's.
PRODUCT_WORDS = ("parole de quartier", "participation", "quartiers 2030", "contrat de ville",
                 "conseil citoyen", "politique de la ville")
HONEYPOT_FIELD = "site_web"


def signed_in() -> bool:
    """Is a staff user signed in? Without loading the user (and writing ``_fresh`` into a
    resident's session) when neither the session nor a remember cookie names one."""
    if "_login_user" not in g and "_user_id" not in session and not request.cookies.get(
            current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")):
        return False
    return bool(current_user and current_user.is_authenticated)


def add_security_headers(response):
    present = {name.lower() for name in response.headers.keys()}
    response.headers.extend([(name, value) for name, value in SECURITY_HEADERS.items()
                             if name.lower() not in present])
    if request.endpoint != "static" and signed_in():
        # staff pages hold personal data: nothing kept in a shared computer's cache
        response.headers.setdefault("Cache-Control", "no-store")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security",
                                    "max-age=31536000; includeSubDomains")
    return response


def refuse_nul_bytes():
    """400 for a query string or form value holding a NUL character: no person types one,
    and PostgreSQL refuses it in any text column (an HTTP 500 otherwise)."""
    if not request.query_string and not request.content_type:
        return None  # nothing to read (most page views): no parsing
    values = [v for source in (request.args, request.form) for _k, vs in source.lists()
              for v in vs]
    if any("\x00" in value for value in values):
        return _("Caractère invalide dans la requête."), 400
    return None


def init_security(app: Flask) -> None:
    """Headers on every response; cookies hardened in config (Secure when served over HTTPS);
    NUL characters refused before any view."""
    app.before_request(refuse_nul_bytes)
    app.after_request(add_security_headers)


def _unaccent(text: str) -> str:
    """Without accents nor ligatures: "Cœur de Flandre" -> "Coeur de Flandre"."""
    for ligature, letters in (("œ", "oe"), ("Œ", "OE"), ("æ", "ae"), ("Æ", "AE")):
        text = text.replace(ligature, letters)
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def _plain(text: str | None) -> str:
    """Lower case without accents: "Cœur de Flandre" -> "coeur de flandre"."""
    return _unaccent((text or "").lower())


def context_words(*texts: str | None) -> list[str]:
    """The words an attacker tries first for this account, lower case without accents.

    For each text (territory name and slug, the person's name, e-mail, and the product's own
    ``PRODUCT_WORDS``): every run of consecutive words glued together ("Cœur de Flandre
    agglo" -> "coeurdeflandre", "flandreagglo"...) and each word of 3 letters or more.
    """
    words: set[str] = set()
    for text in (*texts, *PRODUCT_WORDS):
        parts = [p for p in re.split(r"[^a-z0-9]+", _plain(text)) if p]
        words.update(p for p in parts if len(p) >= 3)
        for start in range(len(parts)):
            for end in range(start + 2, len(parts) + 1):
                words.add("".join(parts[start:end]))
    return sorted(words)


def check_password_policy(password: str, context: list[str] | tuple = ()) -> None:
    """At least 10 characters mixing letters and digits, and hard to guess.

    "Hard to guess" is zxcvbn's estimate (score >= ``MIN_PASSWORD_SCORE``) against its
    packaged lists (30,000 most common leaked passwords, names, English words), keyboard
    patterns, dates and sequences, and ``context`` — words from ``context_words`` (the
    territory, the person, the product). Raises DomainError(field="password") in French.
    """
    if len(password or "") < MIN_PASSWORD:
        raise DomainError(_("Le mot de passe doit faire au moins %(n)s caractères.",
                            n=MIN_PASSWORD), field="password")
    inputs = list(context) or context_words()
    letters = re.sub(r"[^a-z]", "", _plain(password))
    if letters in inputs:  # "Cœur de Flandre agglo 2024": the territory's name plus digits
        raise _guessable()
    if not (any(c.isalpha() for c in password) and any(c.isdigit() for c in password)):
        raise DomainError(_("Le mot de passe doit mêler lettres et chiffres."), field="password")
    score = zxcvbn(_unaccent(password[:PASSWORD_ANALYSED_CHARS]), user_inputs=inputs)["score"]
    if score < MIN_PASSWORD_SCORE:
        raise _guessable()


def _guessable() -> DomainError:
    return DomainError(_("Ce mot de passe est trop courant ou trop facile à deviner (mot de "
                         "passe connu, nom du territoire, de la personne ou de la plateforme, "
                         "suite de touches ou de chiffres). Choisissez plusieurs mots sans "
                         "rapport entre eux."), field="password")


def public_submission_limit():
    """Rate limit for residents' public POSTs, e.g. ``@public_submission_limit()``."""
    return limiter.limit(lambda: current_app.config["PUBLIC_SUBMIT_LIMIT"], methods=["POST"])


class HoneypotMixin:
    """Add to a public FlaskForm; render with ``honeypot(form)`` from _macros/security.html."""

    site_web = StringField(_l("Ne pas remplir ce champ"),
                           render_kw={"autocomplete": "off", "tabindex": "-1"})


def honeypot_tripped(form) -> bool:
    """True when the hidden field was filled in: a bot. The view shows its usual thanks
    and stores nothing, so the bot learns nothing."""
    field = getattr(form, HONEYPOT_FIELD, None)
    return bool(field is not None and (field.data or "").strip())


def lockout_minutes() -> int:
    return current_app.config["LOGIN_LOCKOUT_MINUTES"]


def reserve_login_attempt(email: str):
    """Count this login before its password is checked, atomically (finding 13 of #17).

    Under a lock on the address (``core.locking.lock_name``), the recent failures and the
    logins being checked are counted; at ``LOGIN_LOCKOUT_FAILURES`` the answer is None
    (locked). Otherwise a ``login_attempt`` audit row is committed and returned: it counts as
    a failure while the (slow) password check runs, so 20 simultaneous wrong passwords get
    exactly 5 checks. The caller deletes it in the same commit that records the outcome
    (``settle_login_attempt`` before ``accounts.services.authenticate``).
    """
    from participation.core.audit import record_audit
    from participation.core.locking import lock_name

    lock_name("login:" + email)
    if login_locked(email):
        db.session.rollback()
        return None
    return record_audit("login_attempt", target=email, commit=True)


def settle_login_attempt(attempt) -> None:
    """Drop the pending attempt at the next commit, the one that records its outcome."""
    db.session.delete(attempt)


def login_locked(email: str) -> bool:
    """Too many failed logins for this address lately: refuse even the right password.

    Counted per typed address (existing or not), so the answer reveals no account.
    """
    from participation.core.audit import recent_failures

    failures = recent_failures(email, lockout_minutes())
    return failures >= current_app.config["LOGIN_LOCKOUT_FAILURES"]
