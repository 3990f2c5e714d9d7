"""Suggested replies and plays in the order this location's agents have found useful.

The evidence is the dashboard's feedback (`coaching_feedback`, through `FeedbackStats`): per objection
type, each suggestion's verdicts give a Beta posterior of its use rate (learning/bandit). The coaching
and objection answers are ordered by it before they are stored, so a verdict's `item_index` names the
item the agent saw; the answer's `suggestion_order` says why.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Literal

from ghl_real_estate_ai.domain.coaching import (
    CoachingResponse,
    ObjectionResponse,
    SuggestionOrder,
    SuggestionRank,
)
from ghl_real_estate_ai.learning.bandit import PlayOrder, RankedPlay, order_plays
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.storage.feedback_stats import NO_OBJECTION, CoachingFeedbackStats, FeedbackStats

BASIS = (
    "Ordered by how often this location's agents used each suggestion for this objection type "
    "(a verdict is one trial; a prior of 1.2 uses in 4 keeps a few clicks from reordering the "
    "playbook); ties keep the playbook's order."
)


class PlayRankingService:
    def __init__(self, stats: FeedbackStats, rng: random.Random | None = None) -> None:
        self.stats = stats
        self.rng = rng or random.Random()

    async def snapshot(self, location_id: str) -> PlayOrder:
        return PlayOrder(await self.stats.location_counts(location_id))

    async def order(
        self, location_id: str, context: str, plays: Sequence[str], mode: Literal["mean", "thompson"] = "mean"
    ) -> list[RankedPlay]:
        counts = (await self.stats.location_counts(location_id)).get(context, {})
        return order_plays(plays, counts, mode, self.rng)


async def feedback_play_order(scope: TenantScope) -> PlayOrder:
    """The scope's location's play order, read from its agents' feedback in the request's session."""
    return await PlayRankingService(CoachingFeedbackStats(scope.session)).snapshot(scope.location_id)


def _context(objection_detected: bool, objection: str | None) -> str:
    return objection if objection_detected and objection else NO_OBJECTION


def _ordered(order: PlayOrder, context: str, plays: list[str]) -> tuple[list[str], SuggestionOrder]:
    ranked = order.ranked(context, plays)
    ranking = [
        SuggestionRank(
            text=p.text, use_rate=p.use_rate, rated=p.shown, used=p.used, explanation=p.explanation
        )
        for p in ranked
    ]
    return [p.text for p in ranked], SuggestionOrder(context=context, basis=BASIS, ranking=ranking)


def arrange_coaching(order: PlayOrder, response: CoachingResponse) -> CoachingResponse:
    objection = response.objection_type.value if response.objection_type else None
    context = _context(response.objection_detected, objection)
    suggestions, why = _ordered(order, context, response.suggestions)
    return response.model_copy(update={"suggestions": suggestions, "suggestion_order": why})


def arrange_objection(order: PlayOrder, response: ObjectionResponse) -> ObjectionResponse:
    objection = response.objection_type.value if response.objection_type else None
    context = _context(response.objection_detected, objection)
    suggestions, why = _ordered(order, context, response.response_suggestions)
    return response.model_copy(update={"response_suggestions": suggestions, "suggestion_order": why})
