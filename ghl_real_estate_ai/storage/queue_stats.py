"""How the GHL queues stand, for /metrics: counts only, across locations (an operator's view)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.domain.ghl import InboxStatus, OutboxStatus, QueueStats
from ghl_real_estate_ai.storage.ghl_tables import GhlInboxEvent, GhlOutboxItem


async def queue_stats(session: AsyncSession) -> QueueStats:
    pending = GhlInboxEvent.status == InboxStatus.PENDING
    depth, oldest = (
        await session.execute(select(func.count(), func.min(GhlInboxEvent.received_at)).where(pending))
    ).one()
    retrying = await session.scalar(
        select(func.count()).where(GhlOutboxItem.status == OutboxStatus.PENDING, GhlOutboxItem.attempts > 0)
    )
    dead = await session.scalar(select(func.count()).where(GhlOutboxItem.status == OutboxStatus.DEAD))
    return QueueStats(int(depth), oldest, int(retrying or 0), int(dead or 0))
