"""Whether an agent token still stands: only while the API key that minted it does."""

from __future__ import annotations

from ghl_real_estate_ai.security.agent_tokens import AgentClaims
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.storage.api_key_repository import ApiKeyRepository

# Where a transaction keeps the keys it has checked (`Session.info` lives as long as the session).
_CHECKED = "standing_keys"


async def token_stands(scope: TenantScope, claims: AgentClaims) -> bool:
    """False once the key is revoked or its location deleted (checked inside the caller's transaction).

    Asked once per key and transaction: a group commit stores the answers of a location's agents, whose
    tokens share the location's key, together, so they stand or fall together anyway."""
    checked: dict[tuple[str, str], bool] = scope.session.info.setdefault(_CHECKED, {})
    key = (claims.key_id, claims.location_id)
    if key not in checked:
        checked[key] = await ApiKeyRepository(scope.session).stands(*key)
    return checked[key]
