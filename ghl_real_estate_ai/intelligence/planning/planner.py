"""From a reading of the lead and their signals to a plan: priority, risks, actions and follow-ups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ghl_real_estate_ai.domain.actions import (
    ActionPlan,
    Channel,
    FollowUpStep,
    LeadReading,
    LeadSignals,
    PlannedAction,
    PriorityTier,
    QualificationStage,
    RiskKind,
    RiskLevel,
)
from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.semantic import IntentAnalysis
from ghl_real_estate_ai.domain.taxonomy import DecisionStage, Intent, UrgencyLevel
from ghl_real_estate_ai.intelligence.planning.channels import channel_is_proven, choose_channel
from ghl_real_estate_ai.intelligence.planning.policy import PlannerPolicy, Rule
from ghl_real_estate_ai.intelligence.planning.priority import (
    completeness,
    hours_since_inbound,
    priority_factors,
    score,
    tier,
)
from ghl_real_estate_ai.intelligence.planning.readiness import Readiness, raised, readiness
from ghl_real_estate_ai.intelligence.planning.risks import assess_risks, has_budget_gap
from ghl_real_estate_ai.intelligence.planning.schedule import deadline, in_contact_window, local_slot


def reading_from_analysis(analysis: MessageAnalysis) -> LeadReading:
    objection = analysis.objection
    return LeadReading(
        primary_intent=analysis.primary_intent.label,
        intent_confidence=analysis.primary_intent.probability,
        urgency_level=analysis.urgency_level.label,
        urgency_score=analysis.urgency_score,
        decision_stage=analysis.decision_stage.label,
        sentiment=analysis.sentiment.label,
        objection_type=objection.type if objection else None,
        objection_severity=objection.severity if objection else None,
        preferences=analysis.preferences,
        confidence=analysis.confidence,
    )


def reading_from_intent(intent: IntentAnalysis, preferences: Preferences | None = None) -> LeadReading:
    """The spec's semantic answer (percentages) as a reading (probabilities)."""
    return LeadReading(
        primary_intent=intent.primary_intent,
        intent_confidence=intent.intent_confidence / 100,
        urgency_level=intent.urgency_level,
        urgency_score=intent.urgency_score,
        decision_stage=intent.decision_stage,
        sentiment=intent.sentiment,
        objection_type=intent.objection_type,
        preferences=preferences or Preferences(),
        confidence=intent.confidence / 100,
    )


CHANNEL_VERB = {Channel.SMS: "Text", Channel.EMAIL: "Email", Channel.CALL: "Call", Channel.TASK: "Agent task"}


@dataclass(frozen=True)
class _Context:
    reading: LeadReading
    signals: LeadSignals
    now: datetime
    zone: ZoneInfo
    policy: PlannerPolicy
    priority: float

    def action(self, rule: Rule, reason: str, description: str, *, decay: float = 1.0) -> PlannedAction:
        channel = choose_channel(rule.channel, self.signals.answered_channels)
        not_before, due_at = deadline(channel, self.now, rule.within, self.zone, self.policy.window)
        return self.build(channel, reason, description, not_before, due_at, decay)

    def build(
        self,
        channel: Channel,
        reason: str,
        description: str,
        not_before: datetime,
        due_at: datetime,
        decay: float,
    ) -> PlannedAction:
        description = f"{CHANNEL_VERB[channel]}: {description}"
        proven = channel_is_proven(channel, self.signals.answered_channels)
        channel_factor = 1.0 if proven else self.policy.unproven_channel_confidence
        return PlannedAction(
            description=description,
            channel=channel,
            reason=reason,
            not_before=not_before,
            due_at=due_at,
            confidence=round(self.reading.confidence * channel_factor * decay, 3),
            priority_score=self.priority,
        )


def qualification_stage(
    reading: LeadReading, signals: LeadSignals, policy: PlannerPolicy
) -> QualificationStage:
    if signals.qualification_stage is not None:
        return signals.qualification_stage
    complete = completeness(reading, signals)
    past_research = reading.decision_stage is not DecisionStage.EARLY_RESEARCH
    if complete >= policy.qualified_at and past_research:
        return QualificationStage.QUALIFIED
    if complete >= policy.warm_at or past_research:
        return QualificationStage.WARM
    return QualificationStage.NEW


def _review_task(context: _Context) -> PlannedAction | None:
    """A lead who must not be contacted, or who said no, gets an agent task instead of outreach."""
    signals, reading, review = context.signals, context.reading, context.policy.review
    if signals.opted_out:
        return context.action(review, "review_opted_out", "review the lead: opted out, do not contact")
    if signals.do_not_disturb:
        return context.action(review, "review_do_not_disturb", "review the lead: do-not-disturb, no contact")
    if reading.primary_intent is Intent.NOT_INTERESTED:
        return context.action(
            review, "review_not_interested", "review the lead: said not interested; close or nurture"
        )
    return None


def _immediate(
    context: _Context, level: PriorityTier, competing: RiskLevel, ready: Readiness
) -> list[PlannedAction]:
    policy, reading = context.policy, context.reading
    actions: list[PlannedAction] = []
    said = f" (they said: {', '.join(ready.reasons)})" if ready.reasons else ""
    if level is PriorityTier.CRITICAL:
        actions.append(
            context.action(
                policy.critical,
                "critical_priority",
                f"urgent lead: confirm needs and book a showing{said}",
            )
        )
    elif level is PriorityTier.HIGH:
        intent = reading.primary_intent.value.replace("_", " ")
        actions.append(
            context.action(
                policy.high,
                "high_priority",
                f"follow up on their {intent} while interest is high{said}",
            )
        )
    if has_budget_gap(reading):
        actions.append(
            context.action(
                policy.budget_gap,
                "budget_gap",
                "offer budget options: a lender introduction or homes in a lower price range",
            )
        )
    if competing is RiskLevel.HIGH:
        actions.append(
            context.action(
                policy.competing_agent, "competing_agent", "show what you offer beyond their current agent"
            )
        )
    if not actions and level is PriorityTier.MEDIUM:
        actions.append(
            context.action(policy.medium, "follow_up", "follow up with one open qualification question")
        )
    elif not actions:
        actions.append(context.action(policy.low, "nurture", "share helpful listings and a market update"))
    return sorted(actions, key=lambda action: action.due_at)


def _spacing(context: _Context, level: PriorityTier) -> float:
    hours = hours_since_inbound(context.signals, context.now)
    if level in (PriorityTier.CRITICAL, PriorityTier.HIGH) or context.reading.urgency_level in (
        UrgencyLevel.HIGH,
        UrgencyLevel.CRITICAL,
    ):
        return context.policy.urgent_spacing
    quiet_hours = context.policy.quiet_after.total_seconds() / 3600
    if hours is None or hours >= quiet_hours:
        return context.policy.quiet_spacing
    return 1.0


def _preferred_time(context: _Context) -> time:
    """The local hour the lead last wrote, if it is a contactable hour; else the policy's default."""
    last = context.signals.last_inbound_at
    window = context.policy.window
    if last is not None and in_contact_window(last, context.zone, window):
        return last.astimezone(context.zone).time().replace(minute=0, second=0, microsecond=0)
    return window.preferred


def _follow_ups(context: _Context, stage: QualificationStage, level: PriorityTier) -> list[FollowUpStep]:
    factor = _spacing(context, level)
    at = _preferred_time(context)
    steps: list[FollowUpStep] = []
    previous_day = 0
    for index, step in enumerate(context.policy.sequences[stage], start=1):
        day = max(round(step.day * factor), previous_day + 1)
        previous_day = day
        channel = choose_channel(step.channel, context.signals.answered_channels)
        when = local_slot(day, context.now, at, channel, context.zone, context.policy.window)
        action = context.build(
            channel,
            f"follow_up_step_{index}",
            step.description,
            when,
            when + timedelta(hours=4),
            context.policy.follow_up_confidence_decay**index,
        )
        steps.append(FollowUpStep(day=day, action=action))
    return steps


def plan_actions(
    contact_id: str,
    reading: LeadReading,
    signals: LeadSignals,
    *,
    now: datetime,
    policy: PlannerPolicy | None = None,
) -> ActionPlan:
    """The whole plan for one lead at `now` (an aware datetime); pure, so tests can pin the clock."""
    policy = policy or PlannerPolicy()
    now = now.astimezone(UTC)
    factors = priority_factors(reading, signals, now, policy)
    value = score(factors)
    ready = readiness(reading)
    # Stated readiness outranks the arithmetic: the tier rises, the score stays its factors' sum.
    level = raised(tier(value, policy.tiers), ready.floor)
    risks = assess_risks(reading, signals, now)
    stage = qualification_stage(reading, signals, policy)
    context = _Context(reading, signals, now, ZoneInfo(signals.timezone), policy, value)
    review = _review_task(context)
    if review is not None:
        immediate, follow_ups = [review], []
    else:
        competing = next(risk.level for risk in risks if risk.kind is RiskKind.COMPETING_AGENT)
        immediate, follow_ups = (
            _immediate(context, level, competing, ready),
            _follow_ups(context, stage, level),
        )
    return ActionPlan(
        contact_id=contact_id,
        priority_score=value,
        priority_tier=level,
        priority_factors=factors,
        risks=risks,
        qualification_stage=stage,
        immediate_actions=immediate,
        follow_up_schedule=follow_ups,
        outreach_allowed=signals.reachable,
        timezone=signals.timezone,
        created_at=now,
    )
