"""`make run`: a SQLite database with demo data, the WeChat/SMS/mail sandbox, and the server.

    python -m server.devserver

Everything listens on 127.0.0.1 only. The sandbox's credentials are generated at start and given
to both sides; production never runs this module.
"""
from __future__ import annotations

import logging
import os
from typing import Any

SERVER_PORT = int(os.environ.get("PORT", "5000"))
SANDBOX_PORT = int(os.environ.get("SANDBOX_PORT", "5001"))
SANDBOX_MAIL_PORT = int(os.environ.get("SANDBOX_MAIL_PORT", "0"))  # 0: any free port
SANDBOX_MAIL_FROM = "新疆建设工程招标投标协会 <noreply@sandbox.invalid>"


def config_for_sandbox(sandbox) -> dict[str, Any]:
    """App settings that point WeChat, SMS and mail at a running sandbox (a started SandboxServer)."""
    settings = sandbox.settings
    return {
        "WECHAT_APPID": settings.wechat_appid,
        "WECHAT_SECRET": settings.wechat_secret,
        "WECHAT_API_BASE_URL": sandbox.wechat_api_base_url,
        "SMS_ENDPOINT": sandbox.sms_endpoint,
        "SMS_SECRET_ID": settings.tencent_secret_id,
        "SMS_SECRET_KEY": settings.tencent_secret_key,
        "SMS_SDK_APP_ID": settings.sms_sdk_app_id,
        "SMS_SIGN_NAME": "新疆招标投标协会",
        "SMS_TEMPLATE_ID": "1000001",
        "MAIL_HOST": sandbox.mail_host,
        "MAIL_PORT": sandbox.mail_port,
        "MAIL_SECURITY": "none",  # loopback only
        "MAIL_USERNAME": settings.mail_username,
        "MAIL_PASSWORD": settings.mail_password,
        "MAIL_FROM": SANDBOX_MAIL_FROM,
    }


def _dev_secrets() -> None:
    """Keep generated dev keys in instance/ (never committed), so logins and encrypted ID numbers
    survive a restart of `make run`; the environment still wins."""
    import base64
    import json
    import secrets

    from server.config import INSTANCE_DIR

    path = INSTANCE_DIR / "dev-secrets.json"
    INSTANCE_DIR.mkdir(exist_ok=True)
    if not path.exists():
        path.write_text(json.dumps({
            "SECRET_KEY": secrets.token_urlsafe(32),
            "ID_NUMBER_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}))
        path.chmod(0o600)
    for name, value in json.loads(path.read_text()).items():
        os.environ.setdefault(name, value)


def main() -> None:
    from flask_migrate import upgrade

    from server import create_app
    from server.demo import load_demo_data, print_logins
    from server.sandbox import SandboxServer, SandboxSettings

    _dev_secrets()
    sandbox_settings = SandboxSettings.generate()
    sandbox = SandboxServer(sandbox_settings, port=SANDBOX_PORT, mail_port=SANDBOX_MAIL_PORT)
    sandbox_url = sandbox.start().rstrip("/")
    app = create_app(config_for_sandbox(sandbox))
    with app.app_context():
        upgrade()
        logins = load_demo_data()
    base = f"http://127.0.0.1:{SERVER_PORT}"
    print_logins(logins)
    print(f"""
服务已启动（北京时间以服务器时钟为准）：
  工作台登录      {base}/console/login
  健康检查        {base}/healthz
  API 文档        {base}/api/v1/openapi.json
  短信沙箱        {sandbox_url}/sandbox/sms   （演示用：这里显示发出的验证码）
  微信沙箱        {sandbox_url}/sandbox/
  邮件沙箱        {sandbox_url}/sandbox/mail   （演示用：这里显示发出的邮件，如缴费凭证）
按 Ctrl+C 停止。
""", flush=True)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    try:
        app.run(host="127.0.0.1", port=SERVER_PORT, debug=False, use_reloader=False, threaded=True)
    finally:
        sandbox.stop()


if __name__ == "__main__":
    main()
