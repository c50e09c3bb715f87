"""`make run`: a SQLite database with demo data, the WeChat/SMS/mail sandbox, and the server.

    python -m server.dev.devserver

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
# The template ids "approved" for the sandbox's mini-program, official account and SMS account
# (WeChat's and Tencent's consoles give the real ones; see the README).
SANDBOX_SUBSCRIBE_TEMPLATE_IDS = {"review_result": "sbx-subscribe-review-result",
                                  "payment": "sbx-subscribe-payment", "notice": "sbx-subscribe-notice"}
SANDBOX_OA_TEMPLATE_IDS = {"review_result": "sbx-oa-review-result", "payment": "sbx-oa-payment",
                           "notice": "sbx-oa-notice", "deadline": "sbx-oa-deadline"}
SANDBOX_SMS_TEMPLATE_IDS = {"review_rejected": "1000002", "payment_open": "1000003",
                            "reminder_submit_info": "1000004", "reminder_submit_for_review": "1000005",
                            "reminder_resubmit": "1000006", "reminder_payment": "1000007",
                            "notice_posted": "1000008", "exam_admitted": "1000009", "exam_failed": "1000010"}


def as_environment(settings: dict[str, Any]) -> dict[str, str]:
    """The settings as the environment carries them to another process: template maps as the
    name=id pairs `server.config` reads back, None as empty."""
    def render(value: Any) -> str:
        if isinstance(value, dict):
            return ",".join(f"{key}={item}" for key, item in value.items())
        return "" if value is None else str(value)
    return {**os.environ, **{name: render(value) for name, value in settings.items()}}


def config_for_sandbox(sandbox, *, payment_provider: str = "wechat_v3",
                       wechat_pay_keys: str = "public_key") -> dict[str, Any]:
    """App settings that point WeChat, WeChat Pay, SMS and mail at a running sandbox (a started
    SandboxServer). `wechat_pay_keys`: "public_key" (微信支付公钥) or "certificate" (the older
    platform-certificate mode) for v3 notifications and replies."""
    settings = sandbox.settings
    return {
        **wechat_pay_config_for_sandbox(sandbox, payment_provider, wechat_pay_keys),
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
        "SMS_TEMPLATE_IDS": dict(SANDBOX_SMS_TEMPLATE_IDS),
        "WECHAT_SUBSCRIBE_TEMPLATE_IDS": dict(SANDBOX_SUBSCRIBE_TEMPLATE_IDS),
        "WECHAT_OA_TEMPLATE_IDS": dict(SANDBOX_OA_TEMPLATE_IDS),
        "MAIL_HOST": sandbox.mail_host,
        "MAIL_PORT": sandbox.mail_port,
        "MAIL_SECURITY": "none",  # loopback only
        "MAIL_USERNAME": settings.mail_username,
        "MAIL_PASSWORD": settings.mail_password,
        "MAIL_FROM": SANDBOX_MAIL_FROM,
    }


def wechat_pay_config_for_sandbox(sandbox, payment_provider: str = "wechat_v3",
                                  keys: str = "public_key") -> dict[str, Any]:
    """The WECHAT_PAY_* settings of the sandbox's merchant (key files written at its start)."""
    pay, files = sandbox.settings.wechat_pay, sandbox.wechat_pay_key_files
    if keys not in ("public_key", "certificate"):
        raise ValueError("keys must be 'public_key' or 'certificate'")
    public = keys == "public_key"
    return {
        "PAYMENT_PROVIDER": payment_provider,
        "WECHAT_PAY_MCH_ID": pay.mch_id,
        "WECHAT_PAY_APP_ID": sandbox.settings.wechat_appid,
        "WECHAT_PAY_API_V3_KEY": pay.api_v3_key,
        "WECHAT_PAY_PRIVATE_KEY_PATH": str(files.merchant_private_key),
        "WECHAT_PAY_CERT_SERIAL": pay.merchant_serial,
        "WECHAT_PAY_PUBLIC_KEY_PATH": str(files.wechatpay_public_key) if public else None,
        "WECHAT_PAY_PUBLIC_KEY_ID": pay.public_key_id if public else None,
        "WECHAT_PAY_PLATFORM_CERT_DIR": None if public else str(files.platform_cert_dir),
        "WECHAT_PAY_API_V2_KEY": pay.api_v2_key,
        "WECHAT_PAY_CLIENT_CERT_PATH": None,  # TLS client certificates mean nothing over loopback HTTP
        "WECHAT_PAY_CLIENT_KEY_PATH": None,
        "WECHAT_PAY_API_BASE_URL": sandbox.base_url,
        "WECHAT_PAY_TIMEOUT_SECONDS": 5.0,
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
    import threading

    from flask_migrate import upgrade

    from jobs.scheduler import serve
    from server import create_app
    from server.dev import demo_messages
    from server.dev.demo import load_demo_data, print_logins
    from server.dev.demo_population import PLAN, demo_counts, seed_demo_applications
    from server.sandbox import SandboxServer, SandboxSettings

    _dev_secrets()
    sandbox_settings = SandboxSettings.generate()
    sandbox = SandboxServer(sandbox_settings, port=SANDBOX_PORT, mail_port=SANDBOX_MAIL_PORT)
    sandbox_url = sandbox.start().rstrip("/")
    base = f"http://127.0.0.1:{SERVER_PORT}"
    # PUBLIC_BASE_URL (links, the sheets' and receipts' QR codes, WeChat Pay's notify URLs) comes
    # from PORT unless it is set (server.config). A demo's binding QR code lives two hours
    # (production: 10 minutes), time to try things.
    app = create_app({**config_for_sandbox(sandbox), "WECHAT_OA_BINDING_QR_SECONDS": 2 * 3600})
    sandbox.set_official_account_url(f"{base}/wechat/official-account")
    with app.app_context():
        upgrade()
        logins = load_demo_data()
        demo_messages.prepare(sandbox)
        made = seed_demo_applications()
        counts = demo_counts()
    print_logins(logins)
    summary = "、".join(f"{state.label}{counts[state]}份" for state, _ in PLAN if counts[state])
    print(f"演示申请（各地州市，本次新建{made}份）：{summary}")
    print(f"""
服务已启动（北京时间以服务器时钟为准）：
  工作台登录      {base}/console/login
  健康检查        {base}/healthz
  API 文档        {base}/api/v1/openapi.json
  短信沙箱        {sandbox_url}/sandbox/sms   （演示用：这里显示发出的验证码）
  微信沙箱        {sandbox_url}/sandbox/
  邮件沙箱        {sandbox_url}/sandbox/mail   （演示用：这里显示发出的邮件，如缴费凭证）
  微信支付沙箱    {sandbox_url}/sandbox/wechat-pay   （演示用：在这里模拟用户付款）
  缴费演示        工作台审核通过演示申请后，在小程序“网上缴费”发起缴费（或：{base}/api/v1/applications/current/payment/orders，
                  POST {{"channel": "native"}}），再到微信支付沙箱点“模拟支付”；缴费凭证邮件见邮件沙箱
  公众号用户端    {sandbox_url}/sandbox/wechat/official-account   （演示用：发消息、扫码关注）
  微信消息        {sandbox_url}/sandbox/wechat/messages   （演示用：发出的订阅消息、模板消息和短信）
  定时任务        {base}/console/jobs   （调度进程已随本服务启动；手动运行：.venv/bin/python -m jobs run-once 任务名）
  消息记录        {base}/console/messages   （协会、管理员：每条消息的渠道、尝试和结果，可重新发送）

演示消息（张三 demo_applicant、李四 demo_applicant2 的申请都在待审核）：
  1. 打开“公众号用户端”，在“二维码”表中（张三的绑定二维码）点“扫码”：绑定成功，回复说明申报状态；
     再在“用户操作”里发送文字“进度”“缴费”“咨询”，看回复。
  2. 用 reviewer650100（乌鲁木齐市）登录工作台，驳回张三的申请、通过李四的申请（李四已关注公众号）。
  3. 一分钟内（调度进程每分钟发送一次），“微信消息”页显示发给他们的模板消息；未绑定时驳回改发短信，也列在那里。
按 Ctrl+C 停止。
""", flush=True)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    stop = threading.Event()  # the scheduler (production runs it as `python -m jobs`) beside the server
    scheduler = threading.Thread(target=serve, args=(app,), kwargs={"stop": stop}, name="scheduler", daemon=True)
    scheduler.start()
    try:
        app.run(host="127.0.0.1", port=SERVER_PORT, debug=False, use_reloader=False, threaded=True)
    finally:
        stop.set()
        scheduler.join(timeout=15)
        sandbox.stop()


if __name__ == "__main__":
    main()
