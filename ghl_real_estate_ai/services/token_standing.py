"""Whether an agent token still stands: only while the API key that minted it does."""

from __future__ import annotations

from ghl_real_estate_ai.security.agent_tokens import AgentClaims
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.storage.api_key_repository import ApiKeyRepository


async def token_stands(scope: TenantScope, claims: AgentClaims) -> bool:
    """False once the key is revoked or its location deleted (checked inside the caller's transaction)."""
    return await ApiKeyRepository(scope.session).stands(claims.key_id, claims.location_id)
