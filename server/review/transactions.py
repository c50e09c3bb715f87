"""One service call, one transaction: commit inside, or roll back everything and re-raise.

Rolling back at once (not at the end of the request) also lets go of the row lock — on SQLite
the database's write lock — the moment a call is refused.
"""
from __future__ import annotations

from functools import wraps
from typing import Callable, ParamSpec, TypeVar

from server.extensions import db

P = ParamSpec("P")
R = TypeVar("R")


def atomic(service: Callable[P, R]) -> Callable[P, R]:
    @wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return service(*args, **kwargs)
        except BaseException:
            db.session.rollback()
            raise

    return wrapper
