"""WeChat's side of the message encryption (消息加解密), written from WeChat's description.

The sandbox plays WeChat, so it does not borrow our callback code (wechatpy's WeChatCrypto):
this is a second, independent implementation, checked against the same published example, so the
two can catch each other's mistakes.

- AESKey = Base64_Decode(EncodingAESKey + "="), 32 bytes; AES-256-CBC, IV = the key's first 16 bytes.
- FullStr = random(16 bytes) + msg_len (4 bytes, network order) + msg + appid, PKCS#7-padded to 32.
- Signatures: SHA-1 of the parts sorted and joined (token, timestamp, nonce, and Encrypt if any).
"""
from __future__ import annotations

import base64
import hashlib
import secrets
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 32


def signature(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def _cipher(encoding_aes_key: str) -> Cipher:
    key = base64.b64decode(encoding_aes_key + "=")
    if len(key) != 32:
        raise ValueError("an EncodingAESKey is 43 characters")
    return Cipher(algorithms.AES(key), modes.CBC(key[:16]))


def encrypt(plain: str, *, encoding_aes_key: str, appid: str, random16: bytes | None = None) -> str:
    message = plain.encode("utf-8")
    full = (random16 or secrets.token_bytes(16)) + struct.pack(">I", len(message)) + message \
        + appid.encode("utf-8")
    pad = BLOCK - len(full) % BLOCK
    encryptor = _cipher(encoding_aes_key).encryptor()
    return base64.b64encode(encryptor.update(full + bytes([pad]) * pad) + encryptor.finalize()).decode()


def decrypt(encrypted: str, *, encoding_aes_key: str, appid: str) -> str:
    """The message inside `encrypted`; ValueError if it is not one for `appid`."""
    decryptor = _cipher(encoding_aes_key).decryptor()
    try:
        full = decryptor.update(base64.b64decode(encrypted, validate=True)) + decryptor.finalize()
    except ValueError as error:
        raise ValueError(f"not base64 AES blocks: {error}") from None
    pad = full[-1] if full else 0
    if not 1 <= pad <= BLOCK or full[-pad:] != bytes([pad]) * pad:
        raise ValueError("bad PKCS#7 padding")
    body = full[16:-pad]
    if len(body) < 4:
        raise ValueError("too short")
    (length,) = struct.unpack(">I", body[:4])
    message, sender = body[4:4 + length], body[4 + length:]
    if sender.decode("utf-8", "replace") != appid:
        raise ValueError("encrypted for another appid")
    return message.decode("utf-8")
