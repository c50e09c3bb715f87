"""ID numbers at rest: encrypted (Fernet), found by a keyed hash, shown masked.

Both keys are derived from ID_NUMBER_KEY, so one secret in the environment covers both and the
lookup hash cannot be recomputed from a database dump alone.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app, g, has_request_context

from server.applications.rules.id_number import mask_id_number

__all__ = ["encrypt_id_number", "decrypt_id_number", "id_number_hash", "mask_id_number"]


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


@lru_cache(maxsize=4)
def _keys(master_b64: str) -> tuple[Fernet, bytes]:
    master = base64.urlsafe_b64decode(master_b64)
    if len(master) < 32:
        raise RuntimeError("ID_NUMBER_KEY must be at least 32 bytes, base64-encoded")
    fernet = Fernet(base64.urlsafe_b64encode(_derive(master, b"id-number encryption")))
    return fernet, _derive(master, b"id-number lookup")


def _current_keys() -> tuple[Fernet, bytes]:
    return _keys(current_app.config["ID_NUMBER_KEY"])


def encrypt_id_number(number: str) -> str:
    return _current_keys()[0].encrypt(number.encode()).decode()


def decrypt_id_number(token: str) -> str:
    """The number in clear; decrypted once per request (a write's checks and its answer each read
    it), and kept no longer."""
    if not has_request_context():
        return _current_keys()[0].decrypt(token.encode()).decode()
    clear = g.setdefault("id_numbers", {})
    if token not in clear:
        clear[token] = _current_keys()[0].decrypt(token.encode()).decode()
    return clear[token]


def id_number_hash(number: str) -> str:
    return hmac.new(_current_keys()[1], number.encode(), hashlib.sha256).hexdigest()
