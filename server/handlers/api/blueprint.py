"""The API's blueprints: token-authenticated, never cookie-authenticated, so exempt from CSRF."""
from __future__ import annotations

import flask_smorest

from server.extensions import csrf


class ApiBlueprint(flask_smorest.Blueprint):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        csrf.exempt(self)  # no cookies: a forged cross-site request carries no token
