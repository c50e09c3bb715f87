"""`make run`: a SQLite database with demo data, the WeChat/SMS sandbox, and the server.

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


def config_for_sandbox(sandbox) -> dict[str, Any]:
    """App settings that point WeChat and SMS at a running sandbox (a started SandboxServer)."""
    settings = sandbox.settings
    return {
        "WECHAT_APPID": settings.wechat_appid,
        "WECHAT_SECRET": settings.wechat_secret,
        "WECHAT_API_BASE_URL": sandbox.wechat_api_base_url,
        "WECHAT_MINIPROGRAM_STATE": "developer",
        "WECHAT_OA_APPID": settings.oa_appid,
        "WECHAT_OA_SECRET": settings.oa_secret,
        "WECHAT_OA_TOKEN": settings.oa_token,
        "WECHAT_OA_ENCODING_AES_KEY": settings.oa_encoding_aes_key,
        "SMS_ENDPOINT": sandbox.sms_endpoint,
        "SMS_SECRET_ID": settings.tencent_secret_id,
        "SMS_SECRET_KEY": settings.tencent_secret_key,
        "SMS_SDK_APP_ID": settings.sms_sdk_app_id,
        "SMS_SIGN_NAME": "新疆招标投标协会",
        "SMS_TEMPLATE_ID": "1000001",
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
    sandbox = SandboxServer(sandbox_settings, port=SANDBOX_PORT)
    sandbox_url = sandbox.start().rstrip("/")
    app = create_app(config_for_sandbox(sandbox))
    base = f"http://127.0.0.1:{SERVER_PORT}"
    sandbox.set_official_account_url(f"{base}/wechat/official-account")
    with app.app_context():
        upgrade()
        logins = load_demo_data()
    print_logins(logins)
    print(f"""
服务已启动（北京时间以服务器时钟为准）：
  工作台登录      {base}/console/login
  健康检查        {base}/healthz
  API 文档        {base}/api/v1/openapi.json
  短信沙箱        {sandbox_url}/sandbox/sms   （演示用：这里显示发出的验证码）
  微信沙箱        {sandbox_url}/sandbox/
  公众号用户端    {sandbox_url}/sandbox/wechat/official-account   （演示用：发消息、扫码关注）
  微信消息        {sandbox_url}/sandbox/wechat/messages   （演示用：发出的订阅消息和模板消息）
按 Ctrl+C 停止。
""", flush=True)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    try:
        app.run(host="127.0.0.1", port=SERVER_PORT, debug=False, use_reloader=False, threaded=True)
    finally:
        sandbox.stop()


if __name__ == "__main__":
    main()
