"""The security headers every response carries (server/handlers/security_headers.py): a CSP on
pages, no framing, no Referer, no sniffing, nothing with personal data cached; production cookies."""
from __future__ import annotations

from flask import Flask

from server import create_app
from server.accounts.models import StaffRole
from server.applications.models import Application
from server.extensions import db

PAGE_CSP_PARTS = ("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")


def assert_common(response) -> None:
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_console_and_public_pages_carry_a_csp_and_are_never_framed_or_cached(client):
    for path in ("/console/login", "/upload", "/verify/forged-token"):
        response = client.get(path)
        assert response.mimetype == "text/html", path
        assert_common(response)
        policy = response.headers["Content-Security-Policy"]
        assert all(part in policy for part in PAGE_CSP_PARTS), (path, policy)
        assert "'unsafe-inline'" not in policy
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Cache-Control"] == "no-store", path


def test_no_page_has_an_inline_script_or_style(client, staff, console, build):
    application_id = build.pending()
    staff("rv650100", StaffRole.reviewer, "650100")
    console.login("rv650100")
    for path in ("/console/", f"/console/review/{application_id}", "/console/review", "/console/dashboard"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and "<style" not in html and ' style="' not in html, path


def test_api_answers_are_not_sniffed_framed_or_cached(client):
    for path in ("/api/v1/files/limits", "/api/v1/applications/current", "/healthz"):
        response = client.get(path)
        assert_common(response)
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Cache-Control"] == "no-store", path


def test_the_reference_data_keeps_its_caching_and_static_files_are_cacheable(client):
    reference = client.get("/api/v1/reference/options")
    assert reference.status_code == 200 and "no-store" not in reference.headers["Cache-Control"]
    assert "no-store" not in client.get("/static/console.css").headers.get("Cache-Control", "")


def test_an_applicants_file_may_be_framed_by_the_console_only(app, client, staff, console, build):
    application_id = build.pending()
    with app.app_context():
        photo = db.session.get(Application, application_id).photo_file_id
    staff("rv650100", StaffRole.reviewer, "650100")
    console.login("rv650100")
    response = client.get(f"/console/files/{photo}")
    assert_common(response)
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    assert "no-store" in response.headers["Cache-Control"]


def test_production_session_cookies_are_secure_httponly_and_lax(tmp_path):
    production: Flask = create_app({"APP_ENV": "production", "SESSION_COOKIE_SECURE": False, "SECRET_KEY": "k" * 40,
                                     "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/prod.db"})
    page = production.test_client().get("/console/login")
    cookie = page.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
