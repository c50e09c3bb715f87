"""WeChat Pay v2 signatures (MD5 and HMAC-SHA256) and the refund notification's req_info cipher.

Both sides of the sandbox use these functions; they are pinned by WeChat Pay's published signing
example (tests/payments/test_v2_signing.py), so both follow the documented algorithm, not each
other. Verification compares in constant time and accepts only the two documented sign types.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

MD5 = "MD5"
HMAC_SHA256 = "HMAC-SHA256"
SIGN_TYPES = frozenset({MD5, HMAC_SHA256})


def string_to_sign(params: Mapping[str, object], key: str) -> bytes:
    """Non-empty parameters except `sign`, sorted by name, as k=v&...&key=KEY (UTF-8)."""
    pairs = [f"{name}={params[name]}" for name in sorted(params)
             if name != "sign" and params[name] not in (None, "")]
    return "&".join([*pairs, f"key={key}"]).encode("utf-8")


def sign(params: Mapping[str, object], key: str, sign_type: str = MD5) -> str:
    """The upper-case hex signature of `params` with the merchant's v2 key."""
    message = string_to_sign(params, key)
    if sign_type == MD5:
        return hashlib.md5(message).hexdigest().upper()
    if sign_type == HMAC_SHA256:
        return hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest().upper()
    raise ValueError(f"unknown sign_type {sign_type!r}")


def verify(params: Mapping[str, str], key: str, sign_type: str | None = None) -> bool:
    """True when `params['sign']` is the signature for `sign_type`: given (a reply is signed the
    way its request was), else the params' own `sign_type` field (a notification), else MD5."""
    sign_type = sign_type or params.get("sign_type") or MD5
    given = params.get("sign") or ""
    if sign_type not in SIGN_TYPES or not given:
        return False
    return hmac.compare_digest(sign(params, key, sign_type).encode(), given.upper().encode())


def _req_info_cipher(key: str) -> Cipher:
    # WeChat's documented scheme: AES-256-ECB keyed by the lower-case hex MD5 of the v2 key.
    return Cipher(algorithms.AES(hashlib.md5(key.encode("utf-8")).hexdigest().encode("ascii")),
                  modes.ECB())


def decrypt_req_info(req_info: str, key: str) -> bytes:
    """A refund notification's req_info → the inner XML; ValueError if it is not ours."""
    try:
        data = base64.b64decode(req_info, validate=True)
    except ValueError:
        raise ValueError("req_info is not base64") from None
    if not data or len(data) % 16:
        raise ValueError("req_info has a wrong length")
    decryptor = _req_info_cipher(key).decryptor()
    padded = decryptor.update(data) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    return unpadder.update(padded) + unpadder.finalize()  # ValueError on bad padding


def encrypt_req_info(inner_xml: bytes, key: str) -> str:
    """The sandbox's side of decrypt_req_info."""
    padder = padding.PKCS7(128).padder()
    padded = padder.update(inner_xml) + padder.finalize()
    encryptor = _req_info_cipher(key).encryptor()
    return base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode("ascii")
