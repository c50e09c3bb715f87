"""The real server for the mini-program's jest suite: the app and the WeChat/SMS sandbox on free
loopback ports, a temporary SQLite database and file store, one batch open for registration.

    .venv/bin/python -m scripts.miniprogram_test_server      (from the repository root)

Prints one JSON line {"api": URL, "sandbox": URL, "samples": {name: path}, "reviewer": {username,
password}} once both answer, then serves until its standard input closes (the jest run that started
it ended) or it gets SIGTERM. The samples are real files the mini-program's fake wx.uploadFile
sends (a photo, an ID card side, a PDF); the reviewer (乌鲁木齐市) approves in the console, so the
payment page meets a real approved application (the batch lets it pay on the day of approval).
Nothing here runs in production; the sandbox's credentials and the password are generated at start.
"""
from __future__ import annotations

import base64
import json
import logging
import secrets
import shutil
import signal
import sys
import tempfile
import threading
from pathlib import Path

from flask_migrate import upgrade
from werkzeug.serving import make_server

from server import create_app
from server.accounts.actors import Actor
from server.accounts.models import StaffRole
from server.accounts.staff import create_staff
from server.batches.services import BatchSettings, create_batch
from server.dev.demo import demo_batch_name, seed_windows_shifted_to_today
from server.dev.devserver import config_for_sandbox
from server.sandbox import SandboxServer, SandboxSettings
from tests.fixtures import samples


def write_samples(directory: Path) -> dict[str, str]:
    files = {"photo.jpg": samples.jpeg(300, 420), "id-card.jpg": samples.jpeg(600, 400),
             "scan.pdf": samples.pdf("扫描件")}
    for name, data in files.items():
        (directory / name).write_bytes(data)
    return {name: str(directory / name) for name in files}


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    workdir = Path(tempfile.mkdtemp(prefix="wxapp-server-"))
    sandbox = SandboxServer(SandboxSettings.generate())
    sandbox_url = sandbox.start().rstrip("/")
    app = create_app({
        **config_for_sandbox(sandbox),
        "SECRET_KEY": secrets.token_urlsafe(32),
        "ID_NUMBER_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'app.db'}",
        "FILES_DIR": str(workdir / "files"),
        "RATELIMIT_STORAGE_URI": "memory://",
        # One test run registers many applicants from 127.0.0.1.
        "SMS_PER_IP_LIMIT": "10000 per hour",
        "LOGIN_PER_IP_LIMIT": "10000 per minute",
        "DESKTOP_UPLOAD_PER_IP_LIMIT": "10000 per minute",
    })
    reviewer = {"username": "rv_urumqi", "password": secrets.token_urlsafe(9) + "a1"}
    with app.app_context():
        upgrade()
        create_batch(BatchSettings(name=demo_batch_name(), payment_delay_days=0, **seed_windows_shifted_to_today()),
                     Actor.system())
        create_staff(reviewer["username"], "乌鲁木齐市住房和城乡建设局", reviewer["password"], StaffRole.reviewer,
                     "650100", Actor.system())
    server = make_server("127.0.0.1", 0, app, threaded=True)
    api_url = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_BASE_URL"] = api_url

    def stop(*_args) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    threading.Thread(target=lambda: (sys.stdin.read(), stop()), daemon=True).start()
    print(json.dumps({"api": api_url, "sandbox": sandbox_url, "samples": write_samples(workdir),
                      "reviewer": reviewer}), flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        sandbox.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
