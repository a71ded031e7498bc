"""Domain errors raised by services and turned into translated messages by views."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, render_template, request
from flask_babel import gettext as _

from participation.core.redirects import safe_next


class DomainError(Exception):
    """A rule of the domain was broken; ``message`` is already translated.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class FormInvalid(DomainError):
    """Several rules broken by one form's input, all found in one pass: ``errors`` is
    ``[(field name or None, message)]`` in the order of the checks, each message already
    translated. A form shows them all at once, in its error summary and next to each field
    (GOV.UK / DSFR "error summary" pattern; field test s27: a sign-up told its three
    mistakes one submit at a time). ``message`` and ``field`` are the first one's."""

    def __init__(self, errors: list[tuple[str | None, str]]):
        super().__init__(errors[0][1], errors[0][0])
        self.errors = list(errors)


class Problems:
    """Collects what is wrong with a form's input instead of stopping at the first problem:
    ``add(message, field)`` for each one found, then ``check()`` raises ``FormInvalid`` with
    all of them (nothing when none was added)."""

    def __init__(self) -> None:
        self.found: list[tuple[str | None, str]] = []

    def add(self, message: str, field: str | None = None) -> None:
        self.found.append((field, message))

    def has(self, field: str) -> bool:
        """Whether a problem was already found on ``field``."""
        return any(name == field for name, _message in self.found)

    def check(self) -> None:
        """Raise ``FormInvalid`` with every problem found, if any."""
        if self.found:
            raise FormInvalid(self.found)


def problems_of(exc: DomainError) -> list[tuple[str | None, str]]:
    """``[(field or None, message)]``: every problem of a ``FormInvalid``, the one of any
    other ``DomainError``."""
    return list(exc.errors) if isinstance(exc, FormInvalid) else [(exc.field, exc.message)]


class ImportRejected(DomainError):
    """An import was refused as a whole; ``errors`` lists (line number, message)."""

    def __init__(self, message: str, errors: list[tuple[int, str]]):
        super().__init__(message)
        self.errors = errors


def back_link() -> str | None:
    """The page the person came from, same site only: the ``Referer``'s path and query when
    its host is this site's (checked by ``redirects.safe_next``), else None (no link)."""
    referrer = urlsplit(request.referrer or "")
    default_port = {"http": ":80", "https": ":443"}.get(referrer.scheme, "")
    host = referrer.netloc.removesuffix(default_port) if default_port else referrer.netloc
    if not referrer.path or host != request.host:  # request.host drops a default port
        return None
    target = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return safe_next(target, fallback="") or None


def too_many_requests():
    """429: the page says to wait a minute and that going back keeps the answers typed (a
    community centre's Wi-Fi shares one address: others' answers count with yours), with a
    link back to the page the person was on (``back_link``); on the login page, the words
    of too many sign-in attempts (nothing typed there is worth keeping)."""
    if request.endpoint == "accounts.login":
        text = _("Trop de tentatives de connexion depuis cette connexion ou pour ce compte. "
                 "Attendez une minute avant de réessayer ; si vous avez oublié votre mot de "
                 "passe, adressez-vous à la personne qui gère les comptes de votre "
                 "territoire.")
    else:
        text = _("Beaucoup de réponses partent en ce moment de la même connexion (le Wi-Fi "
                 "d'un lieu public, par exemple). Attendez une minute, puis revenez en arrière "
                 "avec le bouton « Précédent » de votre navigateur : ce que vous avez écrit y "
                 "est encore. Envoyez-le à nouveau.")
    return render_template("core/error.html", code=429, title=_("Trop de demandes"), text=text,
                           back=back_link()), 429


# The 500 page when even the site's own page cannot be drawn (the database is down...): plain
# French HTML, no template, never Werkzeug's English "Internal Server Error".
BARE_SERVER_ERROR = (
    '<!doctype html><html lang="fr"><meta charset="utf-8"><title>Erreur du serveur</title>'
    "<h1>Erreur du serveur</h1><p>Une erreur s'est produite de notre côté. Revenez en "
    "arrière et réessayez dans un instant.</p></html>")


def server_error(error):
    """500, for any unhandled exception when Flask does not propagate it (production, and
    ``flask run`` in development without ``--debug``): a French page, the session's failed
    transaction rolled back first so the page can read the signed-in user; the bare French
    ``BARE_SERVER_ERROR`` when that page cannot be drawn. The exception itself is logged by
    Flask before this handler runs (without the values typed: ``core.runtime``)."""
    from participation.extensions import db

    try:
        db.session.rollback()
        return render_template(
            "core/error.html", code=500, title=_("Erreur du serveur"),
            text=_("Une erreur s'est produite de notre côté : ce que vous venez d'envoyer n'a "
                   "peut-être pas été enregistré. Réessayez dans un instant ; si l'erreur "
                   "revient, signalez-la à la personne qui coordonne le contrat de ville."),
            back=back_link()), 500
    except Exception:  # noqa: BLE001 (the error page itself must never fail)
        return BARE_SERVER_ERROR, 500, {"Content-Type": "text/html; charset=utf-8"}


def register_error_handlers(app: Flask) -> None:
    def page(code: int, title: str, text: str):
        return render_template("core/error.html", code=code, title=title, text=text), code

    app.register_error_handler(
        403, lambda e: page(403, _("Accès refusé"),
                            _("Votre compte n'a pas le droit d'ouvrir cette page.")))
    app.register_error_handler(
        404, lambda e: page(404, _("Page introuvable"),
                            _("Cette page n'existe pas ou a été déplacée.")))
    app.register_error_handler(429, lambda e: too_many_requests())
    app.register_error_handler(500, server_error)
    app.register_error_handler(
        400, lambda e: page(400, _("Demande invalide"),
                            _("Le formulaire a expiré ou est incomplet. Rechargez la page.")))
