from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from ghl_real_estate_ai.domain.actions import (
    ActionPlan,
    Channel,
    ChannelReplies,
    LeadReading,
    LeadSignals,
    PlannedAction,
    PriorityTier,
    QualificationStage,
    RiskKind,
    RiskLevel,
)
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.taxonomy import Intent, ObjectionType, Severity, UrgencyLevel
from ghl_real_estate_ai.intelligence.planning import PlannerPolicy, plan_actions
from tests.intelligence.planning.conftest import WINTER_AFTERNOON_UTC, critical_reading, reading


def every_action(plan: ActionPlan) -> list[PlannedAction]:
    return [*plan.immediate_actions, *(step.action for step in plan.follow_up_schedule)]


def local_time(moment: datetime, zone: str) -> time:
    return moment.astimezone(ZoneInfo(zone)).time()


def high_reading() -> LeadReading:
    return reading(urgency=UrgencyLevel.HIGH, urgency_score=75)


def engaged(now: datetime, zone: str = "America/New_York", **extra: object) -> LeadSignals:
    return LeadSignals.model_validate(
        {
            "timezone": zone,
            "last_inbound_at": now,
            "answered_channels": ChannelReplies(sms=1, call=1),
            "qualification_completeness": 50,
            **extra,
        }
    )


class TestQuietHoursInTheLeadsTimeZone:
    @pytest.mark.parametrize(
        ("zone", "now"),
        [
            # 23:30 in Los Angeles is 07:30 UTC: a morning for the server, the middle of the night there.
            ("America/Los_Angeles", datetime(2026, 1, 15, 7, 30, tzinfo=UTC)),
            # 23:30 in Tokyo is 14:30 UTC.
            ("Asia/Tokyo", datetime(2026, 1, 15, 14, 30, tzinfo=UTC)),
        ],
    )
    def test_a_lead_writing_at_half_past_eleven_their_time_gets_no_text_or_call_before_eight(
        self, zone: str, now: datetime
    ) -> None:
        assert local_time(now, zone) == time(23, 30)
        plan = plan_actions("lead-1", critical_reading(), engaged(now, zone), now=now)
        timed = [a for a in every_action(plan) if a.channel in (Channel.SMS, Channel.CALL)]
        assert timed
        for action in timed:
            assert time(8) <= local_time(action.not_before, zone) < time(21), action
            assert action.not_before >= now
            assert action.due_at > action.not_before
        call = plan.immediate_actions[0]
        next_morning = datetime(
            2026, 1, 15 if zone == "America/Los_Angeles" else 16, 8, tzinfo=ZoneInfo(zone)
        )
        assert call.channel is Channel.CALL
        assert call.not_before == next_morning
        assert call.due_at == next_morning + timedelta(hours=1)

    def test_an_email_may_wait_in_the_inbox_overnight(self) -> None:
        now = datetime(2026, 1, 15, 7, 30, tzinfo=UTC)
        signals = LeadSignals(timezone="America/Los_Angeles")
        low = reading(intent=Intent.GENERAL_INQUIRY, urgency=UrgencyLevel.LOW, urgency_score=10)
        email = plan_actions("lead-1", low, signals, now=now).immediate_actions[0]
        assert email.channel is Channel.EMAIL
        assert email.not_before == now

    def test_a_deadline_that_runs_into_quiet_hours_ends_when_the_window_closes(self) -> None:
        zone = "America/New_York"
        now = datetime(2026, 1, 14, 20, 30, tzinfo=ZoneInfo(zone))
        call = plan_actions("lead-1", critical_reading(), engaged(now, zone), now=now).immediate_actions[0]
        assert call.not_before == now
        assert call.due_at == datetime(2026, 1, 14, 21, 0, tzinfo=ZoneInfo(zone))

    def test_follow_ups_keep_to_the_contact_window_across_a_daylight_saving_change(self) -> None:
        zone = "America/New_York"
        now = datetime(2026, 3, 6, 12, 0, tzinfo=ZoneInfo(zone))  # DST starts on 8 March 2026
        signals = LeadSignals(timezone=zone, qualification_stage=QualificationStage.NEW)
        plan = plan_actions("lead-1", reading(), signals, now=now)
        for step in plan.follow_up_schedule:
            assert local_time(step.action.not_before, zone) == time(10)


class TestLeadsThatMustNotBeContacted:
    @pytest.mark.parametrize("flag", ["opted_out", "do_not_disturb"])
    def test_no_outreach_only_a_review_task_for_the_agent(self, flag: str) -> None:
        now = WINTER_AFTERNOON_UTC
        plan = plan_actions("lead-1", critical_reading(), engaged(now, **{flag: True}), now=now)
        assert plan.outreach_allowed is False
        assert plan.follow_up_schedule == []
        assert [a.channel for a in plan.immediate_actions] == [Channel.TASK]
        assert plan.immediate_actions[0].reason == f"review_{flag}"
        assert not any(action.channel.reaches_the_lead for action in every_action(plan))

    def test_a_lead_who_said_no_gets_a_review_not_a_sequence(self) -> None:
        now = WINTER_AFTERNOON_UTC
        no = reading(intent=Intent.NOT_INTERESTED, urgency=UrgencyLevel.LOW, urgency_score=5)
        plan = plan_actions("lead-1", no, engaged(now), now=now)
        assert [a.reason for a in every_action(plan)] == ["review_not_interested"]


class TestImmediateActions:
    def test_a_critical_lead_gets_a_call_within_one_hour(self) -> None:
        now = WINTER_AFTERNOON_UTC  # 10:00 in New York
        plan = plan_actions("lead-1", critical_reading(), engaged(now), now=now)
        assert plan.priority_tier is PriorityTier.CRITICAL
        call = plan.immediate_actions[0]
        assert (call.channel, call.reason) == (Channel.CALL, "critical_priority")
        assert call.not_before == now and call.due_at - now <= timedelta(hours=1)

    def test_a_high_priority_lead_gets_a_text_within_four_hours(self) -> None:
        now = WINTER_AFTERNOON_UTC
        plan = plan_actions("lead-1", high_reading(), engaged(now), now=now)
        assert plan.priority_tier is PriorityTier.HIGH
        text = plan.immediate_actions[0]
        assert (text.channel, text.reason) == (Channel.SMS, "high_priority")
        assert text.due_at - now <= timedelta(hours=4)

    def test_a_budget_gap_gets_a_text_within_eight_hours(self) -> None:
        now = WINTER_AFTERNOON_UTC
        gap = reading(objection=ObjectionType.AFFORDABILITY, severity=Severity.MEDIUM)
        plan = plan_actions("lead-1", gap, engaged(now), now=now)
        budget = next(a for a in plan.immediate_actions if a.reason == "budget_gap")
        assert budget.channel is Channel.SMS
        assert budget.due_at - now <= timedelta(hours=8)

    def test_a_lead_who_only_answers_email_is_emailed_instead_of_texted(self) -> None:
        now = WINTER_AFTERNOON_UTC
        signals = engaged(now, answered_channels=ChannelReplies(email=4))
        plan = plan_actions("lead-1", high_reading(), signals, now=now)
        assert plan.immediate_actions[0].channel is Channel.EMAIL
        assert {step.action.channel for step in plan.follow_up_schedule} == {Channel.EMAIL}

    def test_a_rule_asking_for_an_unanswered_channel_uses_the_most_answered_one(self) -> None:
        now = WINTER_AFTERNOON_UTC
        policy = PlannerPolicy(high=PlannerPolicy().high.model_copy(update={"channel": Channel.EMAIL}))
        signals = engaged(now, answered_channels=ChannelReplies(sms=3, call=1))
        plan = plan_actions("lead-1", high_reading(), signals, now=now, policy=policy)
        assert plan.immediate_actions[0].channel is Channel.SMS

    def test_a_lead_with_no_reply_history_gets_less_confident_actions(self) -> None:
        now = WINTER_AFTERNOON_UTC
        answered = plan_actions("lead-1", high_reading(), engaged(now), now=now)
        unknown = engaged(now, answered_channels=ChannelReplies())
        silent = plan_actions("lead-1", high_reading(), unknown, now=now)
        assert answered.immediate_actions[0].confidence == pytest.approx(0.8)
        assert silent.immediate_actions[0].confidence < answered.immediate_actions[0].confidence

    def test_every_plan_has_an_immediate_action_for_the_ghl_next_action_field(self) -> None:
        now = WINTER_AFTERNOON_UTC
        low = reading(intent=Intent.GENERAL_INQUIRY, urgency=UrgencyLevel.LOW, urgency_score=10)
        plan = plan_actions("lead-1", low, LeadSignals(), now=now)
        assert plan["immediate_actions"][0]["description"]


class TestFollowUpSequences:
    def schedule(self, stage: QualificationStage, **extra: object) -> list[tuple[int, Channel]]:
        now = WINTER_AFTERNOON_UTC
        signals = engaged(now, qualification_stage=stage, **extra)
        plan = plan_actions("lead-1", reading(), signals, now=now)
        return [(step.day, step.action.channel) for step in plan.follow_up_schedule]

    def test_qualified_warm_and_new_leads_follow_different_sequences(self) -> None:
        qualified = self.schedule(QualificationStage.QUALIFIED)
        warm = self.schedule(QualificationStage.WARM)
        new = self.schedule(QualificationStage.NEW)
        assert len({tuple(qualified), tuple(warm), tuple(new)}) == 3
        assert qualified[-1][0] < warm[-1][0] < new[-1][0]

    def test_an_urgent_lead_is_followed_up_sooner(self) -> None:
        now = WINTER_AFTERNOON_UTC
        calm = plan_actions("lead-1", reading(), engaged(now), now=now)
        urgent = plan_actions("lead-1", high_reading(), engaged(now), now=now)
        assert [s.day for s in urgent.follow_up_schedule] < [s.day for s in calm.follow_up_schedule]

    def test_a_lead_who_went_quiet_is_followed_up_less_often(self) -> None:
        now = WINTER_AFTERNOON_UTC
        quiet = engaged(now, last_inbound_at=now - timedelta(days=10))
        active = plan_actions("lead-1", reading(), engaged(now), now=now)
        silent = plan_actions("lead-1", reading(), quiet, now=now)
        assert [s.day for s in silent.follow_up_schedule] > [s.day for s in active.follow_up_schedule]

    def test_follow_ups_land_at_the_hour_the_lead_usually_writes(self) -> None:
        zone = "America/Chicago"
        now = datetime(2026, 1, 14, 18, 40, tzinfo=ZoneInfo(zone))
        plan = plan_actions("lead-1", reading(), engaged(now, zone), now=now)
        texts = [s.action for s in plan.follow_up_schedule if s.action.channel is Channel.SMS]
        assert texts and all(local_time(a.not_before, zone) == time(18) for a in texts)

    def test_the_stage_follows_qualification_completeness_when_not_given(self) -> None:
        now = WINTER_AFTERNOON_UTC
        full = engaged(now, qualification_completeness=90)
        none = engaged(now, qualification_completeness=0)
        early = reading(stage=reading().decision_stage.EARLY_RESEARCH)
        assert plan_actions("l", reading(), full, now=now).qualification_stage is QualificationStage.QUALIFIED
        assert plan_actions("l", early, none, now=now).qualification_stage is QualificationStage.NEW


class TestPriorityScore:
    def test_the_factor_contributions_add_up_to_the_score(self) -> None:
        now = WINTER_AFTERNOON_UTC
        gap = reading(objection=ObjectionType.PRICE_CONCERN, severity=Severity.HIGH)
        plan = plan_actions("lead-1", gap, engaged(now), now=now)
        names = [factor.name for factor in plan.priority_factors]
        assert names == ["urgency", "intent", "qualification_completeness", "engagement", "objection"]
        assert sum(f.contribution for f in plan.priority_factors) == pytest.approx(plan.priority_score)
        assert 0 <= plan.priority_score <= 100
        assert all(
            f.contribution == pytest.approx(f.value * f.weight, abs=0.05) for f in plan.priority_factors
        )

    def test_completeness_comes_from_the_conversation_when_not_given(self) -> None:
        now = WINTER_AFTERNOON_UTC
        stated = Preferences(budget_max=500_000, bedrooms=3, locations=["Austin"], timeline_months=3)
        plan = plan_actions("lead-1", reading(preferences=stated), LeadSignals(), now=now)
        completeness = next(f for f in plan.priority_factors if f.name == "qualification_completeness")
        assert 0 < completeness.value < 1

    def test_a_more_urgent_lead_scores_higher(self) -> None:
        now = WINTER_AFTERNOON_UTC
        calm = plan_actions("lead-1", reading(urgency_score=20), engaged(now), now=now)
        urgent = plan_actions("lead-1", reading(urgency_score=90), engaged(now), now=now)
        assert urgent.priority_score > calm.priority_score


class TestRisks:
    def risk(self, plan: ActionPlan, kind: RiskKind) -> RiskLevel:
        return next(risk.level for risk in plan.risks if risk.kind is kind)

    def test_every_risk_is_assessed_with_a_level_and_a_reason(self) -> None:
        plan = plan_actions("lead-1", reading(), LeadSignals(), now=WINTER_AFTERNOON_UTC)
        assert {risk.kind for risk in plan.risks} == set(RiskKind)
        assert all(risk.reason for risk in plan.risks)

    def test_another_agent_is_a_high_competing_risk_and_gets_a_call(self) -> None:
        now = WINTER_AFTERNOON_UTC
        plan = plan_actions("lead-1", reading(objection=ObjectionType.EXISTING_AGENT), engaged(now), now=now)
        assert self.risk(plan, RiskKind.COMPETING_AGENT) is RiskLevel.HIGH
        assert any(a.reason == "competing_agent" for a in plan.immediate_actions)

    def test_a_pre_approved_buyer_is_a_low_financing_risk_and_an_affordability_worry_a_high_one(self) -> None:
        now = WINTER_AFTERNOON_UTC
        approved = reading(preferences=Preferences(preapproved=True))
        worried = reading(objection=ObjectionType.AFFORDABILITY)
        assert (
            self.risk(plan_actions("l", approved, LeadSignals(), now=now), RiskKind.FINANCING)
            is RiskLevel.LOW
        )
        assert (
            self.risk(plan_actions("l", worried, LeadSignals(), now=now), RiskKind.FINANCING)
            is RiskLevel.HIGH
        )

    def test_a_week_of_silence_is_a_high_disengagement_risk(self) -> None:
        now = WINTER_AFTERNOON_UTC
        silent = LeadSignals(last_inbound_at=now - timedelta(days=8))
        plan = plan_actions("lead-1", reading(), silent, now=now)
        assert self.risk(plan, RiskKind.DISENGAGEMENT) is RiskLevel.HIGH
        assert self.risk(plan, RiskKind.OPPORTUNITY_LOSS) is RiskLevel.LOW


class TestDescriptions:
    def test_every_description_names_the_channel_actually_chosen(self) -> None:
        now = WINTER_AFTERNOON_UTC
        verbs = {Channel.SMS: "Text:", Channel.EMAIL: "Email:", Channel.CALL: "Call:"}
        for replies in (ChannelReplies(), ChannelReplies(sms=3), ChannelReplies(email=2)):
            plan = plan_actions(
                "lead-1", critical_reading(), engaged(now, answered_channels=replies), now=now
            )
            for action in every_action(plan):
                assert action.description.startswith(verbs[action.channel]), action
