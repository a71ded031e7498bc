"""Parole de quartier: citizen participation for the contrats de ville Quartiers 2030."""
from __future__ import annotations

from flask import Flask

from participation.config import INSTANCE, load_config


def create_app(overrides: dict | None = None) -> Flask:
    """Application factory: configuration, extensions, blueprints, CLI."""
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_path=str(INSTANCE),
    )
    app.config.from_mapping(load_config(overrides))
    register_extensions(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    from participation.core.i18n import select_locale
    from participation.extensions import babel, csrf, db, limiter, login, migrate

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    # Babel caches the locale on the app context, which outlives one request in tests and
    # CLI calls: choose it again for every request.
    from flask_babel import refresh

    app.before_request(refresh)
    limiter.init_app(app)
    login.init_app(app)
    login.login_view = "accounts.login"
    login.login_message_category = "info"
    from flask_babel import lazy_gettext as _l

    login.login_message = _l("Connectez-vous pour accéder à cette page.")
    from participation.core.database import register_sqlite_pragmas

    register_sqlite_pragmas(app)


def register_blueprints(app: Flask) -> None:
    from participation.accounts.views import bp as accounts_bp
    from participation.contributions.views import bp as contributions_bp
    from participation.core.views import bp as core_bp
    from participation.johari.views import bp as johari_bp
    from participation.surveys.views import bp as surveys_bp
    from participation.territory.views import bp as territory_bp

    for bp in (core_bp, accounts_bp, territory_bp, contributions_bp, surveys_bp, johari_bp):
        app.register_blueprint(bp)
    from participation.core.errors import register_error_handlers

    register_error_handlers(app)


def register_template_helpers(app: Flask) -> None:
    from participation.core.templating import init_templating

    init_templating(app)


def register_cli(app: Flask) -> None:
    from participation.accounts.cli import users_cli
    from participation.core.cli import register_core_cli
    from participation.demo.cli import demo_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    from participation.surveys.cli import surveys_cli

    app.cli.add_command(surveys_cli)
    register_core_cli(app)
