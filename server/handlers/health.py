"""Liveness for load balancers: 200 when the database answers, 503 when it does not; Redis is
reported (a server without it keeps serving, each process on its own)."""
from __future__ import annotations

import redis
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from server.extensions import db

blp = Blueprint("health", __name__)


def _redis_state() -> str:
    url = current_app.config["REDIS_URL"]
    if not url:
        return "not configured"
    try:
        redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1).ping()
    except redis.RedisError:
        current_app.logger.warning("health check: Redis unreachable", exc_info=True)
        return "unreachable"
    return "ok"


@blp.get("/healthz")
def healthz():
    redis_state = _redis_state()
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.warning("health check: database unreachable", exc_info=True)
        db.session.rollback()
        return jsonify({"status": "unavailable", "database": "unreachable", "redis": redis_state}), 503
    status = "ok" if redis_state != "unreachable" else "degraded"
    return jsonify({"status": status, "database": "ok", "redis": redis_state})
