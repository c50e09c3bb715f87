"""The enrollment system's web application.

`create_app()` builds the Flask app from the environment; tests pass their settings as `config`.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from server import config as settings
from server.bodies import ChunkedBodyLimit
from server.database import configure_engine_events
from server.extensions import csrf, db, limiter
from server.models_base import MAX_ID


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: a number above the largest row id matches nothing, so it is a 404."""

    def __init__(self, map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def serve() -> Flask:
    """The app as a web worker runs it (`gunicorn 'server:serve()'`): without the migration
    tooling, since alembic and its templates weigh ~11 MB in every worker and `flask db upgrade`
    runs beside the workers, not in them."""
    return create_app(migrations=False)


def _route_limits_only(app: Flask) -> None:
    """Every rate limit here sits on its route, whose decorator checks it. The check Flask-Limiter
    also runs before every request looks for app-wide limits, of which there are none, and costs
    each request about a tenth of a bare one."""
    assert not app.config.get("RATELIMIT_DEFAULT") and not app.config.get("RATELIMIT_APPLICATION"), \
        "app-wide rate limits need Flask-Limiter's check before every request"
    app.before_request_funcs[None].remove(limiter._check_request_limit)


def create_app(config: Mapping[str, Any] | None = None, *, migrations: bool = True) -> Flask:
    app = Flask(__name__, template_folder=str(settings.PROJECT_ROOT / "templates"),
                static_folder=str(settings.PROJECT_ROOT / "static"),
                instance_path=str(settings.INSTANCE_DIR))
    app.url_map.converters["int"] = IdConverter  # before any route is added
    app.config.update(settings.from_environment())
    app.config.update(config or {})
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    if app.config.get("APP_ENV") == "production" and not (app.debug or app.testing):
        app.config["SESSION_COOKIE_SECURE"] = True  # production is HTTPS only; no setting turns this off
    app.json.ensure_ascii = False
    settings.INSTANCE_DIR.mkdir(exist_ok=True)
    logging.basicConfig(level=logging.INFO)

    app.wsgi_app = ChunkedBodyLimit(app.wsgi_app, lambda: app.config.get("MAX_CONTENT_LENGTH"))
    if app.config["TRUSTED_PROXY_COUNT"]:
        count = app.config["TRUSTED_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    db.init_app(app)
    with app.app_context():
        configure_engine_events(db.engine)
    if migrations:
        from flask_migrate import Migrate

        Migrate(app, db, directory=str(settings.PROJECT_ROOT / "server" / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    _route_limits_only(app)

    from server import models  # noqa: F401  (every table known to the metadata)
    from server.cli import register_commands
    from server.handlers.api import init_api
    from server.handlers.console import init_console
    from server.handlers.errors import init_errors
    from server.handlers.guards import init_guards
    from server.handlers.health import blp as health_blueprint
    from server.handlers.security_headers import init_security_headers
    from server.handlers.sessions import init_sessions
    from server.handlers.upload import init_upload
    from server.handlers.verify import blp as verify_blueprint
    from server.handlers.wechat.official_account import init_official_account
    from server.handlers.wechat.payments import init_payment_notifications
    from server.messages import applicant_messages, channel_order  # noqa: F401  (kinds, listener, channels)
    from server.official_account.bot import StatusBot
    from server.reminders import kinds as reminder_kinds  # noqa: F401  (the scheduler's kinds, for the console)

    init_sessions(app)
    init_guards(app)
    init_security_headers(app)
    init_errors(app)
    init_api(app)
    init_console(app)
    init_upload(app)
    app.register_blueprint(health_blueprint)
    app.register_blueprint(verify_blueprint)
    init_official_account(app, StatusBot())
    init_payment_notifications(app)
    register_commands(app)
    return app
