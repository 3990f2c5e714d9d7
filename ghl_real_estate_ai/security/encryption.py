"""Column encryption at rest: AES-256-GCM with a key ring from ENTERPRISEHUB_ENCRYPTION_KEYS (newest first).

Each stored value is `e1:<key id>:<base64(nonce | ciphertext | tag)>`: the newest key encrypts, any key of
the ring decrypts (by its id), so rotating is adding a key in front, re-encrypting (`enterprisehub keys
rotate`), then dropping the old one. The ring's keys are the same Fernet-format keys that seal GHL tokens;
the column key is derived from each with HKDF (one key is never used by two algorithms).

Without ENTERPRISEHUB_ENCRYPTION_KEYS the embedded setup generates a key on first start and keeps it in
ENTERPRISEHUB_LOCAL_KEYS_DIR, so a developer database is encrypted too. Values stored before encryption
(no `e1:` prefix) are read as they are, and re-encrypted by `keys rotate`.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ghl_real_estate_ai.security.local_keys import kept_key
from ghl_real_estate_ai.settings import Settings

PREFIX = "e1:"
NONCE_BYTES = 12
LOCAL_KEY_FILE = "encryption_key"
_INFO = b"enterprisehub column encryption v1"


class Undecryptable(ValueError):
    """A stored value was encrypted with a key that is not in the ring (or was altered)."""


@dataclass(frozen=True)
class _Key:
    key_id: str
    cipher: AESGCM


def _derive(ring_key: str) -> _Key:
    material = base64.urlsafe_b64decode(ring_key.strip().encode() + b"=" * (-len(ring_key.strip()) % 4))
    if len(material) < 32:
        raise ValueError(
            "each ENTERPRISEHUB_ENCRYPTION_KEYS entry must be 32 bytes, base64url (a Fernet key)"
        )
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(material)
    return _Key(hashlib.sha256(derived).hexdigest()[:8], AESGCM(derived))


class Keyring:
    def __init__(self, ring_keys: list[str]) -> None:
        if not ring_keys:
            raise ValueError("a key ring needs at least one key")
        self._keys = [_derive(key) for key in ring_keys]
        self._by_id = {key.key_id: key for key in self._keys}

    @classmethod
    def from_settings(cls, settings: Settings) -> Keyring:
        configured = settings.encryption_keys.get_secret_value() if settings.encryption_keys else ""
        keys = [key.strip() for key in configured.split(",") if key.strip()]
        if not keys:
            keys = [kept_key(settings.local_keys_dir, LOCAL_KEY_FILE)]
        return cls(keys)

    @property
    def newest_id(self) -> str:
        return self._keys[0].key_id

    def encrypt(self, plain: bytes) -> str:
        key = self._keys[0]
        nonce = os.urandom(NONCE_BYTES)
        sealed = key.cipher.encrypt(nonce, plain, None)
        return f"{PREFIX}{key.key_id}:{base64.b64encode(nonce + sealed).decode('ascii')}"

    def decrypt(self, stored: str) -> bytes:
        if not stored.startswith(PREFIX):
            return stored.encode("utf-8")  # stored before encryption was on
        key_id, _, data = stored[len(PREFIX) :].partition(":")
        key = self._by_id.get(key_id)
        if key is None:
            raise Undecryptable(
                f"value encrypted with key {key_id}, which is not in ENTERPRISEHUB_ENCRYPTION_KEYS"
            )
        raw = base64.b64decode(data)
        try:
            return key.cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], None)
        except InvalidTag as error:
            raise Undecryptable("encrypted value was altered") from error

    def is_current(self, stored: str) -> bool:
        """Encrypted with the newest key (nothing for `keys rotate` to do)."""
        return stored.startswith(f"{PREFIX}{self.newest_id}:")
