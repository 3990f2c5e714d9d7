"""The GHL queues as an operator sees them, for /metrics."""

from __future__ import annotations

from ghl_real_estate_ai.domain.ghl import QueueStats
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.queue_stats import queue_stats


async def ghl_queue_stats(database: Database) -> QueueStats | None:
    """The queues as stored; a database that does not answer leaves those gauges as they were."""
    try:
        async with database.session() as session:
            return await queue_stats(session)
    except Exception:  # /metrics must still answer: the database's own health says what is wrong
        return None
