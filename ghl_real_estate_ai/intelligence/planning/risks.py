"""Risks to the deal, each with a level and the reason a person can check."""

from __future__ import annotations

from datetime import datetime

from ghl_real_estate_ai.domain.actions import LeadReading, LeadSignals, Risk, RiskKind, RiskLevel
from ghl_real_estate_ai.domain.taxonomy import (
    DecisionStage,
    Intent,
    ObjectionType,
    Sentiment,
    UrgencyLevel,
)
from ghl_real_estate_ai.intelligence.planning.priority import hours_since_inbound

BUYING = (Intent.PROPERTY_SEARCH, Intent.INVESTMENT, Intent.FINANCING_INQUIRY)
MONEY_OBJECTIONS = (ObjectionType.AFFORDABILITY, ObjectionType.FINANCING_CONCERN, ObjectionType.PRICE_CONCERN)
SILENT_HOURS_MEDIUM = 48.0
SILENT_HOURS_HIGH = 24.0 * 7


def opportunity_loss(reading: LeadReading) -> Risk:
    level = reading.urgency_level
    if level is UrgencyLevel.CRITICAL:
        return Risk(
            kind=RiskKind.OPPORTUNITY_LOSS, level=RiskLevel.HIGH, reason="critical urgency: acts within days"
        )
    if level is UrgencyLevel.HIGH or reading.decision_stage is DecisionStage.READY_TO_TRANSACT:
        return Risk(
            kind=RiskKind.OPPORTUNITY_LOSS,
            level=RiskLevel.MEDIUM,
            reason="ready to move soon: a slow answer sends them elsewhere",
        )
    return Risk(kind=RiskKind.OPPORTUNITY_LOSS, level=RiskLevel.LOW, reason="no near-term deadline stated")


def disengagement(reading: LeadReading, signals: LeadSignals, now: datetime) -> Risk:
    kind = RiskKind.DISENGAGEMENT
    if reading.primary_intent is Intent.NOT_INTERESTED:
        return Risk(kind=kind, level=RiskLevel.HIGH, reason="said they are not interested")
    hours = hours_since_inbound(signals, now)
    if hours is not None and hours >= SILENT_HOURS_HIGH:
        return Risk(kind=kind, level=RiskLevel.HIGH, reason=f"silent for {hours / 24:.0f} days")
    if reading.sentiment is Sentiment.NEGATIVE:
        return Risk(kind=kind, level=RiskLevel.MEDIUM, reason="negative tone in the last message")
    if hours is not None and hours >= SILENT_HOURS_MEDIUM:
        return Risk(kind=kind, level=RiskLevel.MEDIUM, reason=f"silent for {hours:.0f} hours")
    if hours is None and signals.answered_channels.total == 0:
        return Risk(kind=kind, level=RiskLevel.MEDIUM, reason="has not replied on any channel yet")
    if hours is None:
        return Risk(kind=kind, level=RiskLevel.LOW, reason="has replied before; last message time not known")
    return Risk(kind=kind, level=RiskLevel.LOW, reason=f"last wrote {hours:.0f} hours ago")


def competing_agent(reading: LeadReading) -> Risk:
    kind = RiskKind.COMPETING_AGENT
    if reading.objection_type is ObjectionType.EXISTING_AGENT:
        return Risk(kind=kind, level=RiskLevel.HIGH, reason="mentioned working with another agent")
    if reading.decision_stage is not DecisionStage.EARLY_RESEARCH and reading.urgency_level.rank >= 2:
        return Risk(
            kind=kind,
            level=RiskLevel.MEDIUM,
            reason="active and in a hurry: likely talking to other agents too",
        )
    return Risk(kind=kind, level=RiskLevel.LOW, reason="no sign of another agent")


def financing(reading: LeadReading) -> Risk:
    kind = RiskKind.FINANCING
    preferences = reading.preferences
    if reading.objection_type in MONEY_OBJECTIONS:
        assert reading.objection_type is not None
        return Risk(
            kind=kind,
            level=RiskLevel.HIGH,
            reason=f"{reading.objection_type.value.replace('_', ' ')} raised",
        )
    # The reason repeats what the lead said about their money, so the agent can check it.
    if preferences.cash_buyer:
        return Risk(kind=kind, level=RiskLevel.LOW, reason="said they are paying cash")
    if preferences.preapproved:
        return Risk(kind=kind, level=RiskLevel.LOW, reason="said they are pre-approved")
    if preferences.needs_to_sell_first:
        return Risk(kind=kind, level=RiskLevel.MEDIUM, reason="said they need to sell before buying")
    if preferences.preapproved is False:
        return Risk(kind=kind, level=RiskLevel.MEDIUM, reason="said they are not pre-approved yet")
    if reading.primary_intent in BUYING:
        return Risk(kind=kind, level=RiskLevel.MEDIUM, reason="financing status not known yet")
    return Risk(kind=kind, level=RiskLevel.LOW, reason="not buying with financing")


def assess_risks(reading: LeadReading, signals: LeadSignals, now: datetime) -> list[Risk]:
    return [
        opportunity_loss(reading),
        disengagement(reading, signals, now),
        competing_agent(reading),
        financing(reading),
    ]


def has_budget_gap(reading: LeadReading) -> bool:
    """What they can pay and what they want are apart: an affordability or price objection."""
    return reading.objection_type in (ObjectionType.AFFORDABILITY, ObjectionType.PRICE_CONCERN)
