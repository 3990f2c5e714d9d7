"""The priority score: five factors, each a reading (0..1) times its weight; the points sum to the score."""

from __future__ import annotations

from datetime import datetime

from ghl_real_estate_ai.domain.actions import (
    LeadReading,
    LeadSignals,
    PriorityFactor,
    PriorityTier,
)
from ghl_real_estate_ai.domain.taxonomy import DecisionStage, Intent, Severity
from ghl_real_estate_ai.intelligence.coaching.questions import QuestionPlanner, known_questions
from ghl_real_estate_ai.intelligence.planning.policy import PlannerPolicy, TierThresholds

# How much business a lead of each intent can bring an agent (policy, not measured).
INTENT_VALUE: dict[Intent, float] = {
    Intent.SELL_PROPERTY: 1.0,
    Intent.PROPERTY_SEARCH: 0.9,
    Intent.INVESTMENT: 0.9,
    Intent.HOME_VALUATION: 0.7,
    Intent.FINANCING_INQUIRY: 0.6,
    Intent.RENTAL_SEARCH: 0.5,
    Intent.GENERAL_INQUIRY: 0.3,
    Intent.NOT_INTERESTED: 0.0,
}
STAGE_VALUE: dict[DecisionStage, float] = {
    DecisionStage.READY_TO_TRANSACT: 1.0,
    DecisionStage.ACTIVELY_SEARCHING: 0.7,
    DecisionStage.EARLY_RESEARCH: 0.4,
}
# An open objection needs the agent soon: the stronger it is, the sooner.
OBJECTION_PRESSURE: dict[Severity, float] = {Severity.HIGH: 1.0, Severity.MEDIUM: 0.6, Severity.LOW: 0.3}
HOURS_FOR_HALF_RECENCY = 24.0
REPLIES_FOR_FULL_RESPONSIVENESS = 5


def completeness(reading: LeadReading, signals: LeadSignals) -> float:
    """Qualification completeness 0..100: the caller's figure, else what the conversation answered."""
    if signals.qualification_completeness is not None:
        return signals.qualification_completeness
    answered = known_questions(
        reading.preferences,
        motivation_known=False,
        timeline_known=reading.preferences.timeline_months is not None,
    )
    return QuestionPlanner().completeness(answered) * 100


def hours_since_inbound(signals: LeadSignals, now: datetime) -> float | None:
    if signals.last_inbound_at is None:
        return None
    return max((now - signals.last_inbound_at).total_seconds() / 3600, 0.0)


def _factor(name: str, value: float, weight: float, explanation: str) -> PriorityFactor:
    value = min(max(value, 0.0), 1.0)
    return PriorityFactor(
        name=name,
        value=round(value, 3),
        weight=weight,
        contribution=round(weight * value, 1),
        explanation=explanation,
    )


def _engagement(signals: LeadSignals, now: datetime, weight: float) -> PriorityFactor:
    hours = hours_since_inbound(signals, now)
    recency = 0.0 if hours is None else HOURS_FOR_HALF_RECENCY / (HOURS_FOR_HALF_RECENCY + hours)
    replies = signals.answered_channels.total
    responsiveness = min(replies, REPLIES_FOR_FULL_RESPONSIVENESS) / REPLIES_FOR_FULL_RESPONSIVENESS
    when = "no inbound message on record" if hours is None else f"last wrote {hours:.1f} h ago"
    return _factor(
        "engagement",
        0.6 * recency + 0.4 * responsiveness,
        weight,
        f"{when}; {replies} replies across channels",
    )


def priority_factors(
    reading: LeadReading, signals: LeadSignals, now: datetime, policy: PlannerPolicy
) -> list[PriorityFactor]:
    weights = policy.weights
    intent_value = INTENT_VALUE[reading.primary_intent] * (0.6 + 0.4 * STAGE_VALUE[reading.decision_stage])
    complete = completeness(reading, signals)
    pressure = (
        OBJECTION_PRESSURE[reading.objection_severity or Severity.MEDIUM] if reading.objection_type else 0.0
    )
    return [
        _factor(
            "urgency",
            reading.urgency_score / 100,
            weights.urgency,
            f"urgency {reading.urgency_level.value} ({reading.urgency_score}/100)",
        ),
        _factor(
            "intent",
            intent_value,
            weights.intent,
            f"{reading.primary_intent.value}, {reading.decision_stage.value.replace('_', ' ')}",
        ),
        _factor(
            "qualification_completeness",
            complete / 100,
            weights.qualification,
            f"{complete:.0f}% of qualification answered",
        ),
        _engagement(signals, now, weights.engagement),
        _factor(
            "objection",
            pressure,
            weights.objection,
            f"open {reading.objection_type.value} objection to answer" if reading.objection_type else "none",
        ),
    ]


def score(factors: list[PriorityFactor]) -> float:
    """The sum of the rounded contributions, so the breakdown adds up exactly to what is shown."""
    return round(sum(factor.contribution for factor in factors), 1)


def tier(value: float, thresholds: TierThresholds) -> PriorityTier:
    if value >= thresholds.critical:
        return PriorityTier.CRITICAL
    if value >= thresholds.high:
        return PriorityTier.HIGH
    if value >= thresholds.medium:
        return PriorityTier.MEDIUM
    return PriorityTier.LOW
