"""Suggested replies and plays in the order this location's agents have found useful.

For the coaching composer and the dashboard's feedback API: `shown` when a play is displayed, `used` when
an agent sends or copies it; `order` returns the plays ranked for one objection type, with reasons.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Literal

from ghl_real_estate_ai.learning.bandit import RankedPlay, order_plays, play_id
from ghl_real_estate_ai.storage.play_feedback_repository import FeedbackStats


class PlayRankingService:
    def __init__(self, stats: FeedbackStats, rng: random.Random | None = None) -> None:
        self.stats = stats
        self.rng = rng or random.Random()

    async def shown(self, location_id: str, context: str, plays: Sequence[str]) -> None:
        for text in plays:
            await self.stats.record(location_id, context, play_id(text), shown=1, used=0)

    async def used(self, location_id: str, context: str, play: str) -> None:
        await self.stats.record(location_id, context, play_id(play), shown=0, used=1)

    async def order(
        self, location_id: str, context: str, plays: Sequence[str], mode: Literal["mean", "thompson"] = "mean"
    ) -> list[RankedPlay]:
        return order_plays(plays, await self.stats.counts(location_id, context), mode, self.rng)
