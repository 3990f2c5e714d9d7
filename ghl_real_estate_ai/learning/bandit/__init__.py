"""Which suggested replies and plays come first, learned from what agents use, per location."""

from ghl_real_estate_ai.learning.bandit.ordering import (
    LocationCounts,
    PlayCounts,
    PlayOrder,
    RankedPlay,
    order_plays,
    play_id,
)

__all__ = ["LocationCounts", "PlayCounts", "PlayOrder", "RankedPlay", "order_plays", "play_id"]
