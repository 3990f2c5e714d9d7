"""The tenant a request acts for, with the transaction it acts in."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True)
class TenantScope:
    """Where a service reads and writes: the caller's open session, inside one location."""

    session: AsyncSession
    location_id: str
