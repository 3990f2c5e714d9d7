"""How the GHL queues stand, for /metrics: counts only, across locations (an operator's view)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.storage.ghl_tables import GhlInboxEvent, GhlOutboxItem


@dataclass(frozen=True)
class QueueStats:
    inbox_depth: int
    inbox_oldest: datetime | None
    outbox_retrying: int
    outbox_dead: int


async def queue_stats(session: AsyncSession) -> QueueStats:
    pending = GhlInboxEvent.status == "pending"
    depth, oldest = (
        await session.execute(select(func.count(), func.min(GhlInboxEvent.received_at)).where(pending))
    ).one()
    retrying = await session.scalar(
        select(func.count()).where(GhlOutboxItem.status == "pending", GhlOutboxItem.attempts > 0)
    )
    dead = await session.scalar(select(func.count()).where(GhlOutboxItem.status == "dead"))
    return QueueStats(int(depth), oldest, int(retrying or 0), int(dead or 0))
