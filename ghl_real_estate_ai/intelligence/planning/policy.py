"""The planner's policy: every threshold and default in one configurable object.

These are business rules chosen by the team (how fast to react, when not to text), not measurements.
"""

from __future__ import annotations

from datetime import time, timedelta

from pydantic import BaseModel, ConfigDict, Field

from ghl_real_estate_ai.domain.actions import Channel, QualificationStage


class PriorityWeights(BaseModel):
    """Points each factor can contribute; they add up to the 100-point scale."""

    model_config = ConfigDict(frozen=True)

    urgency: float = 35.0
    intent: float = 20.0
    qualification: float = 20.0
    engagement: float = 15.0
    objection: float = 10.0


class TierThresholds(BaseModel):
    model_config = ConfigDict(frozen=True)

    critical: float = 70.0
    high: float = 55.0
    medium: float = 35.0


class ContactWindow(BaseModel):
    """Local hours in which a lead may be texted or called; the rest of the day is quiet hours."""

    model_config = ConfigDict(frozen=True)

    opens: time = time(8, 0)
    closes: time = time(21, 0)
    # Follow-ups land at this local hour unless the lead's own reply habits suggest another.
    preferred: time = time(10, 0)


class Rule(BaseModel):
    """React on `channel` within `within`."""

    model_config = ConfigDict(frozen=True)

    channel: Channel
    within: timedelta


class SequenceStep(BaseModel):
    model_config = ConfigDict(frozen=True)

    day: int = Field(ge=1)
    channel: Channel
    # What to do, without the channel: the planner may pick another channel for this lead.
    description: str


def _sequences() -> dict[QualificationStage, tuple[SequenceStep, ...]]:
    return {
        QualificationStage.QUALIFIED: (
            SequenceStep(day=1, channel=Channel.SMS, description="send listings that match their criteria"),
            SequenceStep(day=2, channel=Channel.CALL, description="book showings"),
            SequenceStep(day=4, channel=Channel.EMAIL, description="share a market snapshot for their area"),
            SequenceStep(day=7, channel=Channel.CALL, description="review showings and next offers"),
        ),
        QualificationStage.WARM: (
            SequenceStep(day=1, channel=Channel.SMS, description="close the open qualification gaps"),
            SequenceStep(day=3, channel=Channel.EMAIL, description="share a short list of homes to react to"),
            SequenceStep(day=7, channel=Channel.CALL, description="confirm budget and timeline"),
            SequenceStep(day=14, channel=Channel.SMS, description="check in with new listings"),
        ),
        QualificationStage.NEW: (
            SequenceStep(
                day=1, channel=Channel.SMS, description="introduce yourself and ask one easy question"
            ),
            SequenceStep(day=3, channel=Channel.EMAIL, description="share a buyer's or seller's guide"),
            SequenceStep(day=7, channel=Channel.SMS, description="ask what would help them most"),
            SequenceStep(day=14, channel=Channel.EMAIL, description="share a monthly market update"),
            SequenceStep(day=30, channel=Channel.CALL, description="see whether their plans have changed"),
        ),
    }


class PlannerPolicy(BaseModel):
    """Defaults: critical -> call within 1 h, high -> SMS within 4 h, budget gap -> SMS within 8 h."""

    model_config = ConfigDict(frozen=True)

    weights: PriorityWeights = PriorityWeights()
    tiers: TierThresholds = TierThresholds()
    window: ContactWindow = ContactWindow()
    critical: Rule = Rule(channel=Channel.CALL, within=timedelta(hours=1))
    high: Rule = Rule(channel=Channel.SMS, within=timedelta(hours=4))
    budget_gap: Rule = Rule(channel=Channel.SMS, within=timedelta(hours=8))
    competing_agent: Rule = Rule(channel=Channel.CALL, within=timedelta(hours=4))
    medium: Rule = Rule(channel=Channel.SMS, within=timedelta(hours=24))
    low: Rule = Rule(channel=Channel.EMAIL, within=timedelta(hours=72))
    review: Rule = Rule(channel=Channel.TASK, within=timedelta(hours=24))
    sequences: dict[QualificationStage, tuple[SequenceStep, ...]] = Field(default_factory=_sequences)
    # Qualification stage when the caller does not give one: completeness (0-100) thresholds.
    qualified_at: float = 70.0
    warm_at: float = 35.0
    # Spacing of follow-ups: tighter for urgent leads, looser for leads that have gone quiet.
    urgent_spacing: float = 0.5
    quiet_spacing: float = 1.5
    quiet_after: timedelta = timedelta(days=7)
    # An action on a channel the lead has not answered yet (no history at all) is less certain.
    unproven_channel_confidence: float = 0.75
    follow_up_confidence_decay: float = 0.9
