"""GHL tokens at rest: Fernet-encrypted with ENTERPRISEHUB_ENCRYPTION_KEYS (newest first, MultiFernet).

Without keys (development) a token is stored as "plain:<token>"; production should always set keys.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from ghl_real_estate_ai.settings import Settings

PLAIN = "plain:"


class TokenUnreadable(ValueError):
    """The stored token was encrypted with a key we no longer have."""


def _cipher(settings: Settings) -> MultiFernet | None:
    if settings.encryption_keys is None:
        return None
    keys = [key.strip() for key in settings.encryption_keys.get_secret_value().split(",") if key.strip()]
    return MultiFernet([Fernet(key.encode()) for key in keys]) if keys else None


def seal(settings: Settings, token: str) -> str:
    cipher = _cipher(settings)
    return PLAIN + token if cipher is None else cipher.encrypt(token.encode()).decode()


def unseal(settings: Settings, stored: str) -> str:
    if stored.startswith(PLAIN):
        return stored[len(PLAIN) :]
    cipher = _cipher(settings)
    if cipher is None:
        raise TokenUnreadable("GHL token is encrypted but ENTERPRISEHUB_ENCRYPTION_KEYS is not set")
    try:
        return cipher.decrypt(stored.encode()).decode()
    except InvalidToken as error:
        raise TokenUnreadable(
            "GHL token was encrypted with a key not in ENTERPRISEHUB_ENCRYPTION_KEYS"
        ) from error
