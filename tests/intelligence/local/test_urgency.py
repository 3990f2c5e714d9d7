"""Urgency buckets from the days until the move."""

from __future__ import annotations

from ghl_real_estate_ai.domain.taxonomy import UrgencyLevel
from ghl_real_estate_ai.intelligence.local.preferences.dates import DAYS_PER_MONTH
from ghl_real_estate_ai.intelligence.local.urgency import level_for_days


def test_next_month_is_high_not_critical() -> None:
    # The date readers put "next month" at exactly one of their months.
    assert level_for_days(DAYS_PER_MONTH) is UrgencyLevel.HIGH


def test_under_a_month_is_critical() -> None:
    assert level_for_days(DAYS_PER_MONTH - 1) is UrgencyLevel.CRITICAL
