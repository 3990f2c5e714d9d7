"""Keyed hashes of email addresses and phone numbers: equality look-ups on data that is stored encrypted.

HMAC-SHA256 with ENTERPRISEHUB_LOOKUP_KEY (or a key generated once and kept in ENTERPRISEHUB_LOCAL_KEYS_DIR),
over a normalised form, so "Jane@Example.com " and "jane@example.com" meet, as do "+1 (512) 555-0101" and
"512.555.0101". Without the key a hash cannot be tested against guessed values (a plain SHA-256 of a
phone number is reversed by trying every number).
"""

from __future__ import annotations

import hashlib
import hmac

from ghl_real_estate_ai.security.local_keys import kept_key
from ghl_real_estate_ai.settings import Settings

LOCAL_KEY_FILE = "lookup_key"
NATIONAL_DIGITS = 10  # NANP numbers: "+1 512 555 0101" and "512 555 0101" are one number
MIN_PHONE_DIGITS = 7


def normal_email(email: str) -> str | None:
    cleaned = email.strip().lower()
    return cleaned if "@" in cleaned else None


def normal_phone(phone: str) -> str | None:
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) < MIN_PHONE_DIGITS:
        return None
    return digits[-NATIONAL_DIGITS:] if len(digits) == NATIONAL_DIGITS + 1 and digits[0] == "1" else digits


class LookupHasher:
    def __init__(self, key: bytes) -> None:
        self._key = key

    @classmethod
    def from_settings(cls, settings: Settings) -> LookupHasher:
        configured = settings.lookup_key.get_secret_value() if settings.lookup_key else ""
        return cls((configured or kept_key(settings.local_keys_dir, LOCAL_KEY_FILE)).encode())

    def _digest(self, kind: str, value: str) -> str:
        return hmac.new(self._key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()

    def email(self, email: str | None) -> str | None:
        normal = normal_email(email) if email else None
        return self._digest("email", normal) if normal else None

    def phone(self, phone: str | None) -> str | None:
        normal = normal_phone(phone) if phone else None
        return self._digest("phone", normal) if normal else None
