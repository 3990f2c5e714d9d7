"""GHL tokens at rest: encrypted with ENTERPRISEHUB_ENCRYPTION_KEYS, readable after a key rotation."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from ghl_real_estate_ai.ghl.secrets import TokenUnreadable, seal, unseal
from ghl_real_estate_ai.settings import Settings


class TestTokenSealing:
    def test_with_keys_the_stored_token_is_not_the_token(self) -> None:
        settings = Settings(ENTERPRISEHUB_ENCRYPTION_KEYS=Fernet.generate_key().decode())
        stored = seal(settings, "pit-secret")
        assert "pit-secret" not in stored
        assert unseal(settings, stored) == "pit-secret"

    def test_a_token_sealed_with_an_older_key_is_read_after_rotation(self) -> None:
        old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
        stored = seal(Settings(ENTERPRISEHUB_ENCRYPTION_KEYS=old), "pit-secret")
        assert unseal(Settings(ENTERPRISEHUB_ENCRYPTION_KEYS=f"{new},{old}"), stored) == "pit-secret"

    def test_without_the_key_an_encrypted_token_is_a_clear_error(self) -> None:
        stored = seal(Settings(ENTERPRISEHUB_ENCRYPTION_KEYS=Fernet.generate_key().decode()), "pit-secret")
        with pytest.raises(TokenUnreadable, match="ENCRYPTION_KEYS"):
            unseal(Settings(ENTERPRISEHUB_ENCRYPTION_KEYS=Fernet.generate_key().decode()), stored)
