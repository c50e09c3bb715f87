"""The desktop upload page (/upload): a plain Chinese page where an applicant, holding a code from
the mini-program, uploads one file from a computer. No login beyond the code; CSRF-protected
forms; works without JavaScript."""
from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("upload", __name__, url_prefix="/upload")


def init_upload(app: Flask) -> None:
    from server.handlers.upload import pages  # noqa: F401  (routes)

    app.register_blueprint(bp)
