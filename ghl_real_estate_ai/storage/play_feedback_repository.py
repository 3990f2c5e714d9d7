"""`FeedbackStats` on the database: counts kept with one atomic upsert per event."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.learning.bandit import PlayCounts
from ghl_real_estate_ai.storage.models import utcnow
from ghl_real_estate_ai.storage.play_feedback_tables import PlayFeedbackRecord
from ghl_real_estate_ai.storage.upsert import dialect_insert


class FeedbackStats(Protocol):
    """What the ordering needs from feedback storage (the dashboard's feedback API writes through it)."""

    async def record(
        self, location_id: str, context: str, play_id: str, *, shown: int, used: int
    ) -> None: ...

    async def counts(self, location_id: str, context: str) -> dict[str, PlayCounts]: ...


class SqlFeedbackStats:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(self, location_id: str, context: str, play_id: str, *, shown: int, used: int) -> None:
        """Add to the counts; concurrent events for the same play add up (no read-modify-write)."""
        if shown < 0 or used < 0:
            raise ValueError("counts only grow")
        insert = dialect_insert(self.session)(PlayFeedbackRecord).values(
            location_id=location_id,
            context=context,
            play_id=play_id,
            shown=shown,
            used=used,
            updated_at=utcnow(),
        )
        table = PlayFeedbackRecord.__table__
        await self.session.execute(
            insert.on_conflict_do_update(
                index_elements=["location_id", "context", "play_id"],
                set_={
                    "shown": table.c.shown + insert.excluded.shown,
                    "used": table.c.used + insert.excluded.used,
                    "updated_at": insert.excluded.updated_at,
                },
            )
        )

    async def counts(self, location_id: str, context: str) -> dict[str, PlayCounts]:
        rows = await self.session.execute(
            select(PlayFeedbackRecord.play_id, PlayFeedbackRecord.shown, PlayFeedbackRecord.used).where(
                PlayFeedbackRecord.location_id == location_id, PlayFeedbackRecord.context == context
            )
        )
        return {play: PlayCounts(shown=shown, used=used) for play, shown, used in rows}
