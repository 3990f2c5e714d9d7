"""Keys that the embedded, single-machine setup generates once and keeps, so nothing runs on a public default.

A key file is created with mode 0600 next to the database (`ENTERPRISEHUB_LOCAL_KEYS_DIR`) on first use and
read on every later start, so tokens and encrypted rows survive restarts.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from ghl_real_estate_ai.settings import Environment, Settings

logger = logging.getLogger(__name__)
SECRET_KEY_FILE = "secret_key"


def kept_key(directory: str, name: str) -> str:
    """The key stored in `directory/name`, generated (url-safe random, 256 bits) if missing."""
    path = Path(directory) / name
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    # O_EXCL: two processes starting at once keep the first one's key, never two different keys.
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


def signing_secret(settings: Settings) -> str:
    """The agent-token signing secret: ENTERPRISEHUB_SECRET_KEY, or in development a kept local key.

    Settings already refuse to load outside development without a secret of our own."""
    if settings.has_own_secret_key:
        return settings.secret_key.get_secret_value()
    assert settings.environment is Environment.DEVELOPMENT
    logger.warning(
        "ENTERPRISEHUB_SECRET_KEY is not set: agent tokens are signed with a key generated for this "
        "machine (%s). Set ENTERPRISEHUB_SECRET_KEY before running anywhere but a developer machine; "
        "the service refuses to start without it outside development.",
        Path(settings.local_keys_dir) / SECRET_KEY_FILE,
    )
    return kept_key(settings.local_keys_dir, SECRET_KEY_FILE)
