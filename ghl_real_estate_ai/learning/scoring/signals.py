"""Conversation signals to signed points: intent, urgency, readiness, financing, budget, engagement,
objections and qualification completeness. Each factor says what it read."""

from __future__ import annotations

from dataclasses import dataclass

from ghl_real_estate_ai.domain.lead_score import ScoreFactor
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.taxonomy import DecisionStage, Intent, ObjectionType, Sentiment, Severity
from ghl_real_estate_ai.learning.scoring.policy import ScoringPolicy


@dataclass(frozen=True)
class LeadSignalsReading:
    """What the conversation (and the contact's stored facts) say about the lead."""

    intent: Intent
    urgency_score: int
    decision_stage: DecisionStage
    sentiment: Sentiment
    objection_type: ObjectionType | None
    objection_severity: Severity | None
    preferences: Preferences
    qualification_completeness: float


def signal_factors(reading: LeadSignalsReading, policy: ScoringPolicy) -> list[ScoreFactor]:
    """Every signal's factor (zero-point ones included, so the reasons are complete)."""
    return [
        _intent(reading, policy),
        _urgency(reading, policy),
        ScoreFactor(
            name="readiness",
            contribution=policy.readiness[reading.decision_stage],
            reason=f"decision stage {reading.decision_stage.value}",
        ),
        _financing(reading.preferences, policy),
        _budget(reading.preferences, policy),
        ScoreFactor(
            name="engagement",
            contribution=policy.sentiment[reading.sentiment],
            reason=f"{reading.sentiment.value} sentiment",
        ),
        _objection(reading, policy),
        ScoreFactor(
            name="qualification",
            contribution=round((reading.qualification_completeness - 50) / 50 * policy.completeness_span, 1),
            reason=f"qualification {reading.qualification_completeness:.0f}% complete",
        ),
    ]


def _intent(reading: LeadSignalsReading, policy: ScoringPolicy) -> ScoreFactor:
    return ScoreFactor(
        name="intent", contribution=policy.intent[reading.intent], reason=f"intent {reading.intent.value}"
    )


def _urgency(reading: LeadSignalsReading, policy: ScoringPolicy) -> ScoreFactor:
    points = (reading.urgency_score - 50) / 50 * policy.urgency_span
    return ScoreFactor(
        name="urgency", contribution=round(points, 1), reason=f"urgency {reading.urgency_score}/100"
    )


def _financing(preferences: Preferences, policy: ScoringPolicy) -> ScoreFactor:
    if preferences.cash_buyer:
        return ScoreFactor(name="financing", contribution=policy.cash_buyer, reason="cash buyer")
    points, said = 0.0, "financing not discussed yet"
    if preferences.preapproved is True:
        points, said = policy.preapproved, "pre-approved for a mortgage"
    elif preferences.preapproved is False:
        points, said = policy.not_preapproved, "not pre-approved yet"
    if preferences.needs_to_sell_first:
        points += policy.needs_to_sell_first
        said += "; needs to sell first"
    return ScoreFactor(name="financing", contribution=points, reason=said)


def _budget(preferences: Preferences, policy: ScoringPolicy) -> ScoreFactor:
    top = preferences.budget_max or preferences.budget_min
    if top is None:
        return ScoreFactor(name="budget", contribution=policy.budget_missing, reason="no budget stated")
    period = f"/{preferences.budget_period.value}" if preferences.budget_period else ""
    return ScoreFactor(
        name="budget", contribution=policy.budget_stated, reason=f"budget ${top:,}{period} stated"
    )


def _objection(reading: LeadSignalsReading, policy: ScoringPolicy) -> ScoreFactor:
    if reading.objection_type is None:
        return ScoreFactor(name="objections", contribution=0.0, reason="no objection raised")
    severity = reading.objection_severity
    label = f"{severity.value} " if severity else ""
    return ScoreFactor(
        name="objections",
        contribution=policy.objection[severity],
        reason=f"{label}{reading.objection_type.value} objection",
    )
