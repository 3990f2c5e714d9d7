from __future__ import annotations

from datetime import UTC, datetime

from ghl_real_estate_ai.domain.actions import LeadReading
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.taxonomy import (
    DecisionStage,
    Intent,
    ObjectionType,
    Severity,
    UrgencyLevel,
)

# 15:00 UTC: 07:00 in Los Angeles (PST), midnight in Tokyo, 10:00 in New York.
WINTER_AFTERNOON_UTC = datetime(2026, 1, 14, 15, 0, tzinfo=UTC)


def reading(
    *,
    intent: Intent = Intent.PROPERTY_SEARCH,
    urgency: UrgencyLevel = UrgencyLevel.MEDIUM,
    urgency_score: int = 50,
    stage: DecisionStage = DecisionStage.ACTIVELY_SEARCHING,
    objection: ObjectionType | None = None,
    severity: Severity | None = None,
    preferences: Preferences | None = None,
) -> LeadReading:
    return LeadReading(
        primary_intent=intent,
        intent_confidence=0.9,
        urgency_level=urgency,
        urgency_score=urgency_score,
        decision_stage=stage,
        objection_type=objection,
        objection_severity=severity,
        preferences=preferences or Preferences(),
        confidence=0.8,
    )


def critical_reading() -> LeadReading:
    return reading(
        intent=Intent.SELL_PROPERTY,
        urgency=UrgencyLevel.CRITICAL,
        urgency_score=95,
        stage=DecisionStage.READY_TO_TRANSACT,
    )
