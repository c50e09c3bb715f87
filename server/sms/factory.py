"""Build the app's SmsSender from plain settings (the app maps its config onto these names)."""
from __future__ import annotations

from server.sms.tencent import DEFAULT_ENDPOINT, TencentSmsSender


def build_sms_sender(*, secret_id: str, secret_key: str, sdk_app_id: str, sign_name: str,
                     template_id: str, region: str = "ap-guangzhou", endpoint: str | None = None,
                     timeout: float = 5.0) -> TencentSmsSender:
    """Tencent Cloud SMS; `endpoint` None means the real service, a URL means a stand-in (sandbox).

    Missing settings fail here, loudly and by name, rather than as a signature error later.
    """
    given = {"secret_id": secret_id, "secret_key": secret_key, "sdk_app_id": sdk_app_id,
             "sign_name": sign_name, "template_id": template_id}
    missing = [name for name, value in given.items() if not value]
    if missing:
        raise ValueError("SMS settings missing: " + ", ".join(missing))
    return TencentSmsSender(secret_id=secret_id, secret_key=secret_key, sdk_app_id=sdk_app_id,
                            sign_name=sign_name, template_id=template_id, region=region,
                            endpoint=endpoint or DEFAULT_ENDPOINT, timeout=timeout)
