"""Column types that encrypt on the way in and decrypt on the way out; repositories see plain values.

The key ring comes from the engine (`storage.database.create_engine` attaches it to the dialect), so every
engine built from settings uses their keys; code that builds none (Alembic) never binds these columns.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import JSON, LargeBinary, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from ghl_real_estate_ai.security.encryption import PREFIX, Keyring

KEYRING_ATTRIBUTE = "enterprisehub_keyring"


def keyring_of(dialect: Dialect) -> Keyring:
    keyring: Keyring | None = getattr(dialect, KEYRING_ATTRIBUTE, None)
    if keyring is None:
        # Never store plaintext by accident: an engine without keys cannot write these columns.
        raise RuntimeError("this database engine has no encryption key ring (build it with storage.database)")
    return keyring


class EncryptedText(TypeDecorator[str]):
    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else keyring_of(dialect).encrypt(value.encode("utf-8"))

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else keyring_of(dialect).decrypt(value).decode("utf-8")


class EncryptedBytes(TypeDecorator[bytes]):
    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: bytes | None, dialect: Dialect) -> bytes | None:
        return None if value is None else keyring_of(dialect).encrypt(value).encode("ascii")

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> bytes | None:
        if value is None:
            return None
        raw = bytes(value)
        if not raw.startswith(PREFIX.encode()):
            return raw  # stored before encryption was on
        return keyring_of(dialect).decrypt(raw.decode("ascii"))


class EncryptedJSON(TypeDecorator[Any]):
    """JSON whose document is one encrypted string: the column's type (json on PostgreSQL) is unchanged."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        return keyring_of(dialect).encrypt(json.dumps(value, separators=(",", ":")).encode("utf-8"))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if not isinstance(value, str):
            return value  # stored before encryption was on: the document itself
        return json.loads(keyring_of(dialect).decrypt(value))
