"""The points each conversation signal is worth. These are business rules (how a team ranks leads before
it has outcomes of its own), not measurements; a trained model takes over part of the score when it exists."""

from __future__ import annotations

from dataclasses import dataclass, field

from ghl_real_estate_ai.domain.taxonomy import DecisionStage, Intent, Sentiment, Severity


@dataclass(frozen=True)
class ScoringPolicy:
    baseline: float = 50.0
    intent: dict[Intent, float] = field(
        default_factory=lambda: {
            Intent.PROPERTY_SEARCH: 8.0,
            Intent.SELL_PROPERTY: 8.0,
            Intent.INVESTMENT: 6.0,
            Intent.RENTAL_SEARCH: 4.0,
            Intent.FINANCING_INQUIRY: 4.0,
            Intent.HOME_VALUATION: 2.0,
            Intent.GENERAL_INQUIRY: -4.0,
            Intent.NOT_INTERESTED: -35.0,
        }
    )
    # Urgency 0..100 maps linearly onto -span..+span around 50.
    urgency_span: float = 12.0
    readiness: dict[DecisionStage, float] = field(
        default_factory=lambda: {
            DecisionStage.EARLY_RESEARCH: -6.0,
            DecisionStage.ACTIVELY_SEARCHING: 4.0,
            DecisionStage.READY_TO_TRANSACT: 10.0,
        }
    )
    preapproved: float = 10.0
    not_preapproved: float = -6.0
    cash_buyer: float = 12.0
    needs_to_sell_first: float = -4.0
    budget_stated: float = 5.0
    budget_missing: float = -5.0
    sentiment: dict[Sentiment, float] = field(
        default_factory=lambda: {Sentiment.POSITIVE: 4.0, Sentiment.NEUTRAL: 0.0, Sentiment.NEGATIVE: -6.0}
    )
    objection: dict[Severity | None, float] = field(
        default_factory=lambda: {Severity.LOW: -2.0, Severity.MEDIUM: -5.0, Severity.HIGH: -10.0, None: -4.0}
    )
    # Completeness 0..100 maps onto -span..+span around 50.
    completeness_span: float = 8.0
    # Share of the score given to the location's trained model when it applies.
    model_weight: float = 0.6
    hot_at: int = 70
    warm_at: int = 40
