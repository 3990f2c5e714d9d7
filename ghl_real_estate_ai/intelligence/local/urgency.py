"""Urgency from the timeline when the prospect gave one, else from the classifier."""

from __future__ import annotations

from ghl_real_estate_ai.domain.taxonomy import UrgencyLevel

# The date readers' month: "next month" is exactly one of them, so it must land in the 1-3 month bucket
# (a rounder 30.44 put "we move next month" a hair under a month, read critical).
from ghl_real_estate_ai.intelligence.local.preferences.dates import DAYS_PER_MONTH

# Taxonomy buckets: under a month critical, 1-3 months high, 3-6 months medium, beyond that low.
BUCKETS = ((1, UrgencyLevel.CRITICAL), (3, UrgencyLevel.HIGH), (6, UrgencyLevel.MEDIUM))
LEVEL_SCORES = {
    UrgencyLevel.LOW: 15,
    UrgencyLevel.MEDIUM: 45,
    UrgencyLevel.HIGH: 72,
    UrgencyLevel.CRITICAL: 95,
}


def level_for_days(days: float) -> UrgencyLevel:
    months = days / DAYS_PER_MONTH
    for limit, level in BUCKETS:
        if months < limit:
            return level
    return UrgencyLevel.LOW


def score_for_days(days: float) -> int:
    """0-100, falling smoothly with distance so that two 'high' leads still sort by date."""
    months = days / DAYS_PER_MONTH
    return max(0, min(100, round(100 - 14 * months))) if months < 6 else max(5, round(20 - months))


def score_for_distribution(probabilities: dict[UrgencyLevel, float]) -> int:
    return round(sum(LEVEL_SCORES[level] * p for level, p in probabilities.items()))
