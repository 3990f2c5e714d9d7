"""Explicit readiness: what a lead said that makes them worth a call now, whatever the score adds up to.

A pre-approval or cash, a stated date within 30 days, or a lead ready to transact (asking to see homes,
to make an offer) are statements, not probabilities: one of them makes a buying or selling lead at least
`high`, money and timing together make it `critical`. The score stays what its factors add up to; the tier is
raised and the plan says why.
"""

from __future__ import annotations

from dataclasses import dataclass

from ghl_real_estate_ai.domain.actions import LeadReading, PriorityTier
from ghl_real_estate_ai.domain.taxonomy import DecisionStage, Intent, UrgencyLevel

TRANSACTING = (Intent.PROPERTY_SEARCH, Intent.INVESTMENT, Intent.SELL_PROPERTY, Intent.FINANCING_INQUIRY)
WITHIN_A_MONTH = 1
_RANK = [PriorityTier.LOW, PriorityTier.MEDIUM, PriorityTier.HIGH, PriorityTier.CRITICAL]


@dataclass(frozen=True)
class Readiness:
    money: list[str]
    timing: list[str]

    @property
    def reasons(self) -> list[str]:
        return [*self.money, *self.timing]

    @property
    def floor(self) -> PriorityTier | None:
        """The lowest tier these statements allow, or None when the lead stated none."""
        if self.money and self.timing:
            return PriorityTier.CRITICAL
        if self.money or self.timing:
            return PriorityTier.HIGH
        return None


def readiness(reading: LeadReading) -> Readiness:
    if reading.primary_intent not in TRANSACTING:
        return Readiness([], [])
    preferences = reading.preferences
    money = []
    if preferences.preapproved:
        money.append("pre-approved")
    if preferences.cash_buyer:
        money.append("paying cash")
    timing = []
    months = preferences.timeline_months
    # A stated date within a month; critical urgency alone ("Call me today") is no date, unless the lead
    # also said how they pay (then "need to move in 2 weeks", whose timeline is under a month, counts).
    critical_and_funded = reading.urgency_level is UrgencyLevel.CRITICAL and bool(money)
    if (months is not None and months <= WITHIN_A_MONTH) or critical_and_funded:
        timing.append("wants to move within 30 days")
    if reading.decision_stage is DecisionStage.READY_TO_TRANSACT:
        timing.append("ready to transact")
    return Readiness(money, timing)


def raised(level: PriorityTier, floor: PriorityTier | None) -> PriorityTier:
    """`level`, or `floor` when that is higher."""
    if floor is None:
        return level
    return max(level, floor, key=_RANK.index)


__all__ = ["Readiness", "raised", "readiness"]
