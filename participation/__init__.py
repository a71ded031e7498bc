"""Parole de quartier: citizen participation for the contrats de ville Quartiers 2030."""
from __future__ import annotations

from importlib import import_module

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
    from participation.core.runtime import init_runtime

    init_runtime(app)  # refuses a production server without message backends
    from participation.core.urls import register_converters

    register_converters(app)  # before the blueprints' rules
    register_extensions(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_cli(app)
    trust_proxies(app)
    from participation.core.pagefront import init_page_front

    init_page_front(app)  # outermost: cached pages for cookie-less visitors
    from participation.core.runtime import limit_blas_threads

    limit_blas_threads(app.config.get("BLAS_THREADS", 1))  # numpy loaded by now
    return app


def trust_proxies(app: Flask) -> None:
    """Behind ``TRUSTED_PROXIES`` reverse proxies, take the client address and scheme from
    the X-Forwarded-For/-Proto headers they set (werkzeug's ProxyFix); otherwise every
    resident behind nginx would share the proxy's address, and so one rate-limit count."""
    count = int(app.config.get("TRUSTED_PROXIES") or 0)
    if count > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def register_extensions(app: Flask) -> None:
    from participation.core.i18n import remember_asked_language, select_locale
    from participation.extensions import babel, csrf, db, limiter, login, migrate

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    # Babel caches the locale on the app context, which outlives one request in tests and
    # CLI calls: choose it again for every request.
    from flask_babel import refresh

    app.before_request(refresh)
    app.before_request(remember_asked_language)
    limiter.init_app(app)
    login.init_app(app)
    login.login_view = "accounts.login"
    login.login_message_category = "info"
    from flask_babel import lazy_gettext as _l

    login.login_message = _l("Connectez-vous pour accéder à cette page.")
    from participation.core.database import register_sqlite_pragmas

    register_sqlite_pragmas(app)
    from participation.core import data_version

    data_version.install()  # cached analyses follow every write (core.memo)
    from participation.core import audit, tokens  # noqa: F401 (shared tables)
    from participation.core.security import init_security

    init_security(app)
    from participation.core.pagecache import init_page_cache
    from participation.core.sessions import init_sessions
    from participation.core.sharedmemo import init_shared_memo

    init_page_cache(app)
    init_shared_memo(app)
    init_sessions(app)


# Each feature's blueprint ("package.module") and CLI group ("package.module:name").
BLUEPRINTS = [
    "core.views", "accounts.views", "territory.views", "contributions.views",
    "surveys.views", "events.views", "johari.views", "council.views", "analysis.views",
    "exports.views", "privacy.views", "privacy.public",
]
CLI_GROUPS = [
    "accounts.cli:users_cli", "demo.cli:demo_cli", "surveys.cli:surveys_cli",
    "events.cli:events_cli", "council.cli:council_cli", "exports.cli:exports_cli",
    "privacy.cli:privacy_cli", "analysis.cli:analysis_cli", "territory.cli:territory_cli",
]


def register_blueprints(app: Flask) -> None:
    for module in BLUEPRINTS:
        app.register_blueprint(import_module(f"participation.{module}").bp)
    from participation.core.errors import register_error_handlers

    register_error_handlers(app)


def register_template_helpers(app: Flask) -> None:
    from participation.core.templating import init_templating

    init_templating(app)


def register_cli(app: Flask) -> None:
    from participation.core.cli import register_core_cli

    for target in CLI_GROUPS:
        module, name = target.split(":")
        app.cli.add_command(getattr(import_module(f"participation.{module}"), name))
    register_core_cli(app)
