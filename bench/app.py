"""The server under benchmark: the real application and, on the same server, the two ceilings its
figures are compared with — a constant JSON answer (reads) and a one-row insert (writes).

    gunicorn 'bench.app:create()'
"""
from __future__ import annotations

from flask import Blueprint, Flask, jsonify

from server import create_app
from server.accounts.actors import Actor
from server.audit.services import record
from server.extensions import csrf
from server.transactions import atomic

bare = Blueprint("bench", __name__, url_prefix="/bench")


@bare.get("/bare")
def constant():
    return jsonify({"ok": True})


@bare.post("/insert")
def insert_one_row():
    _insert()
    return jsonify({"ok": True}), 201


@atomic
def _insert() -> None:
    record(Actor.system(), "bench.insert", "bench", 0)


def create() -> Flask:
    app = create_app(migrations=False)  # as `server:serve()` runs it
    csrf.exempt(bare)
    app.register_blueprint(bare)
    return app
