"""Domain errors raised by services and turned into translated messages by views."""
from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _


class DomainError(Exception):
    """A rule of the domain was broken; ``message`` is already translated.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ImportRejected(DomainError):
    """An import was refused as a whole; ``errors`` lists (line number, message)."""

    def __init__(self, message: str, errors: list[tuple[int, str]]):
        super().__init__(message)
        self.errors = errors


def register_error_handlers(app: Flask) -> None:
    def page(code: int, title: str, text: str):
        return render_template("core/error.html", code=code, title=title, text=text), code

    app.register_error_handler(
        403, lambda e: page(403, _("Accès refusé"),
                            _("Votre compte n'a pas le droit d'ouvrir cette page.")))
    app.register_error_handler(
        404, lambda e: page(404, _("Page introuvable"),
                            _("Cette page n'existe pas ou a été déplacée.")))
    app.register_error_handler(
        429, lambda e: page(429, _("Trop de demandes"),
                            _("Merci de patienter quelques instants avant de réessayer.")))
    app.register_error_handler(
        400, lambda e: page(400, _("Demande invalide"),
                            _("Le formulaire a expiré ou est incomplet. Rechargez la page.")))
