"""`FeedbackStats` over the dashboard's feedback table: how often agents used each play, per objection type.

One verdict is one trial of the play it names: `used` and `edited` are successes, `dismissed` a failure.
The text is encrypted at rest, so plays are grouped in Python after reading (by `play_id` of the text),
over the location's most recent verdicts only: old habits fade and the read stays bounded.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.domain.feedback import FeedbackAction, FeedbackItem
from ghl_real_estate_ai.learning.bandit import LocationCounts, PlayCounts, play_id
from ghl_real_estate_ai.storage.feedback_tables import FeedbackRecord

# The context of coaching without an objection (its suggestions are the intent's plays).
NO_OBJECTION = "none"
RECENT_VERDICTS = 5_000
PLAY_ITEMS = (FeedbackItem.REPLY.value, FeedbackItem.SUGGESTION.value)


class FeedbackStats(Protocol):
    """What play ordering needs from feedback storage."""

    async def location_counts(self, location_id: str) -> LocationCounts: ...


class CoachingFeedbackStats:
    def __init__(self, session: AsyncSession, recent: int = RECENT_VERDICTS) -> None:
        self.session = session
        self.recent = recent

    async def location_counts(self, location_id: str) -> LocationCounts:
        query = (
            select(FeedbackRecord.objection_type, FeedbackRecord.item_text, FeedbackRecord.action)
            .where(FeedbackRecord.location_id == location_id, FeedbackRecord.item.in_(PLAY_ITEMS))
            .order_by(FeedbackRecord.created_at.desc())  # ix_coaching_feedback_created
            .limit(self.recent)
        )
        tallies: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        for objection_type, text, action in (await self.session.execute(query)).all():
            tally = tallies[objection_type or NO_OBJECTION][play_id(text)]
            tally[0] += 1
            tally[1] += int(FeedbackAction(action).counts_as_use)
        return {
            context: {play: PlayCounts(shown=n, used=u) for play, (n, u) in plays.items()}
            for context, plays in tallies.items()
        }
