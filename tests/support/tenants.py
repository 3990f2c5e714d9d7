"""Tenants for tests: a location with its API key, created through the real repository."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.repositories import LocationRepository


@dataclass(frozen=True)
class Tenant:
    location_id: str
    api_key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}


async def make_tenant(database: Database, name: str = "Test Realty") -> Tenant:
    async with database.session() as session:
        issued = await LocationRepository(session).create(f"{name} {secrets.token_hex(3)}")
    return Tenant(issued.location.id, issued.api_key)
