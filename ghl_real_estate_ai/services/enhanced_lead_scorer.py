"""The spec's `enhanced_lead_scorer.score_with_claude(contact_data=..., semantic_insights=...)`.

The score comes from the conversation's signals and, when the location has an active trained model whose
fields the contact carries, from that model too (`learning/scoring/combine.py` says how they blend). It is
computed locally and at once; nothing here waits on Claude.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.domain.lead_score import EnhancedLeadScore
from ghl_real_estate_ai.learning.scoring import (
    ScoringPolicy,
    combine_score,
    signal_factors,
)
from ghl_real_estate_ai.learning.scoring.model_reading import read_with_model
from ghl_real_estate_ai.learning.scoring.reading import Insights, contact_fields, signals_reading
from ghl_real_estate_ai.services.lead_model_service import ActiveModels, LeadModelService, LoadedModel


class EnhancedLeadScorer:
    def __init__(self, model: LoadedModel | None = None, policy: ScoringPolicy | None = None) -> None:
        self.model = model
        self.policy = policy or ScoringPolicy()

    @classmethod
    async def for_location(
        cls, session: AsyncSession, location_id: str, models: ActiveModels | None = None
    ) -> EnhancedLeadScorer:
        """A scorer with the location's active model, if it has one (from `models` when given: a
        long-lived caller such as the GHL worker keeps it loaded between messages)."""
        if models is not None:
            return cls(await models.get(session, location_id))
        return cls(await LeadModelService(session).active(location_id))

    async def score_with_claude(
        self, contact_data: Mapping[str, Any], semantic_insights: Insights = None
    ) -> EnhancedLeadScore:
        """Score 0-100, tier and signed top factors. Raises ValueError on unreadable insights."""
        return self.score(contact_data, semantic_insights)

    def score(self, contact_data: Mapping[str, Any], semantic_insights: Insights = None) -> EnhancedLeadScore:
        reading = signals_reading(contact_data, semantic_insights)
        signals = signal_factors(reading, self.policy)
        if self.model is None:
            return combine_score(
                signals, self.policy, model_note="no trained model for this location yet: signals only"
            )
        version = self.model.summary.version
        model = read_with_model(self.model.model, contact_fields(contact_data), self.policy.model_weight)
        if model is None:
            note = f"model v{version} not applied: the contact has none of the fields it learned from"
            return combine_score(signals, self.policy, model_note=note)
        return combine_score(
            signals,
            self.policy,
            model_probability=model.probability,
            model_version=version,
            model_factors=model.factors,
            model_note=f"model v{version} applied on {model.known_fields} known fields",
        )


# The spec calls a ready-made instance; it scores on signals (tenants' models come through `for_location`).
enhanced_lead_scorer = EnhancedLeadScorer()
