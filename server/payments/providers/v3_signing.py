"""WeChat Pay API v3's primitives: the signed message, RSA-SHA256 signatures, AES-256-GCM resources.

wechatpayv3 signs our requests and checks the replies; these are what our notification check and
the sandbox use (the tests build notifications with cryptography directly, not with this module).
"""
from __future__ import annotations

import base64
import binascii
import re

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048"
ALGORITHM = "AEAD_AES_256_GCM"


def message(*parts: str | bytes) -> bytes:
    """Each part followed by a newline: (timestamp, nonce, body) for replies and notifications,
    (method, path, timestamp, nonce, body) for requests."""
    return b"".join((part.encode("utf-8") if isinstance(part, str) else part) + b"\n"
                    for part in parts)


def sign(private_key: rsa.RSAPrivateKey, data: bytes) -> str:
    return base64.b64encode(private_key.sign(data, padding.PKCS1v15(), hashes.SHA256())).decode()


def verify(public_key: rsa.RSAPublicKey, data: bytes, signature: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
        public_key.verify(raw, data, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def decrypt(api_v3_key: str, nonce: str, associated_data: str, ciphertext: str) -> bytes:
    """A notification's resource → plaintext; ValueError when it was not encrypted with our key."""
    try:
        return AESGCM(api_v3_key.encode("utf-8")).decrypt(
            nonce.encode("utf-8"), base64.b64decode(ciphertext, validate=True),
            associated_data.encode("utf-8"))
    except (InvalidTag, binascii.Error) as error:
        raise ValueError(f"resource does not decrypt ({type(error).__name__})") from None


def encrypt(api_v3_key: str, nonce: str, associated_data: str, plaintext: bytes) -> str:
    return base64.b64encode(AESGCM(api_v3_key.encode("utf-8")).encrypt(
        nonce.encode("utf-8"), plaintext, associated_data.encode("utf-8"))).decode("ascii")


_AUTHORIZATION_FIELD = re.compile(r'(\w+)="([^"]*)"')


def parse_authorization(header: str | None) -> dict[str, str] | None:
    """'WECHATPAY2-SHA256-RSA2048 mchid="..",nonce_str="..",...' → its fields; None if not one."""
    scheme, _, rest = (header or "").partition(" ")
    if scheme != SIGNATURE_TYPE:
        return None
    return dict(_AUTHORIZATION_FIELD.findall(rest))
