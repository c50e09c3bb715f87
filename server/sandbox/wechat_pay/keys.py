"""The sandbox's WeChat Pay credentials, generated at every start (nothing is committed).

The merchant's side (its API key pair and certificate serial, the APIv3 and v2 keys) is handed to
our config; the WeChat side (the WeChat Pay public key pair, 微信支付公钥, and a platform
certificate for merchants on the older mode) signs the sandbox's replies and notifications.
"""
from __future__ import annotations

import secrets
import string
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

_ALNUM = string.ascii_letters + string.digits


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _certificate(key: rsa.RSAPrivateKey) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Tenpay.com Root CA (sandbox)")])
    now = datetime.now(UTC)
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=5 * 365))
            .sign(key, hashes.SHA256()))


@dataclass(frozen=True)
class WeChatPaySettings:
    mch_id: str
    api_v3_key: str = field(repr=False)
    api_v2_key: str = field(repr=False)
    merchant_serial: str
    merchant_key: rsa.RSAPrivateKey = field(repr=False)
    public_key_id: str
    wechatpay_key: rsa.RSAPrivateKey = field(repr=False)
    platform_key: rsa.RSAPrivateKey = field(repr=False)
    platform_certificate: x509.Certificate = field(repr=False)

    @classmethod
    def generate(cls) -> "WeChatPaySettings":
        platform_key = _key()
        return cls(
            mch_id="1" + "".join(secrets.choice(string.digits) for _ in range(9)),
            api_v3_key="".join(secrets.choice(_ALNUM) for _ in range(32)),
            api_v2_key="".join(secrets.choice(_ALNUM) for _ in range(32)),
            merchant_serial=secrets.token_hex(20).upper(),
            merchant_key=_key(),
            public_key_id="PUB_KEY_ID_" + "".join(secrets.choice(string.digits) for _ in range(32)),
            wechatpay_key=_key(), platform_key=platform_key,
            platform_certificate=_certificate(platform_key))

    @property
    def platform_serial(self) -> str:
        """As WeChat writes it in Wechatpay-Serial: the certificate serial in upper-case hex."""
        return format(self.platform_certificate.serial_number, "X")

    def platform_certificate_pem(self) -> str:
        return self.platform_certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


@dataclass(frozen=True)
class KeyFiles:
    """Where the merchant's config finds its keys (what a real merchant downloads)."""

    directory: Path
    merchant_private_key: Path
    wechatpay_public_key: Path
    platform_cert_dir: Path


def write_key_files(settings: WeChatPaySettings) -> KeyFiles:
    """Write the files our config reads into a fresh private directory (removed by the caller)."""
    directory = Path(tempfile.mkdtemp(prefix="sandbox-wechatpay-"))
    private = directory / "apiclient_key.pem"
    private.write_bytes(settings.merchant_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    private.chmod(0o600)
    public = directory / "pub_key.pem"
    public.write_bytes(settings.wechatpay_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    certificates = directory / "platform_certs"
    certificates.mkdir()
    (certificates / f"{settings.platform_serial}.pem").write_text(settings.platform_certificate_pem())
    return KeyFiles(directory, private, public, certificates)
