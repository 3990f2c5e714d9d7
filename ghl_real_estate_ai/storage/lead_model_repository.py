"""Queries on stored outcome models; every one is filtered by location."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.storage.learning_tables import LeadModelRecord


class LeadModelRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, record: LeadModelRecord) -> LeadModelRecord:
        """Store as the location's next version (numbers never reused)."""
        latest = await self.session.scalar(
            select(func.max(LeadModelRecord.version)).where(LeadModelRecord.location_id == record.location_id)
        )
        record.version = (latest or 0) + 1
        self.session.add(record)
        await self.session.flush()
        return record

    async def versions(self, location_id: str) -> list[LeadModelRecord]:
        query = (
            select(LeadModelRecord)
            .where(LeadModelRecord.location_id == location_id)
            .order_by(LeadModelRecord.version)
        )
        return list(await self.session.scalars(query))

    async def get(self, location_id: str, version: int) -> LeadModelRecord | None:
        query = select(LeadModelRecord).where(
            LeadModelRecord.location_id == location_id, LeadModelRecord.version == version
        )
        return await self.session.scalar(query)

    async def active(self, location_id: str) -> LeadModelRecord | None:
        query = select(LeadModelRecord).where(
            LeadModelRecord.location_id == location_id, LeadModelRecord.active.is_(True)
        )
        return await self.session.scalar(query)

    async def active_id(self, location_id: str) -> str | None:
        """The active version's row id, without reading its artifact (a megabyte or two)."""
        query = select(LeadModelRecord.id).where(
            LeadModelRecord.location_id == location_id, LeadModelRecord.active.is_(True)
        )
        return await self.session.scalar(query)

    async def by_id(self, location_id: str, record_id: str) -> LeadModelRecord | None:
        query = select(LeadModelRecord).where(
            LeadModelRecord.location_id == location_id, LeadModelRecord.id == record_id
        )
        return await self.session.scalar(query)

    async def activate(self, location_id: str, version: int) -> LeadModelRecord | None:
        record = await self.get(location_id, version)
        if record is None:
            return None
        await self.session.execute(
            update(LeadModelRecord)
            .where(LeadModelRecord.location_id == location_id, LeadModelRecord.id != record.id)
            .values(active=False)
        )
        record.active = True
        await self.session.flush()
        return record
