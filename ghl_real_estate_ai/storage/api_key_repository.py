"""API keys as credentials with a lifetime: the key a caller presented, whether it stands, revoking it.

Agent tokens name the key that minted them; a token stands only while that key does (not revoked, its
location not deleted: deleting a location cascades to its keys).
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.storage import audit_chain
from ghl_real_estate_ai.storage.models import ApiKey, Location, utcnow
from ghl_real_estate_ai.storage.repositories import hash_api_key


class ApiKeyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def presented(self, api_key: str) -> ApiKey | None:
        """The active key row for a presented key, or None (unknown or revoked)."""
        query = select(ApiKey).where(ApiKey.key_hash == hash_api_key(api_key), ApiKey.revoked_at.is_(None))
        return (await self.session.execute(query)).scalar_one_or_none()

    async def stands(self, key_id: str, location_id: str) -> bool:
        """True while the key exists, is not revoked and belongs to a location that still exists."""
        query = (
            select(ApiKey.id)
            .join(Location, Location.id == ApiKey.location_id)
            .where(ApiKey.id == key_id, ApiKey.location_id == location_id, ApiKey.revoked_at.is_(None))
        )
        return (await self.session.execute(query)).first() is not None

    async def revoke(self, key_id: str) -> bool:
        """Revoke one key (and so every agent token it minted); False when there was no such active key."""
        result = await self.session.execute(
            update(ApiKey).where(ApiKey.id == key_id, ApiKey.revoked_at.is_(None)).values(revoked_at=utcnow())
        )
        revoked = bool(getattr(result, "rowcount", 0))
        if revoked:
            await audit_chain.append(self.session, "key.revoke", "system", details={"key_id": key_id})
        return revoked
