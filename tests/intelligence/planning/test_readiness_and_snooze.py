"""Issue 12: stated readiness raises the tier, the financing risk says what the lead said, snooze delays."""

from __future__ import annotations

from datetime import date, timedelta

from ghl_real_estate_ai.domain.actions import LeadSignals, PriorityTier, RiskKind
from ghl_real_estate_ai.domain.conversation import AnalysisRequest
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.taxonomy import DecisionStage, UrgencyLevel
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.intelligence.planning import plan_actions, reading_from_analysis
from ghl_real_estate_ai.intelligence.planning.snooze import snoozed_start
from tests.intelligence.planning.conftest import WINTER_AFTERNOON_UTC, reading

NOW = WINTER_AFTERNOON_UTC
SILENT = LeadSignals(timezone="America/Chicago")


class TestExplicitReadiness:
    def test_the_hot_lead_from_the_issue_is_critical_and_the_plan_says_why(
        self, local_engine: LocalEngine
    ) -> None:
        analysis = local_engine.analyze_now(
            AnalysisRequest(
                message="Preapproved for 500k, close within 30 days, show us homes tomorrow",
                reference_date=date(2026, 1, 14),
            )
        )
        plan = plan_actions("lead-1", reading_from_analysis(analysis), SILENT, now=NOW)
        assert plan.priority_tier is PriorityTier.CRITICAL
        assert "pre-approved" in plan.immediate_actions[0].description
        financing = next(risk for risk in plan.risks if risk.kind is RiskKind.FINANCING)
        assert financing.reason == "said they are pre-approved"

    def test_a_pre_approval_alone_makes_a_quiet_lead_high(self) -> None:
        lead = reading(urgency=UrgencyLevel.LOW, urgency_score=10, preferences=Preferences(preapproved=True))
        plan = plan_actions("lead-2", lead, SILENT, now=NOW)
        assert plan.priority_tier is PriorityTier.HIGH
        assert plan.immediate_actions[0].reason == "high_priority"

    def test_cash_and_a_date_within_a_month_make_a_lead_critical(self) -> None:
        lead = reading(
            urgency=UrgencyLevel.CRITICAL, urgency_score=95, preferences=Preferences(cash_buyer=True)
        )
        assert plan_actions("lead-3", lead, SILENT, now=NOW).priority_tier is PriorityTier.CRITICAL

    def test_the_score_stays_the_sum_of_its_factors(self) -> None:
        lead = reading(urgency=UrgencyLevel.LOW, urgency_score=10, preferences=Preferences(preapproved=True))
        plan = plan_actions("lead-4", lead, SILENT, now=NOW)
        assert plan.priority_score == round(sum(f.contribution for f in plan.priority_factors), 1)

    def test_a_lead_who_stated_nothing_keeps_the_tier_of_the_score(self) -> None:
        lead = reading(urgency=UrgencyLevel.LOW, urgency_score=10, stage=DecisionStage.EARLY_RESEARCH)
        assert plan_actions("lead-5", lead, SILENT, now=NOW).priority_tier is PriorityTier.LOW


class TestFinancingRiskReadsWhatTheLeadSaid:
    def test_a_lead_who_must_sell_first_is_told_back_as_such(self) -> None:
        lead = reading(preferences=Preferences(needs_to_sell_first=True))
        risk = next(r for r in plan_actions("l", lead, SILENT, now=NOW).risks if r.kind is RiskKind.FINANCING)
        assert risk.reason == "said they need to sell before buying"


class TestSnoozeOnlyDelays:
    def test_minutes_are_added_to_a_later_start_not_to_now(self) -> None:
        day_two = NOW + timedelta(days=2)
        assert snoozed_start(NOW, day_two, until=None, minutes=120) == day_two + timedelta(minutes=120)

    def test_minutes_count_from_now_for_an_action_already_due(self) -> None:
        earlier = NOW - timedelta(hours=3)
        assert snoozed_start(NOW, earlier, until=None, minutes=120) == NOW + timedelta(minutes=120)

    def test_until_a_moment_before_the_start_keeps_the_start(self) -> None:
        day_two = NOW + timedelta(days=2)
        assert snoozed_start(NOW, day_two, until=NOW + timedelta(hours=1), minutes=None) == day_two
