"""The database going away in the middle of a request (a restart, a failover): the request fails
cleanly with a 503 in Chinese, nothing is half-written, and the next request succeeds.

On PostgreSQL the request's own server process is really terminated mid-transaction
(`pg_terminate_backend`); on SQLite, whose file cannot "restart", the same statement fails with the
error the driver gives for a lost database."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import psycopg
from sqlalchemy import event

from server.extensions import db
from tests.fixtures.forms import CURRENT


@contextmanager
def database_lost_at(app, marker: str):
    """The first statement containing `marker` finds its database connection gone."""
    fired = []

    def lose(connection, _cursor, statement, *_rest):
        if marker not in statement or fired:
            return
        fired.append(statement)
        if connection.dialect.name == "postgresql":
            pid = connection.connection.dbapi_connection.info.backend_pid
            with psycopg.connect(connection.engine.url.set(drivername="postgresql").render_as_string(
                    hide_password=False), autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        else:
            raise sqlite3.OperationalError("disk I/O error")

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lose)
    try:
        yield fired
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", lose)


def test_a_save_interrupted_by_the_database_is_a_503_and_saves_nothing(app, client, applicant):
    client.put(f"{CURRENT}/basic", headers=applicant, json={"name": "苏航"})
    with database_lost_at(app, "UPDATE applications") as fired:
        response = client.put(f"{CURRENT}/basic", headers=applicant, json={"name": "李四", "school": "新疆大学"})
    assert fired and response.status_code == 503
    assert response.json["message"] == "服务暂时无法访问数据库，请稍后重试（已保存的内容不受影响）"
    after = client.get(CURRENT, headers=applicant)
    assert after.status_code == 200
    assert (after.json["basic"]["name"], after.json["basic"]["school"]) == ("苏航", None)


def test_a_console_page_interrupted_by_the_database_says_so_in_a_page(app, client, staff, console):
    staff()
    console.login()
    with database_lost_at(app, "FROM batches") as fired:
        response = client.get("/console/batches")
    assert fired and response.status_code == 503 and "服务暂时无法访问数据库" in response.get_data(as_text=True)
    assert client.get("/console/batches").status_code == 200
